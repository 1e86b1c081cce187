"""Linking: candidates scored, assigned one to one, reduced and written as BUILDS_ON."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
from pydantic import BaseModel, Field

from policykg.graph.lineage.candidates import _profiles, candidate_pairs
from policykg.graph.lineage.config import LINEAGE_DOCUMENT_ID, LineageConfig
from policykg.graph.lineage.scoring import Link, Rarities, _Scorer
from policykg.graph.lineage.statements import Statement, letters_by_region, read_statements
from policykg.graph.model import GraphDocument, GraphRelationship
from policykg.graph.stores import GraphStore, ReplaceScope
from policykg.graph.succession import Succession, load_succession


class LineageResult(BaseModel):
    links: list[Link] = Field(default_factory=list, description="the links written")
    candidates: int = 0
    undated_documents: list[str] = Field(default_factory=list)
    regions: list[str] = Field(
        default_factory=list, description="the regions (prefectures) whose links were relinked"
    )

    def edges(self) -> list[GraphRelationship]:
        best: dict[tuple[str, str], Link] = {}
        for link in sorted(self.links, key=_link_order):
            # a measure named alike in two regions may be linked from both: one edge
            best.setdefault((link.later.measure_id, link.earlier.measure_id), link)
        return [
            GraphRelationship(
                type="BUILDS_ON",
                start_id=link.later.measure_id,
                end_id=link.earlier.measure_id,
                properties={
                    "score": link.score,
                    "rationale": link.rationale,
                    "region": link.later.region or "",
                    "evidence_file": link.later.evidence_file,
                    "evidence_sentence": link.later.evidence_sentence,
                    "evidence_start": link.later.evidence_start,
                    "evidence_end": link.later.evidence_end,
                },
            )
            for link in best.values()
        ]


def find_links(
    statements: list[Statement],
    succession: Succession | None = None,
    config: LineageConfig | None = None,
    rarities: Rarities | None = None,
) -> LineageResult:
    """Score every candidate pair and keep the links (pure: no store). ``rarities``: how rare
    terms are in the whole store, when ``statements`` are one region of it."""
    config = config or LineageConfig()
    succession = succession or Succession()
    undated = sorted({s.document_id for s in statements if not s.document_date})
    dated = [s for s in statements if s.document_date]
    profiles = _profiles(dated, config)
    scorer = _Scorer(profiles, succession, config, rarities)

    by_pair: dict[tuple[str, str], list[Link]] = defaultdict(list)
    candidates = 0
    keys = [scorer.key_terms(p) for p in profiles]
    lines: dict[str, str] = {}

    def owner_line(agency: str) -> str:  # the body an agency became: its line's name
        if agency not in lines:
            lines[agency] = succession.successor_as_of(agency)
        return lines[agency]

    for i, j in candidate_pairs(profiles, keys, config, owner_line):
        candidates += 1
        link = scorer.score(profiles[i], profiles[j])
        if link is not None:
            a, b = profiles[i].statement, profiles[j].statement
            by_pair[(a.document_id, b.document_id)].append(link)

    assigned = {pair: _one_to_one(by_pair[pair]) for pair in sorted(by_pair)}
    dates = {p.statement.document_id: p.statement.document_date or "" for p in profiles}
    matched = [
        lk
        for pair in _letters_continued(assigned, dates, config.letter_share)
        for lk in assigned[pair]
    ]
    # Links a chain through an intermediate letter implies go first (2022 -> 2020 -> 2019
    # says 2022 -> 2019 already); of the rest each later commitment keeps its best.
    links = _best_per_commitment(_measure_edges(matched), config.links_per_measure)
    return LineageResult(links=links, candidates=candidates, undated_documents=undated)


def _letters_continued(
    assigned: dict[tuple[str, str], list[Link]], dates: dict[str, str], share: float
) -> list[tuple[str, str]]:
    """The (later, earlier) letter pairs kept: a reply follows up the line of letters its
    steps continue most (the sum of their scores), and any other line whose sum is at least
    ``share`` of that. One body's steps recur from letter to letter; which letters a reply
    continues shows in all its steps together, not in one recurring step that resembles
    another letter's.

    A line is letters already linked to one another (2022 reporting on both 2020 and the 2019
    letter 2020 continued follows one line): later letters are decided oldest first, and each
    joins the lines it continues."""
    line: dict[str, str] = {}

    def root(doc: str) -> str:
        while line.get(doc, doc) != doc:
            doc = line[doc]
        return doc

    by_later: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (later, earlier), links in sorted(assigned.items()):
        by_later[later].append((earlier, sum(lk.score for lk in links)))
    kept: list[tuple[str, str]] = []
    for later in sorted(by_later, key=lambda d: (dates.get(d, ""), d)):
        strength: dict[str, float] = defaultdict(float)
        for earlier, value in by_later[later]:
            strength[root(earlier)] += value
        best = max(strength.values())
        for earlier, _ in by_later[later]:
            if strength[root(earlier)] >= share * best:
                kept.append((later, earlier))
                mine, theirs = root(later), root(earlier)
                if mine != theirs:
                    line[mine] = theirs
    return kept


def _best_per_commitment(links: list[Link], keep: int) -> list[Link]:
    """A later commitment continues what it continues best: its ``keep`` strongest links
    across every earlier letter (real letters rarely continue more than one earlier step)."""
    by_later: dict[str, list[Link]] = defaultdict(list)
    for link in sorted(links, key=_link_order):
        by_later[link.later.commitment_id].append(link)
    kept = (lk for group in by_later.values() for lk in group[:keep])
    return sorted(kept, key=lambda lk: (lk.later.measure_id, lk.earlier.measure_id))


def _one_to_one(links: list[Link]) -> list[Link]:
    """Per pair of letters, each measure continues at most one and is continued by at most
    one: the assignment with the most total evidence (a greedy pick would let one strong but
    wrong pair take a measure that two right pairs need)."""
    graph = nx.Graph()
    by_pair: dict[tuple[str, str], Link] = {}
    for link in sorted(links, key=_link_order):
        pair = (link.later.measure_id, link.earlier.measure_id)
        if pair in by_pair:
            continue
        by_pair[pair] = link
        graph.add_edge(("later", pair[0]), ("earlier", pair[1]), weight=link.score)
    chosen = []
    matching: set[tuple] = set()
    for component in nx.connected_components(graph):
        sub = graph.subgraph(component)
        # A lone pair needs no assignment; only conflicting ones go to the matcher.
        matching |= set(sub.edges) if sub.number_of_edges() == 1 else nx.max_weight_matching(sub)
    for u, v in sorted(matching):
        later, earlier = (u, v) if u[0] == "later" else (v, u)
        chosen.append(by_pair[(later[1], earlier[1])])
    return sorted(chosen, key=_link_order)


def _link_order(link: Link) -> tuple[float, str, str]:
    return (-link.score, link.later.measure_id, link.earlier.measure_id)


def _measure_edges(links: list[Link]) -> list[Link]:
    """One edge per measure pair (the best), none implied by a chain through an intermediate
    letter, no loops.

    The chain test runs on commitments, where every link points back in time (a DAG): nodes
    are visited oldest first and what each reaches is kept as a bit set.
    """
    order = sorted(
        {(lk.later.document_date or "", lk.later.commitment_id) for lk in links}
        | {(lk.earlier.document_date or "", lk.earlier.commitment_id) for lk in links}
    )
    bit = {commitment: 1 << i for i, (_, commitment) in enumerate(order)}
    successors: dict[str, set[str]] = defaultdict(set)
    for link in links:
        successors[link.later.commitment_id].add(link.earlier.commitment_id)
    reach: dict[str, int] = {}
    for _, node in order:  # successors are older, so already done
        mask = 0
        for nxt in successors.get(node, ()):
            mask |= bit[nxt] | reach[nxt]
        reach[node] = mask
    direct = []
    for link in links:
        start, end = link.later.commitment_id, link.earlier.commitment_id
        via = 0
        for nxt in successors[start]:
            if nxt != end:
                via |= reach[nxt]
        if not via & bit[end]:
            direct.append(link)

    best: dict[tuple[str, str], Link] = {}
    for link in sorted(direct, key=_link_order):
        pair = (link.later.measure_id, link.earlier.measure_id)
        if pair[0] != pair[1]:
            best.setdefault(pair, link)
    # A measure several letters name is one node, so measure links could loop: a measure
    # builds only on one first named before it was (which also makes the links a DAG).
    first_named: dict[str, tuple[str, str]] = {}
    for link in links:
        for statement in (link.later, link.earlier):
            seen = (statement.document_date or "", statement.measure_id)
            first_named[statement.measure_id] = min(
                first_named.get(statement.measure_id, seen), seen
            )
    kept = [
        link for (later, earlier), link in best.items() if first_named[earlier] < first_named[later]
    ]
    return sorted(kept, key=lambda lk: (lk.later.measure_id, lk.earlier.measure_id))


def link_measures(
    store: GraphStore, config: LineageConfig | None = None, *, documents: list[str] | None = None
) -> LineageResult:
    """Recompute BUILDS_ON edges from the store and write them in one transaction, replacing
    the old ones (re-running gives the same edges).

    Links never leave a region (a prefecture, or a province's own letters), so the store is
    read and linked one region at a time: memory grows with the largest region, not with the
    store. ``documents`` (the letters an ingest just wrote) relinks only their regions, and
    leaves every other region's edges as they are: the same edges as linking everything.
    """
    config = config or LineageConfig()
    succession = Succession.read(store)
    regions = letters_by_region(store)
    if documents is None:
        touched = sorted(regions)
    else:
        region_of = {d: region for region, ids in regions.items() for d in ids}
        touched = sorted({region_of[d] for d in documents if d in region_of})
    # Rarity is the whole store's: first a pass that only counts terms, region by region.
    rarities = Rarities()
    for region in sorted(regions):
        statements = [s for s in read_statements(store, regions[region]) if s.document_date]
        rarities.add(_profiles(statements, config))
    result = LineageResult(regions=touched)
    for region in touched:
        found = find_links(read_statements(store, regions[region]), succession, config, rarities)
        result.links.extend(found.links)
        result.candidates += found.candidates
        result.undated_documents.extend(found.undated_documents)
    result.links.sort(key=lambda lk: (lk.later.measure_id, lk.earlier.measure_id))
    result.undated_documents.sort()
    scope = None if documents is None else ReplaceScope("region", tuple(touched))
    store.write(
        GraphDocument(document_id=LINEAGE_DOCUMENT_ID, relationships=result.edges()),
        replace=("BUILDS_ON",),
        replace_scope=scope,
    )
    return result


def run_lineage(
    store: GraphStore,
    config: LineageConfig | None = None,
    succession_file: Path | None = None,
    *,
    documents: list[str] | None = None,
) -> LineageResult:
    """The step after ingest: load agency succession, then link measures across letters
    (``documents``: only the regions of these new letters)."""
    load_succession(store, succession_file)
    return link_measures(store, config, documents=documents)
