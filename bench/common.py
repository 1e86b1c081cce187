"""What every benchmark needs: a cached corpus, peak memory, CPU time, the machine."""

from __future__ import annotations

import os
import platform
import re
import resource
import statistics
import threading
from importlib import metadata
from pathlib import Path

import psutil

from bench.corpus import CORPUS_VERSION, write_corpus

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parent.parent


def corpus(n: int, seed: int = 0) -> list[Path]:
    """The first ``n`` letters of the corpus with this seed, written once under bench/out/
    (letter i depends only on the seed and i, so a larger corpus serves a smaller need)."""
    folder = OUT / f"corpus-v{CORPUS_VERSION}-s{seed}"
    letters = sorted((folder / "letters").glob("*.txt")) if folder.is_dir() else []
    if len(letters) < n:
        letters = write_corpus(n, folder, seed)
    return letters[:n]


def text_chars(paths: list[Path]) -> int:
    """Characters of these letters as decoded text (what extraction reads)."""
    from policykg.extract.reader import read_letter

    return sum(len(read_letter(path).text) for path in paths)


class PeakMemory:
    """Peak resident memory of this process, its children and any ``extra`` processes,
    summed, sampled every ``interval`` seconds while the block runs."""

    def __init__(self, extra_pids: tuple[int, ...] = (), interval: float = 0.05) -> None:
        self.extra = [psutil.Process(pid) for pid in extra_pids]
        self.interval = interval
        self.peak_bytes = 0
        self.peak_own_bytes = 0  # without the extra processes (a database server)
        self._stop = threading.Event()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            own = _rss(me) + sum(_rss(child) for child in me.children(recursive=True))
            total = own + sum(_rss(process) for process in self.extra)
            self.peak_own_bytes = max(self.peak_own_bytes, own)
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20

    @property
    def peak_own_mb(self) -> float:
        return self.peak_own_bytes / 2**20


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), interpolated; the value itself for one sample."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def machine() -> dict[str, object]:
    """The machine and software the figures were measured on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text(errors="replace"))
        cpu = found.group(1).strip() if found else cpu
    versions = {}
    for package in ("spacy", "pydantic", "ladybug", "neo4j", "playwright"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    pom = ROOT / ".ci" / "neo4j" / "pom.xml"
    server = (
        re.search(r"<neo4j.version>(.+?)</neo4j.version>", pom.read_text())
        if (pom.exists())
        else None
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "neo4j_server": server.group(1) if server else "unknown",
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
