"""The timeline page in headless Chromium (/usr/bin/chromium), with every request that would
leave the machine aborted and recorded (``Page`` of tests/browser.py).

Checked from the drawn page: a box for every step, in its year's column (left to right) and
its chain's lane (top to bottom); BUILDS_ON arrows with their scores; the rename marker at its
date; the hover card showing the evidence sentence, document, owner and date; no console
errors, no request beyond the file or the local API. The screenshot goes to the test's
``tmp_path`` and must be an image of something (not blank, not one colour). Served by the
API, a Measure clicked in the graph page links its timeline from the side panel.

Without Chromium or playwright the tests skip, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from live_server import serving
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings
from policykg.viz import Timeline, load_timeline
from policykg.viz.render import STATUS_COLOURS
from tests.browser import READY, Page
from tests.lineage_letters import CENTRE, NEW, OLD, write_lineage_letters

pytestmark = pytest.mark.browser

TIMELINE_READY = "window.policykgTimeline !== undefined && window.policykgTimeline.ready"
MIN_SCREENSHOT_BYTES = 20_000
TEXT = "中小企业"  # two chains: the subsidy chain (three measures) and the centre's chain


@pytest.fixture(scope="module")
def lineage_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Timeline]]:
    path = tmp_path_factory.mktemp("timeline-browser") / "lineage.lbdb"
    with LadybugStore(path) as store:
        write_lineage_letters(store)
        timelines = {text: load_timeline(store, text) for text in (TEXT, "集成电路", CENTRE)}
    return path, timelines


def open_timeline(page: Page, url: str) -> None:
    page.page.goto(url)
    page.page.wait_for_function(TIMELINE_READY, timeout=30_000)


def boxes(page: Page) -> list[dict[str, Any]]:
    return page.js("""() => Array.from(document.querySelectorAll('.tl-node')).map((g) => {
        const r = g.querySelector('rect').getBoundingClientRect();
        return {id: g.id, lane: Number(g.dataset.lane), year: g.dataset.year,
                status: g.dataset.status, fill: g.querySelector('rect').getAttribute('fill'),
                x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height,
                text: g.textContent};
    })""")


def assert_screenshot_shows_something(path: Path, colours: list[str]) -> None:
    from PIL import Image

    assert path.stat().st_size > MIN_SCREENSHOT_BYTES, path.stat().st_size
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        counts = rgb.getcolors(maxcolors=1 << 20) or []
    assert len(counts) > 50, f"{path}: {len(counts)} colours, nearly blank"
    drawn = {colour for _, colour in counts}
    for colour in colours:  # the status fills, exactly as the legend says
        rgb_value = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb_value in drawn, (path, colour)


def test_timeline_file_draws_years_lanes_links_and_evidence_offline(
    browser, lineage_store, tmp_path
) -> None:
    path, timelines = lineage_store
    timeline = timelines[TEXT]
    page_path = tmp_path / "timeline.html"
    written = CliRunner().invoke(
        app, ["view", "--timeline", TEXT, "-o", str(page_path), "--store", str(path)]
    )
    assert written.exit_code == 0, written.output

    page = Page(browser)
    try:
        open_timeline(page, page_path.as_uri())
        drawn = boxes(page)
        assert len(drawn) == len(timeline.steps) > 3
        assert all(box["w"] > 100 and box["h"] > 30 for box in drawn)
        # Every step of every lane is drawn, with its year and status.
        expected = sorted((s.lane, str(s.year), s.status) for s in timeline.steps)
        assert sorted((b["lane"], b["year"], b["status"]) for b in drawn) == expected
        assert all(b["fill"] == STATUS_COLOURS[b["status"]] for b in drawn)
        # Years run left to right, lanes top to bottom, each year in one column.
        column = {}
        for box in drawn:
            column.setdefault(box["year"], set()).add(round(box["x"]))
        assert all(len(xs) == 1 for xs in column.values()), column
        xs = [column[str(year)].pop() for year in sorted(int(y) for y in column)]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
        lane_ys = {}
        for box in drawn:
            lane_ys.setdefault(box["lane"], []).append(box["y"])
        lanes = sorted(lane_ys)
        for upper, lower in pairwise(lanes):
            assert max(lane_ys[upper]) < min(lane_ys[lower])
        # Year headings for every column, 2021 included though nothing happened in it.
        headings = page.js(
            "Array.from(document.querySelectorAll('.tl-year')).map(t => t.textContent)"
        )
        assert headings == [str(y) for y in timeline.years] == ["2019", "2020", "2021", "2022"]
        # BUILDS_ON arrows with their scores; the rename at its date.
        labels = page.js(
            "Array.from(document.querySelectorAll('.tl-link text')).map(t => t.textContent)"
        )
        assert sorted(labels) == sorted(f"{link.score:.2f}" for link in timeline.links)
        renames = page.js("""Array.from(document.querySelectorAll('.tl-rename')).map(
            g => [g.dataset.date, g.querySelector('text').textContent])""")
        assert renames and all(
            date == "2019-03" and OLD in text and NEW in text for date, text in renames
        )

        page.page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)
        assert_screenshot_shows_something(
            tmp_path / "timeline.png", sorted({STATUS_COLOURS[s.status] for s in timeline.steps})
        )

        # Hovering a box shows its evidence, document, owner and date.
        step = next(s for s in timeline.steps if s.date)
        box = next(b for b in drawn if b["id"] == step.id)
        assert page.js("document.getElementById('tip').hidden") is True
        page.page.mouse.move(box["x"], box["y"])
        tip = page.page.wait_for_selector("#tip", state="visible", timeout=5000)
        text = tip.inner_text()
        assert step.evidence_sentence in text
        assert f"document: {step.document}" in text
        assert f"owner: {', '.join(step.owners)}" in text
        assert f"date: {step.date}" in text
        page.page.screenshot(path=str(tmp_path / "timeline-hover.png"))
        # No native tooltip doubles ours.
        assert page.js("document.querySelectorAll('.tl-node title').length") == 0
        page.page.mouse.move(5, 5)
        assert page.js("document.getElementById('tip').hidden") is True
        page.assert_offline_and_clean()
    finally:
        page.close()


@pytest.fixture
def served(lineage_store) -> Iterator[str]:
    path, _ = lineage_store
    with serving(Settings(store=str(path))) as base:
        yield base


def test_clicking_a_measure_in_the_graph_page_opens_its_timeline(
    browser, served, lineage_store, tmp_path
) -> None:
    _, timelines = lineage_store
    measure_id = f"measure:{CENTRE}"
    page = Page(browser, local_hosts=("127.0.0.1",))
    try:
        page.page.goto(f"{served}/view?focus={measure_id}")
        page.page.wait_for_function(READY, timeout=30_000)
        x, y = page.js(
            """(id) => {
                const network = window.policykg.network;
                const at = network.canvasToDOM(network.getPosition(id));
                const box = document.getElementById('graph').getBoundingClientRect();
                return [box.left + at.x, box.top + at.y];
            }""",
            measure_id,
        )
        assert page.js("(id) => window.policykg.timelineUrl(id)", measure_id).startswith(
            "/view/timeline?measure="
        )
        page.page.mouse.click(x, y)  # the side panel opens, with the timeline link
        page.page.wait_for_selector("#details-timeline", state="visible", timeout=5000)
        page.page.click("#details-timeline")
        page.page.wait_for_url("**/view/timeline?measure=*", timeout=10_000)
        page.page.wait_for_function(TIMELINE_READY, timeout=30_000)

        timeline = timelines[CENTRE]
        assert page.js("window.policykgTimeline.steps") == len(timeline.steps) == 3
        assert page.js("window.policykgTimeline.links") == len(timeline.links) == 1
        assert sorted(b["year"] for b in boxes(page)) == ["2019", "2020", "2022"]
        # Served, a step goes back to its measure in the graph page.
        link = page.js("document.querySelector('.tl-nodes a').getAttribute('href')")
        assert link.startswith("/view?focus=measure%3A")
        page.page.screenshot(path=str(tmp_path / "served-timeline.png"), full_page=True)
        assert_screenshot_shows_something(
            tmp_path / "served-timeline.png", [STATUS_COLOURS["done"], STATUS_COLOURS["planned"]]
        )
        page.assert_offline_and_clean()
    finally:
        page.close()
