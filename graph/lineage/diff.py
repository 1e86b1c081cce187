"""What changed between two replies: measures new, continued, completed, dropped."""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, Field

from policykg.errors import NotComparableError, NotFoundError
from policykg.graph.build import doc_number_key
from policykg.graph.lineage.evolution import BUILDS_ON_EDGES
from policykg.graph.lineage.statements import lineage_cypher, read_statements
from policykg.graph.model import node_id
from policykg.graph.stores import GraphStore
from policykg.graph.succession import Succession

DOCUMENTS = lineage_cypher("documents")
SIDES = lineage_cypher("sides")


class DiffEntry(BaseModel):
    measure: str
    measure_id: str
    status_before: str | None = None
    status_after: str | None = None
    continues: str | None = Field(default=None, description="the earlier measure it continues")
    continues_id: str | None = None
    owner: str | None = None
    evidence: str | None = None


class DocumentDiff(BaseModel):
    earlier: str
    earlier_date: str | None
    later: str
    later_date: str | None
    new: list[DiffEntry] = Field(default_factory=list)
    continued: list[DiffEntry] = Field(default_factory=list)
    completed: list[DiffEntry] = Field(default_factory=list)
    dropped: list[DiffEntry] = Field(default_factory=list)


def find_document(store: GraphStore, ref: str) -> dict:
    """A document by id, doc number, name or source file."""
    key = doc_number_key(ref)  # 〔2021〕, [2021], （2021） name the same document
    rows = store.run_read(
        DOCUMENTS,
        {
            "ref": ref,
            "prefixed": f"document:{ref}",
            "normalised": node_id("Document", key) if key else "",
        },
    )
    if not rows:
        raise NotFoundError(f"no document {ref!r} (give a doc number, id or source file)")
    if len(rows) > 1:
        raise NotFoundError(f"{ref!r} names {len(rows)} documents: {[r['id'] for r in rows]}")
    return rows[0]


def diff_documents(store: GraphStore, first: str, second: str) -> DocumentDiff:
    """Measures new, continued, completed and dropped from the earlier reply to the later.

    Only like is compared with like: two replies to the same proposal, or replies of one
    body (or of a body and its successor) — anything else raises
    :class:`NotComparableError`. A later measure continues an earlier one when it is the same
    measure or reaches it through BUILDS_ON; *completed* is a continuation the later letter
    reports done (and the earlier did not); *dropped* is an earlier measure the later reply
    does not speak of again — not a decision to stop it, only silence in that reply.
    """
    docs = sorted(
        (find_document(store, first), find_document(store, second)),
        key=lambda d: (d["date"] or "", d["id"]),
    )
    earlier_doc, later_doc = docs
    _require_comparable(store, earlier_doc, later_doc)
    statements = read_statements(store)
    before = {s.measure_id: s for s in statements if s.document_id == earlier_doc["id"]}
    after = {s.measure_id: s for s in statements if s.document_id == later_doc["id"]}
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in store.run_read(BUILDS_ON_EDGES):
        graph[edge["later"]].add(edge["earlier"])

    diff = DocumentDiff(
        earlier=earlier_doc["name"] or earlier_doc["id"],
        earlier_date=earlier_doc["date"],
        later=later_doc["name"] or later_doc["id"],
        later_date=later_doc["date"],
    )
    continued_earlier: set[str] = set()
    for measure_id, s in sorted(after.items()):
        origin = measure_id if measure_id in before else _first_reached(graph, measure_id, before)
        entry = DiffEntry(
            measure=s.label,
            measure_id=measure_id,
            status_after=s.status,
            owner=s.agency,
            evidence=s.evidence_sentence,
        )
        if origin is None:
            diff.new.append(entry)
            continue
        continued_earlier.add(origin)
        entry.status_before = before[origin].status
        entry.continues = before[origin].label
        entry.continues_id = origin
        if s.status == "done" and before[origin].status != "done":
            diff.completed.append(entry)
        else:
            diff.continued.append(entry)
    for measure_id, s in sorted(before.items()):
        if measure_id not in continued_earlier:
            diff.dropped.append(
                DiffEntry(
                    measure=s.label,
                    measure_id=measure_id,
                    status_before=s.status,
                    owner=s.agency,
                    evidence=s.evidence_sentence,
                )
            )
    return diff


def _require_comparable(store: GraphStore, earlier: dict, later: dict) -> None:
    sides = [store.run_read(SIDES, {"id": d["id"]}) for d in (earlier, later)]
    issuers = [{r["issuer"] for r in rows if r["issuer"]} for rows in sides]
    proposals = [{r["proposal"] for r in rows if r["proposal"]} for rows in sides]
    if proposals[0] & proposals[1] or issuers[0] & issuers[1]:
        return
    succession = Succession.read(store)
    if any(
        succession.same_line(b, a, later["date"]) or succession.same_line(a, b, later["date"])
        for a in issuers[0]
        for b in issuers[1]
    ):
        return
    raise NotComparableError(
        f"{earlier['name'] or earlier['id']} and {later['name'] or later['id']} answer different "
        "proposals of different bodies; diff compares two replies to one proposal, or one "
        "body's replies in two years"
    )


def _first_reached(graph: dict[str, set[str]], start: str, targets: dict) -> str | None:
    """The nearest measure in ``targets`` that ``start`` builds on, directly or by a chain."""
    frontier, seen = [start], {start}
    while frontier:
        next_frontier = []
        for node in sorted(frontier):
            for earlier in sorted(graph.get(node, ())):
                if earlier in targets:
                    return earlier
                if earlier not in seen:
                    seen.add(earlier)
                    next_frontier.append(earlier)
        frontier = next_frontier
    return None
