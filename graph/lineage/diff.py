"""What changed between two replies: measures new, continued, completed, dropped."""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, Field

from policykg.errors import NotFoundError
from policykg.graph.lineage.evolution import BUILDS_ON_EDGES
from policykg.graph.lineage.statements import read_statements
from policykg.graph.store import GraphStore

DOCUMENTS = (
    "MATCH (d:Document) WHERE d.id = $ref OR d.doc_number = $ref OR d.name = $ref "
    "OR d.source = $ref OR d.id = $prefixed "
    "RETURN d.id AS id, d.name AS name, d.`date` AS `date` ORDER BY id"
)


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
    rows = store.run_read(DOCUMENTS, {"ref": ref, "prefixed": f"document:{ref}"})
    if not rows:
        raise NotFoundError(f"no document {ref!r} (give a doc number, id or source file)")
    if len(rows) > 1:
        raise NotFoundError(f"{ref!r} names {len(rows)} documents: {[r['id'] for r in rows]}")
    return rows[0]


def diff_documents(store: GraphStore, first: str, second: str) -> DocumentDiff:
    """Measures new, continued, completed and dropped from the earlier reply to the later.

    A later measure continues an earlier one when it is the same measure or reaches it
    through BUILDS_ON; *completed* is a continuation the later letter reports done (and the
    earlier did not); *dropped* is an earlier measure no later one continues.
    """
    docs = sorted(
        (find_document(store, first), find_document(store, second)),
        key=lambda d: (d["date"] or "", d["id"]),
    )
    earlier_doc, later_doc = docs
    statements = read_statements(store)
    before = {s.measure_id: s for s in statements if s.document_id == earlier_doc["id"]}
    after = {s.measure_id: s for s in statements if s.document_id == later_doc["id"]}
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in store.run_read(BUILDS_ON_EDGES):
        graph[edge["later"]].add(edge["earlier"])

    diff = DocumentDiff(
        earlier=earlier_doc["name"] or earlier_doc["id"], earlier_date=earlier_doc["date"],
        later=later_doc["name"] or later_doc["id"], later_date=later_doc["date"],
    )
    continued_earlier: set[str] = set()
    for measure_id, s in sorted(after.items()):
        origin = measure_id if measure_id in before else _first_reached(graph, measure_id, before)
        entry = DiffEntry(
            measure=s.label, measure_id=measure_id, status_after=s.status,
            owner=s.agency, evidence=s.evidence_sentence,
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
                    measure=s.label, measure_id=measure_id, status_before=s.status,
                    owner=s.agency, evidence=s.evidence_sentence,
                )
            )
    return diff


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
