"""The history of one measure: the letters that speak of it and what it builds on."""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, Field

from policykg.errors import NotFoundError
from policykg.graph.lineage.statements import read_statements
from policykg.graph.stores import GraphStore

BUILDS_ON_EDGES = (
    "MATCH (a:Measure)-[r:BUILDS_ON]->(b:Measure) "
    "RETURN a.id AS later, b.id AS earlier, r.score AS score, r.rationale AS rationale "
    "ORDER BY later, earlier"
)
FIND_MEASURES = (
    "MATCH (m:Measure) WHERE m.`key` CONTAINS $text OR m.name CONTAINS $text "
    "RETURN m.id AS id, m.`key` AS `key`, m.name AS name ORDER BY id"
)


class EvolutionStep(BaseModel):
    """What one letter said about one measure of the lineage."""

    root: str | None = Field(default=None, description="the matched measure this step is for")
    year: int | None
    date: str | None = Field(description="the letter's date")
    step_date: str | None = Field(
        default=None, description="the date the letter gives the step itself (获批 2020-04-08)")
    document: str
    document_id: str
    measure: str
    measure_id: str
    status: str | None
    owner: str | None
    evidence: str | None
    builds_on: list[str] = Field(default_factory=list, description="measure ids it continues")
    continues: list[str] = Field(
        default_factory=list, description="what it continues: the earlier measures as named")
    link_score: float | None = Field(default=None, description="best score of those links")
    link_rationale: str | None = None


class Evolution(BaseModel):
    query: str
    measures: list[str] = Field(description="ids of the measures that matched the query")
    steps: list[EvolutionStep]


def measure_evolution(store: GraphStore, text: str) -> Evolution:
    """Timeline of the measures matching ``text`` (exact key or name first, else containing
    it), everything they build on, and everything that builds on them.

    Each step is annotated with the BUILDS_ON link it makes (score, rationale). The walk is
    done here over plain reads, so it runs the same on every store.
    """
    edges = store.run_read(BUILDS_ON_EDGES)
    forward: dict[str, list[dict]] = defaultdict(list)  # later -> edges to earlier
    for edge in edges:
        forward[edge["later"]].append(edge)
    steps = _evolution_steps(store, text, edges)
    if not steps:
        raise NotFoundError(f"no measure named like {text!r}")
    named = {st.measure_id: st.measure for st in steps}
    for step in steps:
        links = forward.get(step.measure_id, [])
        best = max(links, key=lambda e: e["score"] or 0.0, default=None)
        step.builds_on = [e["earlier"] for e in links]
        step.continues = [named.get(e["earlier"], e["earlier"]) for e in links]
        step.link_score = best["score"] if best else None
        step.link_rationale = best["rationale"] if best else None
    steps.sort(key=lambda st: (st.date or "9999", st.document_id, st.measure_id))
    roots = sorted({step.root for step in steps if step.root})
    return Evolution(query=text, measures=roots, steps=steps)


def _evolution_steps(store: GraphStore, text: str, edges: list[dict]) -> list[EvolutionStep]:
    """The same timeline without the query library, walked in Python over run_read."""
    found = store.run_read(FIND_MEASURES, {"text": text})
    exact = [r for r in found if text in (r["key"], r["name"])]
    roots = [r["id"] for r in (exact or found)]
    forward: dict[str, list[str]] = defaultdict(list)
    backward: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        forward[edge["later"]].append(edge["earlier"])
        backward[edge["earlier"]].append(edge["later"])
    steps: list[EvolutionStep] = []
    statements = read_statements(store)
    for root in roots:
        lineage = {root}
        for neighbours in (forward, backward):
            frontier = [root]
            while frontier:
                for nxt in neighbours[frontier.pop()]:
                    if nxt not in lineage:
                        lineage.add(nxt)
                        frontier.append(nxt)
        steps.extend(
            EvolutionStep(
                root=root,
                year=int(s.document_date[:4]) if s.document_date else s.year,
                date=s.document_date,
                step_date=s.step_date,
                document=s.document_name or s.document_id,
                document_id=s.document_id,
                measure=s.written or s.label,
                measure_id=s.measure_id,
                status=s.status,
                owner=s.agency,
                evidence=s.evidence_sentence,
            )
            for s in statements
            if s.measure_id in lineage
        )
    return steps
