"""Read endpoints for the things researchers ask about: documents, proposals, agencies,
measures, any node and its neighbourhood, and text search.

Thin: each endpoint runs a named query (``cypher/``) through :func:`run_query` with the
server's row limit; an id that names nothing is :class:`NotFoundError` (404).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from policykg.api.deps import SettingsDep, StoreDep
from policykg.api.errors import error_responses
from policykg.api.public import public_result, public_value
from policykg.errors import NotFoundError
from policykg.graph.model import label_of
from policykg.graph.queries import QueryResult, run_query
from policykg.graph.resolve import resolve_node
from policykg.graph.stores import GraphStore
from policykg.settings import Settings

router = APIRouter()

NOT_FOUND = error_responses(404, 422)

Skip = Annotated[
    int, Query(ge=0, le=10_000_000, description="leave out this many first (paging)", examples=[0])
]
Limit = Annotated[int, Query(ge=1, le=1000, description="at most this many", examples=[100])]


class NodeOut(BaseModel):
    """One node and every property it has."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "agency:绵阳市商务局",
                    "label": "Agency",
                    "properties": {
                        "id": "agency:绵阳市商务局",
                        "name": "绵阳市商务局",
                        "aliases": ["市商务局"],
                        "level": "city",
                        "city": "绵阳",
                        "known": True,
                        "evidence_sentence": "…经商市商务局、市农业局，现答复如下…",
                    },
                }
            ]
        }
    )

    id: str
    label: str
    properties: dict[str, Any]


class ProposalOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "proposal": {
                        "id": "proposal:20210112",
                        "label": "Proposal",
                        "properties": {
                            "number": "20210112",
                            "title": "关于提升农贸市场食品安全监管水平的提案",
                        },
                    },
                    "trace": {
                        "query": "proposal_trace",
                        "columns": ["proposal", "document", "measure", "status", "agency"],
                        "rows": [
                            {
                                "proposal": "20210112",
                                "document": "绵市监函〔2021〕43号",
                                "measure": "绵阳市食用农产品质量安全追溯平台",
                                "status": "done",
                                "agency": "绵阳市市场监督管理局",
                            }
                        ],
                        "truncated": False,
                    },
                }
            ]
        }
    )

    proposal: NodeOut
    trace: QueryResult = Field(description="the proposal_trace query's rows")


def _query(store: GraphStore, settings: Settings, name: str, **params: Any) -> QueryResult:
    return public_result(run_query(store, name, params, max_rows=settings.query_row_limit))


def _node(store: GraphStore, ref: str, label: str | None = None) -> NodeOut:
    """The node ``ref`` names, as the CLI reads it (:func:`resolve_node`): an id, a name, key
    or alias (``市商务局``), or the one name containing it."""
    full_id = resolve_node(store, ref, label or "")
    found = run_query(store, "node", {"id": full_id}).rows
    if not found:
        raise NotFoundError(f"no {label or 'node'} {full_id!r}")
    return NodeOut(
        id=full_id, label=label_of(full_id), properties=public_value(found[0]["properties"])
    )


# --- Documents and proposals -------------------------------------------------------------


@router.get("/documents", tags=["documents"], summary="Reply letters in the graph")
def documents(
    store: StoreDep, settings: SettingsDep, skip: Skip = 0, limit: Limit = 100
) -> QueryResult:
    """Each letter with issuer, date, proposal and number of commitments (query ``documents``)."""
    return _query(store, settings, "documents", skip=skip, limit=limit)


@router.get(
    "/documents/{document}", tags=["documents"], summary="One reply letter", responses=NOT_FOUND
)
def document(
    store: StoreDep,
    document: Annotated[
        str, Path(description="document id or doc number", examples=["绵市监函〔2021〕43号"])
    ],
) -> NodeOut:
    return _node(store, document, "Document")


@router.get("/proposals", tags=["proposals"], summary="Proposals the letters answer")
def proposals(
    store: StoreDep, settings: SettingsDep, skip: Skip = 0, limit: Limit = 100
) -> QueryResult:
    return _query(store, settings, "proposals", skip=skip, limit=limit)


@router.get(
    "/proposals/{number}",
    tags=["proposals"],
    responses=NOT_FOUND,
    summary="A proposal and what became of it",
)
def proposal(
    store: StoreDep,
    settings: SettingsDep,
    number: Annotated[str, Path(description="proposal number or id", examples=["20210112"])],
) -> ProposalOut:
    """The proposal, and its trace: replies → suggestions → measures → agencies."""
    node = _node(store, number, "Proposal")
    return ProposalOut(
        proposal=node, trace=_query(store, settings, "proposal_trace", proposal=node.id)
    )


# --- Agencies -----------------------------------------------------------------------------

AgencyName = Annotated[
    str, Path(description="the agency's full name or id", examples=["绵阳市市场监督管理局"])
]


@router.get("/agencies", tags=["agencies"], summary="Agencies in the letters")
def agencies(
    store: StoreDep, settings: SettingsDep, skip: Skip = 0, limit: Limit = 100
) -> QueryResult:
    return _query(store, settings, "agencies", skip=skip, limit=limit)


@router.get("/agencies/{agency}", tags=["agencies"], summary="One agency", responses=NOT_FOUND)
def agency(store: StoreDep, agency: AgencyName) -> NodeOut:
    return _node(store, agency, "Agency")


@router.get(
    "/agencies/{agency}/commitments",
    tags=["agencies"],
    responses=NOT_FOUND,
    summary="An agency's commitments by status",
)
def agency_commitments(
    store: StoreDep,
    settings: SettingsDep,
    agency: AgencyName,
    include_predecessors: Annotated[
        bool, Query(description="also the agencies it succeeded", examples=[True])
    ] = False,
) -> QueryResult:
    """Query ``agency_commitments``: done, in progress, planned, declined, with evidence."""
    node = _node(store, agency, "Agency")
    return _query(
        store,
        settings,
        "agency_commitments",
        agency=node.id,
        include_predecessors=include_predecessors,
    )


@router.get(
    "/agencies/{agency}/history",
    tags=["agencies"],
    responses=NOT_FOUND,
    summary="Agencies before and after it",
)
def agency_history(store: StoreDep, settings: SettingsDep, agency: AgencyName) -> QueryResult:
    """Query ``agency_history``: the SUCCEEDED_BY chain with dates and reasons."""
    node = _node(store, agency, "Agency")
    return _query(store, settings, "agency_history", agency=node.id)


# --- Measures -----------------------------------------------------------------------------

MeasureKey = Annotated[str, Path(description="the measure's key or id", examples=["追溯平台"])]


@router.get("/measures", tags=["measures"], summary="Measures the letters report")
def measures(
    store: StoreDep, settings: SettingsDep, skip: Skip = 0, limit: Limit = 100
) -> QueryResult:
    return _query(store, settings, "measures", skip=skip, limit=limit)


@router.get("/measures/{measure}", tags=["measures"], summary="One measure", responses=NOT_FOUND)
def measure(store: StoreDep, measure: MeasureKey) -> NodeOut:
    return _node(store, measure, "Measure")


@router.get(
    "/measures/{measure}/evolution",
    tags=["measures"],
    responses=NOT_FOUND,
    summary="A measure across the years",
)
def measure_evolution(store: StoreDep, settings: SettingsDep, measure: MeasureKey) -> QueryResult:
    """Query ``measure_evolution`` with this text, as ``policykg query measure_evolution``
    runs it: every measure whose key or name holds it (``asked`` says which), what each
    builds on, what builds on it, each letter's year, status, owner and evidence."""
    result = _query(store, settings, "measure_evolution", measure=measure)
    if not result.rows:
        _node(store, measure, "Measure")  # 404 when no measure has the text
    return result


# --- Any node, search ---------------------------------------------------------------------

NodeId = Annotated[
    str,
    Path(
        description="a node id, or a name (the one node it names)",
        examples=["measure:绵阳市食用农产品质量安全追溯平台"],
    ),
]


def _any_node(store: GraphStore, ref: str) -> NodeOut:
    return _node(store, ref)  # an id, or a name: as `policykg query node -p id=…`


@router.get("/nodes/{node}", tags=["graph"], summary="Any node by id", responses=NOT_FOUND)
def node(store: StoreDep, node: NodeId) -> NodeOut:
    return _any_node(store, node)


@router.get(
    "/nodes/{node}/neighbourhood",
    tags=["graph"],
    responses=NOT_FOUND,
    summary="A node and its neighbours",
)
def neighbourhood(
    store: StoreDep,
    settings: SettingsDep,
    node: NodeId,
    depth: Annotated[int, Query(ge=1, le=3, description="steps out", examples=[2])] = 1,
    limit: Annotated[
        int, Query(ge=1, le=5000, description="at most this many nodes", examples=[200])
    ] = 500,
) -> QueryResult:
    """Query ``neighbourhood``: nodes within ``depth`` steps, nearest first, with links."""
    found = _any_node(store, node)
    return _query(store, settings, "neighbourhood", id=found.id, depth=depth, limit=limit)


@router.get("/search", tags=["graph"], summary="Find nodes by text", responses=error_responses(422))
def search(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[
        str,
        Query(
            min_length=2,
            max_length=200,
            description="text to find (Chinese or not), at least two characters",
            examples=["仲裁"],
        ),
    ],
    limit: Annotated[
        int, Query(ge=1, le=1000, description="at most this many", examples=[50])
    ] = 50,
) -> QueryResult:
    """Query ``search``: nodes whose name or evidence sentence contains ``q`` (on Neo4j
    through the full-text index)."""
    return _query(store, settings, "search", text=q, limit=limit)
