"""Linking across years at scale: time, memory and precision of BUILDS_ON on synthetic letters.

    python -m bench.lineage [--letters 1000] [--seed 0] [--workers 2] [--keep DIR] [--json]

Set-up (not timed): ``--letters`` letters of ``bench.corpus`` (with its lineage truth,
``gold/links.json``, and its agencies' reorganisations, ``gold/agency_succession.toml``) are
extracted in worker processes and written into a fresh LadybugDB store without linking, as
``policykg ingest --no-link`` would; while they are written, each letter's predicted measures
are matched to its gold measures exactly as ``policykg eval`` does
(``policykg.graph.link_eval.ingest_gold_letters``). The store is then closed and opened again
with the settings ``policykg link`` uses.

Timed: ``policykg.graph.lineage.run_lineage`` (load agency succession, link every measure):
wall time, CPU time and peak resident memory of this process (``bench.common.PeakMemory``;
the store's page cache counts, as it would in ``policykg link``). Scored: the BUILDS_ON edges
in the store against the corpus's truth with ``link_eval.score_store_links`` — a link counts
when the later letter's measure links to the earlier letter's measure of a truth pair (a
truth pair is found, too, through a chain of right links: 2014 -> 2013 -> 2012); every other
link is a false positive. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

from bench.common import PeakMemory, cpu_seconds
from bench.corpus import CORPUS_VERSION, write_corpus
from policykg.extract.evaluate import load_gold
from policykg.extract.pipeline import extract_many
from policykg.extract.records import ReplyRecord
from policykg.graph.lineage import BUILDS_ON_EDGES, run_lineage
from policykg.graph.link_eval import (
    GoldLetters,
    ingest_gold_letters,
    load_gold_links,
    score_store_links,
)
from policykg.graph.model import GraphDocument
from policykg.graph.stores import GraphStore
from policykg.graph.stores.ladybug import LadybugStore

SUCCESSION_FILE = "agency_succession.toml"


class _Batches:
    """What ``ingest_gold_letters`` writes, handed to the store ``batch`` letters at a time
    (one transaction per batch, as ``bench.ingest`` writes)."""

    def __init__(self, store: GraphStore, batch: int) -> None:
        self.store, self.batch = store, batch
        self.pending: list[GraphDocument] = []
        self.written = self.failed = 0

    def write(self, document: GraphDocument) -> None:
        self.pending.append(document)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            outcomes = self.store.write_many(self.pending)
            self.failed += sum(outcome is not None for outcome in outcomes)
            self.written += sum(outcome is None for outcome in outcomes)
            self.pending.clear()


def ingest_without_linking(
    gold_dir: Path, store: GraphStore, *, workers: int = 2, batch: int = 100
) -> tuple[GoldLetters, dict[str, Any]]:
    """Extract the gold folder's letters in ``workers`` processes and write them (no
    linking); return which predicted measure stands for which gold key, and counts."""
    paths = [letter for letter, _ in load_gold(gold_dir)]
    records: Iterator[tuple[Path, Any]] = extract_many(paths, workers=workers, ahead=2 * batch)
    refused = 0

    def extract(path: Path) -> ReplyRecord:
        # ingest_gold_letters asks for the letters in load_gold's order, which is the order
        # extract_many yields them in
        nonlocal refused
        got, record = next(records)
        if Path(got).resolve() != Path(path).resolve():  # pragma: no cover - a bug here
            raise SystemExit(f"bench.lineage: extraction order lost at {path} ({got})")
        if isinstance(record, Exception):
            refused += 1
            raise record
        return record

    started = time.perf_counter()
    writer = _Batches(store, batch)
    letters = ingest_gold_letters(writer, gold_dir, extract)  # type: ignore[arg-type]
    writer.flush()
    return letters, {
        "letters": len(paths),
        "written": writer.written,
        "failed": writer.failed + refused,
        "ingest_seconds": time.perf_counter() - started,
    }


def measure(
    n: int, folder: Path, *, seed: int = 0, workers: int = 2, batch: int = 100
) -> dict[str, Any]:
    """Generate ``n`` letters under ``folder``, ingest them, time linking, score it."""
    corpus_dir = folder / "corpus"
    began = time.perf_counter()
    write_corpus(n, corpus_dir, seed)
    generate_seconds = time.perf_counter() - began
    gold_dir = corpus_dir / "gold"
    gold = load_gold_links(gold_dir)
    assert gold is not None, "the corpus writes links.json"
    db = folder / "lineage.lbdb"
    # the ingest's settings (bench/ingest.py): a bounded page cache and few checkpoints
    with LadybugStore(
        db, buffer_pool_bytes=512 << 20, checkpoint_bytes=256 << 20, threads=1
    ) as store:
        store.clear()
        letters, result = ingest_without_linking(gold_dir, store, workers=workers, batch=batch)
        counts = store.counts()
    gc.collect()
    with LadybugStore(db) as store:  # as `policykg link` opens it
        base_mb = psutil.Process().memory_info().rss / 2**20
        cpu = cpu_seconds()
        with PeakMemory() as memory:
            started = time.perf_counter()
            linked = run_lineage(store, succession_file=gold_dir / SUCCESSION_FILE)
            link_seconds = time.perf_counter() - started
        link_cpu = cpu_seconds() - cpu
        score, _ = score_store_links(store, gold, letters)
        edges = len(store.run_read(BUILDS_ON_EDGES))
    extracted = set().union(*letters.keys_by_measure.values())
    result.update(
        corpus_version=CORPUS_VERSION,
        seed=seed,
        workers=workers,
        generate_seconds=generate_seconds,
        measures=counts["nodes"].get("Measure", 0),
        gold_pairs=len(gold.required),
        # truth pairs whose two measures extraction found: what linking can reach at best
        gold_pairs_extracted=sum(
            1 for later, earlier in gold.required if later in extracted and earlier in extracted
        ),
        link_seconds=link_seconds,
        link_cpu_seconds=link_cpu,
        peak_mb=memory.peak_own_mb,
        base_mb=base_mb,
        candidates=linked.candidates,
        links=edges,
        links_per_letter=edges / max(1, result["written"]),
        undated_documents=len(linked.undated_documents),
        tp=score.tp,
        fp=score.fp,
        fn=score.fn,
        # as `policykg eval` reports them (tp counts links, fn missed truth pairs)
        precision=score.precision,
        recall=score.recall,
        f1=score.f1,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.lineage", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="extraction processes")
    parser.add_argument("--batch", type=int, default=100, help="letters per write")
    parser.add_argument(
        "--keep", type=Path, default=None, help="write the corpus and the store here and keep them"
    )
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    args = parser.parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = measure(
            args.letters, args.keep, seed=args.seed, workers=args.workers, batch=args.batch
        )
    else:
        with tempfile.TemporaryDirectory(prefix="policykg-bench-lineage-") as tmp:
            result = measure(
                args.letters, Path(tmp), seed=args.seed, workers=args.workers, batch=args.batch
            )
    print(
        json.dumps(
            {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()},
            ensure_ascii=False,
            indent=None if args.json else 1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
