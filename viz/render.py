"""A :class:`Subgraph` as an interactive page: pyvis builds the vis-network data, our template
adds the legend, the year and type filters and the search box.

The page loads nothing from the network. vis-network (the copy pyvis ships, 9.1.2) and the
page's own script and style live in ``viz/static/``; :func:`render_html` either writes them
into the page (a file that works anywhere) or links them under ``asset_url`` (the API serves
them at ``/static/viz/``).

Layout work is bounded. Views of more than ``SEED_LAYOUT_OVER`` nodes start from
:func:`~policykg.viz.layout.seed_positions` (linear time, in Python: each letter a cluster);
smaller ones from vis-network's own initial layout. The browser then runs the force layout
for :func:`stabilisation_iterations` steps (``LAYOUT_WORK`` node-steps in all: 2,000 nodes
get 10 steps, 140 nodes 142), switches physics off and stores the positions; nodes can
still be dragged.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network

from policykg.graph.model import NODE_LABELS, GraphNode, GraphRelationship
from policykg.viz.layout import seed_positions
from policykg.viz.subgraph import Subgraph


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str  # a vis-network shape


# Colours from the Tableau 10 palette; shapes keep types apart for colour-blind readers.
NODE_STYLES: dict[str, NodeStyle] = {
    "Document": NodeStyle("#4e79a7", "square"),
    "Proposal": NodeStyle("#f28e2b", "diamond"),
    "Proposer": NodeStyle("#edc948", "triangleDown"),
    "Suggestion": NodeStyle("#b07aa1", "triangle"),
    "Agency": NodeStyle("#9c755f", "hexagon"),
    "Measure": NodeStyle("#17becf", "star"),
    "Commitment": NodeStyle("#bab0ac", "dot"),  # coloured by status below
    "Amount": NodeStyle("#ff9da7", "database"),
    "Year": NodeStyle("#79706e", "box"),
}
STATUS_COLOURS: dict[str, str] = {
    "done": "#59a14f",
    "in_progress": "#f1a340",
    "planned": "#4e9fd8",
    "declined": "#e15759",
}
UNKNOWN_STATUS_COLOUR = NODE_STYLES["Commitment"].colour
EDGE_COLOUR = "#a0a0a0"
# Lineage and succession are what researchers trace: drawn thick, dashed, in their own colour.
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "BUILDS_ON": {"color": "#d62790", "dashes": [8, 5], "width": 3},
    "SUCCEEDED_BY": {"color": "#6a3d9a", "dashes": [2, 4], "width": 2},
}

LAYOUT_WORK = 20_000  # node-steps of force layout a page may run before physics stops
# Beyond this a page is tens of megabytes and 30 layout steps leave a hairball: narrow the view.
MAX_VIEW_NODES = 5_000
MAX_ITERATIONS = 1000
SEED_LAYOUT_OVER = 150  # bigger views start from seed_positions, smaller ones from vis's own
# Chinese labels need a CJK font; a server without one draws boxes (README: fonts-noto-cjk).
CJK_FONT_FACE = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", '
    '"PingFang SC", "Microsoft YaHei", sans-serif'
)
LABEL_CHARS = 16  # longer names are cut in the drawing; the tooltip has them whole
ASSETS = ("vis-network.min.js", "vis-network.css", "policykg-view.js", "policykg-view.css")
_SHELL_SAFE = re.compile(r"[^\s'\"\\$`!*?&;|<>()\[\]{}#~^]+")
_MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css"}

# 16×16 legend glyphs for the vis shapes above.
_GLYPHS: dict[str, str] = {
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "triangleDown": '<polygon points="1,3 15,3 8,15"/>',
    "triangle": '<polygon points="8,1 15,13 1,13"/>',
    "hexagon": '<polygon points="4,1 12,1 15,8 12,15 4,15 1,8"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "database": '<ellipse cx="8" cy="4" rx="6" ry="2.5"/><rect x="2" y="4" width="12" height="9"/>',
    "box": '<rect x="1" y="4" width="14" height="8" rx="2"/>',
}


def stabilisation_iterations(node_count: int) -> int:
    """Force-layout steps the page runs for a view of ``node_count`` nodes: 10 for 2,000."""
    return min(MAX_ITERATIONS, LAYOUT_WORK // max(node_count, 1))


def asset_path(name: str) -> Path:
    """The packaged file behind an asset name (one of :data:`ASSETS`)."""
    if name not in ASSETS:
        raise KeyError(name)
    return Path(str(resources.files("policykg.viz") / "static" / name))


def media_type(name: str) -> str:
    return _MEDIA_TYPES[Path(name).suffix]


@cache
def _asset_text(name: str) -> str:
    text = asset_path(name).read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():  # cannot be written inside the page's own tag
        raise ValueError(f"{name} contains {closing}>")
    return text


@cache
def _template() -> Any:
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    # Chinese as UTF-8, not \uXXXX: half the bytes. `tojson` still escapes < > & '.
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False}
    source = (resources.files("policykg.viz") / "static" / "view.html.j2").read_text("utf-8")
    return env.from_string(source)


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _facts(properties: dict[str, Any]) -> list[str]:
    """``name: value`` lines for the set, non-evidence properties."""
    lines = []
    for name, value in properties.items():
        if value is None or value == [] or name == "name" or name.startswith("evidence_"):
            continue
        text = ", ".join(value) if isinstance(value, list) else str(value)
        lines.append(f"{name}: {_short(text, 90)}")
    return lines


def _evidence_lines(properties: dict[str, Any], source_dates: dict[str, str]) -> list[str]:
    sentence = properties.get("evidence_sentence")
    source = properties.get("evidence_file")
    if not sentence and not source:
        return ["evidence: none (derived, not read from a letter)"]
    date = source_dates.get(str(source)) if source else None
    return [
        f"evidence: “{sentence or ''}”",
        f"source: {source or 'unknown'}",
        f"letter date: {date or 'unknown'}",
    ]


def timeline_hint(node_id: str, served: bool) -> str:
    """How a Measure's tooltip says to open its timeline: a click when the API serves the page,
    the command line when the page is a file."""
    if served:
        return "timeline: click the measure"
    # Chinese is safe in a shell word; shlex.quote would quote every non-ASCII id.
    word = node_id if _SHELL_SAFE.fullmatch(node_id) else shlex.quote(node_id)
    return f"timeline: policykg view --timeline {word} -o timeline.html"


def node_tooltip(
    node: GraphNode, source_dates: dict[str, str], years: list[int], *, served: bool = False
) -> str:
    """Plain text (vis-network shows a string title as text, so letter text cannot inject)."""
    lines = [f"{node.label}: {node.properties.get('name') or node.id}"]
    if node.label == "Commitment":  # what a reader looks for first on a commitment
        lines.append(f"status: {node.properties.get('status') or 'unknown'}")
    lines.append(f"id: {node.id}")
    lines += [
        line
        for line in _facts(node.properties)
        if not (node.label == "Commitment" and line.startswith("status: "))
    ]
    if years:
        lines.append("years: " + ", ".join(map(str, years)))
    lines += _evidence_lines(node.properties, source_dates)
    if node.label == "Measure":
        lines.append(timeline_hint(node.id, served))
    return "\n".join(lines)


def edge_tooltip(
    edge: GraphRelationship, names: dict[str, str], source_dates: dict[str, str]
) -> str:
    lines = [
        f"{names.get(edge.start_id, edge.start_id)} —{edge.type}→ "
        f"{names.get(edge.end_id, edge.end_id)}"
    ]
    lines += _facts(edge.properties)
    return "\n".join(lines + _evidence_lines(edge.properties, source_dates))


def node_colour(node: GraphNode) -> str:
    if node.label == "Commitment":
        return STATUS_COLOURS.get(str(node.properties.get("status")), UNKNOWN_STATUS_COLOUR)
    return NODE_STYLES[node.label].colour


def network_options(node_count: int) -> dict[str, Any]:
    """vis-network options: bounded force layout, straight edges on big views."""
    large = node_count > 300
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= SEED_LAYOUT_OVER},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "springLength": 90,
                "springConstant": 0.08,
                "avoidOverlap": 0.2,
            },
            "stabilization": {
                "enabled": True,
                "fit": True,
                "updateInterval": 25,
                "iterations": stabilisation_iterations(node_count),
            },
        },
        "nodes": {"size": 14, "font": {"size": 12, "face": CJK_FONT_FACE}, "borderWidth": 1},
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "continuous"},
            "font": {
                "size": 9,
                "color": "#555555",
                "strokeWidth": 2,
                "align": "middle",
                "face": CJK_FONT_FACE,
            },
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": EDGE_COLOUR, "inherit": False},
            "width": 1,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": True,
        },
    }


def build_network(subgraph: Subgraph, *, served: bool = False) -> Network:
    """The pyvis network of a subgraph: styled nodes and edges with tooltips, options set.
    ``served``: the API serves the page (a Measure's tooltip says to click it for its
    timeline, not to run the command)."""
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    names = {n.id: str(n.properties.get("name") or n.id) for n in subgraph.nodes}
    seeds = seed_positions(subgraph) if len(subgraph.nodes) > SEED_LAYOUT_OVER else {}
    for node in subgraph.nodes:
        years = subgraph.node_years.get(node.id, [])
        position = dict(zip(("x", "y"), seeds[node.id], strict=True)) if seeds else {}
        net.add_node(
            node.id,
            label=_short(names[node.id]),
            shape=NODE_STYLES[node.label].shape,
            color=node_colour(node),
            title=node_tooltip(node, subgraph.source_dates, years, served=served),
            # Read by the page's filters and search, ignored by vis-network.
            nodeType=node.label,
            name=names[node.id],
            years=years,
            status=node.properties.get("status") if node.label == "Commitment" else None,
            props=node.properties,  # the side panel's properties and evidence
            **position,
        )
    # pyvis checks each edge's endpoints against a list; a set keeps that linear.
    known = set(names)
    for number, edge in enumerate(subgraph.edges):
        if edge.start_id not in known or edge.end_id not in known:
            raise ValueError(f"edge {edge.key} leaves the subgraph")
        # Colour, width and arrows of ordinary edges are the options' defaults: less to send.
        net.edges.append(
            {
                "id": number,
                "from": edge.start_id,
                "to": edge.end_id,
                "label": edge.type,
                "title": edge_tooltip(edge, names, subgraph.source_dates),
                "relType": edge.type,
                **EDGE_STYLES.get(edge.type, {}),
            }
        )
    net.options = network_options(len(subgraph.nodes))
    return net


def _legend(subgraph: Subgraph) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for node in subgraph.nodes:
        counts[node.label] = counts.get(node.label, 0) + 1
    statuses: dict[str, int] = {}
    for node in subgraph.nodes:
        if node.label == "Commitment":
            status = str(node.properties.get("status") or "unknown")
            statuses[status] = statuses.get(status, 0) + 1
    glyph = lambda shape: Markup(_GLYPHS[shape])  # noqa: E731 — constants, not input
    return {
        "types": [
            {
                "label": label,
                "count": counts[label],
                "colour": NODE_STYLES[label].colour,
                "glyph": glyph(NODE_STYLES[label].shape),
            }
            for label in NODE_LABELS
            if label in counts
        ],
        "statuses": [
            {"status": status, "count": statuses.get(status, 0), "colour": colour}
            for status, colour in (*STATUS_COLOURS.items(), ("unknown", UNKNOWN_STATUS_COLOUR))
            if status in statuses
        ],
        "edges": [
            {"type": "relationship", "colour": EDGE_COLOUR, "dash": ""},
            *(
                {
                    "type": name,
                    "colour": style["color"],
                    "dash": " ".join(map(str, style["dashes"])),
                }
                for name, style in EDGE_STYLES.items()
            ),
        ],
    }


def network_items(subgraph: Subgraph, *, served: bool = True) -> dict[str, Any]:
    """The page's nodes and edges for ``subgraph``, styled as the page draws them: what the
    API sends when a served page expands a node's neighbours."""
    nodes, edges, *_ = build_network(subgraph, served=served).get_network_data()
    return {"nodes": nodes, "edges": edges}


def render_html(
    subgraph: Subgraph,
    *,
    asset_url: str | None = None,
    timeline_url: str | None = None,
    expand_url: str | None = None,
) -> str:
    """The page of a subgraph. ``asset_url=None`` writes the scripts and styles into the page;
    otherwise they are linked as ``{asset_url}/{name}`` (e.g. ``/static/viz``).
    ``timeline_url`` (the API's ``/view/timeline``): a Measure's panel links its timeline;
    ``expand_url`` (the API's ``/view/neighbours``): the panel can add a node's neighbours."""
    net = build_network(subgraph, served=timeline_url is not None)
    nodes, edges, _, _, _, options = net.get_network_data()
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "focus": subgraph.focus,
        "title": subgraph.title,
        "timeline_url": timeline_url,
        "expand_url": expand_url,
    }
    inline = asset_url is None
    assets = (
        {name.replace(".", "_").replace("-", "_"): Markup(_asset_text(name)) for name in ASSETS}
        if inline
        else {}
    )
    return _template().render(
        title=subgraph.title,
        data=data,
        years=subgraph.years(),
        legend=_legend(subgraph),
        node_count=len(nodes),
        edge_count=len(edges),
        iterations=stabilisation_iterations(len(nodes)),
        inline=inline,
        asset_url=(asset_url or "").rstrip("/"),
        assets=assets,
    )


def write_html(subgraph: Subgraph, path: str | Path) -> Path:
    """Write the self-contained page (scripts and styles inside it) to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(subgraph), encoding="utf-8")
    return path
