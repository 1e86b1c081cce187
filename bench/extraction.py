"""Extraction throughput: letters/s and characters/s with worker processes, peak memory.

    python -m bench.extraction [--letters 1000] [--runs 3] [--workers 2] [--json]

Each run extracts the same synthetic letters with ``extract_many`` (records delivered to this
process, in order) in a fresh process pool, so the pool's start-up and every worker's spaCy
pipeline are inside the time. CPU seconds per letter (this process and the workers) say
what 2 otherwise idle cores could do when the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from bench.common import PeakMemory, corpus, cpu_seconds, text_chars
from policykg.errors import InputError
from policykg.extract.pipeline import extract_many


def run_once(paths: list, workers: int) -> dict[str, float]:
    cpu = cpu_seconds()
    with PeakMemory() as memory:
        started = time.perf_counter()
        failed = sum(
            isinstance(result, InputError) for _, result in extract_many(paths, workers=workers)
        )
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "failed": failed,
        "peak_mb": memory.peak_mb,
        "cpu_seconds": cpu_seconds() - cpu,
    }


def measure(letters: int = 1000, runs: int = 3, workers: int = 2) -> dict[str, object]:
    paths = corpus(letters)
    chars = text_chars(paths)
    results = [run_once(paths, workers) for _ in range(runs)]
    seconds = statistics.median(r["seconds"] for r in results)
    cpu_per_letter = statistics.median(r["cpu_seconds"] for r in results) / len(paths)
    return {
        "letters": len(paths),
        "workers": workers,
        "runs": runs,
        "mean_chars_per_letter": round(chars / len(paths)),
        "seconds": round(seconds, 2),
        "letters_per_s": round(len(paths) / seconds, 1),
        "chars_per_s": round(chars / seconds),
        "peak_mb": round(max(r["peak_mb"] for r in results)),
        "cpu_ms_per_letter": round(cpu_per_letter * 1000, 1),
        "letters_per_s_2_idle_cores": round(2 / cpu_per_letter, 1),
        "failed": max(r["failed"] for r in results),
        "all_runs_letters_per_s": [round(len(paths) / r["seconds"], 1) for r in results],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.letters, args.runs, args.workers)
    print(
        json.dumps(result, ensure_ascii=False)
        if args.json
        else json.dumps(result, ensure_ascii=False, indent=1)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
