"""Time a 2,000-node graph view: building the page in Python, then drawing it in headless
Chromium until its bounded layout has stopped and the page is usable.

    .venv/bin/python -m bench.view_2000 [--nodes 2000] [--runs 5] [--seed 0] [--screenshot F]

Set-up (not timed): synthetic letters from ``bench.corpus`` are ingested into a temporary
LadybugDB until it holds at least ``--nodes`` nodes, lineage is linked as ``policykg build``
does, and the view is the first ``--nodes`` nodes reached breadth-first from the first
letter (so it is connected, like a real view). Each run then times

- **build**: ``load_graph`` + cutting the view (``Subgraph.induced``) + ``render_html`` +
  writing the file;
- **browser**: ``page.goto(file)`` until ``window.policykg.ready`` (vis-network has run its
  capped stabilisation, physics is off, positions are stored), in a fresh browser context;
- **layout**: the page's own figure for the same, from its script start.

and the medians over the runs are printed. The page loads nothing from the network (any
request off the machine is aborted and makes the benchmark fail).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

from bench.corpus import write_corpus
from policykg.graph.ingest import ingest_letter
from policykg.graph.lineage import run_lineage
from policykg.graph.stores.ladybug import LadybugStore
from policykg.viz import Subgraph, load_graph, render_html, stabilisation_iterations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LETTERS_PER_BATCH = 10


def fill_store(store: LadybugStore, nodes: int, seed: int, workdir: Path) -> int:
    """Ingest synthetic letters until the store holds ``nodes`` nodes; returns letters used."""
    letters = 0
    while sum(store.counts()["nodes"].values()) < nodes:
        batch = write_corpus(letters + LETTERS_PER_BATCH, workdir / "corpus", seed=seed)
        for path in batch[letters:]:
            ingest_letter(path, store)
        letters += LETTERS_PER_BATCH
    run_lineage(store)
    return letters


def connected_view(graph: Subgraph, size: int) -> list[str]:
    """The first ``size`` node ids reached breadth-first from the first Document."""
    adjacency: dict[str, list[str]] = {}
    for edge in graph.edges:
        adjacency.setdefault(edge.start_id, []).append(edge.end_id)
        adjacency.setdefault(edge.end_id, []).append(edge.start_id)
    start = next(n.id for n in graph.nodes if n.label == "Document")
    seen, queue = [start], deque([start])
    known = {start}
    while queue and len(seen) < size:
        for neighbour in adjacency.get(queue.popleft(), ()):
            if neighbour not in known and len(seen) < size:
                known.add(neighbour)
                seen.append(neighbour)
                queue.append(neighbour)
    return seen


def build_page(store: LadybugStore, keep: list[str], path: Path) -> Subgraph:
    view = load_graph(store).induced(keep, f"{len(keep)}-node view")
    path.write_text(render_html(view), encoding="utf-8")
    return view


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--screenshot", type=Path, help="save the last run's page as PNG")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="view_2000-") as tmp:
        workdir = Path(tmp)
        store = LadybugStore(workdir / "graph.lbdb")
        started = time.perf_counter()
        letters = fill_store(store, args.nodes, args.seed, workdir)
        keep = connected_view(load_graph(store), args.nodes)
        print(
            f"set-up: {letters} synthetic letters ingested and linked in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )

        page_path = workdir / "view.html"
        builds, browsers, layouts = [], [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            for run in range(args.runs):
                started = time.perf_counter()
                view = build_page(store, keep, page_path)
                builds.append(time.perf_counter() - started)

                context = browser.new_context(viewport={"width": 1400, "height": 900})
                blocked: list[str] = []
                context.route(
                    "**/*",
                    lambda route, blocked=blocked: (
                        route.continue_()
                        if route.request.url.startswith(("file:", "data:"))
                        else (blocked.append(route.request.url), route.abort())
                    ),
                )
                page = context.new_page()
                started = time.perf_counter()
                page.goto(page_path.as_uri())
                page.wait_for_function("window.policykg && window.policykg.ready", timeout=120_000)
                browsers.append(time.perf_counter() - started)
                layouts.append(page.evaluate("window.policykg.stabilisedMs") / 1000)
                drawn = page.evaluate("window.policykg.drawn()")
                if blocked or drawn != {"nodes": len(view.nodes), "edges": len(view.edges)}:
                    raise SystemExit(f"page broken: drawn {drawn}, blocked requests {blocked}")
                if args.screenshot and run == args.runs - 1:
                    page.screenshot(path=str(args.screenshot))
                context.close()
                print(
                    f"run {run + 1}: build {builds[-1]:.2f} s, browser {browsers[-1]:.2f} s "
                    f"(layout {layouts[-1]:.2f} s)",
                    file=sys.stderr,
                )
            browser.close()
        page_mb = page_path.stat().st_size / 1e6
        store.close()

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (other work slows the figures)")
    print(
        f"view: {len(view.nodes)} nodes, {len(view.edges)} edges, "
        f"{stabilisation_iterations(len(view.nodes))} layout steps, page {page_mb:.1f} MB"
    )
    print(
        f"median of {args.runs} runs: build {statistics.median(builds):.2f} s · "
        f"browser until usable {statistics.median(browsers):.2f} s "
        f"(in-page layout {statistics.median(layouts):.2f} s) · "
        f"total {statistics.median(builds) + statistics.median(browsers):.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
