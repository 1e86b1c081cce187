"""The graph page in a real browser: headless Chromium (/usr/bin/chromium) with every request
that would leave the machine aborted and recorded.

Checked from the page itself (``window.policykg``, the vis DataSets and what the network
draws): no console errors, no request beyond the file or the local API, drawn node and edge
counts equal to the subgraph's, the year and type filters change what is drawn exactly as
:meth:`Subgraph.year_slice` says, search focuses a node, tooltips show the evidence, and
BUILDS_ON edges are drawn dashed. Screenshots go to each test's ``tmp_path``.

The browser and :class:`~tests.browser.Page` come from tests/browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import serving
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.build import build_graph
from policykg.graph.stores import open_store
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings
from policykg.viz import Subgraph, load_graph, select_view, subgraph_of, write_html
from tests.browser import Page
from tests.letters import EXAMPLES
from tests.two_year_graph import PLATFORM_2018, PLATFORM_2021, builds_on, letter_of_2018

pytestmark = pytest.mark.browser


def counts(subgraph: Subgraph) -> tuple[int, int]:
    return len(subgraph.nodes), len(subgraph.edges)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Subgraph]:
    """``policykg build examples/letters --out DIR``: the page the README's first command
    writes."""
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(app, ["build", str(EXAMPLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open_store(str(out / "policykg.lbdb"), Settings()) as store:
        graph = load_graph(store)
    return out / "graph.html", graph


def test_built_page_draws_the_graph_offline_and_filters_it(browser, built, tmp_path) -> None:
    page_path, graph = built
    page = Page(browser)
    try:
        page.open(page_path.as_uri())
        assert page.js("[window.policykg.nodes.length, window.policykg.edges.length]") == list(
            counts(graph)
        )
        assert page.drawn() == counts(graph)
        page.page.screenshot(path=str(tmp_path / "graph.png"))

        years = graph.years()
        assert len(years) >= 2
        for year in years:
            page.page.select_option("#year-filter", str(year))
            assert page.drawn() == counts(graph.year_slice(year)), year
            assert page.drawn()[0] < len(graph.nodes)
        page.page.screenshot(path=str(tmp_path / f"graph-{years[-1]}.png"))
        page.page.select_option("#year-filter", "")
        assert page.drawn() == counts(graph)

        commitments = {n.id for n in graph.nodes if n.label == "Commitment"}
        page.page.uncheck("#type-filter input[value=Commitment]")
        assert page.drawn() == (
            len(graph.nodes) - len(commitments),
            sum(e.start_id not in commitments and e.end_id not in commitments for e in graph.edges),
        )
        page.page.check("#type-filter input[value=Commitment]")
        assert page.drawn() == counts(graph)
        page.assert_offline_and_clean()
    finally:
        page.close()
    assert (tmp_path / "graph.png").stat().st_size > 20_000


def test_search_focuses_a_node_and_its_tooltip_shows_the_evidence(browser, built) -> None:
    page_path, graph = built
    measure = next(
        n for n in graph.nodes if n.label == "Measure" and n.properties.get("evidence_sentence")
    )
    page = Page(browser)
    try:
        page.open(page_path.as_uri())
        # A type filter hiding the node is cleared by the search.
        page.page.uncheck("#type-filter input[value=Measure]")
        page.page.fill("#search", measure.properties["name"])
        page.page.press("#search", "Enter")
        assert page.js("window.policykg.network.getSelectedNodes()") == [measure.id]
        assert page.drawn() == counts(graph)
        assert "focused" in page.page.inner_text("#status")

        x, y = page.js(
            """(id) => {
                const network = window.policykg.network;
                const at = network.canvasToDOM(network.getPosition(id));
                const box = document.getElementById('graph').getBoundingClientRect();
                return [box.left + at.x, box.top + at.y];
            }""",
            measure.id,
        )
        page.page.mouse.move(x, y)
        tooltip = page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        text = tooltip.inner_text()
        assert measure.properties["evidence_sentence"] in text
        assert f"source: {measure.properties['evidence_file']}" in text
        assert f"letter date: {graph.source_dates[measure.properties['evidence_file']]}" in text
        page.assert_offline_and_clean()
    finally:
        page.close()


@pytest.fixture
def api_url(tmp_path, record_factory) -> Iterator[tuple[str, Subgraph]]:
    """The app served by uvicorn on loopback over a two-year store with lineage."""
    path = tmp_path / "graph.lbdb"
    with LadybugStore(path) as store:
        store.write(build_graph(letter_of_2018(record_factory)))
        store.write(build_graph(record_factory()))
        store.write(builds_on(PLATFORM_2021, PLATFORM_2018))
        lineage = select_view(store, focus=PLATFORM_2021)
    with serving(Settings(store=str(path))) as base:
        yield base, lineage


def test_api_page_works_from_the_server_alone(browser, api_url, tmp_path) -> None:
    base, lineage = api_url
    page = Page(browser, local_hosts=("127.0.0.1",))
    try:
        page.open(f"{base}/view?focus={PLATFORM_2021}")
        assert page.drawn() == counts(lineage)
        assert page.js("window.policykg.network.getSelectedNodes()") == [PLATFORM_2021]
        dashes = page.js("""() => window.policykg.edges
            .get({filter: (e) => e.relType === 'BUILDS_ON'})
            .map((e) => window.policykg.network.body.edges[e.id].options.dashes)""")
        assert len(dashes) == 1 and dashes[0] not in (False, None)
        assert any(url.startswith(f"{base}/static/viz/vis-network") for url in page.requests)
        page.page.screenshot(path=str(tmp_path / "lineage.png"))
        page.page.select_option("#year-filter", "2018")
        assert page.drawn() == counts(lineage.year_slice(2018))
        page.assert_offline_and_clean()
    finally:
        page.close()


def test_a_request_off_the_machine_would_be_caught(browser, tmp_path) -> None:
    """The guard itself: a page asking for a CDN script is recorded, not let through."""
    probe = tmp_path / "probe.html"
    probe.write_text(
        '<script src="https://cdn.jsdelivr.net/npm/vis-network"></script>', encoding="utf-8"
    )
    page = Page(browser)
    try:
        page.page.goto(probe.as_uri())
        assert page.blocked == ["https://cdn.jsdelivr.net/npm/vis-network"]
        with pytest.raises(AssertionError):
            page.assert_offline_and_clean()
    finally:
        page.close()


def test_an_empty_view_is_ready_and_says_so(browser, tmp_path) -> None:
    path = write_html(subgraph_of([], [], "nothing yet"), tmp_path / "empty.html")
    page = Page(browser)
    try:
        page.open(path.as_uri())
        assert page.drawn() == (0, 0)
        assert "this view is empty" in page.page.inner_text("#status")
        page.assert_offline_and_clean()
    finally:
        page.close()
