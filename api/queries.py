"""The named query library over HTTP (``GET /queries``, ``POST /queries/{name}``) and ad-hoc
read-only Cypher (``POST /cypher``).

Ad-hoc Cypher is read-only because the database runs it in a read transaction and refuses
writes, and because the store refuses plans that read or write files; values travel only as
parameters. A time limit and a row limit apply to every query.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from pydantic import BaseModel, ConfigDict, Field

from policykg.api.deps import SettingsDep, StoreDep
from policykg.api.errors import error_responses
from policykg.api.public import public_result
from policykg.graph.queries import QueryResult, get_query, list_queries, run_cypher, run_query
from policykg.graph.resolve import resolve_references

router = APIRouter(tags=["queries"])

QueryName = Annotated[
    str, Path(description="a named query (GET /queries lists them)", examples=["measure_evolution"])
]


class QueryParameterInfo(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    choices: list[str] | None = None
    description: str


class QueryInfo(BaseModel):
    """A named query's contract, read from its ``.cypher`` file's header."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "agency_commitments",
                    "answers": "Which commitments does an agency carry, grouped by status …",
                    "parameters": [
                        {
                            "name": "agency",
                            "type": "str",
                            "required": True,
                            "description": "the agency's full name …",
                        }
                    ],
                    "returns": ["agency", "status", "measure", "…"],
                    "example": {"agency": "绵阳市市场监督管理局", "include_predecessors": False},
                    "dialect_variants": {},
                    "parameters_schema": {"type": "object", "properties": {"agency": {}}},
                }
            ]
        }
    )

    name: str
    answers: str
    parameters: list[QueryParameterInfo]
    returns: list[str]
    example: dict[str, Any]
    dialect_variants: dict[str, str] = Field(description="dialect → why it has its own text")
    parameters_schema: dict[str, Any] = Field(description="JSON Schema of the parameters")


def _info(name: str) -> QueryInfo:
    query = get_query(name)
    return QueryInfo(
        **query.summary(), parameters_schema=query.parameters_model.model_json_schema()
    )


@router.get("/queries", summary="The named queries")
def queries() -> list[QueryInfo]:
    """Every named query with its parameters, columns and an example."""
    return [_info(query.name) for query in list_queries()]


@router.get("/queries/{name}", summary="One named query's contract", responses=error_responses(404))
def query_info(name: QueryName) -> QueryInfo:
    return _info(name)


@router.post(
    "/queries/{name}", summary="Run a named query", responses=error_responses(400, 404, 422, 504)
)
def run_named_query(
    store: StoreDep,
    settings: SettingsDep,
    name: QueryName,
    parameters: Annotated[
        dict[str, Any] | None,
        Body(
            description="the query's parameters as a JSON object (validated: 422 when wrong)",
            openapi_examples={
                query.name: {"summary": query.name, "value": query.example}
                for query in list_queries()
            },
        ),
    ] = None,
) -> QueryResult:
    """Rows of the named query; ``truncated`` when the server's row limit cut them. A node
    parameter may be a name or alias, as on the command line."""
    checked = resolve_references(store, name, parameters or {})
    return public_result(run_query(store, name, checked, max_rows=settings.query_row_limit))


class CypherRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "query": "MATCH (c:Commitment)-[:IMPLEMENTED_BY]->(a:Agency {name: $agency}) "
                    "RETURN c.status AS status, count(*) AS n ORDER BY status",
                    "parameters": {"agency": "绵阳市市场监督管理局"},
                    "limit": 100,
                    "timeout_s": 5,
                }
            ]
        },
    )

    # The parsers of both stores take time growing with the square of a long token's
    # length (20,000 digits: 14 s before any time limit applies).
    query: str = Field(min_length=1, max_length=8_000, description="one Cypher statement")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="values for the $names in the query"
    )
    limit: int | None = Field(
        default=None, ge=1, description="at most this many rows (the server caps it)"
    )
    timeout_s: float | None = Field(
        default=None, gt=0, description="stop after this many seconds (the server caps it)"
    )


@router.post(
    "/cypher", summary="Run read-only Cypher", responses=error_responses(400, 403, 422, 504)
)
def cypher(store: StoreDep, settings: SettingsDep, request: CypherRequest) -> QueryResult:
    """Any read-only Cypher statement with parameters. Writes and file access are refused
    by the database (403), a query past the time limit is stopped (504)."""
    limit = min(request.limit or settings.query_row_limit, settings.query_row_limit)
    timeout = min(request.timeout_s or settings.query_timeout_s, settings.query_timeout_s)
    return public_result(
        run_cypher(store, request.query, request.parameters, max_rows=limit, timeout_s=timeout)
    )
