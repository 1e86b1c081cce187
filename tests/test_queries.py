"""Named queries (cypher/*.cypher) on the seed graph, on both stores, with the same answers.

Expected answers are facts of the seed graph: read independently of the queries through
``GraphFacts`` (nodes and relationships, no Cypher), plus a few facts a researcher checks by
reading the letters (the traceability platform 绵阳市食用农产品质量安全追溯平台 was done by
2021 and carried by 绵阳市市场监督管理局; tests/seed_graph.py names them).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.errors import (
    QueryError,
    QueryParameterError,
    QueryTimeoutError,
    ReadOnlyViolationError,
    UnknownQueryError,
)
from policykg.extract.pipeline import extract_file
from policykg.graph import lineage
from policykg.graph.build import build_graph
from policykg.graph.model import GraphDocument, GraphRelationship
from policykg.graph.queries import (
    get_query,
    list_queries,
    load_queries,
    parse_assignments,
    parse_query,
    run_cypher,
    run_query,
)
from policykg.graph.stores import GraphStore, open_store
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings
from tests.seed_graph import (
    AGRICULTURE,
    COMMERCE,
    DOC_2018,
    DOC_2021,
    PLATFORM,
    PLATFORM_2018,
    PROPOSAL_2018,
    PROPOSAL_2021,
    PROPOSER_2018,
    PROPOSER_2021,
    SLOW_QUERY,
    GraphFacts,
    write_seed,
)
from tests.seed_graph import ISSUER_2018 as FDA  # the 2018 issuer, succeeded by MSA in 2019
from tests.seed_graph import ISSUER_2021 as MSA  # the 2021 issuer

STATUS_ORDER = {"done": 0, "in_progress": 1, "planned": 2, "declined": 3}
# Runs for minutes on any store: five-way cartesian product of the seed's ~55 nodes (a


@pytest.fixture(scope="module")
def ladybug_seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    with LadybugStore(tmp_path_factory.mktemp("seed") / "seed.lbdb") as store:
        yield write_seed(store)


@pytest.fixture(scope="module")
def neo4j_seed(neo4j_uri: str) -> Iterator[GraphStore]:
    with open_store(neo4j_uri, Settings(store=neo4j_uri)) as store:
        yield write_seed(store)


@pytest.fixture(scope="module", params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def seeded(request: pytest.FixtureRequest) -> GraphStore:
    return request.getfixturevalue(f"{request.param}_seed")


@pytest.fixture(scope="module")
def facts(seeded: GraphStore) -> GraphFacts:
    return GraphFacts(seeded)


def rows(store: GraphStore, name: str, **params: object) -> list[dict]:
    return run_query(store, name, params).rows


# --- The library ------------------------------------------------------------------------

ISSUE_QUERIES = {
    "measure_evolution",
    "agency_commitments",
    "commitments_by_status",
    "measures_by_year",
    "funding",
    "proposal_trace",
    "search",
    "agency_history",
    "neighbourhood",
}


def test_every_named_query_is_listed_with_its_contract():
    queries = load_queries()

    assert set(queries) >= ISSUE_QUERIES
    for query in list_queries():
        assert query.answers and query.returns
        assert all(p.description for p in query.parameters)
        assert set(query.variants) == set(query.variant_reasons)


def test_dialect_variants_are_picked_by_the_store():
    search = get_query("search")

    assert "db.index.fulltext.queryNodes" in search.text_for("neo4j")
    assert "CONTAINS" in search.text_for("ladybug")
    assert "fulltext" not in search.text_for("ladybug")
    for query in list_queries():  # without a variant, a store runs the query's own text
        for dialect in ("neo4j", "ladybug"):
            if dialect not in query.variants:
                assert query.text_for(dialect) == query.cypher
    assert "agency_commitments" in {q.name for q in list_queries() if not q.variants}


def test_every_query_returns_its_declared_columns(seeded):
    for query in list_queries():
        result = run_query(seeded, query.name, query.example)  # lists need no parameters

        assert result.rows, f"{query.name} {query.example} found nothing on the seed graph"
        assert [list(row) for row in result.rows] == [list(query.returns)] * len(result.rows)
        assert result.columns == list(query.returns)


def test_parameters_are_validated_before_the_database_sees_them():
    evolution = get_query("measure_evolution")
    by_status = get_query("commitments_by_status")

    with pytest.raises(QueryParameterError, match="measure: Field required"):
        evolution.validate_parameters({})
    with pytest.raises(QueryParameterError, match="Extra inputs are not permitted"):
        evolution.validate_parameters({"measure": "x", "year": 2021})
    with pytest.raises(QueryParameterError, match="status"):
        by_status.validate_parameters({"status": "finished"})
    with pytest.raises(QueryParameterError, match="from_year"):
        by_status.validate_parameters({"status": "done", "from_year": "last year"})
    with pytest.raises(QueryParameterError, match="depth"):
        get_query("neighbourhood").validate_parameters({"id": "year:2021", "depth": 9})
    with pytest.raises(QueryParameterError, match="at least 2 characters"):
        get_query("search").validate_parameters({"text": "局"})


def test_command_line_strings_become_typed_parameters():
    params = parse_assignments(["status=done", "from_year=2021", "to_year=2021"])

    checked = get_query("commitments_by_status").validate_parameters(params)

    assert checked == {"status": "done", "from_year": 2021, "to_year": 2021}
    assert (
        get_query("agency_commitments").validate_parameters(
            {"agency": MSA, "include_predecessors": "true"}
        )["include_predecessors"]
        is True
    )
    with pytest.raises(QueryParameterError, match="key=value"):
        parse_assignments(["status"])


def test_an_unknown_query_is_named_in_the_error(seeded):
    with pytest.raises(UnknownQueryError, match=r"no named query 'nope'.*measure_evolution"):
        run_query(seeded, "nope", {})


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        ("// name: q\n// answers: a\n// returns: x\n", "RETURN $y AS x", "undeclared"),
        (
            "// name: q\n// answers: a\n// param y: int -- why\n// returns: x\n",
            "RETURN 1 AS x",
            "never uses",
        ),
        ("// name: other\n// answers: a\n// returns: x\n", "RETURN 1 AS x", "names it 'other'"),
        ("// name: q\n// returns: x\n", "RETURN 1 AS x", "no 'answers:'"),
        (
            "// name: q\n// answers: a\n// param y: integer -- why\n// returns: x\n",
            "RETURN $y AS x",
            "cannot read parameter",
        ),
        (
            "// name: q\n// answers: a\n// param y: int(1..3) = 7 -- why\n// returns: x\n",
            "RETURN $y AS x",
            "bad default",
        ),
        ("// name: q\n// answers: a\n// returns: x\n", "", "no Cypher"),
        (
            "// name: q\n// answers: a\n// param row_limit: int -- why\n// returns: x\n",
            "RETURN $row_limit AS x",
            "supplied by run_query",
        ),
    ],
)
def test_a_malformed_query_file_is_refused_with_the_reason(header, body, message):
    with pytest.raises(QueryError, match=message):
        parse_query("q", header + body)


def test_a_variant_must_say_why_and_take_the_same_parameters():
    base = "// name: q\n// answers: a\n// param y: int -- why\n// returns: x\nRETURN $y AS x"

    with pytest.raises(QueryError, match="says why"):
        parse_query("q", base, {"neo4j": "RETURN $y AS x"})
    with pytest.raises(QueryError, match="undeclared"):
        parse_query("q", base, {"neo4j": "// why: speed\nRETURN $y + $z AS x"})
    with pytest.raises(QueryError, match="unknown dialect"):
        parse_query("q", base, {"oracle": "// why: speed\nRETURN $y AS x"})
    assert parse_query("q", base, {"neo4j": "// why: speed\nRETURN $y AS x"}).variant_reasons == {
        "neo4j": "speed"
    }


# --- measure_evolution ------------------------------------------------------------------


def test_measure_evolution_of_the_traceability_platform_runs_from_2018_to_2021(seeded, facts):
    steps = rows(seeded, "measure_evolution", measure=PLATFORM)

    assert {row["asked"] for row in steps} == {PLATFORM}
    assert [row["year"] for row in steps] == sorted(row["year"] for row in steps)
    (state_2021,) = [row for row in steps if row["year"] == 2021]
    assert state_2021["measure"] == PLATFORM
    assert state_2021["status"] == "done"
    assert state_2021["owner"] == MSA
    assert state_2021["document"] == DOC_2021
    assert state_2021["date"] == "2020-06"  # 2020年6月 … 正式上线运行
    assert PLATFORM in state_2021["evidence_sentence"]
    # The 2018 origin: exactly the measures the lineage step linked it to.
    origins = [row for row in steps if row["year"] == 2018]
    assert origins, f"no 2018 step: the lineage step linked nothing to {PLATFORM}"
    linked = {m.removeprefix("measure:") for m in facts.out[("BUILDS_ON", f"measure:{PLATFORM}")]}
    assert PLATFORM_2018 in linked
    assert {row["measure"] for row in origins} == linked
    assert all(row["document"] == DOC_2018 for row in origins)
    assert all(row["owner"] == AGRICULTURE for row in origins)
    assert all(row["status"] == "planned" for row in origins)
    # Part of the name finds both platforms; each one's timeline runs 2018 → 2021.
    by_text = rows(seeded, "measure_evolution", measure="追溯平台")
    assert {row["asked"] for row in by_text} == {PLATFORM, PLATFORM_2018}
    for asked in (PLATFORM, PLATFORM_2018):
        assert [row["year"] for row in by_text if row["asked"] == asked] == [2018, 2021], asked


def test_measure_evolution_agrees_with_the_lineage_module_walk(seeded):
    for text in (PLATFORM, "追溯平台", "快速检测", "合格证", "检验中心"):
        mine = {
            (f"measure:{row['measure']}", row["year"], row["status"], row["document"])
            for row in rows(seeded, "measure_evolution", measure=text)
        }
        theirs = {
            (step.measure_id, step.year, step.status, step.document)
            for step in lineage.measure_evolution(seeded, text).steps
        }
        assert mine == theirs, text


def test_measure_evolution_follows_a_chain_of_any_length(seeded):
    # One more step behind the 2018 origin (test data, removed again by re-running lineage):
    # the meat-and-vegetable tracing system 市商务局 runs, a measure no lineage links.
    facts = GraphFacts(seeded)
    (origin,) = facts.out[("BUILDS_ON", f"measure:{PLATFORM}")]
    (older,) = [
        m for m in facts.into[("IMPLEMENTED_BY", f"agency:{COMMERCE}")] if m.startswith("measure:")
    ]
    assert not facts.out[("BUILDS_ON", older)] and not facts.into[("BUILDS_ON", older)]
    seeded.write(
        GraphDocument(
            document_id="test:chain",
            relationships=[
                GraphRelationship(
                    type="BUILDS_ON",
                    start_id=origin,
                    end_id=older,
                    properties={"score": 0.5, "rationale": "test"},
                )
            ],
        )
    )
    try:
        measures = {r["measure"] for r in rows(seeded, "measure_evolution", measure=PLATFORM)}
        later = {r["measure"] for r in rows(seeded, "measure_evolution", measure=older)}
    finally:
        lineage.run_lineage(seeded)

    assert measures == {PLATFORM, *(m.removeprefix("measure:") for m in (origin, older))}
    assert measures <= later  # and forwards from the oldest step


def test_measure_evolution_of_an_unknown_measure_is_empty(seeded):
    assert rows(seeded, "measure_evolution", measure="没有这个措施") == []


@pytest.mark.neo4j
def test_neo4j_finds_measures_by_substring_through_text_indexes(neo4j_seed):
    indexed = neo4j_seed.run_read(
        "SHOW TEXT INDEXES YIELD labelsOrTypes, properties, state "
        "RETURN labelsOrTypes[0] AS label, properties[0] AS property, state"
    )

    assert {("Measure", "key", "ONLINE"), ("Measure", "name", "ONLINE")} <= {
        (row["label"], row["property"], row["state"]) for row in indexed
    }


# --- agency_commitments -----------------------------------------------------------------


def _agency_rows(facts: GraphFacts, agency_ids: list[str]) -> list[tuple]:
    found = []
    for agency in agency_ids:
        for commitment in facts.into[("IMPLEMENTED_BY", agency)]:
            if not commitment.startswith("commitment:"):
                continue
            document = facts.document_of(commitment)
            found.append(
                (
                    facts.prop(commitment, "status"),
                    facts.prop(commitment, "measure_key"),
                    facts.role(commitment, agency),
                    facts.prop(agency, "name"),
                    facts.prop(document, "name"),
                    facts.letter_year(document),
                )
            )
    return found


def _as_tuples(result: list[dict]) -> list[tuple]:
    return [
        (r["status"], r["measure"], r["role"], r["held_by"], r["document"], r["year"])
        for r in result
    ]


def test_agency_commitments_of_the_market_regulator_grouped_by_status(seeded, facts):
    result = rows(seeded, "agency_commitments", agency=MSA)

    assert Counter(_as_tuples(result)) == Counter(_agency_rows(facts, [f"agency:{MSA}"]))
    statuses = [row["status"] for row in result]
    assert statuses == sorted(statuses, key=STATUS_ORDER.__getitem__)  # grouped, in order
    assert {"done", "planned"} <= set(statuses)
    platform = next(row for row in result if row["measure"] == PLATFORM)
    assert (platform["status"], platform["role"], platform["year"]) == ("done", "owner", 2021)
    assert all(row["evidence_sentence"] and row["agency"] == MSA for row in result)
    # The 2018 issuer's commitments hold a third status, declined: grouped the same way.
    earlier = rows(seeded, "agency_commitments", agency=FDA)
    assert Counter(_as_tuples(earlier)) == Counter(_agency_rows(facts, [f"agency:{FDA}"]))
    statuses = [row["status"] for row in earlier]
    assert statuses == sorted(statuses, key=STATUS_ORDER.__getitem__)
    assert {"done", "planned", "declined"} <= set(statuses)


def test_agency_commitments_by_alias_or_id_are_the_same(seeded):
    by_name = rows(seeded, "agency_commitments", agency=MSA)
    commerce = rows(seeded, "agency_commitments", agency=COMMERCE)

    assert by_name and commerce
    assert rows(seeded, "agency_commitments", agency=f"agency:{MSA}") == by_name
    assert rows(seeded, "agency_commitments", agency="市商务局") == commerce  # as 2018 writes it
    assert rows(seeded, "agency_commitments", agency=f"agency:{COMMERCE}") == commerce
    assert rows(seeded, "agency_commitments", agency="没有这个机构") == []


def test_agency_commitments_follow_succession_back_when_asked(seeded, facts):
    predecessors = facts.into[("SUCCEEDED_BY", f"agency:{MSA}")]
    assert f"agency:{FDA}" in predecessors  # the 2019 reform, from the succession data

    result = rows(seeded, "agency_commitments", agency=MSA, include_predecessors=True)

    expected = _agency_rows(facts, [f"agency:{MSA}", *predecessors])
    assert Counter(_as_tuples(result)) == Counter(expected)
    assert {row["year"] for row in result} == {2018, 2021}
    assert any(row["held_by"] == FDA and row["document"] == DOC_2018 for row in result)


# --- commitments_by_status, measures_by_year, funding -----------------------------------


def test_commitments_by_status_filters_status_and_letter_year(seeded, facts):
    everything = rows(seeded, "commitments_by_status", status="done")
    recent = rows(seeded, "commitments_by_status", status="planned", from_year=2021, to_year=2021)

    expected = {
        (facts.letter_year(facts.document_of(c.id)), c.properties["measure_key"])
        for c in facts.label("Commitment")
        if c.properties["status"] == "done"
    }
    assert {(row["year"], row["measure"]) for row in everything} == expected
    assert {row["year"] for row in everything} == {2018, 2021}
    assert recent and {(row["year"], row["status"]) for row in recent} == {(2021, "planned")}
    assert rows(seeded, "commitments_by_status", status="done", from_year=2019, to_year=2020) == []


def test_measures_by_year_counts_and_names_per_letter_year(seeded, facts):
    result = rows(seeded, "measures_by_year")

    per_year: dict[int, set[str]] = {}
    for commitment in facts.label("Commitment"):
        year = facts.letter_year(facts.document_of(commitment.id))
        per_year.setdefault(year, set()).add(commitment.properties["measure_key"])
    assert [row["year"] for row in result] == sorted(per_year) == [2018, 2021]
    for row in result:
        assert row["keys"] == sorted(per_year[row["year"]])
        assert row["measures"] == len(per_year[row["year"]])
        assert row["letters"] == 1
    assert PLATFORM_2018 in result[0]["keys"] and PLATFORM in result[1]["keys"]
    assert rows(seeded, "measures_by_year", from_year=2019) == result[1:]


def test_funding_gives_amounts_with_measure_agency_year_and_evidence(seeded, facts):
    money = rows(seeded, "funding")
    everything = rows(seeded, "funding", kind="all")

    assert {row["amount"] for row in money} == {
        a.properties["text"] for a in facts.label("Amount") if a.properties["kind"] == "money"
    }
    assert len(everything) == len(facts.label("Amount"))
    grant = next(row for row in money if row["amount"] == "200万元")
    assert (grant["value"], grant["unit"], grant["year"]) == (2000000.0, "CNY", 2021)
    (amount,) = [a.id for a in facts.label("Amount") if a.properties["text"] == "200万元"]
    (funded,) = facts.into[("FUNDED_WITH", amount)]
    assert (grant["measure"], grant["agency"]) == (facts.prop(funded, "measure_key"), MSA)
    assert "快速检测室" in grant["measure"]  # the quick-test rooms' equipment
    assert "200万元" in grant["evidence_sentence"]
    # Mentioned, no measure: the certificates 市农业农村局 issued to 1260家 farms.
    farms = next(row for row in everything if row["amount"] == "1260家")
    assert (farms["measure"], farms["agency"], farms["approximate"]) == (None, None, False)
    assert (farms["unit"], farms["document"]) == ("家", DOC_2021)
    assert {row["agency"] for row in rows(seeded, "funding", kind="all", agency=MSA)} == {MSA}
    assert rows(seeded, "funding", from_year=2021) == [r for r in money if r["year"] >= 2021]


# An invented reply (invented city) mentioning money no measure spends, as an approximate
# figure (约): the seed letters give every sum a measure and every figure exactly.
APPROXIMATE_LETTER = """云溪市市场监督管理局

云市监函〔2022〕9号

关于市政协五届二次会议第20220031号提案的答复函

陈晓东委员：

您提出的《关于规范农贸市场计量器具管理的提案》（第20220031号）收悉。现答复如下：

近年来，全市农贸市场年交易额约45亿元，计量器具使用量大面广。

2021年，我局已为全市农贸市场免费检定电子秤3200台。市财政安排资金80万元用于公平秤更新。\
下一步，我局将于今年底前在各农贸市场设立计量投诉站。

感谢您对市场监管工作的关心和支持。

云溪市市场监督管理局
2022年6月10日
"""


def test_funding_marks_an_approximate_sum_only_mentioned(seeded, tmp_path: Path):
    letter = tmp_path / "yunxi_2022.txt"
    letter.write_text(APPROXIMATE_LETTER, encoding="utf-8")
    seeded.write(build_graph(extract_file(letter)))
    try:
        money = rows(seeded, "funding")
    finally:
        write_seed(seeded)  # the seed graph alone again

    turnover = next(row for row in money if row["amount"] == "约45亿元")
    assert (turnover["value"], turnover["unit"]) == (4.5e9, "CNY")
    assert (turnover["measure"], turnover["agency"], turnover["approximate"]) == (None, None, True)
    assert turnover["document"] == "云市监函〔2022〕9号" and turnover["year"] == 2022
    assert not any(row["approximate"] for row in money if row["amount"] != "约45亿元")


# --- proposal_trace, search -------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "proposer"), [(PROPOSAL_2021, PROPOSER_2021), (PROPOSAL_2018, PROPOSER_2018)]
)
def test_proposal_trace_from_proposal_to_agencies(seeded, facts, number, proposer):
    result = rows(seeded, "proposal_trace", proposal=number)

    expected = Counter()
    for document in facts.into[("RESPONDS_TO", f"proposal:{number}")]:
        for commitment in facts.out[("COMMITS", document)]:
            suggestion = facts.one("ANSWERS", commitment)
            for agency in facts.out[("IMPLEMENTED_BY", commitment)]:
                expected[
                    (
                        facts.prop(document, "name"),
                        facts.prop(suggestion, "ordinal"),
                        facts.prop(commitment, "measure_key"),
                        facts.prop(commitment, "status"),
                        facts.prop(agency, "name"),
                        facts.role(commitment, agency),
                    )
                ] += 1
    assert (
        Counter(
            (r["document"], r["suggestion"], r["measure"], r["status"], r["agency"], r["role"])
            for r in result
        )
        == expected
    )
    assert result and {(r["proposal"], r["proposer"]) for r in result} == {(number, proposer)}
    assert rows(seeded, "proposal_trace", proposal=f"proposal:{number}") == result
    if number == PROPOSAL_2018:  # its reply answers the suggestions under their headings
        assert {r["suggestion"] for r in result} >= {2, 3}


def test_search_finds_chinese_text_in_names_and_evidence(seeded, facts):
    result = rows(seeded, "search", text="农业")

    expected = sorted(
        node.id
        for node in facts.nodes.values()
        if "农业" in (node.properties.get("name") or "")
        or "农业" in (node.properties.get("evidence_sentence") or "")
    )
    assert [row["id"] for row in result] == expected
    assert f"agency:{AGRICULTURE}" in expected  # by its name
    assert any("农业" not in facts.prop(id_, "name") for id_ in expected)  # by evidence only
    assert len(expected) > 3
    assert [row["id"] for row in rows(seeded, "search", text="农业", limit=3)] == expected[:3]
    assert rows(seeded, "search", text='农业"\\ OR *') == []  # query syntax is just text


# --- agency_history, neighbourhood ------------------------------------------------------


def test_agency_history_shows_the_succession_chain(seeded, facts):
    result = rows(seeded, "agency_history", agency=MSA)

    predecessors = {facts.prop(a, "name") for a in facts.into[("SUCCEEDED_BY", f"agency:{MSA}")]}
    assert FDA in predecessors
    assert {row["name"] for row in result} == predecessors | {MSA}
    assert result[-1]["name"] == MSA and result[-1]["succeeded_by"] is None
    for row in result[:-1]:
        assert row["succeeded_by"] == MSA and row["date"] and row["rationale"]
    counts = {row["name"]: (row["letters"], row["commitments"]) for row in result}
    for name in (MSA, FDA):
        agency = f"agency:{name}"
        assert counts[name] == (
            len(facts.into[("ISSUED_BY", agency)]),
            len([c for c in facts.into[("IMPLEMENTED_BY", agency)] if c.startswith("commitment:")]),
        )
    # Seen from the predecessor, the same chain.
    assert {row["name"] for row in rows(seeded, "agency_history", agency=FDA)} == {FDA, MSA}


def test_agency_history_of_an_agency_without_succession_is_itself(seeded):
    (row,) = rows(seeded, "agency_history", agency=COMMERCE)

    assert (row["name"], row["succeeded_by"], row["letters"]) == (COMMERCE, None, 0)
    assert row["commitments"] > 0


@pytest.mark.parametrize("depth", [1, 2])
def test_neighbourhood_is_the_nodes_within_depth_and_their_links(seeded, facts, depth):
    center = f"measure:{PLATFORM}"
    result = rows(seeded, "neighbourhood", id=center, depth=depth)

    distance = facts.within(center, depth)
    assert {row["id"]: row["depth"] for row in result} == distance
    assert [row["depth"] for row in result] == sorted(distance.values())
    for row in result:
        assert row["label"] == facts.nodes[row["id"]].label
        expected_links = sorted(
            (type_, end)
            for type_, start, end, _ in facts.edges
            if start == row["id"] and end in distance
        )
        assert sorted((link["type"], link["target"]) for link in row["links"]) == expected_links


def test_neighbourhood_limit_keeps_the_nearest_nodes(seeded, facts):
    center = f"measure:{PLATFORM}"
    result = rows(seeded, "neighbourhood", id=center, depth=2, limit=5)

    assert len(facts.within(center, 2)) > 5
    assert len(result) == 5
    assert result[0]["id"] == center
    kept = {row["id"] for row in result}
    assert all(link["target"] in kept for row in result for link in row["links"])
    assert rows(seeded, "neighbourhood", id="measure:没有") == []


# --- Lists and single nodes -------------------------------------------------------------


def test_documents_list_each_letter_with_issuer_and_proposal(seeded, facts):
    result = rows(seeded, "documents")

    assert [row["id"] for row in result] == [f"document:{DOC_2018}", f"document:{DOC_2021}"]
    # by date
    for row in result:
        assert row["issuer"] == facts.prop(facts.one("ISSUED_BY", row["id"]), "name")
        assert row["commitments"] == len(facts.out[("COMMITS", row["id"])])
    assert [r["proposal"] for r in result] == [PROPOSAL_2018, PROPOSAL_2021]
    assert rows(seeded, "documents", skip=1, limit=5) == result[1:]


def test_proposals_agencies_and_measures_lists(seeded, facts):
    proposals = rows(seeded, "proposals")
    agencies = rows(seeded, "agencies", limit=1000)
    measures = rows(seeded, "measures", limit=1000)

    assert [(p["number"], p["replies"]) for p in proposals] == [
        (PROPOSAL_2018, 1),
        (PROPOSAL_2021, 1),
    ]
    assert {a["id"] for a in agencies} == {n.id for n in facts.label("Agency")}
    assert [a["name"] for a in agencies] == sorted(a["name"] for a in agencies)
    msa = next(a for a in agencies if a["name"] == MSA)
    assert (msa["letters"], msa["level"]) == (1, "city")
    assert {m["id"] for m in measures} == {n.id for n in facts.label("Measure")}
    platform = next(m for m in measures if m["key"] == PLATFORM)
    assert (platform["letters"], platform["first_year"], platform["last_year"]) == (1, 2021, 2021)
    assert len(rows(seeded, "measures", limit=10)) == 10


def test_node_returns_every_property_it_has(seeded, facts):
    (row,) = rows(seeded, "node", id=f"agency:{COMMERCE}")

    node = facts.nodes[f"agency:{COMMERCE}"]
    expected = {k: v for k, v in node.properties.items() if v is not None} | {"id": node.id}
    assert row == {"id": node.id, "properties": expected}
    assert rows(seeded, "node", id="agency:没有") == []


# --- Reading through the store: limits, timeouts, ad-hoc Cypher -------------------------


def test_run_query_marks_a_result_cut_by_the_row_limit(seeded):
    full = run_query(seeded, "measures", {"limit": 1000})
    cut = run_query(seeded, "measures", {"limit": 1000}, max_rows=3)

    assert not full.truncated and len(full.rows) > 3
    assert cut.truncated and cut.rows == full.rows[:3]


def test_run_read_fetches_at_most_max_rows(seeded):
    assert len(seeded.run_read("MATCH (m:Measure) RETURN m.id AS id", max_rows=4)) == 4
    assert seeded.run_read("MATCH (m:Measure) RETURN m.id AS id", max_rows=0) == []


def test_a_query_past_its_time_limit_is_stopped_and_the_store_still_works(seeded):
    with pytest.raises(QueryTimeoutError, match=r"stopped after 0\.2 s"):
        seeded.run_read(SLOW_QUERY, timeout_s=0.2)

    assert seeded.run_read("MATCH (d:Document) RETURN count(d) AS n") == [{"n": 2}]


def test_ad_hoc_cypher_reads_with_parameters_and_a_row_limit(seeded, facts):
    result = run_cypher(
        seeded,
        "MATCH (a:Agency) WHERE a.name STARTS WITH $prefix RETURN a.name AS name ORDER BY name",
        {"prefix": "绵阳市"},
        max_rows=2,
    )

    names = sorted(a.properties["name"] for a in facts.label("Agency"))
    city = [name for name in names if name.startswith("绵阳市")]
    assert len(city) > 2 and len(city) < len(names)  # the prefix filters, the limit cuts
    assert result.query is None and result.columns == ["name"] and result.truncated
    assert [row["name"] for row in result.rows] == city[:2]


@pytest.mark.neo4j
def test_neo4j_rows_of_plain_and_graph_values_read_as_the_driver_exports_them(neo4j_seed):
    """Plain rows skip the driver's exporter; rows holding nodes, relationships or dates
    must still come back as ``Record.data()`` gives them."""
    query = (
        "MATCH (d:Document)-[r:ISSUED_BY]->(a:Agency) "
        "RETURN d.id AS id, [d.id, 1, 2.5, true, null] AS plain_list, "
        "{name: a.name, ids: [a.id]} AS plain_map, a AS node, r AS relationship, "
        "date('2021-06-01') AS day, [a] AS nodes ORDER BY id"
    )
    rows = neo4j_seed.run_read(query)
    with neo4j_seed._session() as session:
        expected = session.run(query).data()

    assert len(rows) == 2 and rows == expected
    assert rows[0]["node"]["name"] == rows[0]["plain_map"]["name"]
    assert str(rows[0]["day"]) == "2021-06-01" and rows[0]["plain_list"][3] is True


def test_ad_hoc_cypher_cannot_write(seeded):
    before = seeded.counts()

    for statement in (
        "MATCH (a:Agency) SET a.name = 'x' RETURN a.name AS name",
        "CREATE (y:Year {id: 'year:1900', name: '1900', year: 1900})",
        "MATCH (n) DETACH DELETE n",
    ):
        with pytest.raises(ReadOnlyViolationError):
            run_cypher(seeded, statement)

    assert seeded.counts() == before


def test_ad_hoc_cypher_cannot_touch_files(seeded, tmp_path: Path):
    target = tmp_path / "leak.csv"
    statements = {
        "ladybug": [
            f"COPY (MATCH (a:Agency) RETURN a.name) TO '{target}'",
            "LOAD FROM '/etc/hostname' (file_format='csv', header=false) RETURN *",
        ],
        "neo4j": ["LOAD CSV FROM 'file:///etc/hostname' AS line RETURN line"],
    }[seeded.dialect]

    for statement in statements:
        with pytest.raises(ReadOnlyViolationError, match="outside the graph"):
            run_cypher(seeded, statement)

    assert not target.exists()


def test_ad_hoc_cypher_runs_one_statement_only(seeded):
    before = seeded.counts()

    with pytest.raises(QueryError):
        run_cypher(seeded, "MATCH (n:Year) RETURN n.id AS id; MATCH (n) DETACH DELETE n")

    assert seeded.counts() == before


# --- Both stores at once ----------------------------------------------------------------

MORE_PARAMETERS = [
    ("measure_evolution", {"measure": "快速检测"}),  # several measures, two chains
    ("measure_builds_on", {"measure": PLATFORM}),
    ("agency_commitments", {"agency": MSA, "include_predecessors": True}),
    ("agency_history", {"agency": FDA}),
    ("commitments_by_status", {"status": "planned"}),
    ("funding", {"kind": "all"}),
    ("proposal_trace", {"proposal": PROPOSAL_2018}),
    ("search", {"text": "追溯"}),
    ("search", {"text": "2020"}),  # digits: a whole token in Neo4j's full-text index
    ("neighbourhood", {"id": f"agency:{MSA}", "depth": 2}),
    # The limit cuts inside a depth: the same nearest nodes, by id, on both stores.
    ("neighbourhood", {"id": f"measure:{PLATFORM}", "depth": 3, "limit": 7}),
    ("neighbourhood", {"id": "year:2021", "depth": 1, "limit": 4}),
    ("measures", {"skip": 3, "limit": 5}),
    ("documents", {"skip": 1, "limit": 1}),
    ("agencies", {"skip": 2, "limit": 3}),
    # Dialect variants that reorder the work (commitments_by_status, funding,
    # measures_by_year, agencies) with their filters set, not only by default.
    ("commitments_by_status", {"status": "done", "from_year": 2021, "to_year": 2021}),
    ("funding", {"kind": "money", "from_year": 2021, "to_year": 2021}),
    ("funding", {"kind": "all", "agency": MSA}),
    ("measures_by_year", {"from_year": 2021, "to_year": 2021}),
    # The views' reads: every relationship touching the nodes, as a walk's next ring.
    ("subgraph_links", {"ids": f"measure:{PLATFORM},agency:{MSA},year:2021", "between": False}),
    ("subgraph_nodes", {"ids": ["year:2021", f"agency:{MSA}", f"proposal:{PROPOSAL_2021}"]}),
]


@pytest.mark.neo4j
def test_both_stores_give_the_same_answers(ladybug_seed, neo4j_seed):
    cases = [(q.name, q.example) for q in list_queries()] + MORE_PARAMETERS
    for name, params in cases:
        on_ladybug = run_query(ladybug_seed, name, params).rows
        on_neo4j = run_query(neo4j_seed, name, params).rows
        if name == "neighbourhood":  # links are a set
            for result in (on_ladybug, on_neo4j):
                for row in result:
                    row["links"] = sorted((x["type"], x["target"]) for x in row["links"])
        assert on_ladybug == on_neo4j, (name, params)
        assert on_ladybug, (name, params)


def _comparable(name: str, result: list[dict]) -> list[dict]:
    if name == "neighbourhood":  # links are a set
        for row in result:
            row["links"] = sorted((x["type"], x["target"]) for x in row["links"])
    return result


def test_a_row_limit_keeps_the_first_rows_of_the_whole_answer(seeded):
    # run_query hands the limit to the database (a LIMIT after the query's ORDER BY).
    cases = [(q.name, q.example) for q in list_queries()] + MORE_PARAMETERS
    for name, params in cases:
        whole = _comparable(name, run_query(seeded, name, params).rows)
        for limit in (1, 2):
            cut = run_query(seeded, name, params, max_rows=limit)
            assert _comparable(name, cut.rows) == whole[:limit], (name, params, limit)
            assert cut.truncated == (len(whole) > limit), (name, params, limit)


def test_row_limit_is_supplied_by_run_query_not_by_the_caller(seeded):
    query = get_query("commitments_by_status")
    assert "row_limit" not in {p.name for p in query.parameters}
    with pytest.raises(QueryParameterError, match="row_limit"):
        run_query(seeded, "commitments_by_status", {"status": "done", "row_limit": 1})


# --- Command line -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "seed.lbdb"
    with LadybugStore(path) as store:
        write_seed(store)
    return str(path)


def _cli(*args: str):
    from policykg.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_lists_the_named_queries():
    listed = _cli("query", "--list", "--json")

    assert listed.exit_code == 0, listed.output
    assert [q["name"] for q in json.loads(listed.stdout)] == [q.name for q in list_queries()]
    table = _cli("query", "--list")
    assert "measure_evolution" in table.stdout and "include_predecessors=false" in table.stdout


def test_cli_runs_a_named_query_as_json_or_table(cli_store):
    as_json = _cli(
        "query", "measure_evolution", "-p", f"measure={PLATFORM}", "--json", "--store", cli_store
    )
    as_table = _cli("query", "measures_by_year", "-p", "from_year=2021", "--store", cli_store)

    assert as_json.exit_code == 0, as_json.output
    with LadybugStore(cli_store) as store:
        expected = run_query(store, "measure_evolution", {"measure": PLATFORM})
    assert json.loads(as_json.stdout) == expected.model_dump()
    assert as_table.exit_code == 0, as_table.output
    assert "2021" in as_table.stdout and "2018" not in as_table.stdout
    assert "1 rows" in as_table.stdout


def test_cli_refuses_bad_parameters_before_running(cli_store):
    result = _cli("query", "commitments_by_status", "-p", "status=finished", "--store", cli_store)

    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "status" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_cypher_is_read_only_and_takes_parameters(cli_store):
    found = _cli(
        "cypher",
        "MATCH (a:Agency) WHERE a.name = $name RETURN a.id AS id",
        "-p",
        f"name={MSA}",
        "--store",
        cli_store,
    )
    write = _cli("cypher", "MATCH (n) DETACH DELETE n", "--store", cli_store)

    assert found.exit_code == 0, found.output
    assert f"agency:{MSA}" in found.stdout
    assert write.exit_code == 2 and write.stderr.startswith("error: "), write.output
    with LadybugStore(cli_store) as store:
        assert store.counts()["nodes"]["Document"] == 2
