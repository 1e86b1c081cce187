"""Read commands: ``query`` runs a named query, ``cypher`` runs ad-hoc read-only Cypher,
``stats`` counts the store. Thin: the library is :mod:`policykg.graph.queries`.

    policykg query --list
    policykg query measure_evolution -p measure=深圳分中心
    policykg query commitments_by_status -p status=done -p from_year=2021 --json
    policykg cypher "MATCH (a:Agency) WHERE a.name CONTAINS \\$t RETURN a.name AS name" -p t=深圳
    policykg stats
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from policykg.cli.common import StoreOption, stage_commands
from policykg.graph.queries import (
    QueryResult,
    list_queries,
    parse_assignments,
    run_cypher,
    run_query,
)
from policykg.graph.stores import open_store
from policykg.settings import get_settings

console = Console()
commands = stage_commands()
WIDE = 5  # more columns than this print as one block per row

ParamOption = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="a parameter as key=value (repeat for more)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
LimitOption = Annotated[
    int | None, typer.Option("--limit", min=1, help="print at most this many rows")
]


@commands.command()
def query(
    name: Annotated[str | None, typer.Argument(help="the named query (see --list)")] = None,
    params: ParamOption = None,
    as_json: JsonOption = False,
    list_queries_: Annotated[
        bool, typer.Option("--list", help="list the named queries and their parameters")
    ] = False,
    limit: LimitOption = None,
    store: StoreOption = None,
) -> None:
    """Run a named query from cypher/ (parameters are checked before it runs)."""
    if list_queries_:
        _print_library(as_json)
        return
    if name is None:
        raise typer.BadParameter("give a query name, or --list", param_hint="NAME")
    with open_store(store, get_settings()) as graph_store:
        result = run_query(graph_store, name, parse_assignments(params or []), max_rows=limit)
    _print_result(result, as_json)


@commands.command()
def cypher(
    statement: Annotated[str, typer.Argument(help="one read-only Cypher statement")],
    params: ParamOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", min=0.001, help="seconds [default: settings]")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Run ad-hoc Cypher read-only: the database refuses writes; values go in as -p
    parameters (JSON when they parse as JSON, else text), never into the query text."""
    values = {key: _json_or_text(value) for key, value in parse_assignments(params or []).items()}
    with open_store(store, get_settings()) as graph_store:
        result = run_cypher(graph_store, statement, values, max_rows=limit, timeout_s=timeout)
    _print_result(result, as_json)


@commands.command()
def stats(store: StoreOption = None) -> None:
    """Count the store's nodes by label and relationships by type."""
    with open_store(store, get_settings()) as graph_store:
        counts = graph_store.counts()
        target = graph_store.target
    for kind, by_name in counts.items():
        table = Table(title=f"{kind} in {target}")
        table.add_column("label" if kind == "nodes" else "type")
        table.add_column("count", justify="right")
        for name, count in by_name.items():
            table.add_row(name, str(count))
        table.add_row("[bold]total[/bold]", f"[bold]{sum(by_name.values())}[/bold]")
        console.print(table)


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _print_result(result: QueryResult, as_json: bool) -> None:
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    title = result.query or "cypher"
    if len(result.columns) <= WIDE:
        table = Table(title=title)
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in result.rows:
            table.add_row(*(_cell(row.get(column)) for column in result.columns))
        console.print(table)
    else:  # too many columns to read side by side: one block per row
        console.rule(title)
        for number, row in enumerate(result.rows, 1):
            block = Table.grid(padding=(0, 2))
            block.add_column(style="bold", no_wrap=True)
            block.add_column(overflow="fold")
            for column in result.columns:
                block.add_row(column, _cell(row.get(column)))
            console.print(f"[dim]row {number}[/dim]")
            console.print(block)
    more = " (cut by --limit)" if result.truncated else ""
    console.print(f"{len(result.rows)} rows{more}")


def _print_library(as_json: bool) -> None:
    queries = list_queries()
    if as_json:
        typer.echo(json.dumps([q.summary() for q in queries], ensure_ascii=False, indent=2))
        return
    table = Table(title="named queries")
    table.add_column("name", no_wrap=True)
    table.add_column("parameters", no_wrap=True)
    table.add_column("answers", overflow="fold")
    for query in queries:
        parameters = "\n".join(
            p.name + ("" if p.required else f"={json.dumps(p.default, ensure_ascii=False)}")
            for p in query.parameters
        )
        table.add_row(query.name, parameters, query.answers)
    console.print(table)
