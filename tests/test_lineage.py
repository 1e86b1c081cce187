"""Lineage (BUILDS_ON), agency succession, evolution and reply diff, on both stores.

The example letters give a chain across 2018 and 2021 (their BUILDS_ON links are scored
against examples/gold/links.json, and the evaluation letters' by .ci/run's eval gate);
invented letters over three years in another city (tests/data/lineage/: other measures,
other agencies, one rename, and a letter from a third city with look-alike names) check that
the method is not fitted to the example letters.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from letters import EXAMPLE_2018, EXAMPLE_2021, ROOT
from typer.testing import CliRunner

from policykg.errors import InputError, NotComparableError, NotFoundError
from policykg.extract.records import ReplyRecord
from policykg.graph.build import build_graph
from policykg.graph.lineage import (
    BUILDS_ON_EDGES,
    LineageConfig,
    diff_documents,
    link_measures,
    measure_evolution,
    run_lineage,
)
from policykg.graph.link_eval import (
    score_builds_on,
)
from policykg.graph.model import GraphDocument, GraphNode, GraphRelationship, node_id
from policykg.graph.stores import GraphStore
from policykg.graph.succession import (
    agency_commitments_as_of,
    load_reforms,
    load_reorganisations,
    load_succession,
)

LINEAGE_DATA = ROOT / "tests" / "data" / "lineage"
XIAMEN = [LINEAGE_DATA / f"xiamen_{year}.txt" for year in (2019, 2020, 2022)]
GUANGZHOU = LINEAGE_DATA / "guangzhou_2021.txt"
TEST_SUCCESSION = LINEAGE_DATA / "agency_succession.toml"
# The 2018 reform's renames among the example letters' agencies (graph/data's [[reform]] rules).
OLD_MARKET, NEW_MARKET = "绵阳市食品药品监督管理局", "绵阳市市场监督管理局"
OLD_FARMING, NEW_FARMING = "绵阳市农业局", "绵阳市农业农村局"
DOC_2018, DOC_2021 = "绵食药监函〔2018〕27号", "绵市监函〔2021〕43号"


@cache
def _extract(path: Path) -> ReplyRecord:
    from policykg.extract.pipeline import extract_file

    return extract_file(path)


def extract(path: Path) -> ReplyRecord:
    return _extract(Path(path).resolve()).model_copy(deep=True)


def ingest(store: GraphStore, paths: list[Path]) -> None:
    for path in paths:
        store.write(build_graph(extract(path)))


def links_by_key(store: GraphStore) -> set[tuple[str, str]]:
    rows = store.run_read(
        "MATCH (a:Measure)-[:BUILDS_ON]->(b:Measure) RETURN a.`key` AS later, b.`key` AS earlier"
    )
    return {(row["later"], row["earlier"]) for row in rows}


def builds_on(store: GraphStore) -> list[GraphRelationship]:
    return [r for r in store.relationships() if r.type == "BUILDS_ON"]


# --- The example letters ------------------------------------------------------------------


@pytest.fixture
def example_store(store: GraphStore) -> tuple[GraphStore, object]:
    ingest(store, [EXAMPLE_2018, EXAMPLE_2021])
    run_lineage(store)
    return store, None


def test_every_link_keeps_score_rationale_and_evidence(example_store) -> None:
    store, _ = example_store
    edges = builds_on(store)
    assert edges
    for edge in edges:
        props = edge.properties
        assert 0.0 < props["score"] <= 1.0
        assert props["rationale"] and "shared" in props["rationale"]
        decoded = Path(props["evidence_file"]).read_text(encoding="utf-8")
        sentence = decoded[props["evidence_start"] : props["evidence_end"]]
        assert sentence == props["evidence_sentence"]


def test_agency_succession_edges_come_from_the_reform_rules(example_store) -> None:
    store, _ = example_store
    edges = {(r.start_id, r.end_id): r for r in store.relationships() if r.type == "SUCCEEDED_BY"}
    # Exactly the two renames among the letters' agencies; 市商务局, 市财政局 and the CPPCC
    # body were not renamed, and nothing joins two kinds of bureau.
    assert set(edges) == {
        (f"agency:{OLD_MARKET}", f"agency:{NEW_MARKET}"),
        (f"agency:{OLD_FARMING}", f"agency:{NEW_FARMING}"),
    }
    for edge in edges.values():
        assert edge.properties["date"] == "2019-03"
        assert "《深化党和国家机构改革方案》" in edge.properties["evidence_sentence"]
    market = edges[(f"agency:{OLD_MARKET}", f"agency:{NEW_MARKET}")]
    assert "食品药品监管" in market.properties["rationale"]


def test_reform_rule_renames_the_issuer_of_the_2018_letter() -> None:
    agencies = {a.name for path in (EXAMPLE_2018, EXAMPLE_2021) for a in extract(path).agencies}
    assert {OLD_MARKET, NEW_MARKET, OLD_FARMING, NEW_FARMING} <= agencies
    found = {(e.earlier, e.later, e.date) for r in load_reforms() for e in r.apply(agencies)}
    assert found == {
        (OLD_MARKET, NEW_MARKET, "2019-03"),
        (OLD_FARMING, NEW_FARMING, "2019-03"),
    }


def test_a_reform_never_joins_two_divisions() -> None:
    (farming,) = [r for r in load_reforms() if "农业局" in r.earlier]
    assert farming.apply({"甲县农业局", "乙县农业农村局"}) == []
    assert farming.apply({"甲市农业局", "甲市乙县农业农村局"}) == []  # a county of the city
    renamed = farming.apply({"甲县农业局", "甲县农业农村局", "乙县农业农村局"})
    assert [(e.earlier, e.later) for e in renamed] == [("甲县农业局", "甲县农业农村局")]
    # Nor two kinds of body in one division: the farming rule leaves a market bureau alone.
    assert farming.apply({"甲县农业局", "甲县市场监督管理局"}) == []


def test_the_store_gets_no_succession_between_two_divisions(store: GraphStore) -> None:
    names = ["甲县农业局", "乙县农业农村局", "丙县食品药品监督管理局", "丙县市场监督管理局"]
    agencies = [
        GraphNode(id=node_id("Agency", name), label="Agency", properties={"name": name})
        for name in names
    ]
    store.write(GraphDocument(document_id="test:agencies", nodes=agencies))
    loaded = load_succession(store)
    assert [(e.earlier, e.later) for e in loaded] == [
        ("丙县食品药品监督管理局", "丙县市场监督管理局")
    ]
    edges = [(r.start_id, r.end_id) for r in store.relationships() if r.type == "SUCCEEDED_BY"]
    assert edges == [
        (node_id("Agency", "丙县食品药品监督管理局"), node_id("Agency", "丙县市场监督管理局"))
    ]


@pytest.mark.parametrize("measure", ["追溯平台", "食品快速检测室"])
def test_evolution_shows_2018_to_2021_chain(example_store, measure: str) -> None:
    store, _ = example_store
    evolution = measure_evolution(store, measure)
    years = [step.year for step in evolution.steps]
    assert years == sorted(years) and years[0] == 2018 and years[-1] == 2021
    last, first = evolution.steps[-1], evolution.steps[0]
    assert measure in last.measure and last.status == "done"
    assert first.measure_id in last.builds_on  # the 2021 measure links to the 2018 one
    assert last.link_score is not None and "2018" in last.link_rationale
    assert len(years) == 2  # one step a letter: the 2021 funding line is another measure


def test_the_renamed_issuer_counts_as_the_same_owner(example_store) -> None:
    store, _ = example_store
    rows = store.run_read(
        "MATCH (a:Measure)-[r:BUILDS_ON]->(b:Measure) RETURN a.name AS later, r.rationale AS why"
    )
    (why,) = [row["why"] for row in rows if "食品快速检测室" in row["later"]]
    assert f"owner {NEW_MARKET} succeeded {OLD_MARKET}" in why


def test_example_diff_sorts_measures(example_store) -> None:
    store, _ = example_store
    # Given in reverse order: the diff orders the two replies by date itself.
    diff = diff_documents(store, DOC_2021, DOC_2018)
    assert diff.earlier_date < diff.later_date
    completed = {entry.measure for entry in diff.completed}
    assert "绵阳市食用农产品质量安全追溯平台" in completed
    assert any("52个农贸市场建成食品快速检测室" in name for name in completed)
    assert all(e.status_after == "done" and e.status_before != "done" for e in diff.completed)
    assert all(e.continues for e in diff.continued + diff.completed)
    new = {entry.measure for entry in diff.new}
    assert "绵阳市农贸市场食品安全管理办法" in new
    dropped = {entry.measure for entry in diff.dropped}
    assert "市级农贸市场食品检验中心" in dropped
    # Every measure of the earlier letter is either taken up by the later one or dropped.
    earlier_measures = {
        row["id"]
        for row in store.run_read(
            "MATCH (d:Document {doc_number: $n})-[:COMMITS]->(:Commitment)-[:ABOUT]->(m:Measure) "
            "RETURN m.id AS id",
            {"n": DOC_2018},
        )
    }
    taken_up = {e.continues_id for e in diff.continued + diff.completed}
    assert taken_up | {e.measure_id for e in diff.dropped} == earlier_measures
    assert not taken_up & {e.measure_id for e in diff.dropped}


# --- Idempotent, stale links replaced ----------------------------------------------------


def test_relinking_gives_the_same_edges_and_drops_stale_ones(store: GraphStore) -> None:
    ingest(store, [EXAMPLE_2018, EXAMPLE_2021])
    run_lineage(store)
    first = builds_on(store)
    # Two measures of the letters that no link joins.
    later, earlier = "measure:绵阳市农贸市场食品安全管理办法", "measure:市级农贸市场食品检验中心"
    assert {later, earlier} <= {node.id for node in store.nodes()}
    assert (later, earlier) not in {(r.start_id, r.end_id) for r in first}
    stale = GraphRelationship(
        type="BUILDS_ON",
        start_id=later,
        end_id=earlier,
        properties={"score": 0.99, "rationale": "stale"},
    )
    store.write(GraphDocument(document_id="test:stale", relationships=[stale]))
    assert len(builds_on(store)) == len(first) + 1
    run_lineage(store)
    assert builds_on(store) == first
    # A higher threshold drops links; lowering it again brings them back. (One of the two
    # links joins two steps written as clauses, which have a threshold of their own.)
    link_measures(store, LineageConfig(threshold=0.99, action_threshold=0.99))
    assert builds_on(store) == []
    link_measures(store)
    assert builds_on(store) == first


# --- Invented letters: three years in Xiamen, one rename, a look-alike in Guangzhou -------

EXPECTED_XIAMEN = {
    ("厦门市中小企业数字化转型专项资金管理办法", "厦门市中小企业数字化转型扶持办法"),
    ("中小企业数字化转型项目资助", "厦门市中小企业数字化转型专项资金管理办法"),
    ("厦门集成电路设计公共服务中心", "集成电路公共技术服务中心"),
    ("重点产业紧缺人才需求数据库", "重点产业人才需求数据库"),
    ("重点产业人才供需对接平台", "重点产业紧缺人才需求数据库"),
}


@pytest.fixture
def xiamen_store(store: GraphStore) -> GraphStore:
    ingest(store, [*XIAMEN, GUANGZHOU])
    run_lineage(store, succession_file=TEST_SUCCESSION)
    return store


def test_invented_letters_get_the_right_chains(xiamen_store: GraphStore) -> None:
    assert links_by_key(xiamen_store) == EXPECTED_XIAMEN


def test_invented_letters_evolution_over_three_years(xiamen_store: GraphStore) -> None:
    evolution = measure_evolution(xiamen_store, "重点产业人才供需对接平台")
    assert [step.year for step in evolution.steps] == [2019, 2020, 2022]
    centre = measure_evolution(xiamen_store, "厦门集成电路设计公共服务中心")
    # 2020 builds the centre planned in 2019; the 2022 letter reports the same centre.
    assert [(s.year, s.status) for s in centre.steps] == [
        (2019, "planned"),
        (2020, "done"),
        (2022, "in_progress"),
    ]


def test_renamed_owner_counts_as_the_same_owner(xiamen_store: GraphStore) -> None:
    rows = xiamen_store.run_read(
        "MATCH (a:Measure {`key`: $key})-[r:BUILDS_ON]->(:Measure) RETURN r.rationale AS why",
        {"key": "厦门集成电路设计公共服务中心"},
    )
    assert "succeeded 厦门市经济贸易和信息化委员会" in rows[0]["why"]


def test_commitments_follow_an_agency_across_its_rename(xiamen_store: GraphStore) -> None:
    old = "厦门市经济贸易和信息化委员会"
    responsible, commitments = agency_commitments_as_of(xiamen_store, old, "2022-12-31")
    assert responsible == "厦门市工业和信息化局"
    assert {c.agency for c in commitments} == {old, responsible}
    assert {c.date[:4] for c in commitments} == {"2019", "2020", "2022"}
    before, early = agency_commitments_as_of(xiamen_store, old, "2019-02")
    assert before == old
    assert {c.agency for c in early} == {old} and early
    # Asking by the new name before the rename finds only what the new name said by then.
    _, nothing_yet = agency_commitments_as_of(xiamen_store, responsible, "2019-02")
    assert nothing_yet == []


def test_diff_over_a_chain_through_an_intermediate_letter(xiamen_store: GraphStore) -> None:
    diff = diff_documents(xiamen_store, "厦经信函〔2019〕12号", "厦工信函〔2022〕33号")
    continues = {e.measure: e.continues for e in diff.continued + diff.completed}
    assert continues["重点产业人才供需对接平台"] == "重点产业人才需求数据库"
    assert continues["厦门集成电路设计公共服务中心"] == "集成电路公共技术服务中心"
    assert {e.measure for e in diff.new} == {"工业设计创新中心"}
    # the pilot and the step its sentence names with it (推动企业接入…) are not taken up again
    assert {e.measure for e in diff.dropped} == {
        "工业互联网标识解析试点",
        "推动企业接入标识解析体系",
    }


def test_diff_accepts_any_bracket_form_of_a_document_number(xiamen_store: GraphStore) -> None:
    written = diff_documents(xiamen_store, "厦经信函[2019]12号", "厦工信函（2022）33号")
    assert written == diff_documents(xiamen_store, "厦经信函〔2019〕12号", "厦工信函〔2022〕33号")


def test_diff_compares_like_with_like(xiamen_store: GraphStore) -> None:
    # Another city's bureau answering another proposal: nothing to compare.
    with pytest.raises(NotComparableError, match="different proposals of different bodies"):
        diff_documents(xiamen_store, "厦经信函〔2019〕12号", "穗工信函〔2021〕88号")
    # One body's replies across its 2019 rename compare.
    assert diff_documents(xiamen_store, "厦经信函〔2019〕12号", "厦工信函〔2022〕33号").continued


def test_evolution_says_what_each_step_continues(xiamen_store: GraphStore) -> None:
    evolution = measure_evolution(xiamen_store, "重点产业人才供需对接平台")
    last = evolution.steps[-1]
    assert last.measure == "重点产业人才供需对接平台"
    assert last.continues == ["重点产业紧缺人才需求数据库"]
    assert evolution.steps[0].continues == []  # the first step continues nothing


def test_steps_of_one_body_a_year_apart_link_and_no_link_joins_two_places(
    store: GraphStore,
) -> None:
    """The project's own letters from many places, with one road answered two years running by
    one county bureau: its steps link, and no BUILDS_ON joins letters of two places."""
    letters = sorted((ROOT / "tests" / "data" / "letters").glob("*.txt"))
    ingest(store, [p for p in letters if "traditional" not in p.name])
    run_lineage(store)
    rows = store.run_read(
        "MATCH (a:Measure)-[:BUILDS_ON]->(b:Measure), "
        "(da:Document)-[:COMMITS]->(:Commitment)-[:ABOUT]->(a), "
        "(db:Document)-[:COMMITS]->(:Commitment)-[:ABOUT]->(b) "
        "RETURN da.city AS later_city, db.city AS earlier_city, da.source AS later, "
        "db.source AS earlier"
    )
    assert rows
    assert all(r["later_city"] == r["earlier_city"] for r in rows), rows
    assert any("ningdu_2022" in r["later"] and "ningdu_2021" in r["earlier"] for r in rows)


def test_another_city_never_links(xiamen_store: GraphStore) -> None:
    guangzhou = {
        row["key"]
        for row in xiamen_store.run_read(
            "MATCH (d:Document)-[:COMMITS]->(:Commitment)-[:ABOUT]->(m:Measure) "
            "WHERE d.city = '广州' RETURN m.`key` AS `key`"
        )
    }
    assert guangzhou
    for later, earlier in links_by_key(xiamen_store):
        assert later not in guangzhou and earlier not in guangzhou


# --- Bad input ---------------------------------------------------------------------------


def test_bad_succession_file_names_the_file(tmp_path: Path, store: GraphStore) -> None:
    bad = tmp_path / "succession.toml"
    bad.write_text('[[reorganisation]]\nearlier = "甲局"\nlater = "乙局"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"succession\.toml"):
        load_succession(store, bad)
    assert store.counts()["relationships"]["SUCCEEDED_BY"] == 0


def test_unknown_document_or_measure_is_not_found(store: GraphStore) -> None:
    ingest(store, [EXAMPLE_2018])
    with pytest.raises(NotFoundError):
        diff_documents(store, DOC_2018, "no such letter")
    with pytest.raises(NotFoundError):
        measure_evolution(store, "不存在的措施")


def test_package_succession_file_loads() -> None:
    reforms = load_reforms()
    assert any("食品药品监督管理局" in r.earlier and r.later == ["市场监督管理局"] for r in reforms)
    assert any("农业局" in r.earlier and "农业农村局" in r.later for r in reforms)
    # Each entry cites the document that made the change (a 《…》 title), not memory.
    entries = [*reforms, *load_reorganisations()]
    assert all("《" in e.source and "memory" not in e.source for e in entries)
    # No rule renames a body into itself.
    assert all(not set(r.earlier) & set(r.later) for r in reforms)


# --- Commands ----------------------------------------------------------------------------


@pytest.fixture
def cli():
    from policykg.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_cli_ingest_links_and_evolution_prints_the_chain(cli, tmp_path: Path) -> None:
    target = tmp_path / "graph.lbdb"
    result = cli("ingest", EXAMPLE_2018, EXAMPLE_2021, "--store", target)
    assert result.exit_code == 0, result.output
    assert "BUILDS_ON links" in result.output
    result = cli("evolution", "追溯平台", "--store", target, "--json")
    assert result.exit_code == 0, result.output
    steps = json.loads(result.output)["steps"]
    assert [s["year"] for s in steps] == [2018, 2021]
    table = cli("evolution", "食品快速检测室", "--store", target)
    assert table.exit_code == 0 and "2018" in table.output and "2021" in table.output
    result = cli("diff", DOC_2018, DOC_2021, "--store", target, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["completed"]


def relationship_counts(cli, target: Path) -> dict[str, int]:
    stats = cli("stats", "--store", target, "--format", "json")
    assert stats.exit_code == 0, stats.output
    return json.loads(stats.output)["relationships"]


def test_cli_ingest_no_link_leaves_lineage_out(cli, tmp_path: Path) -> None:
    target = tmp_path / "graph.lbdb"
    result = cli("ingest", EXAMPLE_2018, EXAMPLE_2021, "--store", target, "--no-link")
    assert result.exit_code == 0, result.output
    counts = relationship_counts(cli, target)
    assert (counts["BUILDS_ON"], counts["SUCCEEDED_BY"]) == (0, 0)
    result = cli("link", "--store", target)
    assert result.exit_code == 0, result.output
    assert "2 agency successions, 2 BUILDS_ON links" in result.output
    counts = relationship_counts(cli, target)
    assert (counts["BUILDS_ON"], counts["SUCCEEDED_BY"]) == (2, 2)


def test_cli_link_threshold_is_the_least_score_of_every_link(cli, tmp_path: Path) -> None:
    target = tmp_path / "graph.lbdb"
    result = cli("ingest", EXAMPLE_2018, EXAMPLE_2021, "--store", target, "--no-link")
    assert result.exit_code == 0, result.output
    result = cli("link", "--store", target, "--threshold", "0.99")
    assert result.exit_code == 0 and "0 BUILDS_ON links" in result.output


def test_score_builds_on_without_links_file_is_none(tmp_path: Path) -> None:
    assert score_builds_on(tmp_path, extract) is None


def test_builds_on_edges_read_the_same_on_the_store(example_store) -> None:
    store, _ = example_store
    rows = store.run_read(BUILDS_ON_EDGES)
    assert {(r["later"], r["earlier"]) for r in rows} == {
        (r.start_id, r.end_id) for r in builds_on(store)
    }
