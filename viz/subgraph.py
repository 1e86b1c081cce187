"""The record crossing the store → viz boundary: a :class:`Subgraph`, and the views that cut one.

Every view starts from :func:`load_graph` (the store's nodes and relationships, through
:class:`~policykg.graph.stores.GraphStore`) and keeps a set of nodes with every relationship
between them. Two things are computed once over the *whole* graph so that a cut keeps them:

- ``node_years``: the years a node belongs to. Dated nodes have their own year (a Year node,
  a Document's date, a Commitment's year) plus, for what one letter says (Commitment,
  Amount), the year of that letter; an Amount also has the years it is ``IN_YEAR``. Nodes
  without a date (agencies, measures, proposals…) take the years of their dated neighbours,
  then of their neighbours' neighbours, so every connected node has a year to filter by.
- ``source_dates``: each letter file's date, so an evidence tooltip can say when it was written.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from policykg.errors import NotFoundError, QueryParameterError
from policykg.graph.model import DOCUMENT_SCOPED_LABELS, GraphNode, GraphRelationship
from policykg.graph.stores import GraphStore

# Year nodes join every letter of a year; walking through them would turn a neighbourhood
# into a year slice, so they end a walk unless the walk starts at one.
HUB_LABELS: tuple[str, ...] = ("Year",)


class Subgraph(BaseModel):
    """Nodes, the relationships between them, and what the page needs to filter and explain."""

    model_config = ConfigDict(extra="forbid")

    title: str
    nodes: list[GraphNode] = Field(default_factory=list)
    edges: list[GraphRelationship] = Field(default_factory=list)
    focus: str | None = Field(default=None, description="id of the node the view is about")
    node_years: dict[str, list[int]] = Field(
        default_factory=dict, description="node id → the years it belongs to (see module doc)"
    )
    source_dates: dict[str, str] = Field(
        default_factory=dict, description="letter file (evidence_file) → the letter's date"
    )

    def years(self) -> list[int]:
        """Every year a node of this subgraph belongs to, ascending: the page's year filter."""
        return sorted({year for node in self.nodes for year in self.node_years.get(node.id, ())})

    def labels(self) -> list[str]:
        """The node labels present, in first-seen order."""
        return list(dict.fromkeys(node.label for node in self.nodes))

    def node(self, node_id: str) -> GraphNode:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise NotFoundError(f"no node {node_id!r} in this view")

    def induced(self, node_ids: Iterable[str], title: str, focus: str | None = None) -> Subgraph:
        """The given nodes and every edge between two of them; years and dates carried over."""
        keep = set(node_ids)
        nodes = [node for node in self.nodes if node.id in keep]
        edges = [e for e in self.edges if e.start_id in keep and e.end_id in keep]
        # Already validated records: validating them again costs more than drawing them.
        return Subgraph.model_construct(
            title=title,
            nodes=nodes,
            edges=edges,
            focus=focus,
            node_years={n.id: self.node_years[n.id] for n in nodes if n.id in self.node_years},
            source_dates=self.source_dates,
        )

    # --- views --------------------------------------------------------------------------

    def neighbourhood(self, node_id: str, depth: int = 1) -> Subgraph:
        """``node_id`` and every node within ``depth`` steps, either direction."""
        if depth < 0:
            raise QueryParameterError(f"depth must be 0 or more, got {depth}")
        start = self.node(node_id)
        adjacency = self._adjacency()
        seen = {start.id: 0}
        queue = deque([start.id])
        labels = {node.id: node.label for node in self.nodes}
        while queue:
            current = queue.popleft()
            if seen[current] == depth or (current != start.id and labels[current] in HUB_LABELS):
                continue
            for neighbour in adjacency.get(current, ()):
                if neighbour not in seen:
                    seen[neighbour] = seen[current] + 1
                    queue.append(neighbour)
        return self.induced(seen, f"{_display(start)}: neighbourhood, depth {depth}", start.id)

    def lineage(self, measure_id: str) -> Subgraph:
        """A measure and every measure it builds on or that builds on it (BUILDS_ON, any
        length, either direction), with each one's commitments, their letters, years and
        agencies: how the measure evolved."""
        measure = self.node(measure_id)
        if measure.label != "Measure":
            raise QueryParameterError(f"a lineage starts at a Measure, {measure_id!r} is not one")
        chain = self._component(measure.id, {"BUILDS_ON"})
        keep = set(chain)
        for edge in self.edges:
            if edge.type == "ABOUT" and edge.end_id in chain:
                keep.add(edge.start_id)
        commitments = keep - chain
        for edge in self.edges:
            from_commitment = edge.start_id in commitments and edge.type in (
                "IN_YEAR", "IMPLEMENTED_BY"
            )
            if from_commitment or (edge.type == "COMMITS" and edge.end_id in commitments):
                keep.update((edge.start_id, edge.end_id))
            if edge.type == "IMPLEMENTED_BY" and edge.start_id in chain:
                keep.add(edge.end_id)
        return self.induced(keep, f"{_display(measure)}: lineage", measure.id)

    def agency_commitments(self, agency_id: str) -> Subgraph:
        """An agency (and the agencies it succeeded or was succeeded by), the commitments and
        measures it implements, the letters that commit them and their years."""
        agency = self.node(agency_id)
        if agency.label != "Agency":
            raise QueryParameterError(f"{agency_id!r} is not an Agency")
        agencies = self._component(agency.id, {"SUCCEEDED_BY"})
        keep = set(agencies)
        implemented = {
            edge.start_id
            for edge in self.edges
            if edge.type == "IMPLEMENTED_BY" and edge.end_id in agencies
        }
        keep |= implemented
        for edge in self.edges:
            if edge.start_id in implemented and edge.type in ("ABOUT", "IN_YEAR"):
                keep.add(edge.end_id)
            if edge.type == "COMMITS" and edge.end_id in implemented:
                keep.add(edge.start_id)
        return self.induced(keep, f"{_display(agency)}: commitments", agency.id)

    def year_slice(self, year: int) -> Subgraph:
        """Every node that belongs to ``year`` (see the module doc) and the edges between them:
        exactly what the page's year filter shows for that year."""
        keep = [node.id for node in self.nodes if year in self.node_years.get(node.id, ())]
        focus = f"year:{year}" if any(n == f"year:{year}" for n in keep) else None
        return self.induced(keep, f"{self.title} · {year}", focus)

    # --- helpers ------------------------------------------------------------------------

    def _adjacency(self, types: set[str] | None = None) -> dict[str, list[str]]:
        adjacency: dict[str, list[str]] = {}
        for edge in self.edges:
            if types is None or edge.type in types:
                adjacency.setdefault(edge.start_id, []).append(edge.end_id)
                adjacency.setdefault(edge.end_id, []).append(edge.start_id)
        return adjacency

    def _component(self, start: str, types: set[str]) -> set[str]:
        adjacency = self._adjacency(types)
        seen = {start}
        queue = deque([start])
        while queue:
            for neighbour in adjacency.get(queue.popleft(), ()):
                if neighbour not in seen:
                    seen.add(neighbour)
                    queue.append(neighbour)
        return seen


def _display(node: GraphNode) -> str:
    return str(node.properties.get("name") or node.id)


def _year_from_date(value: object) -> int | None:
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def node_years(
    nodes: list[GraphNode], relationships: list[GraphRelationship]
) -> dict[str, list[int]]:
    """The years each node belongs to (rules in the module doc), over a whole graph."""
    by_id = {node.id: node for node in nodes}
    years: dict[str, set[int]] = {node.id: set() for node in nodes}
    for node in nodes:
        own = node.properties.get("year") if node.label in ("Year", "Commitment") else None
        if node.label == "Document":
            own = _year_from_date(node.properties.get("date"))
        if isinstance(own, int):
            years[node.id].add(own)
    for edge in relationships:
        # A letter's own date is its year; its IN_YEAR edge says nothing more.
        dated = edge.start_id in years and edge.end_id in by_id and edge.start_label != "Document"
        if edge.type == "IN_YEAR" and dated:
            years[edge.start_id].add(by_id[edge.end_id].properties["year"])
    document_years = {node.id: set(years[node.id]) for node in nodes if node.label == "Document"}
    for node in nodes:
        if node.label in DOCUMENT_SCOPED_LABELS:
            years[node.id] |= document_years.get(node.properties.get("document_id") or "", set())

    neighbours: dict[str, list[str]] = {}
    for edge in relationships:
        if edge.start_id in years and edge.end_id in years:
            neighbours.setdefault(edge.start_id, []).append(edge.end_id)
            neighbours.setdefault(edge.end_id, []).append(edge.start_id)
    # Undated nodes take their neighbours' years, one ring at a time, so a proposer gets its
    # proposal's years (which come from the letters answering it) but no year leaks further.
    while True:
        ring = {
            node_id: set().union(*(years[n] for n in neighbours.get(node_id, ())))
            for node_id, found in years.items()
            if not found
        }
        ring = {node_id: found for node_id, found in ring.items() if found}
        if not ring:
            break
        for node_id, found in ring.items():
            years[node_id] = found
    # A node nothing dated links to (an agency a letter only names) belongs to the year of
    # the letter its evidence comes from.
    letter_years = {
        source: year
        for source, date in source_dates(nodes).items()
        if (year := _year_from_date(date)) is not None
    }
    for node in nodes:
        source = node.properties.get("evidence_file")
        if not years[node.id] and source in letter_years:
            years[node.id] = {letter_years[source]}
    return {node_id: sorted(found) for node_id, found in years.items()}


def source_dates(nodes: list[GraphNode]) -> dict[str, str]:
    """Letter file → the letter's date, from the Document nodes."""
    return {
        str(node.properties["source"]): str(node.properties["date"])
        for node in nodes
        if node.label == "Document" and node.properties.get("source")
        and node.properties.get("date")
    }


def subgraph_of(
    nodes: list[GraphNode], relationships: list[GraphRelationship], title: str = "policykg graph"
) -> Subgraph:
    """A whole graph as a Subgraph: years and letter dates computed, nothing cut."""
    if not all(isinstance(n, GraphNode) for n in nodes) or not all(
        isinstance(e, GraphRelationship) for e in relationships
    ):
        raise TypeError("subgraph_of takes GraphNode and GraphRelationship records")
    # The records validated themselves when made; a pydantic field would validate each again.
    return Subgraph.model_construct(
        title=title,
        nodes=list(nodes),
        edges=list(relationships),
        node_years=node_years(nodes, relationships),
        source_dates=source_dates(nodes),
    )


def load_graph(store: GraphStore) -> Subgraph:
    """The store's whole graph, the start of every view."""
    return subgraph_of(store.nodes(), store.relationships(), f"policykg graph · {store.target}")


class ViewKind(StrEnum):
    """Which cut of the graph a view shows; ``auto`` picks from the focus node's label."""

    auto = "auto"
    whole = "whole"
    neighbourhood = "neighbourhood"
    lineage = "lineage"
    commitments = "commitments"
    year = "year"


# Names of shared nodes win over the commitments and amounts that repeat them.
_SHARED_FIRST = {label: 1 for label in DOCUMENT_SCOPED_LABELS}


def resolve_node(graph: Subgraph, text: str) -> GraphNode:
    """The node ``text`` names: an id, else an exact name, else the one name containing it.

    Where several nodes match, one that is not a Commitment or Amount (which repeat their
    measure's name) is preferred; a choice that is still ambiguous is an error listing them.
    """
    text = text.strip()
    if not text:
        raise QueryParameterError("an empty name names no node")
    for node in graph.nodes:
        if node.id == text:
            return node
    for matches in (
        [n for n in graph.nodes if n.properties.get("name") == text],
        [n for n in graph.nodes if text in str(n.properties.get("name") or "")],
    ):
        if not matches:
            continue
        best_rank = min(_SHARED_FIRST.get(n.label, 0) for n in matches)
        best = [n for n in matches if _SHARED_FIRST.get(n.label, 0) == best_rank]
        if len(best) == 1:
            return best[0]
        shown = ", ".join(n.id for n in best[:5]) + (" …" if len(best) > 5 else "")
        raise QueryParameterError(
            f"{text!r} names {len(best)} nodes ({shown}); give an id or a longer name"
        )
    raise NotFoundError(f"no node has the id or name {text!r}")


def select_view(
    graph: Subgraph,
    *,
    focus: str | None = None,
    year: int | None = None,
    depth: int = 1,
    kind: ViewKind = ViewKind.auto,
    max_nodes: int | None = None,
) -> Subgraph:
    """The view the CLI and the API ask for.

    Without a focus: the whole graph, or the year slice of ``year``. With a focus, ``auto``
    shows a Measure's lineage, an Agency's commitments and any other node's neighbourhood
    to ``depth``; ``year`` then keeps the part of that view belonging to the year. A view of
    more than ``max_nodes`` nodes is refused rather than sent to a browser that cannot draw it.
    """
    view = _select(graph, focus=focus, year=year, depth=depth, kind=kind)
    if max_nodes is not None and len(view.nodes) > max_nodes:
        raise QueryParameterError(
            f"the view has {len(view.nodes)} nodes, more than the limit of {max_nodes}; "
            "narrow it with a focus node or a year"
        )
    return view


def _select(
    graph: Subgraph, *, focus: str | None, year: int | None, depth: int, kind: ViewKind
) -> Subgraph:
    kind = ViewKind(kind)
    if kind in (ViewKind.neighbourhood, ViewKind.lineage, ViewKind.commitments) and not focus:
        raise QueryParameterError(f"a {kind.value} view needs a focus node")
    if kind is ViewKind.year and year is None:
        raise QueryParameterError("a year view needs a year")
    if focus is None or kind in (ViewKind.whole, ViewKind.year):
        return graph if year is None else graph.year_slice(year)
    node = resolve_node(graph, focus)
    if kind is ViewKind.auto:
        kind = {"Measure": ViewKind.lineage, "Agency": ViewKind.commitments}.get(
            node.label, ViewKind.neighbourhood
        )
    if kind is ViewKind.lineage:
        view = graph.lineage(node.id)
    elif kind is ViewKind.commitments:
        view = graph.agency_commitments(node.id)
    else:
        view = graph.neighbourhood(node.id, depth)
    if year is None:
        return view
    sliced = view.year_slice(year)
    kept = any(n.id == node.id for n in sliced.nodes)
    return sliced.model_copy(update={"focus": node.id if kept else None})
