"""Interactive views of the graph: cut a :class:`Subgraph` from a store by named queries,
render it as a page.

    from policykg.viz import select_view, write_html
    with open_store("out/policykg.lbdb") as store:
        write_html(select_view(store, focus="追溯平台"), "graph.html")

A measure's history across years, from the named queries (not the whole graph)::

    write_timeline(load_timeline(store, "追溯平台"), "timeline.html")
"""

from policykg.viz.render import (
    ASSETS,
    MAX_VIEW_NODES,
    asset_path,
    build_network,
    network_items,
    render_html,
    stabilisation_iterations,
    write_html,
)
from policykg.viz.subgraph import (
    Subgraph,
    ViewKind,
    commitments_view,
    lineage_view,
    load_graph,
    neighbourhood_view,
    node_years,
    resolve_node,
    select_view,
    subgraph_from,
    subgraph_of,
)
from policykg.viz.timeline import Timeline, load_timeline
from policykg.viz.timeline_page import render_timeline, write_timeline

__all__ = [
    "ASSETS",
    "MAX_VIEW_NODES",
    "Subgraph",
    "Timeline",
    "ViewKind",
    "asset_path",
    "build_network",
    "commitments_view",
    "lineage_view",
    "load_graph",
    "load_timeline",
    "neighbourhood_view",
    "network_items",
    "node_years",
    "render_html",
    "render_timeline",
    "resolve_node",
    "select_view",
    "stabilisation_iterations",
    "subgraph_from",
    "subgraph_of",
    "write_html",
    "write_timeline",
]
