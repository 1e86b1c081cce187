"""``GET /view``: the interactive graph page, ``GET /view/timeline``: a measure's history
across years, and ``GET /static/viz/{name}``: the graph page's scripts and styles, served
from the package so the pages need nothing from the internet (the timeline page carries its
own).

Thin: the view is cut by :func:`policykg.viz.select_view` (from named queries) and drawn by
:func:`policykg.viz.render_html`; the timeline is read by :func:`policykg.viz.load_timeline`
and drawn by :func:`policykg.viz.render_timeline`. Domain errors (unknown focus node or
measure, view too large) go to the app's one error mapping.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from policykg.api.deps import StoreDep
from policykg.api.errors import error_responses
from policykg.errors import NotFoundError
from policykg.viz import (
    MAX_VIEW_NODES,
    ViewKind,
    asset_path,
    load_timeline,
    network_items,
    render_html,
    render_timeline,
    select_view,
)
from policykg.viz.render import ASSETS, media_type

router = APIRouter(tags=["view"])


@router.get(
    "/view",
    response_class=HTMLResponse,
    summary="Interactive graph page",
    responses={
        200: {"content": {"text/html": {"example": "<!doctype html>…"}}},
        **error_responses(404, 422),
    },
)
def view(
    request: Request,
    store: StoreDep,
    focus: Annotated[
        str | None,
        Query(
            description="node id or name: a Measure shows its lineage, an Agency its "
            "commitments, anything else its neighbourhood",
            examples=["追溯平台"],
        ),
    ] = None,
    year: Annotated[
        int | None,
        Query(ge=1900, le=2100, description="keep what belongs to this year", examples=[2021]),
    ] = None,
    depth: Annotated[int, Query(ge=0, le=6, description="neighbourhood depth")] = 1,
    kind: Annotated[ViewKind, Query(description="which cut of the graph")] = ViewKind.auto,
) -> HTMLResponse:
    """The graph, or the part of it that ``focus``/``year`` select, as a page with year and
    type filters, search, a legend and evidence tooltips."""
    subgraph = select_view(
        store, focus=focus, year=year, depth=depth, kind=kind, max_nodes=MAX_VIEW_NODES
    )
    # The path the asset route has under this app (root_path and mount prefix included).
    asset_url = request.url_for("view_asset", name=ASSETS[0]).path.rsplit("/", 1)[0]
    timeline_url = request.url_for("view_timeline").path
    expand_url = request.url_for("view_neighbours").path
    return HTMLResponse(
        render_html(subgraph, asset_url=asset_url, timeline_url=timeline_url, expand_url=expand_url)
    )


@router.get(
    "/view/neighbours",
    name="view_neighbours",
    responses={404: {"description": "no node has the id or name"}},
    summary="A node's neighbours, as the page draws them",
)
def view_neighbours(
    store: StoreDep,
    node: Annotated[
        str,
        Query(
            min_length=1,
            max_length=500,
            description="node id or name",
            examples=["agency:绵阳市商务局"],
        ),
    ],
) -> dict[str, Any]:
    """The node and its neighbours one step out, styled as the graph page draws them
    (``nodes``, ``edges``): what the page's "expand neighbours" adds."""
    subgraph = select_view(
        store, focus=node, kind=ViewKind.neighbourhood, depth=1, max_nodes=MAX_VIEW_NODES
    )
    return network_items(subgraph)


@router.get(
    "/view/timeline",
    name="view_timeline",
    response_class=HTMLResponse,
    summary="Timeline of a measure across years",
    responses={
        200: {"content": {"text/html": {"example": "<!doctype html>…"}}},
        **error_responses(404, 422),
    },
)
def view_timeline(
    request: Request,
    store: StoreDep,
    measure: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="text in a measure's key or name, or its id: each chain of the "
            "matching measures is one lane",
            examples=["追溯平台"],
        ),
    ],
) -> HTMLResponse:
    """Years left to right, one lane per measure chain: each letter's report of a step
    coloured by status, BUILDS_ON arrows with their score, agency renames at their date, the
    evidence on hover. A step links to its measure in the graph page."""
    timeline = load_timeline(store, measure)
    return HTMLResponse(render_timeline(timeline, graph_url=request.url_for("view").path))


@router.get(
    "/static/viz/{name}",
    name="view_asset",
    summary="Script or style of the graph page",
    responses=error_responses(404),
)
def view_asset(
    name: Annotated[str, Path(description=f"one of {', '.join(ASSETS)}")],
) -> FileResponse:
    if name not in ASSETS:  # a fixed list: no path from the request reaches the file system
        raise NotFoundError(f"no asset {name!r}")
    return FileResponse(
        asset_path(name),
        media_type=media_type(name),
        headers={"Cache-Control": "public, max-age=3600"},
    )
