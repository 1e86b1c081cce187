"""The seed graph the query and API tests read: the example letters, ingested and linked.

The example letters are the project's own (examples/letters: two invented replies of
Mianyang's food-safety regulator, 2018 and 2021). The graph is built the way a user builds it
(extract → build_graph → store.write, then the lineage step that adds SUCCEEDED_BY and
BUILDS_ON), so expected answers are facts of the seed graph. :class:`GraphFacts` reads the
same store through ``nodes()`` / ``relationships()``, without Cypher, to compute expected
answers independently of the queries under test; the constants below are what a researcher
reads in the two letters.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

from policykg.extract.pipeline import extract_file
from policykg.graph.build import build_graph
from policykg.graph.lineage import run_lineage
from policykg.graph.model import GraphDocument, GraphNode
from policykg.graph.stores import GraphStore
from tests.letters import EXAMPLES

# What the two example letters say, as a reader of them finds it.
ISSUER_2021 = "绵阳市市场监督管理局"  # replies in 2021
ISSUER_2018 = "绵阳市食品药品监督管理局"  # replies in 2018; succeeded by ISSUER_2021 in 2019
AGRICULTURE = "绵阳市农业局"  # 2018 owner of the traceability platform; now 绵阳市农业农村局
COMMERCE = "绵阳市商务局"  # co-handles 2018, carries one measure, issues no letter, no successor
DOC_2018, DOC_2021 = "绵食药监函〔2018〕27号", "绵市监函〔2021〕43号"
PROPOSAL_2018, PROPOSAL_2021 = "20180063", "20210112"
PROPOSER_2018, PROPOSER_2021 = "王立新", "民进绵阳市委会"  # a member; a party's city committee
# The traceability platform: planned by 市农业局 in 2018 (for 今年10月, 2018-10), online in
# 2020-06 by the 2021 letter, whose measure the lineage step links back (BUILDS_ON) to 2018's.
PLATFORM = "绵阳市食用农产品质量安全追溯平台"  # the 2021 measure's key, done
PLATFORM_2018 = "食用农产品质量安全追溯平台"  # the 2018 measure's key, planned


# A five-way product of the seed graph's ~55 nodes: minutes without a time limit (the query
# and API tests use it to check that limits stop a query).
SLOW_QUERY = (
    "MATCH (a), (b), (c), (d), (e) WHERE a.name + b.name + c.name + d.name + e.name = 'x' "
    "RETURN count(*) AS n"
)


@lru_cache(maxsize=1)
def seed_documents() -> tuple[GraphDocument, ...]:
    """The example letters' graphs (extraction runs once per test session)."""
    return tuple(build_graph(extract_file(path)) for path in sorted(EXAMPLES.glob("*.txt")))


def write_seed(store: GraphStore) -> GraphStore:
    """Empty ``store``, write the example letters, and run the lineage step."""
    store.clear()
    for document in seed_documents():
        store.write(document)
    run_lineage(store)
    return store


class GraphFacts:
    """The store's graph as plain Python, for expected answers that do not use Cypher."""

    def __init__(self, store: GraphStore) -> None:
        self.nodes: dict[str, GraphNode] = {node.id: node for node in store.nodes()}
        self.edges = [(r.type, r.start_id, r.end_id, r.properties) for r in store.relationships()]
        self.out: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.into: dict[tuple[str, str], list[str]] = defaultdict(list)
        for type_, start, end, _ in self.edges:
            self.out[(type_, start)].append(end)
            self.into[(type_, end)].append(start)

    def prop(self, node_id: str | None, name: str) -> Any:
        return None if node_id is None else self.nodes[node_id].properties.get(name)

    def label(self, label: str) -> list[GraphNode]:
        return [node for node in self.nodes.values() if node.label == label]

    def one(self, type_: str, start: str) -> str | None:
        ends = self.out.get((type_, start), [])
        assert len(ends) <= 1, (type_, start, ends)
        return ends[0] if ends else None

    def letter_year(self, document_id: str) -> int | None:
        return self.prop(self.one("IN_YEAR", document_id), "year")

    def document_of(self, commitment_id: str) -> str:
        (document,) = self.into[("COMMITS", commitment_id)]
        return document

    def role(self, commitment_id: str, agency_id: str) -> str:
        (properties,) = [
            props
            for type_, start, end, props in self.edges
            if (type_, start, end) == ("IMPLEMENTED_BY", commitment_id, agency_id)
        ]
        return properties["role"]

    def owner(self, commitment_id: str) -> str | None:
        owners = [
            agency
            for agency in self.out.get(("IMPLEMENTED_BY", commitment_id), [])
            if self.role(commitment_id, agency) in ("owner", "issuer")
        ]
        assert len(owners) <= 1, owners
        return self.prop(owners[0], "name") if owners else None

    def neighbours(self, node_id: str) -> set[str]:
        return {end for _, start, end, _ in self.edges if start == node_id} | {
            start for _, start, end, _ in self.edges if end == node_id
        }

    def within(self, center: str, depth: int) -> dict[str, int]:
        """Breadth-first distances from ``center``, either direction, up to ``depth``."""
        distance = {center: 0}
        frontier = {center}
        for step in range(1, depth + 1):
            frontier = {
                other for node in frontier for other in self.neighbours(node)
            } - distance.keys()
            distance.update(dict.fromkeys(frontier, step))
        return distance
