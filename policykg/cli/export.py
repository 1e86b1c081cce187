"""``policykg export``: the whole graph as GraphML, CSV files or JSON.

Export formats are written from the store's nodes and relationships, so both stores export
the same files.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policykg.cli.common import (
    StoreOption,
    console,
    open_existing_store,
    output_file,
    output_folder,
    stage_commands,
)
from policykg.graph.export import WRITERS

commands = stage_commands()


class ExportFormat(StrEnum):
    graphml = "graphml"
    csv = "csv"
    neo4j_admin = "neo4j-admin"
    json = "json"


@commands.command()
def export(
    format_: Annotated[ExportFormat, typer.Option("--format", "-f", help="output format")],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="file (graphml, json) or folder (csv, neo4j-admin)"),
    ],
    store: StoreOption = None,
) -> None:
    """Write the whole graph as GraphML (opens in Gephi), CSV files (plain headers, or
    neo4j-admin import headers with ``neo4j-admin``) or JSON."""
    if format_ in (ExportFormat.csv, ExportFormat.neo4j_admin):
        output_folder(output, "one CSV file per label and relationship type")
    else:
        output_file(output, f"graph.{format_.value}")
    with open_existing_store(store) as graph_store:
        nodes, relationships = graph_store.nodes(), graph_store.relationships()
    written = WRITERS[format_.value](nodes, relationships, output)
    files = f" ({len(written)} files)" if len(written) > 1 else ""
    console.print(
        f"wrote {len(nodes)} nodes and {len(relationships)} relationships to {output}{files}"
    )
