"""The overview ``policykg build`` draws: the whole graph while it is small enough to read, else
its top — letters, proposals, agencies, measures and years, the busiest first — so the page
never grows past what a browser can draw, whatever the corpus size."""

from __future__ import annotations

from collections import Counter

from policykg.viz.subgraph import Subgraph

OVERVIEW_NODES = 2_000  # a 2,000-node page is usable ~1.3 s after it opens (bench/view_2000.py)
# What a reader looks for first; commitments and amounts repeat their letter's measures.
OVERVIEW_LABELS = ("Year", "Agency", "Proposal", "Document", "Measure")


def overview(graph: Subgraph, max_nodes: int = OVERVIEW_NODES) -> Subgraph:
    """``graph`` itself if it has at most ``max_nodes`` nodes; else the overview labels' nodes,
    and when those are still too many, the years and agencies and then the letters, proposals
    and measures with the most relationships, up to ``max_nodes``. The title says what was left
    out."""
    if len(graph.nodes) <= max_nodes:
        return graph
    degree: Counter[str] = Counter()
    for edge in graph.edges:
        degree[edge.start_id] += 1
        degree[edge.end_id] += 1
    rank = {label: place for place, label in enumerate(OVERVIEW_LABELS)}
    candidates = [node for node in graph.nodes if node.label in rank]
    # years and agencies first (few, and what everything hangs on), then the busiest nodes
    candidates.sort(key=lambda n: (rank[n.label] > rank["Agency"], -degree[n.id], n.id))
    kept = candidates[:max_nodes]
    title = (
        f"{graph.title} · overview: {len(kept)} of {len(graph.nodes)} nodes "
        f"({', '.join(sorted({n.label for n in kept}, key=rank.__getitem__))})"
    )
    return graph.induced((node.id for node in kept), title)
