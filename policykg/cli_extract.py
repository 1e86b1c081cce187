"""``policykg extract`` and ``policykg eval``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from policykg.cli import app, err_console
from policykg.errors import InputError

HEADLINE = ("header", "agencies", "measures", "status", "owner", "amounts")


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="letter files or folders")],
    output: Annotated[Path, typer.Option("-o", "--output", help="JSON Lines file")] = Path(
        "records.jsonl"),
) -> None:
    """Extract each letter into one JSON line (a ReplyRecord); report files that fail."""
    from policykg.extract.pipeline import iter_letter_paths, iter_records

    files = iter_letter_paths(list(paths))
    failed = 0
    with output.open("w", encoding="utf-8") as out, Progress(console=err_console,
                                                             transient=True) as progress:
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


def _parse_thresholds(values: list[str]) -> dict[str, float]:
    """``0.9`` sets every headline metric; ``measures=0.9`` sets one."""
    out: dict[str, float] = {}
    for value in values:
        name, sep, number = value.rpartition("=")
        try:
            threshold = float(number)
        except ValueError:
            raise typer.BadParameter(f"not a number: {value!r}") from None
        for metric in ([name] if sep else HEADLINE):
            out[metric] = threshold
    return out


@app.command("eval")
def evaluate_command(
    gold: Annotated[Path, typer.Option("--gold", help="folder of gold JSON files")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    fail_under: Annotated[list[str], typer.Option(
        "--fail-under", help="0.9 for all headline metrics, or NAME=0.9 (repeatable)")] = [],  # noqa: B006
    show_errors: Annotated[bool, typer.Option("--errors", help="list each mismatch")] = False,
) -> None:
    """Score extraction against gold files; exit 1 if a metric is under its threshold."""
    from policykg.extract.evaluate import evaluate
    from policykg.extract.pipeline import extract_file
    from policykg.graph.link_eval import add_link_scores

    thresholds = _parse_thresholds(fail_under)
    report = evaluate(gold, extract_file)
    add_link_scores(report, gold, extract_file)  # builds_on, when the gold has links.json
    below = {name: report.scores[name].value for name, t in thresholds.items()
             if name in report.scores and report.scores[name].value < t}
    unknown = [name for name in thresholds if name not in report.scores]
    if as_json:
        payload = {"letters": report.letters, "summary": report.summary(),
                   "scores": {n: {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                                  "value": s.value, "tp": s.tp, "fp": s.fp, "fn": s.fn,
                                  "kind": s.kind} for n, s in report.scores.items()},
                   "below_threshold": below, "errors": report.errors}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"policykg eval: {len(report.letters)} letters")
        for col in ("field", "P", "R", "F1 / acc", "tp", "fp", "fn"):
            table.add_column(col, justify="left" if col == "field" else "right")
        ordered = [n for n in HEADLINE if n in report.scores] + sorted(
            n for n in report.scores if n not in HEADLINE)
        for name in ordered:
            s = report.scores[name]
            mark = " [red]< threshold[/red]" if name in below else ""
            table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.value:.3f}{mark}",
                          str(s.tp), str(s.fp), str(s.fn))
        Console(width=120).print(table)
        if show_errors:
            for line in report.errors:
                typer.echo(line)
    if unknown:
        err_console.print(f"[red]unknown metric in --fail-under:[/red] {', '.join(unknown)}")
        sys.exit(2)
    if below:
        err_console.print("[red]below threshold:[/red] " + ", ".join(
            f"{n}={v:.3f}<{thresholds[n]}" for n, v in below.items()))
        sys.exit(1)
