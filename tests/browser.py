"""A headless Chromium for the page tests, with every request that would leave the machine
aborted and recorded (:class:`Page`). The ``browser`` fixture (conftest) launches it.

Without Chromium or playwright the tests skip, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("POLICYKG_CHROMIUM", "/usr/bin/chromium"))
# Flags that keep Chromium itself off the network (updates, sync, metrics, QUIC probes).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
READY = "window.policykg !== undefined && window.policykg.ready === true"


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the browser test cannot run: {reason}")
    pytest.skip(reason)


def launch_chromium() -> Iterator[Any]:
    """The browser, for a fixture to yield from; closed when the fixture ends."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        unavailable(f"playwright is not installed ({exc})")
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
        except Error as exc:
            unavailable(f"Chromium at {CHROMIUM} does not start: {exc}")
        yield chromium
        chromium.close()


class Page:
    """A page opened with the network cut off: anything not local is aborted and kept in
    ``blocked``; console errors and uncaught exceptions are kept in ``errors``."""

    def __init__(self, browser: Any, local_hosts: tuple[str, ...] = ()) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.local_hosts = local_hosts
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or (
            parts.scheme == "http" and parts.hostname in self.local_hosts
        )

    def _route(self, route: Any) -> None:
        if self._is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_function(READY, timeout=30_000)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def drawn(self) -> tuple[int, int]:
        counts = self.js("window.policykg.drawn()")
        return counts["nodes"], counts["edges"]

    def assert_offline_and_clean(self) -> None:
        assert self.blocked == [], f"requests that would leave the machine: {self.blocked}"
        assert all(self._is_local(url) for url in self.requests), self.requests
        assert self.errors == [], self.errors

    def close(self) -> None:
        self.context.close()
