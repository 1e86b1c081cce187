"""What every command shares: the consoles, the common options, the ingest progress bar and
the one place a library error becomes an exit code.

Stage modules import from here, never from :mod:`policykg.cli` (which assembles them).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from policykg.errors import OutputPathError, PolicyKGError, StoreUnavailableError
from policykg.extract.reader import display_path
from policykg.graph.ingest import LetterOutcome, SeenLetters, ingest_letter
from policykg.graph.stores import GraphStore, is_neo4j_target, open_store
from policykg.settings import Settings, get_settings

console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # one error, one line: greppable

DEFAULT_STORE = Settings.model_fields["store"].default  # `build` writes it in the working folder
ERROR_EXIT = 2  # a library error (bad input, unreachable store): distinct from 1, "some failed"

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="LadybugDB path or bolt:// / neo4j:// URI [default: POLICYKG_STORE or policykg.lbdb]",
        show_default=False,
    ),
]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        help="table for reading; json or csv (plain column headers) for pandas, R or a spreadsheet",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="the same as --format json")]
ColumnsOption = Annotated[
    str | None,
    typer.Option("--columns", metavar="A,B,…", help="only these columns, in this order"),
]


def chosen_format(output_format: OutputFormat, as_json: bool) -> OutputFormat:
    return OutputFormat.json if as_json else output_format


def cell_text(value: Any) -> str:
    """A value as one cell of a table or CSV file: lists and maps as JSON, None as empty."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def pick_columns(columns: Sequence[str], wanted: str | None) -> list[str]:
    """``--columns a,b``: those columns in that order; an unknown name is a usage error."""
    if not wanted:
        return list(columns)
    picked = [name.strip() for name in wanted.split(",") if name.strip()]
    unknown = [name for name in picked if name not in columns]
    if unknown:
        raise typer.BadParameter(
            f"no column {', '.join(unknown)}; the columns are {', '.join(columns)}",
            param_hint="--columns",
        )
    return picked


MIN_COLUMN_CELLS = 8  # narrower than this a column shows only "…"; leave it out instead


def fitting_table(
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    title: str | None = None,
    width: int | None = None,
) -> Table:
    """A table that fits the terminal: long cells wrap at spaces, and text that cannot wrap
    (Chinese has no spaces) ends in "…" where it is cut; when even that cannot fit every
    column, the first that fit are shown and the caption names the others (--columns picks,
    --format json/csv give everything)."""
    width = width or console.width
    fits = max(1, (width - 1) // (MIN_COLUMN_CELLS + 3))  # a cell's padding and border: 3
    shown, left_out = list(columns[:fits]), list(columns[fits:])
    caption = (
        f"{len(left_out)} more columns: {', '.join(left_out)} (pick with --columns)"
        if left_out
        else None
    )
    table = Table(title=title, caption=caption)
    for column in shown:
        table.add_column(column, overflow="ellipsis")
    for row in rows:
        table.add_row(*(cell_text(row.get(column)) for column in shown))
    return table


def csv_text(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(column)) for column in columns])
    return out.getvalue()


def print_rows(
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    output_format: OutputFormat,
    *,
    title: str | None = None,
    wanted: str | None = None,
    payload: Any = None,
) -> None:
    """Rows as a table, JSON (``payload`` when given, else the rows) or CSV, on stdout."""
    shown = pick_columns(columns, wanted)
    if output_format is OutputFormat.json:
        data = (
            payload
            if payload is not None and not wanted
            else [{column: row.get(column) for column in shown} for row in rows]
        )
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif output_format is OutputFormat.csv:
        typer.echo(csv_text(shown, rows), nl=False)
    else:
        console.print(fitting_table(shown, rows, title))


def store_target(store: str | None) -> str:
    """The store a command uses: ``--store``, else ``POLICYKG_STORE``, else ``policykg.lbdb``
    in the working folder (where ``policykg build`` without ``--out`` writes it)."""
    return store or get_settings().store


def missing_store_error(target: str) -> StoreUnavailableError:
    return StoreUnavailableError(
        f"no store at {target}: make one with `policykg build LETTERS` (writes ./{DEFAULT_STORE})"
        f" or `policykg ingest LETTERS --store {target}`, or give --store / POLICYKG_STORE"
    )


def open_existing_store(store: str | None, *, writes: bool = False) -> GraphStore:
    """Open the store for a command that reads it (or, ``writes``, recomputes what is in
    it): a LadybugDB path that does not exist is an error, never a new empty store (which
    would answer every question with nothing)."""
    target = store_target(store)
    if not is_neo4j_target(target) and not Path(target).exists():
        raise missing_store_error(target)
    # Read-only: no writer's lock, so `serve` and other readers can have it open meanwhile.
    return open_store(target, get_settings(), read_only=not writes)


def open_or_create_store(store: str | None) -> GraphStore:
    """Open the store for a command that writes letters into it, creating it if need be."""
    return open_store(store_target(store), get_settings())


def output_file(path: Path, example_name: str) -> Path:
    """``path`` as a file to write: a folder there is an error naming a file to give instead."""
    if path.is_dir():
        raise OutputPathError(
            f"{path}: is a folder, and this writes one file; give a file "
            f"name, for example {path / example_name}"
        )
    return path


def output_folder(path: Path, writes: str) -> Path:
    """``path`` as a folder to write into: a file there is an error."""
    if path.exists() and not path.is_dir():
        raise OutputPathError(
            f"{path}: is a file, and this writes {writes} into a folder; "
            "give a folder (it is created if missing)"
        )
    return path


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
            line = f"{display_path(path)}: {_detail(outcome)}"
            progress.console.print(
                f"[{colour}]{outcome.status}[/{colour}] {escape(line)}",
                highlight=False,
                soft_wrap=True,
            )
            if on_outcome is not None:
                on_outcome(outcome)
            progress.advance(task)
    return outcomes


def _detail(outcome: LetterOutcome) -> str:
    detail = outcome.document_id if outcome.status == "ingested" else outcome.reason
    notes = "; ".join(outcome.notes)
    return f"{detail} ({notes})" if notes else str(detail)


OUTCOME_COLUMNS = ["file", "outcome", "nodes", "relationships", "document", "reason", "notes"]


def report_outcomes(
    outcomes: list[LetterOutcome], title: str, output_format: OutputFormat, **facts: Any
) -> int:
    """The outcome of each letter (and ``facts`` about the run, for JSON) in the format asked
    for; returns how many letters were rejected."""
    if output_format is OutputFormat.table:
        return print_outcomes(outcomes, title)
    rows = [
        {
            "file": str(o.path),
            "outcome": o.status,
            "nodes": o.nodes,
            "relationships": o.relationships,
            "document": o.document_id,
            "reason": o.reason,
            "notes": "; ".join(o.notes),
        }
        for o in outcomes
    ]
    counts: Counter[str] = Counter(outcome.status for outcome in outcomes)
    summary = {status: counts[status] for status in _COLOURS}
    print_rows(
        OUTCOME_COLUMNS,
        rows,
        output_format,
        payload={"outcomes": rows, "summary": summary, **facts},
    )
    return counts["rejected"]


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
            escape(display_path(outcome.path)),
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
