"""Graph commands: ``ingest`` letters into a store, ``stats`` of a store, ``export`` it.

The store is ``--store`` (a LadybugDB path or a bolt:// / neo4j:// URI), defaulting to
``Settings.store``. Export formats are written from the store's nodes and relationships, so
both stores export the same files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from policykg.cli import app, err_console
from policykg.graph.export import WRITERS
from policykg.graph.ingest import LetterOutcome, SeenLetters, ingest_letter
from policykg.graph.store import GraphStore, open_store
from policykg.settings import get_settings

console = Console()

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="LadybugDB path or bolt:// / neo4j:// URI [default: POLICYKG_STORE or policykg.lbdb]",
        show_default=False,
    ),
]


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="letter files or folders of letters")],
    store: StoreOption = None,
    no_link: Annotated[
        bool, typer.Option("--no-link", help="skip agency succession and BUILDS_ON lineage")
    ] = False,
) -> None:
    """Extract each letter and write its graph to the store, one transaction per letter;
    then load agency succession and link measures across letters (BUILDS_ON)."""
    from policykg.extract.reader import iter_letter_paths

    letters = iter_letter_paths(list(paths))
    if not letters:
        err_console.print("no letter files found")
        raise typer.Exit(1)
    with open_store(store, get_settings()) as graph_store:
        outcomes = ingest_with_progress(letters, graph_store)
        if not no_link:
            from policykg.graph.lineage import run_lineage

            console.print(f"lineage: {len(run_lineage(graph_store).links)} BUILDS_ON links")
        target = graph_store.target
    if print_outcomes(outcomes, f"ingest into {target}"):
        raise typer.Exit(1)


def ingest_with_progress(
    letters: list[Path],
    graph_store: GraphStore,
    on_outcome: Callable[[LetterOutcome], None] | None = None,
) -> list[LetterOutcome]:
    """Ingest ``letters`` one by one under a progress bar, logging each outcome as it comes
    (stderr); ``on_outcome`` sees each result."""
    progress = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=err_console,
    )
    outcomes: list[LetterOutcome] = []
    seen = SeenLetters()
    max_letter_bytes = get_settings().max_letter_bytes
    with progress:
        task = progress.add_task("ingest", total=len(letters), current="")
        for path in letters:
            progress.update(task, current=path.name)
            outcome = ingest_letter(path, graph_store, seen, max_letter_bytes=max_letter_bytes)
            outcomes.append(outcome)
            colour = _COLOURS[outcome.status]
            progress.console.print(
                f"[{colour}]{outcome.status}[/{colour}] {path}: {_detail(outcome)}",
                highlight=False, soft_wrap=True)
            if on_outcome is not None:
                on_outcome(outcome)
            progress.advance(task)
    return outcomes


_COLOURS = {"ingested": "green", "duplicate": "yellow", "rejected": "red"}


def _detail(outcome: LetterOutcome) -> str:
    detail = outcome.document_id if outcome.status == "ingested" else outcome.reason
    notes = "; ".join(outcome.notes)
    return f"{detail} ({notes})" if notes else str(detail)


def print_outcomes(outcomes: list[LetterOutcome], title: str) -> int:
    """The per-letter table and the summary line; returns how many letters were rejected."""
    table = Table(title=title)
    table.add_column("file", overflow="fold")
    table.add_column("outcome")
    table.add_column("nodes", justify="right")
    table.add_column("relationships", justify="right")
    table.add_column("document / reason", overflow="fold")
    for outcome in outcomes:
        colour = _COLOURS[outcome.status]
        table.add_row(
            str(outcome.path),
            f"[{colour}]{outcome.status}[/{colour}]",
            str(outcome.nodes),
            str(outcome.relationships),
            _detail(outcome),
        )
    console.print(table)
    counts = Counter(outcome.status for outcome in outcomes)
    console.print(
        f"{counts['ingested']} ingested, {counts['duplicate']} skipped as duplicates, "
        f"{counts['rejected']} rejected"
    )
    return counts["rejected"]


@app.command()
def stats(store: StoreOption = None) -> None:
    """Count the store's nodes by label and relationships by type."""
    with open_store(store, get_settings()) as graph_store:
        counts = graph_store.counts()
        target = graph_store.target
    for kind, by_name in counts.items():
        table = Table(title=f"{kind} in {target}")
        table.add_column("label" if kind == "nodes" else "type")
        table.add_column("count", justify="right")
        for name, count in by_name.items():
            table.add_row(name, str(count))
        table.add_row("[bold]total[/bold]", f"[bold]{sum(by_name.values())}[/bold]")
        console.print(table)


class ExportFormat(StrEnum):
    graphml = "graphml"
    csv = "csv"
    json = "json"


@app.command()
def export(
    format_: Annotated[ExportFormat, typer.Option("--format", "-f", help="output format")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="file (graphml, json) or folder (csv)")
    ],
    store: StoreOption = None,
) -> None:
    """Write the whole graph as GraphML (opens in Gephi), CSV files or JSON."""
    with open_store(store, get_settings()) as graph_store:
        nodes, relationships = graph_store.nodes(), graph_store.relationships()
    written = WRITERS[format_.value](nodes, relationships, output)
    files = f" ({len(written)} files)" if len(written) > 1 else ""
    console.print(
        f"wrote {len(nodes)} nodes and {len(relationships)} relationships to {output}{files}"
    )
