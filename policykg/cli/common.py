"""What every command shares: the consoles, the common options, the ingest progress bar and
the one place a library error becomes an exit code.

Stage modules import from here, never from :mod:`policykg.cli` (which assembles them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from policykg.errors import PolicyKGError
from policykg.graph.ingest import LetterOutcome, SeenLetters, ingest_letter
from policykg.graph.stores import GraphStore
from policykg.settings import get_settings

console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # one error, one line: greppable

ERROR_EXIT = 2  # a library error (bad input, unreachable store): distinct from 1, "some failed"

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="LadybugDB path or bolt:// / neo4j:// URI [default: POLICYKG_STORE or policykg.lbdb]",
        show_default=False,
    ),
]


def stage_commands() -> typer.Typer:
    """A stage module's own Typer; the package's ``__init__`` merges it into ``app``."""
    return typer.Typer(pretty_exceptions_enable=False)


def print_error(message: Any) -> None:
    # escape: a message quoting a path or an install line ('policykg[server]') is not markup
    err_console.print(f"[red]error:[/red] {escape(str(message))}", highlight=False)


class ErrorMappingGroup(TyperGroup):
    """The one error-to-exit mapping: a :class:`PolicyKGError` from any command leaves as one
    ``error:`` line on stderr and exit code 2, under the console script and CliRunner alike."""

    # Any: typer vendors its own click, whose Context is a private name (typer._click).
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKGError as exc:
            print_error(exc)
            raise typer.Exit(ERROR_EXIT) from None


# --- ingest progress (shared by `ingest` and `build`) -------------------------------------

_COLOURS = {"ingested": "green", "duplicate": "yellow", "rejected": "red"}


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
    settings = get_settings()
    with progress:
        task = progress.add_task("ingest", total=len(letters), current="")
        for path in letters:
            progress.update(task, current=path.name)
            outcome = ingest_letter(path, graph_store, seen, settings=settings)
            outcomes.append(outcome)
            colour = _COLOURS[outcome.status]
            progress.console.print(
                f"[{colour}]{outcome.status}[/{colour}] {escape(f'{path}: {_detail(outcome)}')}",
                highlight=False, soft_wrap=True)
            if on_outcome is not None:
                on_outcome(outcome)
            progress.advance(task)
    return outcomes


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
            escape(str(outcome.path)),
            f"[{colour}]{outcome.status}[/{colour}]",
            str(outcome.nodes),
            str(outcome.relationships),
            escape(_detail(outcome)),
        )
    console.print(table)
    counts = Counter(outcome.status for outcome in outcomes)
    console.print(
        f"{counts['ingested']} ingested, {counts['duplicate']} skipped as duplicates, "
        f"{counts['rejected']} rejected"
    )
    return counts["rejected"]
