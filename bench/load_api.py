"""Bounded loopback load on the HTTP API: p50/p95 latency per endpoint.

    .venv/bin/python -m bench.load_api [--requests 200] [--concurrency 4] [--store PATH]

Set-up (not timed): the example letters are ingested into a temporary LadybugDB and linked
(lineage) as ``policykg ingest`` does, unless ``--store`` names an existing store. The server
is ``uvicorn --factory policykg.api.app:create_app`` in its own process on 127.0.0.1 and a free
port. Then every endpoint gets a fixed number of requests (after a short warm-up), sent by
``--concurrency`` client threads; latency is measured per request on the client, from send to
the whole body read. Each endpoint must answer 200 every time, or the run fails. The server is
stopped at the end, or after ``--deadline`` seconds whatever happens.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "letters"


def build_store(folder: Path) -> str:
    """The example letters in a new LadybugDB, linked; returns its path."""
    from policykg.graph.ingest import SeenLetters, ingest_letter
    from policykg.graph.lineage import run_lineage
    from policykg.graph.stores.ladybug import LadybugStore

    path = folder / "seed.lbdb"
    with LadybugStore(path) as store:
        seen = SeenLetters()
        for letter in sorted(EXAMPLES.glob("*.txt")):
            outcome = ingest_letter(letter, store, seen)
            if outcome.status != "ingested":
                sys.exit(f"load_api: could not ingest {letter}: {outcome.reason}")
        run_lineage(store)
    return str(path)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def endpoints() -> list[tuple[str, str, str, Any]]:
    """(label, method, path, json body) for every read endpoint and every named query."""
    from policykg.graph.queries import list_queries

    msa = quote("绵阳市市场监督管理局")
    calls: list[tuple[str, str, str, Any]] = [
        ("GET /health", "GET", "/health", None),
        ("GET /documents", "GET", "/documents", None),
        ("GET /documents/{doc}", "GET", f"/documents/{quote('绵市监函〔2021〕43号')}", None),
        ("GET /proposals", "GET", "/proposals", None),
        ("GET /proposals/{number}", "GET", "/proposals/20210112", None),
        ("GET /agencies", "GET", "/agencies", None),
        ("GET /agencies/{a}", "GET", f"/agencies/{msa}", None),
        ("GET /agencies/{a}/commitments", "GET", f"/agencies/{msa}/commitments", None),
        ("GET /agencies/{a}/history", "GET", f"/agencies/{msa}/history", None),
        ("GET /measures", "GET", "/measures", None),
        ("GET /measures/{m}", "GET", f"/measures/{quote('追溯平台')}", None),
        ("GET /measures/{m}/evolution", "GET", f"/measures/{quote('追溯平台')}/evolution", None),
        ("GET /nodes/{id}", "GET", f"/nodes/{quote('agency:绵阳市商务局')}", None),
        (
            "GET /nodes/{id}/neighbourhood",
            "GET",
            f"/nodes/{quote('measure:绵阳市食用农产品质量安全追溯平台')}/neighbourhood?depth=2",
            None,
        ),
        ("GET /search", "GET", f"/search?q={quote('仲裁')}", None),
        ("GET /queries", "GET", "/queries", None),
        (
            "POST /cypher",
            "POST",
            "/cypher",
            {
                "query": "MATCH (c:Commitment)-[:IMPLEMENTED_BY]->(a:Agency {name: $agency}) "
                "RETURN c.status AS status, count(*) AS n ORDER BY status",
                "parameters": {"agency": "绵阳市市场监督管理局"},
            },
        ),
    ]
    calls += [
        (f"POST /queries/{query.name}", "POST", f"/queries/{query.name}", query.example)
        for query in list_queries()
    ]
    return calls


def start_server(store: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, POLICYKG_STORE=store)
    env.pop("POLICYKG_API_KEY", None)  # read-only load: ingest stays off
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "policykg.api.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not up after {timeout:g} s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)  # uvicorn shuts down and the lifespan closes the store
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def measure(
    base: str, call: tuple[str, str, str, Any], requests: int, concurrency: int, warmup: int
) -> list[float]:
    label, method, path, body = call
    local = threading.local()

    def one(_: int) -> float:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base, timeout=30)
        start = time.perf_counter()
        response = client.request(method, path, json=body)
        response.read()
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise RuntimeError(f"{label}: HTTP {response.status_code}: {response.text[:300]}")
        return elapsed

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(warmup)))
        return list(pool.map(one, range(requests)))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per endpoint")
    parser.add_argument("--store", help="an existing store to serve instead of the examples")
    parser.add_argument("--deadline", type=float, default=540, help="stop after this many s")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="policykg-load-") as folder:
        store = args.store or build_store(Path(folder))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(folder) / "server.log"
        server = start_server(store, port, log)
        # Whatever happens below, the server does not outlive the deadline.
        watchdog = threading.Timer(args.deadline, stop_server, args=(server,))
        watchdog.daemon = True
        watchdog.start()
        results: list[tuple[str, list[float]]] = []
        try:
            wait_until_up(base, server)
            started = time.perf_counter()
            for call in endpoints():
                results.append(
                    (call[0], measure(base, call, args.requests, args.concurrency, args.warmup))
                )
            wall = time.perf_counter() - started
        except Exception as exc:
            print(
                f"load_api: {exc}\n--- server log ---\n{log.read_text(errors='replace')}",
                file=sys.stderr,
            )
            return 1
        finally:
            watchdog.cancel()
            stop_server(server)

    total = sum(len(samples) for _, samples in results)
    print(
        f"# API latency, loopback ({platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()})"
    )
    print(
        f"store: {'examples (LadybugDB)' if not args.store else args.store}; "
        f"{args.requests} requests per endpoint, {args.concurrency} client threads; "
        f"{total} requests in {wall:.1f} s ({total / wall:.0f} req/s)\n"
    )
    print(f"| {'endpoint':<42} | {'p50 ms':>7} | {'p95 ms':>7} | {'max ms':>7} |")
    print(f"|{'-' * 44}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    for label, samples in results:
        p50, p95 = percentile(samples, 0.50) * 1000, percentile(samples, 0.95) * 1000
        print(f"| {label:<42} | {p50:7.1f} | {p95:7.1f} | {max(samples) * 1000:7.1f} |")
    overall = [s for _, samples in results for s in samples]
    print(
        f"| {'all':<42} | {statistics.median(overall) * 1000:7.1f} | "
        f"{percentile(overall, 0.95) * 1000:7.1f} | {max(overall) * 1000:7.1f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
