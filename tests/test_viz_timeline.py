"""The timeline of a measure (``policykg.viz.timeline``): lanes, years, statuses, scores and
renames read through the named queries from real stores, the page drawn from them, the
``measure_builds_on`` query, ``GET /view/timeline`` and ``policykg view --timeline``.

The store is the project's own lineage letters (tests/data/lineage: three years of Xiamen
letters across the 2019 rename of the issuing commission, and a Guangzhou letter that must
never join them), ingested and linked the way ``policykg ingest`` does. Expected answers are
read from the same store through ``nodes()`` / ``relationships()`` (no Cypher), and from the
letters themselves (the chip design centre was planned in 2019, built in 2020, extended in
2022).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from policykg.api.app import create_app
from policykg.errors import NotFoundError, QueryParameterError
from policykg.graph.model import GraphDocument, GraphRelationship
from policykg.graph.queries import get_query, run_query
from policykg.graph.stores import GraphStore, open_store
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings
from policykg.viz import load_timeline, render_timeline
from policykg.viz.render import STATUS_COLOURS
from policykg.viz.timeline import Timeline, TimelineLane, TimelineStep
from tests.lineage_letters import (
    CENTRE,
    CENTRE_PLAN,
    GUANGZHOU_PLATFORM,
    NEW,
    OLD,
    write_lineage_letters,
)
from tests.seed_graph import GraphFacts, write_seed

# The example letters' traceability platform, as the 2018 letter planned it and as the 2021
# letter reports it built; the lineage step links the two.
SEED_PLATFORM_2018 = "食用农产品质量安全追溯平台"
SEED_PLATFORM_2021 = "绵阳市食用农产品质量安全追溯平台"


@pytest.fixture(scope="module")
def lineage_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("timeline") / "lineage.lbdb"
    with LadybugStore(path) as store:
        write_lineage_letters(store)
    return path


@pytest.fixture(scope="module")
def xiamen(lineage_path: Path) -> Iterator[GraphStore]:
    with LadybugStore(lineage_path) as store:
        yield store


@pytest.fixture(scope="module")
def facts(xiamen: GraphStore) -> GraphFacts:
    return GraphFacts(xiamen)


def builds_on_edges(facts: GraphFacts) -> dict[tuple[str, str], float]:
    """(later key, earlier key) → score, from the relationships."""
    return {
        (facts.prop(start, "key"), facts.prop(end, "key")): props["score"]
        for type_, start, end, props in facts.edges
        if type_ == "BUILDS_ON"
    }


def reports(facts: GraphFacts, key: str) -> set[tuple[int | None, str, str]]:
    """(letter year, document, status) of every commitment about a measure."""
    found = set()
    for commitment in facts.into[("ABOUT", f"measure:{key}")]:
        document = facts.document_of(commitment)
        found.add(
            (
                facts.letter_year(document),
                facts.prop(document, "name"),
                facts.prop(commitment, "status"),
            )
        )
    return found


def lane_of(timeline: Timeline, measure: str) -> TimelineLane:
    (lane,) = [lane for lane in timeline.lanes if measure in lane.measures]
    return lane


def by_year(steps: list[TimelineStep]) -> list[tuple[int | None, str, str | None]]:
    return [(s.year, s.measure, s.status) for s in sorted(steps, key=lambda s: (s.year, s.measure))]


# --- Assembly ------------------------------------------------------------------------------


def test_the_design_centre_is_one_lane_from_plan_to_extension(xiamen, facts) -> None:
    timeline = load_timeline(xiamen, CENTRE)

    assert len(timeline.lanes) == 1
    (lane,) = timeline.lanes
    assert set(lane.measures) == {CENTRE, CENTRE_PLAN}
    assert lane.title == CENTRE  # the chain is named by its latest step
    assert lane.years == (2019, 2020, 2022)
    # Read from the letters: planned by the commission, built in 2020, extended in 2022.
    assert by_year(timeline.steps) == [
        (2019, CENTRE_PLAN, "planned"),
        (2020, CENTRE, "done"),
        (2022, CENTRE, "in_progress"),
    ]
    # One row: the centre stays on its plan's row in every year.
    assert lane.rows == 1 and {s.row for s in timeline.steps} == {0}
    # Years left to right with no gaps: 2021 has a column though nothing happened in it.
    assert timeline.years == [2019, 2020, 2021, 2022]
    # Owners and evidence come with each step.
    (plan,) = [s for s in timeline.steps if s.year == 2019]
    assert plan.owners == (OLD,) and plan.document == "厦经信函〔2019〕12号"
    assert CENTRE_PLAN in plan.evidence_sentence
    assert plan.evidence_file.endswith("xiamen_2019.txt")
    (built,) = [s for s in timeline.steps if s.year == 2020]
    assert built.owners == (NEW,) and built.date == "2020-05"


def test_links_are_the_stores_builds_on_edges_with_their_scores(xiamen, facts) -> None:
    timeline = load_timeline(xiamen, CENTRE)
    steps = {s.id: s for s in timeline.steps}

    (link,) = timeline.links
    assert (link.measure, link.builds_on) == (CENTRE, CENTRE_PLAN)
    assert link.score == builds_on_edges(facts)[(CENTRE, CENTRE_PLAN)]
    assert link.rationale
    # Drawn from the centre's first report (2020) to the plan (2019), not from 2022.
    assert (steps[link.source].year, steps[link.target].year) == (2020, 2019)


def test_renames_between_owners_of_a_lane_are_marked_with_their_date(xiamen) -> None:
    timeline = load_timeline(xiamen, CENTRE)

    assert [(r.lane, r.earlier, r.later, r.date) for r in timeline.renames] == [
        (0, OLD, NEW, "2019-03")
    ]
    assert timeline.renames[0].rationale


def test_every_chain_matches_the_store(xiamen, facts) -> None:
    """For every measure of the letters: the lanes hold exactly the reports the store has,
    and exactly the BUILDS_ON edges among the lane's measures, scores included."""
    edges = builds_on_edges(facts)
    for measure in facts.label("Measure"):
        key = measure.properties["key"]
        timeline = load_timeline(xiamen, measure.id)  # by id: this measure's chain only
        assert len(timeline.lanes) == 1, key
        lane = timeline.lanes[0]
        assert key in lane.measures
        assert {(s.year, s.document, s.status) for s in timeline.steps} == set().union(
            *(reports(facts, m) for m in lane.measures)
        ), key
        assert {(link.measure, link.builds_on): link.score for link in timeline.links} == {
            pair: score
            for pair, score in edges.items()
            if pair[0] in lane.measures and pair[1] in lane.measures
        }, key
        # A chain is closed under BUILDS_ON: nothing in it links out of it.
        for later, earlier in edges:
            assert (later in lane.measures) == (earlier in lane.measures), (key, later, earlier)
        years = [s.year for s in timeline.steps]
        assert timeline.years == list(range(min(years), max(years) + 1))
        assert all(s.status in STATUS_COLOURS for s in timeline.steps)


def test_measures_of_one_chain_share_a_lane_and_other_cities_get_their_own(xiamen) -> None:
    # 集成电路 is in the plan's, the centre's and Guangzhou's platform's names.
    timeline = load_timeline(xiamen, "集成电路")

    assert [set(lane.measures) for lane in timeline.lanes] == [
        {CENTRE, CENTRE_PLAN},
        {GUANGZHOU_PLATFORM},
    ]
    assert set(timeline.lanes[0].asked) == {CENTRE, CENTRE_PLAN}
    guangzhou = timeline.lane_steps(1)
    assert [(s.year, s.status) for s in guangzhou] == [(2021, "done")]
    assert all(link.measure != GUANGZHOU_PLATFORM for link in timeline.links)
    assert [r.lane for r in timeline.renames] == [0]  # Guangzhou's bureau was not renamed


def test_a_chain_of_three_measures_in_three_years(xiamen, facts) -> None:
    edges = builds_on_edges(facts)
    timeline = load_timeline(xiamen, "中小企业数字化转型项目资助")

    (lane,) = timeline.lanes
    assert len(lane.measures) == 3 and lane.years == (2019, 2020, 2022)
    steps = {s.id: s for s in timeline.steps}
    # Each link goes from a later letter's step to an earlier one's, on one row.
    assert len(timeline.links) == 2
    for link in timeline.links:
        assert steps[link.source].year > steps[link.target].year
        assert link.score == edges[(link.measure, link.builds_on)]
    assert lane.rows == 1


def test_a_chain_that_branches_gets_a_row_per_branch(tmp_path) -> None:
    with LadybugStore(tmp_path / "branch.lbdb") as store:
        write_lineage_letters(store)
        # Test data: the 2022 talent platform also continuing the 2019 centre plan, so that
        # 2019 holds two measures of one chain.
        store.write(
            GraphDocument(
                document_id="test:branch",
                relationships=[
                    GraphRelationship(
                        type="BUILDS_ON",
                        start_id="measure:重点产业人才供需对接平台",
                        end_id=f"measure:{CENTRE_PLAN}",
                        properties={"score": 0.5, "rationale": "test"},
                    )
                ],
            )
        )
        timeline = load_timeline(store, "measure:重点产业人才供需对接平台")

    (lane,) = timeline.lanes
    assert CENTRE_PLAN in lane.measures and "重点产业人才需求数据库" in lane.measures
    assert lane.rows == 2
    in_2019 = [s for s in timeline.steps if s.year == 2019]
    assert sorted(s.row for s in in_2019) == [0, 1]
    # No two steps of a lane share a year and a row.
    cells = [(s.year, s.row) for s in timeline.steps]
    assert len(cells) == len(set(cells))
    (extra,) = [link for link in timeline.links if link.builds_on == CENTRE_PLAN]
    assert extra.score == 0.5


def test_no_matching_measure_is_not_found(xiamen) -> None:
    with pytest.raises(NotFoundError, match="没有这个措施"):
        load_timeline(xiamen, "没有这个措施")
    with pytest.raises(QueryParameterError):
        load_timeline(xiamen, "  ")


def test_too_many_chains_are_counted_not_drawn(xiamen) -> None:
    whole = load_timeline(xiamen, "厦门")
    cut = load_timeline(xiamen, "厦门", max_lanes=1)

    assert len(whole.lanes) >= 2
    assert len(cut.lanes) == 1 and cut.hidden_lanes == len(whole.lanes) - 1
    assert "more chains match" in render_timeline(cut)


@pytest.mark.neo4j
def test_both_stores_give_the_same_timeline(xiamen, neo4j_uri) -> None:
    with open_store(neo4j_uri, Settings(store=neo4j_uri)) as neo4j:
        write_lineage_letters(neo4j)
        for text in (CENTRE, "集成电路", "中小企业", "重点产业"):
            assert load_timeline(neo4j, text) == load_timeline(xiamen, text), text


# --- The named query -----------------------------------------------------------------------


def test_measure_builds_on_gives_each_measures_links_with_score_and_rationale(xiamen, facts):
    edges = builds_on_edges(facts)
    query = get_query("measure_builds_on")
    assert query.returns == ("measure", "builds_on", "score", "rationale")
    for measure in facts.label("Measure"):
        key = measure.properties["key"]
        by_key = run_query(xiamen, "measure_builds_on", {"measure": key}).rows
        by_id = run_query(xiamen, "measure_builds_on", {"measure": measure.id}).rows
        assert by_key == by_id
        assert {(r["measure"], r["builds_on"]): r["score"] for r in by_key} == {
            pair: score for pair, score in edges.items() if pair[0] == key
        }
        assert all(r["rationale"] for r in by_key)


def test_measure_builds_on_of_the_seed_lineage(tmp_path) -> None:
    """On the example letters: each measure's links are its own BUILDS_ON edges, and a key
    that is part of a longer key (the 2018 platform's, in the 2021 platform's) is not matched
    as a substring."""
    with LadybugStore(tmp_path / "seed.lbdb") as store:
        facts = GraphFacts(write_seed(store))
        found = {
            measure.properties["key"]: {
                row["builds_on"]
                for row in run_query(
                    store, "measure_builds_on", {"measure": measure.properties["key"]}
                ).rows
            }
            for measure in facts.label("Measure")
        }
    for measure in facts.label("Measure"):
        linked = {m.removeprefix("measure:") for m in facts.out[("BUILDS_ON", measure.id)]}
        assert found[measure.properties["key"]] == linked, measure.id
    assert found[SEED_PLATFORM_2021] == {SEED_PLATFORM_2018}
    assert found[SEED_PLATFORM_2018] == set()


# --- The page --------------------------------------------------------------------------------


def test_the_page_draws_every_step_link_and_rename_offline(xiamen) -> None:
    timeline = load_timeline(xiamen, "集成电路")
    html = render_timeline(timeline)

    assert html.count('class="tl-node"') == len(timeline.steps)
    assert html.count('class="tl-link"') == len(timeline.links)
    assert html.count('class="tl-rename"') == len(timeline.renames)
    assert html.count('class="tl-lane"') == len(timeline.lanes)
    for year in timeline.years:
        assert f'data-year="{year}"' in html
    for step in timeline.steps:
        assert step.evidence_sentence in html and step.document in html
    for link in timeline.links:
        assert f">{link.score:.2f}<" in html
    # Statuses are the graph page's colours.
    assert STATUS_COLOURS["done"] in html and STATUS_COLOURS["planned"] in html
    # Nothing is fetched: no scripts, styles, fonts or images from anywhere.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html
    # As a file, a step is no link (there is no graph page to go to).
    assert "<a href" not in html


def test_letter_text_cannot_inject_into_the_page() -> None:
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    step = TimelineStep(
        id="s0",
        lane=0,
        row=0,
        measure=hostile,
        name=hostile,
        year=2020,
        document=hostile,
        status="done",
        owners=(hostile,),
        date=None,
        evidence_sentence=hostile,
        evidence_file=hostile,
    )
    timeline = Timeline(
        measure=hostile,
        steps=[step],
        links=[],
        renames=[],
        years=[2020],
        lanes=[
            TimelineLane(
                index=0, title=hostile, asked=(hostile,), measures=(hostile,), rows=1, years=(2020,)
            )
        ],
    )

    html = render_timeline(timeline, graph_url="/view")
    assert "<script>alert" not in html and "<img" not in html
    assert html.count("<script>") == 1  # the page's own


# --- HTTP and the command line -------------------------------------------------------------


@pytest.fixture(scope="module")
def client(lineage_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=str(lineage_path)))) as test_client:
        yield test_client


def test_get_view_timeline_draws_the_chain(client, xiamen) -> None:
    response = client.get("/view/timeline", params={"measure": CENTRE})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    timeline = load_timeline(xiamen, CENTRE)
    html = response.text
    assert html.count('class="tl-node"') == len(timeline.steps) == 3
    # Served, each step links to its measure in the graph page.
    assert f'href="/view?focus={"measure:"}' in html.replace("%3A", ":")


def test_get_view_timeline_errors_go_through_the_error_mapping(client) -> None:
    missing = client.get("/view/timeline", params={"measure": "没有这个措施"})
    empty = client.get("/view/timeline", params={"measure": ""})
    absent = client.get("/view/timeline")

    assert missing.status_code == 404 and missing.json()["error"] == "NotFoundError"
    assert "没有这个措施" in missing.json()["detail"]
    assert empty.status_code == 422 and absent.status_code == 422
    assert set(absent.json()) == {"error", "detail"}


def test_the_graph_page_served_by_the_api_knows_the_timeline_url(client) -> None:
    page = client.get("/view", params={"focus": CENTRE}).text

    assert '"timeline_url": "/view/timeline"' in page
    assert "timeline: click the measure" in page
    spec = client.get("/openapi.json").json()
    assert "measure" in {p["name"] for p in spec["paths"]["/view/timeline"]["get"]["parameters"]}


def test_cli_writes_the_timeline_page(lineage_path, tmp_path) -> None:
    from policykg.cli import app

    out = tmp_path / "timeline.html"
    result = CliRunner().invoke(
        app, ["view", "--timeline", CENTRE, "-o", str(out), "--store", str(lineage_path)]
    )

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 chain · 3 reports · 1 BUILDS_ON link · 1 rename · 2019–2022" in said
    assert out.read_text(encoding="utf-8").count('class="tl-node"') == 3
    missing = CliRunner().invoke(
        app, ["view", "--timeline", "没有这个措施", "-o", str(out), "--store", str(lineage_path)]
    )
    assert missing.exit_code == 2 and missing.stderr.startswith("error: "), missing.output
    mixed = CliRunner().invoke(
        app, ["view", "--timeline", CENTRE, "--year", "2020", "--store", str(lineage_path)]
    )
    assert mixed.exit_code != 0


def test_a_file_graph_page_says_the_command_for_a_measures_timeline(xiamen, tmp_path) -> None:
    from policykg.viz import load_graph, render_html

    page = render_html(load_graph(xiamen))
    assert f"policykg view --timeline measure:{CENTRE} -o timeline.html" in page
    assert '"timeline_url": null' in page
