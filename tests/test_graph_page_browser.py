"""The graph page's basics a Neo4j Browser or Bloom user expects, in headless Chromium on a
store of the project's own letters (tests/data/lineage): a clicked node's properties and
evidence in a side panel, expanding its neighbours from the server, a year filter that
re-fits the view and recounts the legend, the tooltip of the edge under the cursor, and the
status on a commitment's tooltip."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_server import serving
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.stores import open_store
from policykg.settings import Settings
from policykg.viz import Subgraph, select_view, write_html
from policykg.viz.render import node_tooltip
from tests.browser import Page
from tests.letters import ROOT

pytestmark = pytest.mark.browser

LETTERS = ROOT / "tests" / "data" / "lineage"
AGENCY = "agency:厦门市工业和信息化局"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("page") / "page.lbdb"
    result = CliRunner().invoke(app, ["ingest", str(LETTERS), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _open(path: Path) -> Any:
    return open_store(str(path), Settings(store=str(path)))


@pytest.fixture(scope="module")
def whole(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Subgraph]:
    with _open(store_path) as store:
        graph = select_view(store)
    page = write_html(graph, tmp_path_factory.mktemp("pages") / "graph.html")
    return page, graph


@pytest.fixture(scope="module")
def served(store_path: Path) -> Iterator[str]:
    with serving(Settings(store=str(store_path))) as base:
        yield base


DOM_OF = """(id) => {
  const network = window.policykg.network;
  const at = network.canvasToDOM(network.getPosition(id));
  const box = document.getElementById('graph').getBoundingClientRect();
  return [box.left + at.x, box.top + at.y];
}"""


def test_clicking_a_node_opens_its_properties_and_evidence(browser: Any, whole, tmp_path):
    page_path, graph = whole
    measure = next(
        n for n in graph.nodes if n.label == "Measure" and n.properties.get("evidence_sentence")
    )
    page = Page(browser)
    try:
        page.open(page_path.as_uri())
        assert page.page.is_hidden("#details")
        page.js(
            "(id) => window.policykg.network.focus(id, {scale: 1.5, animation: false})", measure.id
        )
        x, y = page.js(DOM_OF, measure.id)
        page.page.mouse.click(x, y)
        page.page.wait_for_selector("#details", state="visible", timeout=5000)
        panel = page.page.inner_text("#details")
        expand_disabled = page.page.is_disabled("#details-expand")
        page.page.screenshot(path=str(tmp_path / "panel.png"))
        page.page.click("#details-close")
        closed = page.page.is_hidden("#details")
        page.assert_offline_and_clean()
    finally:
        page.close()

    assert f"Measure: {measure.properties['name']}" in panel
    assert measure.properties["evidence_sentence"] in panel
    assert measure.properties["evidence_file"] in panel
    assert measure.id in panel
    assert expand_disabled and "policykg serve" in panel  # a file has no server to ask
    assert closed


def test_expanding_a_node_adds_its_neighbours_from_the_server(browser, served, store_path):
    with _open(store_path) as store:
        around = select_view(store, focus=AGENCY, kind="neighbourhood", depth=1)
    page = Page(browser, local_hosts=("127.0.0.1",))
    try:
        page.open(f"{served}/view?focus={AGENCY}&kind=neighbourhood&depth=0")
        before = page.drawn()
        page.js("(id) => window.policykg.showDetails(id)", AGENCY)
        page.page.click("#details-expand")
        # A function, not an expression: the page's CSP forbids evaluating strings.
        page.page.wait_for_function(
            "(n) => window.policykg.drawn().nodes > n", arg=before[0], timeout=10_000
        )
        ids = set(page.js("window.policykg.nodes.getIds()"))
        after = page.drawn()
        note = page.page.inner_text("#details-note")
        page.assert_offline_and_clean()
    finally:
        page.close()

    assert before == (1, 0)
    assert ids == {node.id for node in around.nodes}
    assert after == (len(around.nodes), len(around.edges))
    assert note == f"{len(around.nodes) - 1} new nodes"


def test_the_year_filter_refits_the_view_and_recounts_the_legend(browser, whole):
    page_path, graph = whole
    year = graph.years()[0]
    sliced = graph.year_slice(year)
    page = Page(browser)
    try:
        page.open(page_path.as_uri())
        whole_scale = page.js("window.policykg.network.getScale()")
        page.page.select_option("#year-filter", str(year))
        shown = page.js("""() => {
            const network = window.policykg.network;
            const view = [network.getScale(), network.getViewPosition()];
            network.fit({animation: false});  // fitting again moves nothing: it was fitted
            return {before: view, after: [network.getScale(), network.getViewPosition()]};
        }""")
        legend = page.js("""() => Object.fromEntries(Array.from(
            document.querySelectorAll('[data-count-type]'),
            (el) => [el.dataset.countType, Number(el.textContent)]))""")
        statuses = page.js("""() => Object.fromEntries(Array.from(
            document.querySelectorAll('[data-count-status]'),
            (el) => [el.dataset.countStatus, Number(el.textContent)]))""")
        page.assert_offline_and_clean()
    finally:
        page.close()

    (scale, centre), (refit_scale, refit_centre) = shown["before"], shown["after"]
    assert scale == pytest.approx(refit_scale, rel=1e-6)
    assert centre["x"] == pytest.approx(refit_centre["x"], abs=1e-3)
    assert centre["y"] == pytest.approx(refit_centre["y"], abs=1e-3)
    assert scale != pytest.approx(whole_scale, rel=1e-3)  # the slice is drawn larger
    expected = Counter(node.label for node in sliced.nodes)
    assert legend == {label: expected.get(label, 0) for label in legend}
    assert sum(legend.values()) == len(sliced.nodes) < len(graph.nodes)
    done = sum(
        1 for n in sliced.nodes if n.label == "Commitment" and n.properties.get("status") == "done"
    )
    assert statuses.get("done", 0) == done


EDGE_POINTS = """() => {
  // A point on each drawn edge, a third of the way along its own curve, where no node is
  // and no other edge passes within 3 px: the tooltip there can only be that edge's.
  const network = window.policykg.network;
  const scale = network.getScale();
  const box = document.getElementById('graph').getBoundingClientRect();
  const points = [];
  for (const id of network.body.edgeIndices) {
    const edge = network.body.edges[id];
    const at = edge.edgeType.getPoint(0.33);
    const dom = network.canvasToDOM(at);
    if (dom.x < 5 || dom.y < 5 || dom.x > box.width - 5 || dom.y > box.height - 5) continue;
    if (network.getNodeAt(dom) !== undefined) continue;
    const others = network.body.edgeIndices.filter((other) => other !== id).map((other) => {
      const e = network.body.edges[other];
      return e.edgeType.getDistanceToEdge(e.from.x, e.from.y, e.to.x, e.to.y, at.x, at.y);
    });
    if (others.some((d) => d * scale < 3)) continue;
    points.push({ id, x: box.left + dom.x, y: box.top + dom.y });
  }
  return points;
}"""


def test_the_tooltip_is_the_edge_under_the_cursor(browser, whole):
    page_path, _ = whole
    page = Page(browser)
    checked = 0
    try:
        page.open(page_path.as_uri())
        points = page.js(EDGE_POINTS)
        for point in points[:12]:
            page.page.mouse.move(point["x"], point["y"])
            page.page.wait_for_selector("#edge-tip", state="visible", timeout=3000)
            shown = page.page.inner_text("#edge-tip")
            title = page.js("(id) => window.policykg.edges.get(id).title", point["id"])
            assert shown == title, (point, shown[:60], title[:60])
            assert not page.page.is_visible("div.vis-tooltip:not(#edge-tip)")  # vis shows none
            checked += 1
        page.page.mouse.move(1, 1)
        assert page.page.is_hidden("#edge-tip")
        page.assert_offline_and_clean()
    finally:
        page.close()

    assert checked >= 5


def test_a_commitment_tooltip_says_its_status_first(whole):
    _, graph = whole
    commitment = next(
        n for n in graph.nodes if n.label == "Commitment" and n.properties.get("status")
    )

    lines = node_tooltip(commitment, graph.source_dates, []).splitlines()

    assert lines[0].startswith("Commitment: ")
    assert lines[1] == f"status: {commitment.properties['status']}"
    assert sum(line.startswith("status: ") for line in lines) == 1
