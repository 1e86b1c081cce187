"""``policykg build``: the main job: letters in, a store, the records and the page out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from policykg.cli.common import (
    DEFAULT_STORE,
    FormatOption,
    OutputFormat,
    err_console,
    ingest_with_progress,
    open_or_create_store,
    output_folder,
    report_outcomes,
    stage_commands,
)
from policykg.graph.ingest import LetterOutcome
from policykg.viz import MAX_VIEW_NODES, load_graph, write_html
from policykg.viz.overview import OVERVIEW_NODES, overview

console = Console()
commands = stage_commands()

STORE_NAME = DEFAULT_STORE
PAGE_NAME = "graph.html"
RECORDS_NAME = "records.jsonl"


@commands.command()
def build(
    letters: Annotated[list[Path], typer.Argument(help="letter files or folders of letters")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help=f"folder for the store, records and page [default: the working folder, "
            f"so the next commands find ./{DEFAULT_STORE} without --store]",
            show_default=False,
        ),
    ] = Path("."),
    no_link: Annotated[
        bool, typer.Option("--no-link", help="skip agency succession and BUILDS_ON lineage")
    ] = False,
    page_nodes: Annotated[
        int,
        typer.Option(
            "--page-nodes",
            min=1,
            max=MAX_VIEW_NODES,
            help="most nodes graph.html draws; a larger graph is drawn as its overview",
        ),
    ] = OVERVIEW_NODES,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """The main job: extract the letters, ingest them into OUT/policykg.lbdb (then link
    measures across letters), write OUT/records.jsonl and OUT/graph.html (the whole graph,
    or its overview when the graph is large). A store already there is added to."""
    from policykg.extract.reader import iter_letter_paths

    paths = iter_letter_paths(list(letters))
    if not paths:
        err_console.print("no letter files found")
        raise typer.Exit(1)
    output_folder(out, f"{STORE_NAME}, {RECORDS_NAME} and {PAGE_NAME}")
    out.mkdir(parents=True, exist_ok=True)
    store_path, page_path, records_path = out / STORE_NAME, out / PAGE_NAME, out / RECORDS_NAME
    written = 0
    with (
        open_or_create_store(str(store_path)) as graph_store,
        records_path.open("w", encoding="utf-8") as records,
    ):

        def keep_record(outcome: LetterOutcome) -> None:
            nonlocal written
            if outcome.record is not None:
                records.write(outcome.record.model_dump_json() + "\n")
                written += 1

        outcomes = ingest_with_progress(paths, graph_store, on_outcome=keep_record)
        links = None
        if not no_link:
            from policykg.graph.lineage import run_lineage

            with err_console.status("linking measures across letters"):
                links = len(run_lineage(graph_store).links)
        with err_console.status("drawing the graph"):
            graph = load_graph(graph_store)
            drawn = overview(graph, page_nodes)
            write_html(drawn, page_path)
    # the table for a reader on stdout; with json/csv, stdout is the data and the rest stderr
    say = console.print if output_format is OutputFormat.table else err_console.print
    if links is not None:
        say(f"lineage: {links} BUILDS_ON links")
    rejected = report_outcomes(
        outcomes,
        f"build into {out}",
        output_format,
        store=str(store_path),
        records=str(records_path),
        page=str(page_path),
        builds_on_links=links,
        nodes=len(graph.nodes),
        relationships=len(graph.edges),
        drawn_nodes=len(drawn.nodes),
    )
    say(
        f"{records_path}: {written} records · {store_path}: {len(graph.nodes)} nodes, "
        f"{len(graph.edges)} relationships · {page_path}"
    )
    if len(drawn.nodes) < len(graph.nodes):
        say(
            f"{page_path} shows an overview ({len(drawn.nodes)} of {len(graph.nodes)} nodes); "
            "draw more with `policykg view --focus NAME` or `--year YEAR`"
        )
    if out.resolve() != Path.cwd().resolve():
        say(f"next: cd {out} (or give --store {store_path}) and run `policykg stats`")
    if rejected:
        raise typer.Exit(1)
