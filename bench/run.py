"""Run every benchmark and write bench/RESULTS.md: each figure against its target.

    python -m bench.run [--quick] [--port 7851] [--skip-neo4j] [--skip-view]
                        [--lineage 1000,10000,20000]

Each benchmark runs in its own process with a 10-minute limit (ingest runs also stop taking
letters at 570 s), so a run is bounded whatever the machine does. Full run: extraction of
1,000 letters (median of 3 runs), 10,000 letters into LadybugDB and into Neo4j, every named
query on a graph of ≥ 100,000 nodes on both stores (median over repeats), the 2,000-node
view (bench/view_2000.py, median of 3), and extraction quality on 500 generated letters.
``--quick`` runs the same steps small (minutes, for a check that the harness works). A Neo4j
server is started with scripts/neo4j-test-server on ``--port`` and stopped afterwards.
``--lineage`` adds linking across years (bench/lineage.py) on synthetic letters of each size
given (time, peak memory, links per letter, precision and recall against the corpus's
lineage truth); each size has its own time limit of ``--lineage-limit`` seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import OUT, ROOT, corpus, machine

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
LIMIT_S = 600


def step(
    name: str, args: list[str], log: dict[str, Any], limit: float = LIMIT_S
) -> dict[str, Any] | None:
    """Run ``python -m ARGS`` (or the ``policykg`` command when ARGS start with it) with the
    time limit; it prints JSON."""
    print(f"[bench] {name}: {' '.join(args)}", file=sys.stderr, flush=True)
    command = (
        [str(Path(sys.executable).parent / "policykg"), *args[1:]]
        if args[0] == "policykg"
        else [sys.executable, "-m", *args]
    )
    started = time.perf_counter()
    entry: dict[str, Any] = {"load_before": [round(x, 2) for x in os.getloadavg()]}
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=limit, check=False
        )
    except subprocess.TimeoutExpired:
        entry.update(error=f"stopped after the {limit:.0f} s limit")
        log[name] = entry
        return None
    entry["seconds"] = round(time.perf_counter() - started, 1)
    entry["load_after"] = [round(x, 2) for x in os.getloadavg()]
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        entry.update(
            error=(done.stderr or done.stdout).strip().splitlines()[-1:]
            or [f"exit {done.returncode}"]
        )
        log[name] = entry
        return None
    try:
        result = json.loads(done.stdout)  # one JSON document (indented or not)
    except json.JSONDecodeError:
        try:
            result = json.loads(lines[-1])  # or JSON after other output
        except json.JSONDecodeError:
            result = {"output": lines}
    entry["result"] = result
    log[name] = entry
    return result


def view_step(runs: int, log: dict[str, Any]) -> dict[str, Any] | None:
    """bench/view_2000.py prints its medians as text; read them."""
    print("[bench] view: bench.view_2000", file=sys.stderr, flush=True)
    entry: dict[str, Any] = {"load_before": [round(x, 2) for x in os.getloadavg()]}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.view_2000", "--runs", str(runs)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=LIMIT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        log["view"] = {**entry, "error": f"stopped after the {LIMIT_S} s limit"}
        return None
    text = done.stdout
    found = re.search(
        r"build ([\d.]+) s · browser until usable ([\d.]+) s "
        r"\(in-page layout ([\d.]+) s\) · total ([\d.]+) s",
        text,
    )
    nodes = re.search(r"view: (\d+) nodes, (\d+) edges", text)
    if done.returncode != 0 or not found:
        log["view"] = {**entry, "error": (done.stderr or text).strip().splitlines()[-1:]}
        return None
    result = {
        "build_s": float(found.group(1)),
        "browser_s": float(found.group(2)),
        "layout_s": float(found.group(3)),
        "total_s": float(found.group(4)),
        "nodes": int(nodes.group(1)) if nodes else None,
        "edges": int(nodes.group(2)) if nodes else None,
        "runs": runs,
    }
    log["view"] = {**entry, "result": result}
    return result


class Neo4jServer:
    """scripts/neo4j-test-server on a port of our own, stopped on exit."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.uri: str | None = None
        self.pid = 0

    def __enter__(self) -> Neo4jServer:
        script = ROOT / "scripts" / "neo4j-test-server"
        done = subprocess.run(
            ["bash", str(script), "start", str(self.port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        found = re.search(r"NEO4J_URI=(\S+)", done.stdout)
        if done.returncode != 0 or not found:
            raise RuntimeError(f"Neo4j did not start: {done.stderr.strip()[-500:]}")
        self.uri = found.group(1)
        pid_file = ROOT / ".neo4j" / f"server-{self.port}.pid"
        self.pid = int(pid_file.read_text().strip()) if pid_file.exists() else 0
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "neo4j-test-server"), "stop", str(self.port)],
            cwd=ROOT,
            capture_output=True,
            timeout=120,
            check=False,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a check")
    parser.add_argument("--port", type=int, default=7851, help="for the Neo4j server")
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--skip-view", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--lineage", default="", help="letters per linking run, comma-separated (default: skip)"
    )
    parser.add_argument(
        "--lineage-limit",
        type=float,
        default=1800.0,
        help="seconds each linking run may take (generate, ingest, link)",
    )
    args = parser.parse_args(argv)

    sizes = (
        {
            "extract": 200,
            "extract_runs": 2,
            "ingest": 500,
            "query_letters": 300,
            "repeats": 5,
            "view_runs": 1,
            "quality": 100,
        }
        if args.quick
        else {
            "extract": 1000,
            "extract_runs": 3,
            "ingest": 10000,
            "query_letters": 1200,
            "repeats": 20,
            "view_runs": 3,
            "quality": 500,
        }
    )
    log: dict[str, Any] = {}
    started = datetime.now(UTC)
    info = machine()
    generated = time.perf_counter()
    corpus(sizes["ingest"])
    corpus_seconds = time.perf_counter() - generated

    quality = _quality(sizes["quality"], log)
    extraction = step(
        "extraction",
        [
            "bench.extraction",
            "--letters",
            str(sizes["extract"]),
            "--runs",
            str(sizes["extract_runs"]),
            "--json",
        ],
        log,
    )
    graphs = OUT / "graphs"
    shutil.rmtree(graphs, ignore_errors=True)
    graphs.mkdir(parents=True)
    ingest, queries = {}, {}
    ingest["ladybug"] = step(
        "ingest_ladybug",
        [
            "bench.ingest",
            "--store",
            str(graphs / "ingest.lbdb"),
            "--letters",
            str(sizes["ingest"]),
            "--json",
        ],
        log,
    )
    shutil.rmtree(graphs / "ingest.lbdb", ignore_errors=True)  # GBs; not needed afterwards
    step(
        "fill_ladybug_for_queries",
        [
            "bench.ingest",
            "--store",
            str(graphs / "queries.lbdb"),
            "--letters",
            str(sizes["query_letters"]),
            "--json",
        ],
        log,
    )
    queries["ladybug"] = step(
        "queries_ladybug",
        [
            "bench.queries",
            "--store",
            str(graphs / "queries.lbdb"),
            "--repeats",
            str(sizes["repeats"]),
            "--json",
        ],
        log,
    )
    if not args.skip_neo4j:
        try:
            with Neo4jServer(args.port) as server:
                assert server.uri
                ingest["neo4j"] = step(
                    "ingest_neo4j",
                    [
                        "bench.ingest",
                        "--store",
                        server.uri,
                        "--letters",
                        str(sizes["ingest"]),
                        "--server-pid",
                        str(server.pid),
                        "--json",
                    ],
                    log,
                )
                step(
                    "fill_neo4j_for_queries",
                    [
                        "bench.ingest",
                        "--store",
                        server.uri,
                        "--letters",
                        str(sizes["query_letters"]),
                        "--json",
                    ],
                    log,
                )
                queries["neo4j"] = step(
                    "queries_neo4j",
                    [
                        "bench.queries",
                        "--store",
                        server.uri,
                        "--repeats",
                        str(sizes["repeats"]),
                        "--json",
                    ],
                    log,
                )
        except RuntimeError as exc:
            log["neo4j"] = {"error": str(exc)}
    view = None if args.skip_view else view_step(sizes["view_runs"], log)
    lineage = {}
    for n in (int(x) for x in args.lineage.split(",") if x.strip()):
        lineage[n] = step(
            f"lineage_{n}",
            ["bench.lineage", "--letters", str(n), "--json"],
            log,
            limit=args.lineage_limit,
        )

    report = render(
        args.quick,
        started,
        info,
        corpus_seconds,
        sizes,
        quality,
        extraction,
        ingest,
        queries,
        view,
        log,
        lineage,
    )
    args.output.write_text(report, encoding="utf-8")
    (OUT / "results.json").write_text(
        json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"[bench] wrote {args.output}", file=sys.stderr)
    return 0


def _quality(letters: int, log: dict[str, Any]) -> dict[str, float] | None:
    """``policykg eval`` on the first ``letters`` generated letters (their own gold folder)."""
    from bench.corpus import CORPUS_VERSION

    folder = OUT / f"quality-v{CORPUS_VERSION}-{letters}"
    if not (folder / "gold").is_dir() or len(list((folder / "gold").glob("0*.json"))) != letters:
        shutil.rmtree(folder, ignore_errors=True)
        from bench.corpus import write_corpus

        write_corpus(letters, folder, seed=0)
    result = step("quality", ["policykg", "eval", "--gold", str(folder / "gold"), "--json"], log)
    if result is None:
        return None
    log["quality"]["result"] = {"summary": result.get("summary")}  # not the error list
    return result.get("summary")


# --- the report -------------------------------------------------------------------------


def _met(value: float | None, target: float, higher: bool) -> str:
    if value is None:
        return "not measured"
    return "**met**" if (value >= target if higher else value <= target) else "**not met**"


def render(
    quick: bool,
    started: datetime,
    info: dict[str, Any],
    corpus_seconds: float,
    sizes: dict[str, int],
    quality: dict[str, float] | None,
    extraction: dict[str, Any] | None,
    ingest: dict[str, Any],
    queries: dict[str, Any],
    view: dict[str, Any] | None,
    log: dict[str, Any],
    lineage: dict[int, dict[str, Any] | None] | None = None,
) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python -m bench.run{' --quick' if quick else ''}` on "
        f"{started:%Y-%m-%d %H:%M} UTC. "
        + (
            "**Quick run: sizes are below the targets' sizes; figures only check the harness.**"
            if quick
            else "Full run."
        ),
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB, "
        f"{info['os']}; Python {info['python']}; "
        + ", ".join(f"{k} {v}" for k, v in info["versions"].items())
        + f"; Neo4j server {info['neo4j_server']} "
        "(embedded launcher, 2 GB heap, 256 MB page cache).",
        f"Load average when it started: {info['load_average']} — the machine is shared "
        "with other sessions; each step's load is in bench/out/results.json.",
        f"Corpus: synthetic letters from `bench.corpus` (seed 0), "
        f"{sizes['ingest']} letters ready in {corpus_seconds:.0f} s.",
        "",
        "## Figures against targets",
        "",
        "| figure | measured | target | |",
        "|---|---|---|---|",
    ]

    def row(figure: str, measured: str, target: str, verdict: str) -> None:
        lines.append(f"| {figure} | {measured} | {target} | {verdict} |")

    if extraction:
        row(
            f"extraction, 2 worker processes ({extraction['letters']} letters of "
            f"~{extraction['mean_chars_per_letter']} chars, median of "
            f"{extraction['runs']})",
            f"{extraction['letters_per_s']} letters/s, {extraction['chars_per_s']:,} chars/s",
            "≥ 100 letters/s",
            _met(extraction["letters_per_s"], 100, True),
        )
        row(
            "extraction CPU per letter (all processes) → on 2 idle cores",
            f"{extraction['cpu_ms_per_letter']} ms → {extraction['letters_per_s_2_idle_cores']}"
            " letters/s",
            "≥ 100 letters/s",
            _met(extraction["letters_per_s_2_idle_cores"], 100, True),
        )
        row(
            "extraction peak memory (all processes)",
            f"{extraction['peak_mb']} MB",
            "< 2 GB",
            _met(extraction["peak_mb"], 2048, False),
        )
    else:
        row("extraction", "failed: " + str(log.get("extraction", {}).get("error")), "", "")
    for store, limit in (("ladybug", 180), ("neo4j", 300)):
        result = ingest.get(store)
        name = "LadybugDB" if store == "ladybug" else "Neo4j"
        if not result:
            row(
                f"ingest into {name}",
                "failed or skipped: "
                + str(log.get(f"ingest_{store}", log.get("neo4j", {})).get("error")),
                f"< {limit} s",
                "not measured",
            )
            continue
        finished = result["finished"]
        projected = result["seconds"] / result["letters"] * sizes["ingest"]
        measured = (
            f"{result['seconds']:.0f} s ({result['letters_per_s']:.1f} letters/s)"
            if finished
            else f"{result['letters']} letters in {result['seconds']:.0f} s "
            f"(deadline) → {projected:.0f} s projected"
        )
        row(
            f"ingest {sizes['ingest']:,} letters into {name} (extract in 2 workers, "
            "batches of 100)",
            measured,
            f"< {limit} s" + ("" if sizes["ingest"] >= 10000 else " for 10,000"),
            _met(projected, limit, False),
        )
        row(
            f"ingest into {name}: peak memory, our processes"
            + (" (+ Neo4j server JVM)" if store == "neo4j" else " (database embedded)"),
            f"{result['peak_mb']:.0f} MB"
            + (
                f" (+ server: {result['peak_with_server_mb'] - result['peak_mb']:.0f} MB)"
                if store == "neo4j"
                else ""
            ),
            "< 2 GB",
            _met(result["peak_mb"], 2048, False),
        )
    for store in ("ladybug", "neo4j"):
        result = queries.get(store)
        name = "LadybugDB" if store == "ladybug" else "Neo4j"
        if not result:
            row(f"named queries on {name}", "failed or skipped", "p95 < 50 ms", "not measured")
            continue
        timings = result["queries"]
        worst = max((q.get("p95_ms", float("inf")), n) for n, q in timings.items())
        slow = sum(1 for q in timings.values() if q.get("p95_ms", float("inf")) >= 50)
        row(
            f"named queries on {name} ({result['nodes']:,} nodes): worst p95",
            f"{worst[0]} ms ({worst[1]}); {slow} of {len(timings)} at or over 50 ms",
            "every p95 < 50 ms",
            _met(worst[0], 50, False),
        )
    if view:
        row(
            f"2,000-node view ({view['nodes']} nodes, {view['edges']} edges; median of "
            f"{view['runs']})",
            f"build {view['build_s']} s + browser until usable "
            f"{view['browser_s']} s = {view['total_s']} s",
            "(no target set)",
            "",
        )
    if quality:
        row(
            f"extraction quality on {sizes['quality']} generated letters: measures F1",
            f"{quality.get('measures')}",
            "≥ 0.95",
            _met(quality.get("measures"), 0.95, True),
        )
        row(
            "… status accuracy",
            f"{quality.get('status')}",
            "≥ 0.95",
            _met(quality.get("status"), 0.95, True),
        )

    for n, result in (lineage or {}).items():
        if not result:
            row(
                f"linking {n:,} letters",
                "failed: " + str(log.get(f"lineage_{n}", {}).get("error")),
                "",
                "not measured",
            )
            continue
        row(
            f"linking {n:,} synthetic letters (`run_lineage`, ingested with no links)",
            f"{result['link_seconds']:.1f} s, {result['peak_mb']:.0f} MB peak",
            "< 120 s, < 2 GB" + ("" if n == 10000 else " for 10,000"),
            (
                "**met**"
                if result["link_seconds"] < 120 and result["peak_mb"] < 2048
                else "**not met**"
            )
            if n == 10000
            else "",
        )
        row(
            f"… {result['links']:,} links ({result['links_per_letter']:.1f} per letter) "
            f"against {result['gold_pairs']:,} truth pairs",
            f"precision {result['precision']:.3f}, recall {result['recall']:.3f}",
            "≥ 0.8 and ≥ 0.8",
            "**met**" if result["precision"] >= 0.8 and result["recall"] >= 0.8 else "**not met**",
        )
    timed = sorted((n, r["link_seconds"]) for n, r in (lineage or {}).items() if r)
    if len(timed) >= 2 and timed[0][1] > 0:
        (n0, t0), (n1, t1) = timed[0], timed[-1]
        exponent = math.log(t1 / t0) / math.log(n1 / n0)
        nlogn = math.log(n1 * math.log(n1) / (n0 * math.log(n0))) / math.log(n1 / n0)
        row(
            f"linking time growth {n0:,} → {n1:,} letters",
            f"n^{exponent:.2f}",
            f"no worse than n log n (n^{nlogn:.2f} here)",
            _met(exponent, nlogn, False),
        )

    lines += ["", "## Details", ""]
    if quality:
        lines += [
            "Extraction quality (`policykg eval`): "
            + ", ".join(
                f"{k} {v}"
                for k, v in quality.items()
                if k in ("header", "agencies", "measures", "status", "owner", "amounts")
            ),
            "",
        ]
    if extraction:
        lines += [
            f"Extraction runs (letters/s): {extraction['all_runs_letters_per_s']}; "
            f"{extraction['failed']} letters refused.",
            "",
        ]
    for store, result in ingest.items():
        if result:
            lines += [
                f"Ingest into {store}: {result['letters']} letters, {result['written']} "
                f"written, {result['failed']} failed; {result['seconds']:.0f} s of which "
                f"{result['write_seconds']:.0f} s writing (this process) while 2 "
                f"workers extract; store closed in {result['close_seconds']:.0f} s; "
                f"{result['cpu_ms_per_letter']:.0f} CPU-ms per letter (all our "
                f"processes); graph {result['nodes']:,} nodes, "
                f"{result['relationships']:,} relationships.",
                "",
            ]
    for store, result in queries.items():
        if not result:
            continue
        lines += [
            f"### Named queries on {store}: {result['nodes']:,} nodes, "
            f"{result['relationships']:,} relationships; {result['repeats']} timed runs "
            f"each after 2 untimed; API row limit {result['row_limit']}",
            "",
            "| query | p50 ms | p95 ms | rows | parameters |",
            "|---|---|---|---|---|",
        ]
        for name, q in result["queries"].items():
            params = ", ".join(f"{k}={v}" for k, v in q["parameters"].items())
            if "timeout" in q:
                lines.append(f"| {name} | timeout | timeout | | {params} |")
            else:
                lines.append(f"| {name} | {q['p50_ms']} | {q['p95_ms']} | {q['rows']} | {params} |")
        lines.append("")
    failures = {k: v["error"] for k, v in log.items() if isinstance(v, dict) and "error" in v}
    if failures:
        lines += ["Steps that failed: " + "; ".join(f"{k}: {v}" for k, v in failures.items()), ""]
    lines += NOTES
    return "\n".join(lines) + "\n"


NOTES = [
    "## Notes",
    "",
    "- Speed is checked here, never by timed tests. Figures on a shared 2-core machine move "
    "with other sessions' load (see load averages); the CPU-per-letter figures say what the "
    "same work needs on idle cores.",
    "- Ingest: 2 worker processes read, extract and build each letter's graph; the main "
    "process writes batches of 100 letters per transaction with `GraphStore.write_many` "
    "(a failed batch is retried one letter per transaction, so a bad letter loses only "
    "itself). `policykg ingest` still writes one letter per transaction.",
    "- Named queries are timed through `run_query` with the API's row limit; a query the "
    "store's 10 s timeout stops is shown as timeout.",
]


if __name__ == "__main__":
    sys.exit(main())
