"""``policykg ingest``: letters into a store, one transaction per letter, then lineage.

The store is ``--store`` (a LadybugDB path or a bolt:// / neo4j:// URI), defaulting to
``Settings.store``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policykg.cli.common import (
    FormatOption,
    OutputFormat,
    StoreOption,
    console,
    err_console,
    ingest_with_progress,
    open_or_create_store,
    report_outcomes,
    stage_commands,
)

commands = stage_commands()


@commands.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="letter files or folders of letters")],
    store: StoreOption = None,
    no_link: Annotated[
        bool, typer.Option("--no-link", help="skip agency succession and BUILDS_ON lineage")
    ] = False,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Extract each letter and write its graph to the store, one transaction per letter;
    then load agency succession and link measures across letters (BUILDS_ON)."""
    from policykg.extract.reader import display_path, iter_letter_paths

    skipped: list[tuple[Path, str]] = []
    letters = iter_letter_paths(list(paths), skipped)
    for path, reason in skipped:  # every path the walk met is accounted for
        err_console.print(
            f"skipped {display_path(path)}: {reason}", markup=False, highlight=False, soft_wrap=True
        )
    if not letters:
        err_console.print("no letter files found")
        raise typer.Exit(1)
    with open_or_create_store(store) as graph_store:
        outcomes = ingest_with_progress(letters, graph_store)
        links = None
        if not no_link:
            from policykg.graph.lineage import run_lineage

            # only the places of the letters just written are relinked
            written = [o.document_id for o in outcomes if o.status == "ingested" and o.document_id]
            links = len(run_lineage(graph_store, documents=written).links)
            if output_format is OutputFormat.table:
                console.print(f"lineage: {links} BUILDS_ON links in the new letters' places")
        target = graph_store.target
    if report_outcomes(
        outcomes, f"ingest into {target}", output_format, store=target, builds_on_links=links
    ):
        raise typer.Exit(1)
