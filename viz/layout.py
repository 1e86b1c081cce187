"""Starting positions for big views, computed in linear time so the browser's force layout
only has to tidy up.

Force layouts in Python are O(n²) per step without scipy (networkx's spring layout and
ForceAtlas2 take 5–12 s for 2,000 nodes here), and a browser given random starting points
needs hundreds of steps. This graph has an obvious skeleton instead: each letter (Document)
is a hub of what it says. So letters are placed on a sunflower spiral in date order, every
other node joins the letter it is fewest steps from (ties: the earlier letter), and each
letter's nodes sit on rings around it by that distance, children next to their parents.
Nodes no letter reaches form one more group at the end of the spiral.
"""

from __future__ import annotations

import math
from collections import deque

from policykg.viz.subgraph import Subgraph

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
RING_GAP = 110.0  # canvas units between a letter's rings (a node is drawn ~30 wide)
NODE_GAP = 36.0  # arc length kept free per node on a ring


def seed_positions(subgraph: Subgraph) -> dict[str, tuple[float, float]]:
    """``node id → (x, y)`` for every node of ``subgraph``."""
    adjacency: dict[str, list[str]] = {node.id: [] for node in subgraph.nodes}
    for edge in subgraph.edges:
        adjacency[edge.start_id].append(edge.end_id)
        adjacency[edge.end_id].append(edge.start_id)
    letters = sorted(
        (node for node in subgraph.nodes if node.label == "Document"),
        key=lambda node: (str(node.properties.get("date") or ""), node.id),
    )
    # Multi-source breadth-first search: each node joins the nearest letter.
    home: dict[str, str] = {}
    depth: dict[str, int] = {}
    parent: dict[str, str] = {}
    queue: deque[str] = deque()
    for letter in letters:
        home[letter.id], depth[letter.id] = letter.id, 0
        queue.append(letter.id)
    while queue:
        current = queue.popleft()
        for neighbour in adjacency[current]:
            if neighbour not in home:
                home[neighbour] = home[current]
                depth[neighbour] = depth[current] + 1
                parent[neighbour] = current
                queue.append(neighbour)
    orphans = [node.id for node in subgraph.nodes if node.id not in home]
    groups: dict[str, list[str]] = {letter.id: [] for letter in letters}
    for node in subgraph.nodes:
        if node.id in home and node.id != home[node.id]:
            groups[home[node.id]].append(node.id)

    positions: dict[str, tuple[float, float]] = {}
    centres = _spiral(
        [_outer_radius(members, depth) for members in groups.values()]
        + [RING_GAP if orphans else 0.0]
    )
    for (letter_id, members), (cx, cy) in zip(groups.items(), centres, strict=False):
        positions[letter_id] = (cx, cy)
        _rings(members, depth, parent, positions, (cx, cy))
    if orphans:
        _ring_of(orphans, centres[-1], RING_GAP, positions)
    return positions


def _spiral(radii: list[float]) -> list[tuple[float, float]]:
    """Centres on a sunflower spiral, spaced so that groups of these outer radii do not
    overlap: each node stays nearer its own letter than any other."""
    spacing = 2.2 * max([RING_GAP, *radii])
    return [
        (
            spacing * math.sqrt(i) * math.cos(i * GOLDEN_ANGLE),
            spacing * math.sqrt(i) * math.sin(i * GOLDEN_ANGLE),
        )
        for i in range(len(radii))
    ]


def _outer_radius(members: list[str], depth: dict[str, int]) -> float:
    """The radius of a group's outermost ring, as :func:`_rings` lays it out."""
    sizes: dict[int, int] = {}
    for node_id in members:
        sizes[depth[node_id]] = sizes.get(depth[node_id], 0) + 1
    radius = 0.0
    for level in sorted(sizes):
        radius = max(radius + RING_GAP, sizes[level] * NODE_GAP / (2 * math.pi))
    return radius


def _rings(
    members: list[str],
    depth: dict[str, int],
    parent: dict[str, str],
    positions: dict[str, tuple[float, float]],
    centre: tuple[float, float],
) -> None:
    by_depth: dict[int, list[str]] = {}
    for node_id in members:
        by_depth.setdefault(depth[node_id], []).append(node_id)
    angle: dict[str, float] = {}
    radius = 0.0
    for level in sorted(by_depth):
        ring = by_depth[level]
        # Children follow their parent's angle so an edge stays short.
        ring.sort(key=lambda node_id: angle.get(parent.get(node_id, ""), 0.0))
        radius = max(radius + RING_GAP, len(ring) * NODE_GAP / (2 * math.pi))
        angle.update(_ring_of(ring, centre, radius, positions))


def _ring_of(
    ring: list[str],
    centre: tuple[float, float],
    radius: float,
    positions: dict[str, tuple[float, float]],
) -> dict[str, float]:
    angles = {}
    for i, node_id in enumerate(ring):
        theta = 2 * math.pi * i / len(ring)
        angles[node_id] = theta
        positions[node_id] = (
            centre[0] + radius * math.cos(theta),
            centre[1] + radius * math.sin(theta),
        )
    return angles
