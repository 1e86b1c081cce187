"""``GET /view``: the interactive graph page, and ``GET /static/viz/{name}``: its scripts and
styles, served from the package so the page needs nothing from the internet.

Thin: the view is cut by :func:`policykg.viz.select_view` and drawn by
:func:`policykg.viz.render_html`; domain errors (unknown focus node, view too large) go to
the app's one error mapping.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from policykg.api.deps import StoreDep
from policykg.errors import NotFoundError
from policykg.viz import MAX_VIEW_NODES, ViewKind, asset_path, load_graph, render_html, select_view
from policykg.viz.render import ASSETS, media_type

router = APIRouter(tags=["view"])


@router.get(
    "/view",
    response_class=HTMLResponse,
    summary="Interactive graph page",
    responses={200: {"content": {"text/html": {"example": "<!doctype html>…"}}}},
)
def view(
    request: Request,
    store: StoreDep,
    focus: Annotated[
        str | None,
        Query(description="node id or name: a Measure shows its lineage, an Agency its "
              "commitments, anything else its neighbourhood", examples=["深圳分中心"]),
    ] = None,
    year: Annotated[
        int | None, Query(ge=1900, le=2100, description="keep what belongs to this year",
                          examples=[2021])
    ] = None,
    depth: Annotated[int, Query(ge=0, le=6, description="neighbourhood depth")] = 1,
    kind: Annotated[ViewKind, Query(description="which cut of the graph")] = ViewKind.auto,
) -> HTMLResponse:
    """The graph, or the part of it that ``focus``/``year`` select, as a page with year and
    type filters, search, a legend and evidence tooltips."""
    subgraph = select_view(
        load_graph(store), focus=focus, year=year, depth=depth, kind=kind,
        max_nodes=MAX_VIEW_NODES,
    )
    # The path the asset route has under this app (root_path and mount prefix included).
    asset_url = request.url_for("view_asset", name=ASSETS[0]).path.rsplit("/", 1)[0]
    return HTMLResponse(render_html(subgraph, asset_url=asset_url))


@router.get("/static/viz/{name}", name="view_asset", summary="Script or style of the graph page")
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
