"""Bounded loopback load with hostile requests mixed in: 8 clients, 2,000 requests.

    .venv/bin/python -m bench.load_hostile [--requests 2000] [--clients 8] [--seed 7]

Set-up as in :mod:`bench.load_api` (the example letters in a temporary LadybugDB, served by
uvicorn in its own process, ingest off). The requests are drawn with a fixed seed from the
read endpoints and named queries (about nine in ten) and from hostile requests (the rest):
an engine-crashing SKIP, a gigabyte string, a query of ten billion rows, writes and file
access through ``/cypher``, paging past the end, the widest neighbourhood, NaN, lone
surrogates, a body over the size limit and a foreign ``Host``. Each request's status must be
one its kind expects; anything else is an unexpected error. Latency is measured per request
on the client; the server's resident memory (its process and the read workers together) is
sampled every 0.1 s. The run fails when an unexpected error occurs or the server dies.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psutil

from bench.load_api import (
    build_store,
    endpoints,
    free_port,
    percentile,
    start_server,
    stop_server,
    wait_until_up,
)

# (label, method, path, body or raw bytes, extra headers, statuses it may get)
Request = tuple[str, str, str, Any, dict[str, str], frozenset[int]]


def _cypher(label: str, query: str, statuses: set[int], **body: Any) -> Request:
    return (label, "POST", "/cypher", {"query": query, **body}, {}, frozenset(statuses))


HOSTILE: list[Request] = [
    _cypher(
        "hostile: engine-crashing SKIP",
        "MATCH (d:Document) WITH d ORDER BY d.id SKIP 100000 LIMIT 10 RETURN d.id AS id",
        {200, 400},
    ),
    _cypher("hostile: 1 GB string", "RETURN size(repeat('a', 1000000000)) AS n", {400}),
    _cypher(
        "hostile: 10^10 rows",
        "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
        "WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*) AS n",
        {504},
        timeout_s=2,
    ),
    _cypher("hostile: write", "MATCH (n) DETACH DELETE n", {403}),
    _cypher("hostile: file read", "LOAD FROM '/etc/passwd' RETURN *", {403}),
    _cypher("hostile: mixed list", "RETURN $x AS x", {200, 400}, parameters={"x": [1, "a", None]}),
    ("hostile: skip past the end", "GET", "/documents?skip=100000", None, {}, frozenset({200})),
    (
        "hostile: widest neighbourhood",
        "GET",
        f"/nodes/{quote('year:2021')}/neighbourhood?depth=3&limit=5000",
        None,
        {},
        frozenset({200}),
    ),
    (
        "hostile: NaN timeout",
        "POST",
        "/cypher",
        b'{"query": "RETURN 1 AS x", "timeout_s": NaN}',
        {"content-type": "application/json"},
        frozenset({422}),
    ),
    (
        "hostile: lone surrogate",
        "POST",
        "/cypher",
        b'{"query": "RETURN $x AS x", "parameters": {"x": "\\ud800"}}',
        {"content-type": "application/json"},
        frozenset({200, 400, 422}),
    ),
    (
        "hostile: 2 MB body",
        "POST",
        "/cypher",
        json.dumps({"query": "RETURN 1 AS x", "parameters": {"x": "a" * 2_000_000}}).encode(),
        {"content-type": "application/json"},
        frozenset({413}),
    ),
    ("hostile: foreign Host", "GET", "/health", None, {"host": "evil.example"}, frozenset({400})),
]
# How often each hostile request is drawn, relative to one ordinary request (the ones that
# kill a read worker are rarer: its replacement takes about a second to start).
HOSTILE_WEIGHT = {
    "hostile: engine-crashing SKIP": 0.1,
    "hostile: 1 GB string": 0.1,
    "hostile: 10^10 rows": 0.1,
}


def requests_for(count: int, seed: int) -> list[Request]:
    ordinary: list[Request] = [
        (label, method, path, body, {}, frozenset({200}))
        for label, method, path, body in endpoints()
    ]
    weights = [1.0] * len(ordinary) + [HOSTILE_WEIGHT.get(r[0], 0.4) for r in HOSTILE]
    return random.Random(seed).choices(ordinary + HOSTILE, weights=weights, k=count)


class MemorySampler:
    """Peak resident memory of a process and its children, sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                total = 0
                for process in tree:
                    try:
                        total += process.memory_info().rss
                    except psutil.Error:
                        continue
                self.peak = max(self.peak, total)
            except psutil.Error:
                return

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def run(base: str, plan: list[Request], clients: int) -> tuple[dict[str, list[float]], list[str]]:
    local = threading.local()
    latencies: dict[str, list[float]] = {}
    unexpected: list[str] = []
    guard = threading.Lock()

    def one(request: Request) -> None:
        label, method, path, body, headers, statuses = request
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base, timeout=60)
        raw = body if isinstance(body, bytes) else None
        start = time.perf_counter()
        try:
            response = client.request(
                method, path, content=raw, json=None if raw is not None else body, headers=headers
            )
            response.read()
            status: int | str = response.status_code
        except httpx.HTTPError as exc:
            status = f"{type(exc).__name__}"
        elapsed = time.perf_counter() - start
        with guard:
            latencies.setdefault(
                "hostile" if label.startswith("hostile") else "ordinary", []
            ).append(elapsed)
            latencies.setdefault("all", []).append(elapsed)
            if status not in statuses:
                unexpected.append(f"{label}: {status}")

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, plan))
    return latencies, unexpected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--deadline", type=float, default=900, help="stop after this many s")
    args = parser.parse_args(argv)
    plan = requests_for(args.requests, args.seed)

    with tempfile.TemporaryDirectory(prefix="policykg-load-") as folder:
        store = build_store(Path(folder))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(folder) / "server.log"
        server = start_server(store, port, log)
        watchdog = threading.Timer(args.deadline, stop_server, args=(server,))
        watchdog.daemon = True
        watchdog.start()
        try:
            wait_until_up(base, server)
            with MemorySampler(server.pid) as memory:
                started = time.perf_counter()
                latencies, unexpected = run(base, plan, args.clients)
                wall = time.perf_counter() - started
            alive = server.poll() is None and httpx.get(f"{base}/health").status_code == 200
        finally:
            watchdog.cancel()
            stop_server(server)

    hostile = sum(1 for request in plan if request[0].startswith("hostile"))
    print(
        f"# API under mixed and hostile load, loopback ({platform.node()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end)"
    )
    print(
        f"{args.requests} requests ({hostile} hostile), {args.clients} clients, seed "
        f"{args.seed}: {wall:.1f} s; unexpected statuses: {len(unexpected)}; server up "
        f"afterwards: {'yes' if alive else 'NO'}; peak server RSS (process and read "
        f"workers): {memory.peak / 2**20:.0f} MiB\n"
    )
    print(f"| {'requests':<10} | {'n':>5} | {'p50 ms':>8} | {'p95 ms':>8} | {'max ms':>8} |")
    print(f"|{'-' * 12}|{'-' * 7}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    for kind in ("ordinary", "hostile", "all"):
        samples = latencies.get(kind, [])
        if samples:
            print(
                f"| {kind:<10} | {len(samples):>5} | {percentile(samples, 0.5) * 1000:8.1f} | "
                f"{percentile(samples, 0.95) * 1000:8.1f} | {max(samples) * 1000:8.1f} |"
            )
    for line in sorted(set(unexpected))[:20]:
        print(f"unexpected: {line}", file=sys.stderr)
    return 0 if alive and not unexpected else 1


if __name__ == "__main__":
    sys.exit(main())
