"""``policykg view`` (a page of the graph or part of it, or ``--timeline TEXT``: a measure's
history across years) and ``policykg build`` (the main job: letters in, a store, the records
and the page out)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from policykg.cli import app, err_console
from policykg.cli_graph import StoreOption, ingest_with_progress, print_outcomes
from policykg.graph.ingest import LetterOutcome
from policykg.graph.store import open_store
from policykg.settings import get_settings
from policykg.viz import (
    MAX_VIEW_NODES,
    ViewKind,
    load_graph,
    load_timeline,
    select_view,
    write_html,
    write_timeline,
)
from policykg.viz.timeline_page import summary as timeline_summary

console = Console()

STORE_NAME = "policykg.lbdb"
PAGE_NAME = "graph.html"
TIMELINE_NAME = "timeline.html"
RECORDS_NAME = "records.jsonl"


@app.command()
def view(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=f"HTML file to write (default {PAGE_NAME}; "
                     f"{TIMELINE_NAME} with --timeline)", show_default=False),
    ] = None,
    timeline: Annotated[
        str | None,
        typer.Option("--timeline", metavar="TEXT",
                     help="instead of the graph: the timeline of the measures whose id, key or "
                     "name holds TEXT (years left to right, one lane per chain)"),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(help="node id or name: a Measure shows its lineage, an Agency its "
                     "commitments, anything else its neighbourhood"),
    ] = None,
    year: Annotated[int | None, typer.Option(help="keep only what belongs to this year")] = None,
    depth: Annotated[int, typer.Option(min=0, max=6, help="neighbourhood depth")] = 1,
    kind: Annotated[ViewKind, typer.Option("--kind", help="which cut of the graph")] = (
        ViewKind.auto
    ),
    max_nodes: Annotated[
        int, typer.Option(min=1, help="refuse views larger than this")
    ] = MAX_VIEW_NODES,
    store: StoreOption = None,
) -> None:
    """Write an interactive page of the graph (works offline, from the file alone)."""
    if timeline is not None:
        if focus is not None or year is not None:
            raise typer.BadParameter("--timeline draws a measure's chains: no --focus or --year")
        output = output or Path(TIMELINE_NAME)
        with open_store(store, get_settings()) as graph_store:
            drawn = load_timeline(graph_store, timeline)
        write_timeline(drawn, output)
        console.print(f"wrote {output}: {drawn.title} ({timeline_summary(drawn)})")
        return
    output = output or Path(PAGE_NAME)
    with open_store(store, get_settings()) as graph_store:
        graph = load_graph(graph_store)
    subgraph = select_view(
        graph, focus=focus, year=year, depth=depth, kind=kind, max_nodes=max_nodes
    )
    write_html(subgraph, output)
    console.print(
        f"wrote {output}: {subgraph.title} ({len(subgraph.nodes)} nodes, "
        f"{len(subgraph.edges)} relationships)"
    )


@app.command()
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
