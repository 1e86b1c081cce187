"""``policykg ingest``: letters into a store, one transaction per letter, then lineage.

The store is ``--store`` (a LadybugDB path or a bolt:// / neo4j:// URI), defaulting to
``Settings.store``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policykg.cli.common import (
    StoreOption,
    console,
    err_console,
    ingest_with_progress,
    print_outcomes,
    stage_commands,
)
from policykg.graph.stores import open_store
from policykg.settings import get_settings

commands = stage_commands()


@commands.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="letter files or folders of letters")],
    store: StoreOption = None,
    no_link: Annotated[
        bool, typer.Option("--no-link", help="skip agency succession and BUILDS_ON lineage")
    ] = False,
) -> None:
    """Extract each letter and write its graph to the store, one transaction per letter;
    then load agency succession and link measures across letters (BUILDS_ON)."""
    from policykg.extract.reader import display_path, iter_letter_paths

    skipped: list[tuple[Path, str]] = []
    letters = iter_letter_paths(list(paths), skipped)
    for path, reason in skipped:  # every path the walk met is accounted for
        err_console.print(f"skipped {display_path(path)}: {reason}", markup=False,
                          highlight=False, soft_wrap=True)
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
