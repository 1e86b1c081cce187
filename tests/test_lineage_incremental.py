"""Linking region by region: after an ingest only the new letters' regions are relinked, and
the graph is the one a full relink gives. On both stores, with the project's own letters."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from policykg.extract.records import ReplyRecord
from policykg.graph.build import build_graph
from policykg.graph.lineage import run_lineage
from policykg.graph.model import GraphDocument, GraphRelationship
from policykg.graph.stores import GraphStore

ROOT = Path(__file__).resolve().parent.parent
LETTERS = sorted((ROOT / "tests" / "data" / "letters").glob("*.txt"))
LINEAGE = sorted((ROOT / "tests" / "data" / "lineage").glob("*.txt"))
SUCCESSION = ROOT / "tests" / "data" / "lineage" / "agency_succession.toml"


@cache
def _record(path: Path) -> ReplyRecord:
    from policykg.extract.pipeline import extract_file

    return extract_file(path)


def _ingest(store: GraphStore, paths: list[Path]) -> list[str]:
    ids = []
    for path in paths:
        document = build_graph(_record(path).model_copy(deep=True))
        store.write(document)
        ids.append(document.document_id)
    return ids


def _edges(store: GraphStore) -> set[tuple[str, str, float, str]]:
    rows = store.run_read(
        "MATCH (a:Measure)-[r:BUILDS_ON]->(b:Measure) "
        "RETURN a.id AS later, b.id AS earlier, r.score AS score, r.region AS region"
    )
    return {(r["later"], r["earlier"], round(r["score"], 4), r["region"]) for r in rows}


def test_linking_the_new_letters_regions_equals_linking_everything(
    store: GraphStore, tmp_path: Path
) -> None:
    letters = [*LETTERS, *LINEAGE]
    # the later letter of each continued pair arrives in a second ingest
    later = [p for p in letters if p.name in {"ningdu_2022_road.txt", "xiamen_2022.txt"}]
    first = [p for p in letters if p not in later]
    _ingest(store, first)
    before = run_lineage(store, succession_file=SUCCESSION)
    new = _ingest(store, later)
    after = run_lineage(store, succession_file=SUCCESSION, documents=new)
    incremental = _edges(store)

    full = run_lineage(store, succession_file=SUCCESSION)
    relinked = _edges(store)
    # The same links; an untouched region keeps the scores of its last linking (how rare a
    # term is moves a little as letters arrive), the new letters' regions score alike.
    assert {e[:2] + e[3:] for e in relinked} == {e[:2] + e[3:] for e in incremental}
    scores = {(a, b): score for a, b, score, _ in relinked}
    assert all(abs(scores[(a, b)] - score) < 0.01 for a, b, score, _ in incremental)
    touched = set(after.regions)
    assert {e for e in relinked if e[3] in touched} == {e for e in incremental if e[3] in touched}
    assert 0 < len(after.regions) < len(full.regions)  # only the new letters' places
    assert len(incremental) > len(before.links)  # the new letters brought links
    assert all(region for *_, region in incremental)


def test_an_incremental_link_leaves_other_regions_alone(store: GraphStore) -> None:
    new = _ingest(store, [p for p in LETTERS if p.name.startswith("ningdu")])
    _ingest(store, [p for p in LINEAGE if "xiamen" in p.name])
    run_lineage(store, succession_file=SUCCESSION)
    measures = [
        r["id"] for r in store.run_read("MATCH (m:Measure) RETURN m.id AS id ORDER BY id LIMIT 2")
    ]
    # (the reverse of any link: a pair no linking writes)
    elsewhere = GraphRelationship(
        type="BUILDS_ON",
        start_id=measures[1],
        end_id=measures[0],
        properties={"score": 0.5, "rationale": "kept", "region": "not-relinked"},
    )
    store.write(GraphDocument(document_id="test:elsewhere", relationships=[elsewhere]))
    run_lineage(store, succession_file=SUCCESSION, documents=new)
    assert any(region == "not-relinked" for *_, region in _edges(store))
    run_lineage(store, succession_file=SUCCESSION)  # a full relink replaces every region
    assert not any(region == "not-relinked" for *_, region in _edges(store))


def test_letters_of_many_places_in_one_store_never_link_across_places() -> None:
    from bench.mixed_store import check

    report = check([ROOT / "tests" / "data" / "letters", ROOT / "tests" / "data" / "lineage"])
    assert report["letters"] == len(LETTERS) + len(LINEAGE) and not report["refused"]
    assert report["links"] and report["regions"] > 10
    assert report["crossing"] == []
