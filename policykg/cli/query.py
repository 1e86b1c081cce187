"""Read commands: ``query`` runs a named query, ``cypher`` runs ad-hoc read-only Cypher,
``stats`` counts the store. Thin: the library is :mod:`policykg.graph.queries`.

    policykg query --list
    policykg query measure_evolution -p measure=追溯平台
    policykg query commitments_by_status -p status=done -p from_year=2021 --format csv
    policykg cypher "MATCH (a:Agency) WHERE a.name CONTAINS \\$t RETURN a.name AS name" -p t=绵阳
    policykg stats
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from policykg.cli.common import (
    ColumnsOption,
    FormatOption,
    JsonOption,
    OutputFormat,
    StoreOption,
    chosen_format,
    console,
    err_console,
    missing_store_error,
    open_existing_store,
    print_rows,
    stage_commands,
    store_target,
)
from policykg.graph.queries import (
    QueryResult,
    get_query,
    list_queries,
    parse_assignments,
    run_cypher,
    run_query,
)
from policykg.graph.resolve import resolve_references
from policykg.graph.stores import is_neo4j_target, open_isolated_store
from policykg.settings import get_settings

commands = stage_commands()

ParamOption = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="a parameter as key=value (repeat for more)"),
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", min=1, help="print at most this many rows")
]


@commands.command()
def query(
    name: Annotated[str | None, typer.Argument(help="the named query (see --list)")] = None,
    params: ParamOption = None,
    output_format: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
    columns: ColumnsOption = None,
    list_queries_: Annotated[
        bool, typer.Option("--list", help="list the named queries and their parameters")
    ] = False,
    limit: LimitOption = None,
    store: StoreOption = None,
) -> None:
    """Run a named query from cypher/ (parameters are checked before it runs)."""
    output_format = chosen_format(output_format, as_json)
    if list_queries_:
        _print_library(output_format)
        return
    if name is None:
        raise typer.BadParameter("give a query name, or --list", param_hint="NAME")
    values = parse_assignments(params or [])
    with open_existing_store(store) as graph_store:
        # a node given by name or alias, as the API takes it (graph.resolve)
        values = resolve_references(graph_store, name, values)
        result = run_query(graph_store, name, values, max_rows=limit)
    _print_result(result, output_format, columns)
    _say_how_to_page(result, values, limit)


@commands.command()
def cypher(
    statement: Annotated[str, typer.Argument(help="one read-only Cypher statement")],
    params: ParamOption = None,
    output_format: FormatOption = OutputFormat.table,
    as_json: JsonOption = False,
    columns: ColumnsOption = None,
    limit: LimitOption = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", min=0.001, help="seconds [default: settings]")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Run ad-hoc Cypher read-only: the database refuses writes; values go in as -p
    parameters (JSON when they parse as JSON, else text), never into the query text."""
    values = {key: _json_or_text(value) for key, value in parse_assignments(params or []).items()}
    # In a worker process: a query that crashes the engine or outgrows memory ends as one
    # error line, not a dead terminal.
    target = store_target(store)
    if not is_neo4j_target(target) and not Path(target).exists():
        raise missing_store_error(target)
    one_worker = get_settings().model_copy(update={"read_workers": 1})
    with open_isolated_store(target, one_worker) as graph_store:
        result = run_cypher(graph_store, statement, values, max_rows=limit, timeout_s=timeout)
    _print_result(result, chosen_format(output_format, as_json), columns)
    if result.truncated:
        err_console.print(
            f"cut at {limit} rows by --limit; raise it, or add SKIP/LIMIT to the statement to page"
        )


@commands.command()
def stats(
    store: StoreOption = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Count the store's nodes by label and relationships by type."""
    with open_existing_store(store) as graph_store:
        counts = graph_store.counts()
        target = graph_store.target
    if output_format is not OutputFormat.table:
        rows = [
            {"kind": kind, "name": name, "count": count}
            for kind, by_name in counts.items()
            for name, count in by_name.items()
        ]
        print_rows(
            ["kind", "name", "count"], rows, output_format, payload={"store": target, **counts}
        )
        return
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


def _print_result(result: QueryResult, output_format: OutputFormat, columns: str | None) -> None:
    print_rows(
        result.columns,
        result.rows,
        output_format,
        title=result.query or "cypher",
        wanted=columns,
        payload=result.model_dump(mode="json"),
    )
    if output_format is OutputFormat.table:
        more = " (cut by --limit)" if result.truncated else ""
        console.print(f"{len(result.rows)} rows{more}")


def _say_how_to_page(result: QueryResult, values: dict[str, Any], limit: int | None) -> None:
    """A list query that returned as many rows as its own ``limit`` parameter asked for, or
    one cut by --limit, says so on stderr with the parameters of the next page."""
    declared = {p.name: p.default for p in get_query(result.query or "").parameters}
    if "skip" in declared and "limit" in declared:
        page = int(values.get("limit", declared["limit"]))
        skip = int(values.get("skip", declared["skip"]))
        if len(result.rows) >= page:
            err_console.print(
                f"{len(result.rows)} rows: the query's limit ({page}) may have cut "
                f"the list; next page: -p skip={skip + page} -p limit={page}"
            )
            return
    if result.truncated:
        err_console.print(f"cut at {limit} rows by --limit; raise --limit to see more")


def _print_library(output_format: OutputFormat) -> None:
    queries = list_queries()
    if output_format is not OutputFormat.table:
        rows = [
            {
                "name": q.name,
                "answers": q.answers,
                "parameters": " ".join(p.name for p in q.parameters),
            }
            for q in queries
        ]
        print_rows(
            ["name", "parameters", "answers"],
            rows,
            output_format,
            payload=[q.summary() for q in queries],
        )
        return
    table = Table(title="named queries")
    table.add_column("name", no_wrap=True)
    table.add_column("parameters", no_wrap=True)
    table.add_column("answers", overflow="fold")
    for named in queries:
        parameters = "\n".join(
            p.name + ("" if p.required else f"={json.dumps(p.default, ensure_ascii=False)}")
            for p in named.parameters
        )
        table.add_row(named.name, parameters, named.answers)
    console.print(table)
