"""The history of one measure: the letters that speak of it and what it builds on."""

from __future__ import annotations

from pydantic import BaseModel, Field

from policykg.errors import NotFoundError
from policykg.graph.lineage.statements import lineage_cypher
from policykg.graph.model import node_id
from policykg.graph.queries import run_query
from policykg.graph.stores import GraphStore

BUILDS_ON_EDGES = lineage_cypher("builds_on_edges")


class EvolutionStep(BaseModel):
    """What one letter said about one measure of the lineage."""

    root: str | None = Field(default=None, description="the matched measure this step is for")
    year: int | None
    date: str | None = Field(description="the letter's date")
    step_date: str | None = Field(
        default=None, description="the date the letter gives the step itself (获批 2020-04-08)"
    )
    document: str
    document_id: str
    measure: str
    measure_id: str
    status: str | None
    owner: str | None
    evidence: str | None
    builds_on: list[str] = Field(default_factory=list, description="measure ids it continues")
    continues: list[str] = Field(
        default_factory=list, description="what it continues: the earlier measures as named"
    )
    link_score: float | None = Field(default=None, description="best score of those links")
    link_rationale: str | None = None


class Evolution(BaseModel):
    query: str
    measures: list[str] = Field(description="ids of the measures that matched the query")
    steps: list[EvolutionStep]


def measure_evolution(store: GraphStore, text: str) -> Evolution:
    """Timeline of the measures matching ``text`` (in their key or name, or their id),
    everything they build on, and everything that builds on them: the named query
    ``measure_evolution``, each step annotated with the BUILDS_ON links it makes
    (``measure_builds_on``: score, rationale) and the measures it continues."""
    rows = run_query(store, "measure_evolution", {"measure": text}).rows
    if not rows:
        raise NotFoundError(f"no measure named like {text!r}")
    steps: dict[tuple[str, str], EvolutionStep] = {}
    # Rows come per matched measure; two matched measures of one chain give the same step
    # twice, so a step is kept once, under the first matched measure that reaches it.
    for row in sorted(rows, key=lambda r: r["asked"]):
        key = (row["commitment_id"], row["measure_id"])
        if key in steps:
            continue  # one commitment, two carriers (owner and issuer), or two roots: one step
        document_date = row.get("document_date")
        steps[key] = EvolutionStep(
            root=node_id("Measure", row["asked"]),
            year=row["year"]
            if row["year"] is not None
            else (int(document_date[:4]) if document_date else None),
            date=document_date,
            step_date=row["date"],
            document=row["document"] or row["document_id"],
            document_id=row["document_id"],
            measure=row["name"] or row["measure"],
            measure_id=row["measure_id"],
            status=row["status"],
            owner=row["owner"],
            evidence=row["evidence_sentence"],
        )
    named = {step.measure_id: step.measure for step in steps.values()}
    links: dict[str, list[dict]] = {}
    for measure_id in sorted(named):
        links[measure_id] = run_query(store, "measure_builds_on", {"measure": measure_id}).rows
    for step in steps.values():
        edges = links[step.measure_id]
        earlier = [node_id("Measure", e["builds_on"]) for e in edges]
        step.builds_on = earlier
        step.continues = [named.get(m, m.removeprefix("measure:")) for m in earlier]
        if edges:  # the query gives the strongest first
            step.link_score, step.link_rationale = edges[0]["score"], edges[0]["rationale"]
    ordered = sorted(
        steps.values(), key=lambda st: (st.date or "9999", st.document_id, st.measure_id)
    )
    roots = sorted({node_id("Measure", row["asked"]) for row in rows if row["asked"]})
    return Evolution(query=text, measures=roots, steps=ordered)
