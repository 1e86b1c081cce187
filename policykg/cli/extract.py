"""``policykg extract`` (letters to ReplyRecord lines), ``policykg schema`` (the record's JSON
Schema) and ``policykg eval`` (extraction scored against gold files)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from policykg.cli.common import err_console, output_file, stage_commands
from policykg.errors import InputError

if TYPE_CHECKING:
    from policykg.extract.evaluate import Report, Score

commands = stage_commands()

HEADLINE = ("header", "agencies", "measures", "status", "owner", "amounts")


@commands.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="letter files or folders")],
    output: Annotated[Path, typer.Option("-o", "--output", help="JSON Lines file")] = Path(
        "records.jsonl"
    ),
) -> None:
    """Extract each letter into one JSON line (a ReplyRecord); report files that fail."""
    from policykg.extract.pipeline import iter_letter_paths, iter_records

    output_file(output, "records.jsonl")
    files = iter_letter_paths(list(paths))
    failed = 0
    with (
        output.open("w", encoding="utf-8") as out,
        Progress(console=err_console, transient=True) as progress,
    ):
        task = progress.add_task("extracting", total=len(files))
        for _path, result in iter_records(list(files)):
            progress.advance(task)
            if isinstance(result, InputError):
                failed += 1
                err_console.print(f"[red]failed[/red] {result}", highlight=False)
                continue
            out.write(result.model_dump_json() + "\n")
    err_console.print(f"{len(files) - failed} of {len(files)} letters -> {output}")
    if failed:
        raise typer.Exit(1)


@commands.command()
def schema() -> None:
    """Print the JSON Schema of the ReplyRecord that `extract` writes."""
    from policykg.extract.records import ReplyRecord

    typer.echo(json.dumps(ReplyRecord.model_json_schema(), ensure_ascii=False, indent=2))


def _parse_thresholds(values: list[str]) -> dict[str, float]:
    """``0.9`` sets every headline metric; ``measures=0.9`` sets one."""
    out: dict[str, float] = {}
    for value in values:
        name, sep, number = value.rpartition("=")
        try:
            threshold = float(number)
        except ValueError:
            raise typer.BadParameter(f"not a number: {value!r}") from None
        for metric in [name] if sep else HEADLINE:
            out[metric] = threshold
    return out


def _metric(report: Report, name: str) -> float | None:
    """A metric's headline value (``builds_on``), or one side of it (``builds_on.precision``,
    ``builds_on.recall``); None for a metric the report does not have."""
    base, _, part = name.partition(".")
    if name in report.scores:
        return report.scores[name].value
    if base in report.scores and part in ("precision", "recall"):
        return getattr(report.scores[base], part)
    return None


def _score_json(s: Score) -> dict:
    return {
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "value": s.value,
        "tp": s.tp,
        "fp": s.fp,
        "fn": s.fn,
        "kind": s.kind,
    }


def _cell(s: Score | None, counts: bool = False) -> str:
    """A per-letter cell: the headline figure (F1 or accuracy), '-' when nothing was scored."""
    if s is None or s.tp + s.fp + s.fn == 0 or (s.kind == "accuracy" and s.tp + s.fn == 0):
        return "-"
    if s.kind == "accuracy":
        return f"{s.value:.2f} {s.tp}/{s.tp + s.fn}" if counts else f"{s.value:.2f}"
    return f"{s.value:.2f}"


def _per_letter_table(report: Report) -> Table:
    table = Table(title="per letter")
    for col in (
        "letter",
        "header",
        "agencies",
        "meas P",
        "meas R",
        "meas F1",
        "tp/fp/fn",
        "status",
        "owner",
        "amounts",
        "error",
    ):
        table.add_column(
            col,
            justify="left" if col in ("letter", "error") else "right",
            no_wrap=col != "error",
            overflow="fold",
        )
    for letter in report.per_letter:
        sc = letter.scores.get
        m = sc("measures")
        if m is not None and m.tp + m.fp + m.fn:  # P (R) undefined without predictions (gold)
            measure_cells = [
                f"{m.precision:.2f}" if m.tp + m.fp else "-",
                f"{m.recall:.2f}" if m.tp + m.fn else "-",
                f"{m.f1:.2f}",
                f"{m.tp}/{m.fp}/{m.fn}",
            ]
        else:
            measure_cells = ["-", "-", "-", "0/0/0"]
        error = f"[red]{escape(letter.error)}[/red]" if letter.error else ""
        table.add_row(
            escape(letter.name),
            _cell(sc("header"), counts=True),
            _cell(sc("agencies")),
            *measure_cells,
            _cell(sc("status"), counts=True),
            _cell(sc("owner"), counts=True),
            _cell(sc("amounts")),
            error,
        )
    return table


@commands.command("eval")
def evaluate_command(
    gold: Annotated[Path, typer.Option("--gold", help="folder of gold JSON files")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    fail_under: Annotated[
        list[str],
        typer.Option(
            "--fail-under",
            help="0.9 for all headline metrics, or NAME=0.9, or NAME.precision=0.8 / "
            "NAME.recall=0.8 (repeatable)",
        ),
    ] = [],  # noqa: B006
    show_errors: Annotated[
        bool, typer.Option("--errors", help="list each mismatch, grouped by letter")
    ] = False,
) -> None:
    """Score extraction against gold files; exit 1 if a metric is under its threshold.

    A letter that cannot be extracted is scored as all-missed and named with its reason."""
    from policykg.extract.evaluate import RememberingExtract, evaluate
    from policykg.extract.pipeline import extract_file
    from policykg.graph.link_eval import add_link_scores

    thresholds = _parse_thresholds(fail_under)
    extract_once = RememberingExtract(extract_file)  # the link scoring reuses each record
    report = evaluate(gold, extract_once)
    add_link_scores(report, gold, extract_once)  # builds_on, when the gold has links.json
    values = {name: _metric(report, name) for name in thresholds}
    below = {name: v for name, v in values.items() if v is not None and v < thresholds[name]}
    unknown = [name for name, v in values.items() if v is None]
    if as_json:
        payload = {
            "letters": report.letters,
            "summary": report.summary(),
            "scores": {n: _score_json(s) for n, s in report.scores.items()},
            "per_letter": [
                {
                    "name": letter.name,
                    "path": letter.path,
                    "error": letter.error,
                    "summary": {n: round(s.value, 4) for n, s in letter.scores.items()},
                    "scores": {n: _score_json(s) for n, s in letter.scores.items()},
                    "misses": letter.misses,
                }
                for letter in report.per_letter
            ],
            "failed": {letter.name: letter.error for letter in report.failed},
            "below_threshold": below,
            "errors": report.errors,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        failed = f", {len(report.failed)} failed to extract" if report.failed else ""
        table = Table(title=f"policykg eval: {len(report.letters)} letters{failed}")
        for col in ("field", "P", "R", "F1 / acc", "tp", "fp", "fn"):
            table.add_column(col, justify="left" if col == "field" else "right")
        ordered = [n for n in HEADLINE if n in report.scores] + sorted(
            n for n in report.scores if n not in HEADLINE
        )
        for name in ordered:
            s = report.scores[name]
            mark = " [red]< threshold[/red]" if name in below else ""
            table.add_row(
                name,
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.value:.3f}{mark}",
                str(s.tp),
                str(s.fp),
                str(s.fn),
            )
        console = Console(width=120)
        console.print(table)
        Console(width=160).print(_per_letter_table(report))
        if show_errors:
            for group, lines in report.grouped_errors().items():
                if not lines:
                    continue
                typer.echo(f"== {group} ({len(lines)})")
                for line in lines:
                    typer.echo(f"  {line}")
    if unknown:
        err_console.print(f"[red]unknown metric in --fail-under:[/red] {', '.join(unknown)}")
        sys.exit(2)
    if below:
        err_console.print(
            "[red]below threshold:[/red] "
            + ", ".join(f"{n}={v:.3f}<{thresholds[n]}" for n, v in below.items())
        )
        sys.exit(1)
