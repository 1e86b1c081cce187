"""``policykg build``: the main job: letters in, a store, the records and the page out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from policykg.cli.common import (
    err_console,
    ingest_with_progress,
    print_outcomes,
    stage_commands,
)
from policykg.graph.ingest import LetterOutcome
from policykg.graph.stores import open_store
from policykg.settings import get_settings
from policykg.viz import load_graph, write_html

console = Console()
commands = stage_commands()

STORE_NAME = "policykg.lbdb"
PAGE_NAME = "graph.html"
RECORDS_NAME = "records.jsonl"


@commands.command()
def build(
    letters: Annotated[list[Path], typer.Argument(help="letter files or folders of letters")],
    out: Annotated[Path, typer.Option("--out", help="folder for the store, records and page")],
    no_link: Annotated[
        bool, typer.Option("--no-link", help="skip agency succession and BUILDS_ON lineage")
    ] = False,
) -> None:
    """The main job: extract the letters, ingest them into OUT/policykg.lbdb (then link
    measures across letters), write OUT/records.jsonl and OUT/graph.html (the whole graph)."""
    from policykg.extract.reader import iter_letter_paths

    paths = iter_letter_paths(list(letters))
    if not paths:
        err_console.print("no letter files found")
        raise typer.Exit(1)
    out.mkdir(parents=True, exist_ok=True)
    store_path, page_path, records_path = out / STORE_NAME, out / PAGE_NAME, out / RECORDS_NAME
    written = 0
    with open_store(str(store_path), get_settings()) as graph_store, records_path.open(
        "w", encoding="utf-8"
    ) as records:

        def keep_record(outcome: LetterOutcome) -> None:
            nonlocal written
            if outcome.record is not None:
                records.write(outcome.record.model_dump_json() + "\n")
                written += 1

        outcomes = ingest_with_progress(paths, graph_store, on_outcome=keep_record)
        if not no_link:
            from policykg.graph.lineage import run_lineage

            with err_console.status("linking measures across letters"):
                links = len(run_lineage(graph_store).links)
            console.print(f"lineage: {links} BUILDS_ON links")
        with err_console.status("drawing the graph"):
            graph = load_graph(graph_store)
            write_html(graph, page_path)
    rejected = print_outcomes(outcomes, f"build into {out}")
    console.print(
        f"{records_path}: {written} records · {store_path}: {len(graph.nodes)} nodes, "
        f"{len(graph.edges)} relationships · {page_path}"
    )
    if rejected:
        raise typer.Exit(1)
