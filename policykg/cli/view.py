"""``policykg view``: a page of the graph or part of it, or (``--timeline TEXT``) a measure's
history across years."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from policykg.cli.common import StoreOption, open_existing_store, output_file, stage_commands
from policykg.viz import (
    MAX_VIEW_NODES,
    ViewKind,
    load_timeline,
    select_view,
    write_html,
    write_timeline,
)
from policykg.viz.timeline_page import summary as timeline_summary

console = Console()
commands = stage_commands()

PAGE_NAME = "graph.html"
TIMELINE_NAME = "timeline.html"


@commands.command()
def view(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=f"HTML file to write (default {PAGE_NAME}; {TIMELINE_NAME} with --timeline)",
            show_default=False,
        ),
    ] = None,
    timeline: Annotated[
        str | None,
        typer.Option(
            "--timeline",
            metavar="TEXT",
            help="instead of the graph: the timeline of the measures whose id, key or "
            "name holds TEXT (years left to right, one lane per chain)",
        ),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(
            help="node id or name: a Measure shows its lineage, an Agency its "
            "commitments, anything else its neighbourhood"
        ),
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
        output = output_file(output or Path(TIMELINE_NAME), TIMELINE_NAME)
        with open_existing_store(store) as graph_store:
            drawn = load_timeline(graph_store, timeline)
        write_timeline(drawn, output)
        console.print(f"wrote {output}: {drawn.title} ({timeline_summary(drawn)})")
        return
    output = output_file(output or Path(PAGE_NAME), PAGE_NAME)
    with open_existing_store(store) as graph_store:
        subgraph = select_view(
            graph_store, focus=focus, year=year, depth=depth, kind=kind, max_nodes=max_nodes
        )
    write_html(subgraph, output)
    console.print(
        f"wrote {output}: {subgraph.title} ({len(subgraph.nodes)} nodes, "
        f"{len(subgraph.edges)} relationships)"
    )
