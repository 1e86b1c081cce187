"""The record crossing the store → viz boundary: a :class:`Subgraph`, and the views that cut one.

A view is chosen by a named query (``cypher/``) and drawn from the nodes it names, never by
loading the whole graph: a Measure's lineage is what ``measure_evolution`` answers, an
Agency's commitments what ``agency_commitments`` and ``agency_history`` answer, a node's
neighbourhood a walk of ``subgraph_links`` rings; ``subgraph_nodes`` and ``subgraph_links``
then read those nodes and every relationship between them. Only the whole graph and its year
slices read everything (:func:`load_graph`).

Two things are computed over the nodes a subgraph holds, so that the page can filter and
explain them:

- ``node_years``: the years a node belongs to. Dated nodes have their own year (a Year node,
  a Document's date, a Commitment's year) plus, for what one letter says (Commitment,
  Amount), the year of that letter; an Amount also has the years it is ``IN_YEAR``. Nodes
  without a date (agencies, measures, proposals…) take the years of their dated neighbours,
  then of their neighbours' neighbours, so every connected node has a year to filter by.
- ``source_dates``: each letter file's date, so an evidence tooltip can say when it was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from policykg.errors import NotFoundError, QueryParameterError
from policykg.graph.model import (
    DOCUMENT_SCOPED_LABELS,
    NODE_PROPERTIES,
    RELATIONSHIP_PROPERTIES,
    GraphNode,
    GraphRelationship,
    label_of,
    node_id,
)
from policykg.graph.queries import run_query
from policykg.graph.resolve import resolve_node as resolve_node_id
from policykg.graph.stores import GraphStore

# Year nodes join every letter of a year; walking through them would turn a neighbourhood
# into a year slice, so they end a walk unless the walk starts at one.
HUB_LABELS: tuple[str, ...] = ("Year",)
# The most ids one subgraph_nodes / subgraph_links call takes (their parameter's bound).
IDS_PER_QUERY = 5_000


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

    def year_slice(self, year: int) -> Subgraph:
        """Every node that belongs to ``year`` (see the module doc) and the edges between them:
        exactly what the page's year filter shows for that year."""
        keep = [node.id for node in self.nodes if year in self.node_years.get(node.id, ())]
        focus = f"year:{year}" if any(n == f"year:{year}" for n in keep) else None
        return self.induced(keep, f"{self.title} · {year}", focus)


def _display(node: GraphNode) -> str:
    return str(node.properties.get("name") or node.id)


def _year_from_date(value: object) -> int | None:
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def node_years(
    nodes: list[GraphNode], relationships: list[GraphRelationship]
) -> dict[str, list[int]]:
    """The years each node belongs to (rules in the module doc), over the nodes given."""
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
            identity: set().union(*(years[n] for n in neighbours.get(identity, ())))
            for identity, found in years.items()
            if not found
        }
        ring = {identity: found for identity, found in ring.items() if found}
        if not ring:
            break
        for identity, found in ring.items():
            years[identity] = found
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
    return {identity: sorted(found) for identity, found in years.items()}


def source_dates(nodes: list[GraphNode]) -> dict[str, str]:
    """Letter file → the letter's date, from the Document nodes."""
    return {
        str(node.properties["source"]): str(node.properties["date"])
        for node in nodes
        if node.label == "Document"
        and node.properties.get("source")
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
    """The store's whole graph: the whole view, and what a year slice of it is cut from."""
    return subgraph_of(store.nodes(), store.relationships(), f"policykg graph · {store.target}")


def subgraph_from(
    store: GraphStore, node_ids: Iterable[str], title: str, focus: str | None = None
) -> Subgraph:
    """The nodes ``node_ids`` names that the store holds, every relationship between two of
    them, and their years and letter dates (named queries ``subgraph_nodes`` and
    ``subgraph_links``)."""
    ids = sorted(set(node_ids))
    nodes: list[GraphNode] = []
    relationships: dict[tuple[str, str, str], GraphRelationship] = {}
    for chunk in _chunks(ids):
        for row in run_query(store, "subgraph_nodes", {"ids": chunk}).rows:
            schema = NODE_PROPERTIES[row["label"]]
            properties = row["properties"] or {}
            nodes.append(
                GraphNode(
                    id=row["id"],
                    label=row["label"],
                    properties={name: properties.get(name) for name in schema},
                )
            )
    if len(ids) <= IDS_PER_QUERY:
        rows = run_query(store, "subgraph_links", {"ids": ids}).rows
    else:  # ends in different chunks: walk out from each chunk, keep the edges inside
        kept = set(ids)
        rows = [
            row
            for chunk in _chunks(ids)
            for row in run_query(store, "subgraph_links", {"ids": chunk, "between": False}).rows
            if row["start_id"] in kept and row["end_id"] in kept
        ]
    for row in rows:
        relationship = _relationship(row)
        relationships[relationship.key] = relationship
    edges = sorted(relationships.values(), key=lambda rel: rel.key)
    graph = subgraph_of(sorted(nodes, key=lambda node: node.id), edges, title)
    return graph.model_copy(update={"focus": focus})


def _relationship(row: dict) -> GraphRelationship:
    schema = RELATIONSHIP_PROPERTIES[row["type"]]
    properties = row["properties"] or {}
    return GraphRelationship(
        type=row["type"],
        start_id=row["start_id"],
        end_id=row["end_id"],
        properties={name: properties.get(name) for name in schema},
    )


def _chunks(ids: list[str]) -> list[list[str]]:
    return [ids[at : at + IDS_PER_QUERY] for at in range(0, len(ids), IDS_PER_QUERY)]


# --- views --------------------------------------------------------------------------------


def neighbourhood_view(store: GraphStore, node: GraphNode, depth: int = 1) -> Subgraph:
    """``node`` and every node within ``depth`` steps, either direction; a Year node ends
    the walk (see HUB_LABELS) unless the walk starts at it."""
    if depth < 0:
        raise QueryParameterError(f"depth must be 0 or more, got {depth}")
    seen = {node.id}
    frontier = [node.id]
    for _ in range(depth):
        walk_from = [n for n in frontier if n == node.id or label_of(n) not in HUB_LABELS]
        ring: set[str] = set()
        for chunk in _chunks(walk_from):
            for row in run_query(store, "subgraph_links", {"ids": chunk, "between": False}).rows:
                ring.update((row["start_id"], row["end_id"]))
        frontier = sorted(ring - seen)
        if not frontier:
            break
        seen.update(frontier)
    return subgraph_from(store, seen, f"{_display(node)}: neighbourhood, depth {depth}", node.id)


def lineage_view(store: GraphStore, measure: GraphNode) -> Subgraph:
    """A measure's lineage as ``measure_evolution`` answers it: every measure it builds on or
    that builds on it (BUILDS_ON, any length, either direction), the letters reporting each,
    their commitments, years and owners: how the measure evolved."""
    if measure.label != "Measure":
        raise QueryParameterError(f"a lineage starts at a Measure, {measure.id!r} is not one")
    rows = run_query(store, "measure_evolution", {"measure": measure.id}).rows
    columns = ("measure_id", "commitment_id", "document_id", "owner_id", "year_id")
    keep = {measure.id} | {row[c] for row in rows for c in columns if row[c]}
    return subgraph_from(store, keep, f"{_display(measure)}: lineage", measure.id)


def commitments_view(store: GraphStore, agency: GraphNode) -> Subgraph:
    """An agency, the agencies before and after it (``agency_history``), and what
    ``agency_commitments`` says it and its predecessors carry: the commitments, their
    measures, the letters that commit them and the letters' years."""
    if agency.label != "Agency":
        raise QueryParameterError(f"{agency.id!r} is not an Agency")
    history = run_query(store, "agency_history", {"agency": agency.id}).rows
    keep = {agency.id} | {node_id("Agency", row["name"]) for row in history if row["name"]}
    for name in sorted(keep):
        rows = run_query(
            store, "agency_commitments", {"agency": name, "include_predecessors": False}
        ).rows
        columns = ("holder_id", "commitment_id", "document_id", "year_id")
        keep |= {row[c] for row in rows for c in columns if row[c]}
        keep |= {node_id("Measure", row["measure"]) for row in rows if row["measure"]}
    return subgraph_from(store, keep, f"{_display(agency)}: commitments", agency.id)


class ViewKind(StrEnum):
    """Which cut of the graph a view shows; ``auto`` picks from the focus node's label."""

    auto = "auto"
    whole = "whole"
    neighbourhood = "neighbourhood"
    lineage = "lineage"
    commitments = "commitments"
    year = "year"


def resolve_node(store: GraphStore, text: str) -> GraphNode:
    """The node ``text`` names, decided as the CLI and the API decide it
    (:func:`policykg.graph.resolve.resolve_node`: an id, else an exact name, key or alias,
    else the one name containing it; a shared node before the commitments repeating its name).
    """
    text = text.strip()
    if not text:
        raise QueryParameterError("an empty name names no node")
    identity = resolve_node_id(store, text)
    found = run_query(store, "node", {"id": identity}).rows
    return _node(identity, found[0]["properties"] if found else None)


def _node(identity: str, properties: dict | None) -> GraphNode:
    label = label_of(identity)
    properties = properties or {}
    return GraphNode(
        id=identity,
        label=label,
        properties={name: properties.get(name) for name in NODE_PROPERTIES[label]},
    )


def select_view(
    store: GraphStore,
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
    more than ``max_nodes`` nodes is refused rather than sent to a browser that cannot draw it
    (the whole graph before it is read).
    """
    kind = ViewKind(kind)
    if kind in (ViewKind.neighbourhood, ViewKind.lineage, ViewKind.commitments) and not focus:
        raise QueryParameterError(f"a {kind.value} view needs a focus node")
    if kind is ViewKind.year and year is None:
        raise QueryParameterError("a year view needs a year")
    if focus is None or kind in (ViewKind.whole, ViewKind.year):
        if year is None and max_nodes is not None:
            _refuse_if_larger(sum(store.counts()["nodes"].values()), max_nodes)
        graph = load_graph(store)
        view = graph if year is None else graph.year_slice(year)
    else:
        view = _focused(store, focus=focus, year=year, depth=depth, kind=kind)
    if max_nodes is not None:
        _refuse_if_larger(len(view.nodes), max_nodes)
    return view


def _refuse_if_larger(size: int, max_nodes: int) -> None:
    if size > max_nodes:
        raise QueryParameterError(
            f"the view has {size} nodes, more than the limit of {max_nodes}; "
            "narrow it with a focus node or a year"
        )


def _focused(
    store: GraphStore, *, focus: str, year: int | None, depth: int, kind: ViewKind
) -> Subgraph:
    node = resolve_node(store, focus)
    if kind is ViewKind.auto:
        kind = {"Measure": ViewKind.lineage, "Agency": ViewKind.commitments}.get(
            node.label, ViewKind.neighbourhood
        )
    if kind is ViewKind.lineage:
        view = lineage_view(store, node)
    elif kind is ViewKind.commitments:
        view = commitments_view(store, node)
    else:
        view = neighbourhood_view(store, node, depth)
    if year is None:
        return view
    sliced = view.year_slice(year)
    kept = any(n.id == node.id for n in sliced.nodes)
    return sliced.model_copy(update={"focus": node.id if kept else None})
