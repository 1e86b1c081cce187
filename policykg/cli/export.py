"""``policykg export``: the whole graph as GraphML, CSV files or JSON.

Export formats are written from the store's nodes and relationships, so both stores export
the same files.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policykg.cli.common import StoreOption, console, stage_commands
from policykg.graph.export import WRITERS
from policykg.graph.stores import open_store
from policykg.settings import get_settings

commands = stage_commands()


class ExportFormat(StrEnum):
    graphml = "graphml"
    csv = "csv"
    json = "json"


@commands.command()
def export(
    format_: Annotated[ExportFormat, typer.Option("--format", "-f", help="output format")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="file (graphml, json) or folder (csv)")
    ],
    store: StoreOption = None,
) -> None:
    """Write the whole graph as GraphML (opens in Gephi), CSV files or JSON."""
    with open_store(store, get_settings()) as graph_store:
        nodes, relationships = graph_store.nodes(), graph_store.relationships()
    written = WRITERS[format_.value](nodes, relationships, output)
    files = f" ({len(written)} files)" if len(written) > 1 else ""
    console.print(
        f"wrote {len(nodes)} nodes and {len(relationships)} relationships to {output}{files}"
    )
