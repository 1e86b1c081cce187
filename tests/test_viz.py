"""Views of the graph (whole, neighbourhood, lineage, agency, year) and the page's HTML, on
both stores; the `view` and `build` commands; `GET /view` and its assets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CENTRE as CENTRE_NAME
from conftest import COMMERCE
from conftest import ISSUER as ISSUER_NAME
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from policykg.api.app import create_app
from policykg.api.view import view_asset
from policykg.cli import app
from policykg.errors import NotFoundError, QueryParameterError
from policykg.extract.pipeline import extract_file
from policykg.extract.records import ReplyRecord
from policykg.graph.build import build_graph
from policykg.graph.lineage import run_lineage
from policykg.graph.model import GraphDocument, GraphNode, GraphRelationship
from policykg.graph.queries import run_query
from policykg.graph.stores import GraphStore, is_neo4j_target, open_store
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings
from policykg.viz import (
    ASSETS,
    Subgraph,
    ViewKind,
    commitments_view,
    lineage_view,
    load_graph,
    neighbourhood_view,
    render_html,
    resolve_node,
    select_view,
    stabilisation_iterations,
    subgraph_of,
    write_html,
)
from policykg.viz.layout import seed_positions
from policykg.viz.render import EDGE_STYLES, SEED_LAYOUT_OVER, STATUS_COLOURS
from tests.letters import EXAMPLE_2021
from tests.two_year_graph import (
    CENTRE,
    CENTRE_2018,
    CENTRE_2021,
    DATE_2018,
    DOC_2018,
    DOC_2021,
    ISSUER,
    PLATFORM_2018,
    PLATFORM_2018_COMMITMENT,
    PLATFORM_2021,
    PLATFORM_2021_COMMITMENT,
    PROPOSAL_2018,
    PROPOSAL_2021,
    SOURCE_2018,
    SOURCE_2021,
    builds_on,
    letter_of_2018,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "letters"
COMMERCE_ID = f"agency:{COMMERCE}"
PROPOSER = "民盟芜湖市委会"  # conftest's sample record, in both years
CENTRE_PART = "芜湖工作站"  # a part of the centre's name no other node's name holds


@pytest.fixture
def seeded(store: GraphStore, record_factory) -> GraphStore:
    store.write(build_graph(letter_of_2018(record_factory)))
    store.write(build_graph(record_factory()))
    store.write(builds_on(PLATFORM_2021, PLATFORM_2018))
    return store


@pytest.fixture
def graph(seeded: GraphStore) -> Subgraph:
    return load_graph(seeded)


def ids(subgraph: Subgraph) -> set[str]:
    return {node.id for node in subgraph.nodes}


# --- subgraphs ---------------------------------------------------------------------------


def test_whole_graph_is_the_store(seeded: GraphStore, graph: Subgraph) -> None:
    assert [n.id for n in graph.nodes] == [n.id for n in seeded.nodes()]
    assert [e.key for e in graph.edges] == [e.key for e in seeded.relationships()]
    assert graph.years() == [2018, 2020, 2021]
    assert graph.source_dates == {SOURCE_2018: DATE_2018, SOURCE_2021: "2021-06-30"}


def test_years_come_from_dates_letters_and_neighbours(graph: Subgraph) -> None:
    years = graph.node_years
    assert years[DOC_2021] == [2021] and years[DOC_2018] == [2018]
    # A commitment is of its own year and of the letter that states it.
    assert years[CENTRE_2021] == [2020, 2021]
    assert years["year:2020"] == [2020]
    # Undated nodes take their neighbours' years: a measure from its commitments, a proposal
    # from the letter answering it, a proposer (two steps away) from its proposals.
    assert years[CENTRE] == [2018, 2020, 2021]
    assert years[PLATFORM_2018] == [2018]
    assert years[f"proposal:{PROPOSAL_2018}"] == [2018]
    assert years[f"proposer:{PROPOSER}"] == [2018, 2021]
    assert years[ISSUER] == [2018, 2020, 2021]


def node(store: GraphStore, node_id: str) -> GraphNode:
    return resolve_node(store, node_id)


def test_neighbourhood_by_depth(seeded: GraphStore, graph: Subgraph) -> None:
    centre = node(seeded, CENTRE)
    one = neighbourhood_view(seeded, centre, depth=1)
    assert ids(one) == {CENTRE, CENTRE_2021, CENTRE_2018}
    assert one.focus == CENTRE and len(one.edges) == 2
    two = neighbourhood_view(seeded, centre, depth=2)
    assert ids(two) - ids(one) == {
        DOC_2021,
        DOC_2018,
        ISSUER,
        "year:2020",
        "year:2018",
        f"suggestion:{PROPOSAL_2021}|1",
        f"suggestion:{PROPOSAL_2018}|1",
    }
    three = neighbourhood_view(seeded, centre, depth=3)
    assert {f"proposal:{PROPOSAL_2021}", PLATFORM_2021_COMMITMENT} <= ids(three)  # via the letter
    assert not any(node.label == "Amount" for node in three.nodes)  # four steps away
    assert ids(neighbourhood_view(seeded, centre, depth=0)) == {CENTRE}
    # Every edge between kept nodes is kept, with its properties as the store holds them.
    kept = ids(two)
    assert [e.model_dump() for e in two.edges] == [
        e.model_dump() for e in graph.edges if e.start_id in kept and e.end_id in kept
    ]
    assert [n.model_dump() for n in two.nodes] == [
        n.model_dump() for n in graph.nodes if n.id in kept
    ]


def test_year_nodes_end_a_walk(store: GraphStore) -> None:
    """A year joins every letter of the year: a neighbourhood does not walk through it."""
    letters = [
        GraphNode(
            id=f"document:{n}", label="Document", properties={"name": n, "date": "2021-01-01"}
        )
        for n in ("A", "B")
    ]
    year = GraphNode(id="year:2021", label="Year", properties={"name": "2021", "year": 2021})
    store.write(
        GraphDocument(
            document_id="years",
            nodes=[*letters, year],
            relationships=[
                GraphRelationship(type="IN_YEAR", start_id=doc.id, end_id=year.id)
                for doc in letters
            ],
        )
    )
    everything = {"document:A", "document:B", "year:2021"}
    assert ids(neighbourhood_view(store, node(store, "document:A"), depth=3)) == {
        "document:A",
        "year:2021",
    }
    assert ids(neighbourhood_view(store, node(store, "year:2021"), depth=1)) == everything


def test_lineage_follows_builds_on_with_commitments_letters_years(seeded: GraphStore) -> None:
    lineage = lineage_view(seeded, node(seeded, PLATFORM_2021))
    assert ids(lineage) == {
        PLATFORM_2021,
        PLATFORM_2018,
        PLATFORM_2021_COMMITMENT,
        PLATFORM_2018_COMMITMENT,
        DOC_2021,
        DOC_2018,
        "year:2021",
        "year:2018",
        # each step's owner, or the letter's issuer where the letter names none
        COMMERCE_ID,
        ISSUER,
    }
    assert ("BUILDS_ON", PLATFORM_2021, PLATFORM_2018) in {e.key for e in lineage.edges}
    # From either end of the chain.
    assert ids(lineage_view(seeded, node(seeded, PLATFORM_2018))) == ids(lineage)


def test_lineage_is_what_measure_evolution_answers(seeded: GraphStore) -> None:
    """The view draws the named query's answer: its measures, letters, commitments, owners."""
    answer = run_query(seeded, "measure_evolution", {"measure": PLATFORM_2021}).rows
    lineage = lineage_view(seeded, node(seeded, PLATFORM_2021))
    by_label = {
        label: {n.id for n in lineage.nodes if n.label == label}
        for label in ("Measure", "Commitment", "Document")
    }
    assert by_label["Measure"] == {row["measure_id"] for row in answer}
    assert by_label["Commitment"] == {row["commitment_id"] for row in answer}
    assert by_label["Document"] == {row["document_id"] for row in answer}


def test_lineage_of_a_measure_without_builds_on_is_its_own_years(seeded: GraphStore) -> None:
    lineage = lineage_view(seeded, node(seeded, CENTRE))
    measures = [n.id for n in lineage.nodes if n.label == "Measure"]
    assert measures == [CENTRE]
    assert {n.properties["year"] for n in lineage.nodes if n.label == "Commitment"} == {2018, 2020}
    with pytest.raises(QueryParameterError):
        lineage_view(seeded, node(seeded, ISSUER))


def test_agency_commitments(seeded: GraphStore) -> None:
    view = commitments_view(seeded, node(seeded, COMMERCE_ID))
    labels = {n.id: n.label for n in view.nodes}
    assert [i for i, label in labels.items() if label == "Commitment"] == [PLATFORM_2021_COMMITMENT]
    assert {PLATFORM_2021, DOC_2021, "year:2021"} <= set(labels)
    issuer = commitments_view(seeded, node(seeded, ISSUER))
    commitments = [n for n in issuer.nodes if n.label == "Commitment"]
    # The issuer carries what the letters commit without naming an owner.
    assert {c.properties["status"] for c in commitments} == {"done", "planned"}
    assert {c.properties["agency"] for c in commitments} == {ISSUER_NAME}
    # Exactly the commitments agency_commitments says the issuer carries.
    answer = run_query(seeded, "agency_commitments", {"agency": ISSUER}).rows
    assert {c.id for c in commitments} == {row["commitment_id"] for row in answer}


def test_year_slice(graph: Subgraph) -> None:
    slice_2018 = graph.year_slice(2018)
    assert DOC_2018 in ids(slice_2018) and DOC_2021 not in ids(slice_2018)
    assert all(2018 in graph.node_years[n.id] for n in slice_2018.nodes)
    assert slice_2018.focus == "year:2018"
    assert ("BUILDS_ON", PLATFORM_2021, PLATFORM_2018) not in {e.key for e in slice_2018.edges}
    assert len(slice_2018.nodes) < len(graph.nodes)


def test_resolve_node(seeded: GraphStore) -> None:
    assert resolve_node(seeded, CENTRE).id == CENTRE
    # A measure's name is also its commitments' name: the shared node wins.
    assert resolve_node(seeded, CENTRE_NAME).id == CENTRE
    assert resolve_node(seeded, CENTRE_PART).id == CENTRE
    with pytest.raises(QueryParameterError, match="names 4 nodes"):
        resolve_node(seeded, "服务平台")
    with pytest.raises(NotFoundError):
        resolve_node(seeded, "不存在的机构")


def test_select_view(seeded: GraphStore, graph: Subgraph) -> None:
    assert ids(select_view(seeded)) == ids(graph)
    assert ids(select_view(seeded, focus=CENTRE_PART)) == ids(
        lineage_view(seeded, node(seeded, CENTRE))
    )
    assert ids(select_view(seeded, focus=COMMERCE)) == ids(
        commitments_view(seeded, node(seeded, COMMERCE_ID))
    )
    assert ids(select_view(seeded, focus=f"proposal:{PROPOSAL_2021}", depth=2)) == ids(
        neighbourhood_view(seeded, node(seeded, f"proposal:{PROPOSAL_2021}"), 2)
    )
    assert ids(select_view(seeded, focus=CENTRE, kind=ViewKind.neighbourhood)) == ids(
        neighbourhood_view(seeded, node(seeded, CENTRE), 1)
    )
    assert ids(select_view(seeded, year=2021)) == ids(graph.year_slice(2021))
    lineage_2018 = select_view(seeded, focus=PLATFORM_2021, year=2018)
    assert PLATFORM_2018 in ids(lineage_2018) and lineage_2018.focus is None
    with pytest.raises(QueryParameterError, match="more than the limit of 5"):
        select_view(seeded, max_nodes=5)
    with pytest.raises(QueryParameterError, match="more than the limit of 5"):
        select_view(seeded, focus=PLATFORM_2021, max_nodes=5)
    with pytest.raises(QueryParameterError):
        select_view(seeded, kind=ViewKind.lineage)


# --- the page ----------------------------------------------------------------------------


def page_data(html: str) -> dict:
    match = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page carries its graph as JSON"
    return json.loads(match.group(1))


def test_page_holds_the_subgraph_with_evidence_on_every_item(graph: Subgraph) -> None:
    html = render_html(graph)
    data = page_data(html)
    assert [n["id"] for n in data["nodes"]] == [n.id for n in graph.nodes]
    assert [(e["relType"], e["from"], e["to"]) for e in data["edges"]] == [
        e.key for e in graph.edges
    ]
    for node, drawn in zip(graph.nodes, data["nodes"], strict=True):
        title = drawn["title"]
        assert title.startswith(f"{node.label}: ")
        assert drawn["years"] == graph.node_years[node.id]
        if node.properties.get("evidence_sentence"):
            assert node.properties["evidence_sentence"] in title
            assert f"source: {node.properties['evidence_file']}" in title
            assert f"letter date: {graph.source_dates[node.properties['evidence_file']]}" in title
        else:
            assert "evidence: none" in title
    for edge, drawn in zip(graph.edges, data["edges"], strict=True):
        assert drawn["label"] == edge.type
        title = drawn["title"]
        if edge.properties.get("evidence_sentence"):
            assert edge.properties["evidence_sentence"] in title
            assert f"source: {edge.properties['evidence_file']}" in title
            assert f"letter date: {graph.source_dates[edge.properties['evidence_file']]}" in title
        else:
            assert "evidence: none" in title
    # Both cases occur here, so neither branch above is dead.
    assert any("evidence: none" in e["title"] for e in data["edges"])
    assert sum(f"letter date: {DATE_2018}" in e["title"] for e in data["edges"]) > 5


def test_page_styles_types_statuses_and_lineage(graph: Subgraph) -> None:
    data = page_data(render_html(graph))
    shapes = {n["nodeType"]: n["shape"] for n in data["nodes"]}
    assert len(set(shapes.values())) == len(shapes)  # one shape per node type
    for node in data["nodes"]:
        if node["nodeType"] == "Commitment":
            assert node["color"] == STATUS_COLOURS[node["status"]]
    lineage = [e for e in data["edges"] if e["relType"] == "BUILDS_ON"]
    others = [e for e in data["edges"] if e["relType"] != "BUILDS_ON"]
    assert len(lineage) == 1 and lineage[0]["dashes"] == EDGE_STYLES["BUILDS_ON"]["dashes"]
    # Ordinary edges take the default colour; lineage has its own.
    assert {e.get("color") for e in others} == {None}
    assert data["options"]["edges"]["color"]["color"] != lineage[0]["color"]
    assert not any(e.get("dashes") for e in others)
    assert data["options"]["physics"]["stabilization"]["iterations"] == stabilisation_iterations(
        len(graph.nodes)
    )


def test_page_legend_and_filters(graph: Subgraph) -> None:
    html = render_html(graph)
    for year in (2018, 2020, 2021):
        assert f'<option value="{year}">{year}</option>' in html
    for label in graph.labels():
        assert f'<input type="checkbox" value="{label}" checked>' in html
    for status in ("done", "planned"):
        assert f'{status} <small data-count-status="{status}">' in html
    assert "BUILDS_ON" in html and 'id="search"' in html


def test_page_is_offline(graph: Subgraph) -> None:
    html = render_html(graph)
    # Nothing is fetched: no src or href at all, the scripts and styles are in the page.
    assert not re.search(r"\s(src|href)=", html)
    assert "vis-network" in html and "window.policykg" in html
    linked = render_html(graph, asset_url="/static/viz")
    sources = re.findall(r'\s(?:src|href)="([^"]+)"', linked)
    assert sorted(sources) == sorted(f"/static/viz/{name}" for name in ASSETS)
    assert len(linked) < len(html) / 5


def test_page_escapes_letter_text() -> None:
    hostile = "</script><script>alert(1)</script>"
    record_graph = subgraph_of([], [])
    html = render_html(record_graph.model_copy(update={"title": hostile}))
    assert hostile not in html
    assert "&lt;/script&gt;" in html


def test_write_html(seeded: GraphStore, tmp_path: Path) -> None:
    view = neighbourhood_view(seeded, node(seeded, CENTRE), 1)
    path = write_html(view, tmp_path / "sub" / "view.html")
    assert len(page_data(path.read_text(encoding="utf-8"))["nodes"]) == 3


def test_layout_work_is_bounded() -> None:
    assert stabilisation_iterations(2000) == 10
    assert stabilisation_iterations(140) == 142
    assert stabilisation_iterations(5) == 1000
    assert stabilisation_iterations(50_000) == 0


def test_seed_positions_cluster_each_letter(graph: Subgraph) -> None:
    positions = seed_positions(graph)
    assert set(positions) == ids(graph)
    assert len(set(positions.values())) == len(positions)  # no two nodes on one spot
    letters = {DOC_2018: positions[DOC_2018], DOC_2021: positions[DOC_2021]}

    def nearest_letter(node_id: str) -> str:
        x, y = positions[node_id]
        return min(letters, key=lambda d: (letters[d][0] - x) ** 2 + (letters[d][1] - y) ** 2)

    # What only one letter says sits by that letter.
    for node in graph.nodes:
        document = node.properties.get("document_id")
        if document:
            assert nearest_letter(node.id) == document, node.id


def test_big_views_start_from_seed_positions(graph: Subgraph) -> None:
    small = page_data(render_html(graph))
    assert not any("x" in node for node in small["nodes"])
    assert small["options"]["layout"]["improvedLayout"] is True
    # Copies of the graph's nodes under new ids make a view past the threshold.
    copies = [n.model_copy(update={"id": f"{n.id}#{i}"}) for i in range(8) for n in graph.nodes]
    big = subgraph_of([*graph.nodes, *copies], graph.edges)
    assert len(big.nodes) > SEED_LAYOUT_OVER
    data = page_data(render_html(big))
    positions = seed_positions(big)
    assert all((node["x"], node["y"]) == positions[node["id"]] for node in data["nodes"])
    assert data["options"]["layout"]["improvedLayout"] is False


# --- commands ----------------------------------------------------------------------------

runner = CliRunner()


def test_view_command(seeded: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    target = seeded.target
    if "bolt" not in target:
        seeded.close()  # LadybugDB: one process holds the file
    result = runner.invoke(app, ["view", "--store", target, "--focus", CENTRE_PART, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "lineage" in result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["focus"] == CENTRE
    result = runner.invoke(app, ["view", "--store", target, "--year", "2018", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert DOC_2021 not in {n["id"] for n in page_data(out.read_text("utf-8"))["nodes"]}


def test_view_command_reports_an_unknown_node_in_one_line(tmp_path: Path) -> None:
    store = tmp_path / "empty.lbdb"
    open_store(str(store), Settings(store=str(store))).close()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from policykg.cli import main; main()",
            "view",
            "--store",
            str(store),
            "--focus",
            "不存在",
            "-o",
            str(tmp_path / "x.html"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "error: no node has the id, name or alias '不存在'"
    assert not (tmp_path / "x.html").exists()


DOC_2018_EXAMPLE = "document:绵食药监函〔2018〕27号"
DOC_2021_EXAMPLE = "document:绵市监函〔2021〕43号"
# The lineage step links the example letters' traceability platforms.
BUILDS_ON_EXAMPLE = (
    "measure:绵阳市食用农产品质量安全追溯平台",
    "measure:食用农产品质量安全追溯平台",
)


def built_graph(path: Path, letters: list[Path]) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Node ids and edge keys of ``letters`` extracted, written one by one, and linked."""
    with LadybugStore(path) as store:
        for letter in letters:
            store.write(build_graph(extract_file(letter)))
        run_lineage(store)
        return {n.id for n in store.nodes()}, {r.key for r in store.relationships()}


def test_build_command(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == 2
    assert {ReplyRecord.model_validate_json(line).document.date[:4] for line in records} == {
        "2018",
        "2021",
    }
    with open_store(str(out / "policykg.lbdb"), Settings()) as store:
        graph = load_graph(store)
    data = page_data((out / "graph.html").read_text(encoding="utf-8"))
    # The page draws the graph the letters make when ingested and linked one by one.
    nodes, edges = built_graph(tmp_path / "expected.lbdb", sorted(EXAMPLES.glob("*.txt")))
    assert {DOC_2018_EXAMPLE, DOC_2021_EXAMPLE} <= nodes
    assert ("BUILDS_ON", BUILDS_ON_EXAMPLE[0], BUILDS_ON_EXAMPLE[1]) in edges
    assert {n["id"] for n in data["nodes"]} == {n.id for n in graph.nodes} == nodes
    assert len(data["nodes"]) == len(graph.nodes)
    assert {(e["relType"], e["from"], e["to"]) for e in data["edges"]} == edges
    assert len(data["edges"]) == len(graph.edges)
    assert {2018, 2021} <= set(graph.years())
    # Building again is idempotent.
    again = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert len(page_data((out / "graph.html").read_text("utf-8"))["nodes"]) == len(graph.nodes)


def test_build_command_reports_bad_letters_and_keeps_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("This is not a reply letter.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(EXAMPLE_2021), str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "bad.txt" in result.output
    assert len((out / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    drawn = {n["id"] for n in page_data((out / "graph.html").read_text("utf-8"))["nodes"]}
    # The good letter's whole graph, and nothing of a letter that was not given.
    assert drawn == built_graph(tmp_path / "expected.lbdb", [EXAMPLE_2021])[0]
    assert DOC_2021_EXAMPLE in drawn and DOC_2018_EXAMPLE not in drawn


# --- API ---------------------------------------------------------------------------------


@pytest.fixture
def api(seeded: GraphStore) -> Iterator[TestClient]:
    """The real app (its lifespan, dependencies and error mapping) over the seeded store."""
    target = seeded.target
    if not is_neo4j_target(target):
        seeded.close()  # the app's lifespan opens the LadybugDB file itself
    with TestClient(create_app(Settings(store=target))) as client:
        yield client


def test_api_view_links_packaged_assets(api: TestClient) -> None:
    response = api.get("/view", params={"focus": CENTRE_PART})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    data = page_data(response.text)
    assert data["focus"] == CENTRE
    assert len(data["nodes"]) == 8  # two measures, their commitments, letters, year, issuer
    sources = re.findall(r'\s(?:src|href)="([^"]+)"', response.text)
    assert len(sources) == len(ASSETS)
    for source in sources:
        assert source.startswith("/static/viz/")
        asset = api.get(source)
        assert asset.status_code == 200 and len(asset.content) > 1000
    assert (
        api.get("/static/viz/vis-network.min.js")
        .headers["content-type"]
        .startswith("text/javascript")
    )
    year = api.get("/view", params={"year": 2018, "depth": 2})
    assert DOC_2021 not in {n["id"] for n in page_data(year.text)["nodes"]}


def test_api_view_errors_are_the_apps_json(api: TestClient) -> None:
    unknown = api.get("/view", params={"focus": "不存在"})
    assert unknown.status_code == 404 and unknown.json()["error"] == "NotFoundError"
    ambiguous = api.get("/view", params={"focus": "服务平台"})
    assert ambiguous.status_code == 422 and "names 4 nodes" in ambiguous.json()["detail"]
    assert api.get("/view", params={"depth": -1}).status_code == 422
    assert api.get("/view", params={"kind": "lineage"}).status_code == 422
    missing = api.get("/static/viz/view.html.j2")
    assert missing.status_code == 404 and missing.json()["error"] == "NotFoundError"


def test_api_assets_are_a_fixed_list(api: TestClient) -> None:
    with pytest.raises(NotFoundError):
        view_asset("view.html.j2")
    with pytest.raises(NotFoundError):
        view_asset("../render.py")
    for path in ("/static/viz/%2e%2e%2frender.py", "/static/viz/..%2Fstatic%2Fview.html.j2"):
        assert api.get(path).status_code == 404


class WholeGraphRefused(LadybugStore):
    """A LadybugDB store that fails any read of the whole graph."""

    def nodes(self) -> list[GraphNode]:
        raise AssertionError("a focused view read every node")

    def relationships(self) -> list[GraphRelationship]:
        raise AssertionError("a focused view read every relationship")


def test_a_focused_view_reads_only_what_its_queries_name(tmp_path: Path, record_factory) -> None:
    with WholeGraphRefused(tmp_path / "g.lbdb") as store:
        store.write(build_graph(letter_of_2018(record_factory)))
        store.write(build_graph(record_factory()))
        store.write(builds_on(PLATFORM_2021, PLATFORM_2018))
        for focus, kind in (
            (PLATFORM_2021, ViewKind.lineage),
            (ISSUER, ViewKind.commitments),
            (f"proposal:{PROPOSAL_2021}", ViewKind.neighbourhood),
        ):
            view = select_view(store, focus=focus, kind=kind, depth=2, year=2021)
            assert view.nodes and all(2021 in view.node_years[n.id] for n in view.nodes)
        with pytest.raises(AssertionError, match="every node"):
            select_view(store)  # the whole graph is the one view that reads it all
