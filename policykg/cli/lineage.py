"""Lineage commands: ``link`` (re-run lineage and succession), ``evolution`` of a measure,
``diff`` of two replies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from policykg.cli.common import (
    FormatOption,
    JsonOption,
    OutputFormat,
    StoreOption,
    chosen_format,
    open_existing_store,
    print_rows,
    stage_commands,
)
from policykg.graph.lineage import (
    DiffEntry,
    EvolutionStep,
    LineageConfig,
    diff_documents,
    link_measures,
    measure_evolution,
)
from policykg.graph.succession import load_succession

console = Console(width=160)
commands = stage_commands()


def _short(text: str | None, limit: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@commands.command()
def link(
    store: StoreOption = None,
    threshold: Annotated[
        float, typer.Option(help="least score for a BUILDS_ON link", min=0.0, max=1.0)
    ] = LineageConfig().threshold,
    succession: Annotated[
        Path | None,
        typer.Option(help="reorganisations TOML [default: the package's agency_succession.toml]"),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Load agency succession and recompute every BUILDS_ON link in the store."""
    with open_existing_store(store, writes=True) as graph_store:
        reorganisations = load_succession(graph_store, succession)
        result = link_measures(graph_store, LineageConfig(threshold=threshold))
    if output_format is not OutputFormat.table:
        row = {
            "successions": len(reorganisations),
            "builds_on_links": len(result.links),
            "candidate_pairs": result.candidates,
            "undated_documents": list(result.undated_documents),
        }
        print_rows(list(row), [row], output_format, payload=row)
        return
    console.print(
        f"{len(reorganisations)} agency successions, {len(result.links)} BUILDS_ON links "
        f"from {result.candidates} candidate pairs"
    )
    if result.undated_documents:
        console.print(f"not linked (no date): {', '.join(result.undated_documents)}")


@commands.command()
def evolution(
    measure: Annotated[str, typer.Argument(help="text in the measure's key or name")],
    store: StoreOption = None,
    output_format: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    """Timeline of a measure and everything it builds on: year, document, status, owner,
    evidence, and the link each step makes."""
    with open_existing_store(store) as graph_store:
        result = measure_evolution(graph_store, measure)
    output_format = chosen_format(output_format, as_json)
    if output_format is not OutputFormat.table:
        rows = [step.model_dump(mode="json") for step in result.steps]
        columns = list(EvolutionStep.model_fields)
        print_rows(columns, rows, output_format, payload=result.model_dump(mode="json"))
        return
    table = Table(title=f"evolution of {measure}", show_lines=True)
    for column in ("year", "document", "measure", "status", "owner", "evidence", "continues"):
        table.add_column(column, overflow="fold")
    for step in result.steps:
        link_text = (
            f"{'; '.join(step.continues)} ({step.link_score:.2f}: "
            f"{_short(step.link_rationale, 100)})"
            if step.link_score is not None
            else ""
        )
        when = f"{step.year or ''}" + (
            f"\n{step.status} {step.step_date}"
            if step.step_date and step.step_date != step.date
            else ""
        )
        table.add_row(
            when,
            step.document,
            step.measure,
            step.status or "",
            step.owner or "",
            _short(step.evidence),
            link_text,
        )
    console.print(table)


@commands.command()
def diff(
    first: Annotated[str, typer.Argument(help="a reply: doc number, document id or source file")],
    second: Annotated[str, typer.Argument(help="the other reply")],
    store: StoreOption = None,
    output_format: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
) -> None:
    """Measures new, continued, completed and dropped from the earlier reply to the later."""
    with open_existing_store(store) as graph_store:
        result = diff_documents(graph_store, first, second)
    output_format = chosen_format(output_format, as_json)
    if output_format is not OutputFormat.table:
        rows = [
            {"change": change, **entry.model_dump(mode="json")}
            for change in ("new", "continued", "completed", "dropped")
            for entry in getattr(result, change)
        ]
        columns = ["change", *DiffEntry.model_fields]
        print_rows(columns, rows, output_format, payload=result.model_dump(mode="json"))
        return
    console.print(
        f"from {result.earlier} ({result.earlier_date}) to {result.later} ({result.later_date})"
    )
    sections: list[tuple[str, list[DiffEntry]]] = [
        ("new", result.new),
        ("continued", result.continued),
        ("completed", result.completed),
        ("dropped", result.dropped),
    ]
    for name, entries in sections:
        table = Table(title=f"{name} ({len(entries)})")
        for column in ("measure", "before", "after", "continues", "owner"):
            table.add_column(column, overflow="fold")
        for entry in entries:
            table.add_row(
                entry.measure,
                entry.status_before or "",
                entry.status_after or "",
                entry.continues or "",
                entry.owner or "",
            )
        console.print(table)
