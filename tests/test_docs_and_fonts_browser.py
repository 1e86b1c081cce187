"""In headless Chromium with the network cut off: the API's /docs and /redoc render from the
package's own assets, and the graph page draws Chinese labels as glyphs, not boxes.

Without Chromium, playwright or a CJK font the tests skip (outside CI) and say why."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from live_server import serving
from PIL import Image

from policykg.graph.model import GraphNode
from policykg.settings import Settings
from policykg.viz import subgraph_of, write_html
from tests.browser import Page, unavailable

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    from policykg.graph.stores.ladybug import LadybugStore

    target = tmp_path_factory.mktemp("docs") / "docs.lbdb"
    LadybugStore(str(target)).close()
    with serving(Settings(store=str(target))) as base:
        yield base


def _inked_share(png: bytes) -> float:
    """The share of a screenshot's pixels that are not (near) white."""
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    return sum(histogram[:230]) / (image.width * image.height)


def test_docs_render_offline_from_the_package(browser: Any, served: str, tmp_path: Path):
    page = Page(browser, local_hosts=("127.0.0.1",))
    try:
        page.page.goto(f"{served}/docs")
        page.page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
        page.page.wait_for_selector(".opblock", timeout=30_000)  # the endpoints, drawn
        title = page.page.inner_text(".swagger-ui .info .title")
        operations = page.page.locator(".opblock").count()
        shot = page.page.screenshot(path=str(tmp_path / "docs.png"), full_page=False)
        page.assert_offline_and_clean()
    finally:
        page.close()

    assert title.startswith("policykg")
    assert operations >= 10
    assert _inked_share(shot) > 0.02  # a blank page (no Swagger UI) is all white


def test_redoc_renders_offline_from_the_package(browser: Any, served: str, tmp_path: Path):
    page = Page(browser, local_hosts=("127.0.0.1",))
    try:
        page.page.goto(f"{served}/redoc")
        page.page.wait_for_selector("h1", timeout=30_000)
        heading = page.page.inner_text("h1")
        shot = page.page.screenshot(path=str(tmp_path / "redoc.png"))
    finally:
        page.close()

    # ReDoc's "powered by" footer links its logo from Redocly's CDN; offline it is left out,
    # and nothing else the page needs leaves the machine.
    assert [url for url in page.blocked if not url.endswith("/redoc/logo-mini.svg")] == []
    assert page.errors == [] or all(
        "logo-mini.svg" in e or "ERR_FAILED" in e for e in page.errors
    ), page.errors

    assert heading.startswith("policykg")
    assert _inked_share(shot) > 0.02


GLYPHS_VS_BOX = """(face) => {
  // Draw a Chinese label and a private-use character no font has (drawn as the box of a
  // missing glyph) in the page's label font; glyphs differ from the box and are 1em wide.
  const canvas = document.createElement("canvas");
  canvas.width = 200; canvas.height = 40;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.font = `20px ${face}`;
  const pixels = (text) => {
    ctx.clearRect(0, 0, 200, 40);
    ctx.fillText(text, 0, 30);
    return Array.from(ctx.getImageData(0, 0, 200, 40).data).join(",");
  };
  return {
    width: ctx.measureText("中文标签").width,
    same_as_box: pixels("中") === pixels("\\uE000"),
    box_width: ctx.measureText("\\uE000").width,
  };
}"""


def _cjk_font_installed() -> bool:
    try:
        listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return False
    return bool(listed.strip())


def test_chinese_labels_render_as_glyphs(browser: Any, tmp_path: Path):
    if not _cjk_font_installed():
        unavailable("no CJK font installed (README: fonts-noto-cjk or fonts-wqy-zenhei)")
    node = GraphNode(id="agency:市场监管局", label="Agency", properties={"name": "市场监管局"})
    path = write_html(subgraph_of([node], []), tmp_path / "cjk.html")
    page = Page(browser)
    try:
        page.open(path.as_uri())
        face = page.js("window.policykg.network.body.nodes['agency:市场监管局'].options.font.face")
        drawn = page.js(GLYPHS_VS_BOX, face)
        page.page.screenshot(path=str(tmp_path / "cjk.png"))
        page.assert_offline_and_clean()
    finally:
        page.close()

    assert "WenQuanYi Zen Hei" in face and "Noto Sans CJK SC" in face
    assert not drawn["same_as_box"]
    assert abs(drawn["width"] - 4 * 20) <= 2  # four full-width glyphs of 1em each
