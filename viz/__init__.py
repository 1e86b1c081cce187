"""Interactive views of the graph: cut a :class:`Subgraph` from a store, render it as a page.

    from policykg.viz import load_graph, select_view, write_html
    with open_store("out/policykg.lbdb") as store:
        write_html(select_view(load_graph(store), focus="深圳分中心"), "graph.html")
"""

from policykg.viz.render import (
    ASSETS,
    MAX_VIEW_NODES,
    asset_path,
    build_network,
    render_html,
    stabilisation_iterations,
    write_html,
)
from policykg.viz.subgraph import (
    Subgraph,
    ViewKind,
    load_graph,
    node_years,
    resolve_node,
    select_view,
    subgraph_of,
)

__all__ = [
    "ASSETS",
    "MAX_VIEW_NODES",
    "Subgraph",
    "ViewKind",
    "asset_path",
    "build_network",
    "load_graph",
    "node_years",
    "render_html",
    "resolve_node",
    "select_view",
    "stabilisation_iterations",
    "subgraph_of",
    "write_html",
]
