"""Ingest throughput: synthetic letters into LadybugDB or Neo4j, extraction in parallel.

    python -m bench.ingest --store PATH_OR_BOLT_URI [--letters 10000] [--batch 100]
                           [--workers 2] [--deadline 570] [--json]

Worker processes read, extract and build each letter's graph (``extract_many`` with
``build_graph`` as its per-record step); this process writes the documents in batches with
``GraphStore.write_many`` (one transaction per batch, one per letter for a batch that
fails). The store is emptied first and kept afterwards (the query benchmark reads it). A run
stops taking letters at ``--deadline`` seconds, so it is bounded whatever the machine does;
the figures then say how many letters it managed.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path
from typing import Any, cast

from bench.common import PeakMemory, corpus, cpu_seconds
from policykg.errors import InputError
from policykg.extract.pipeline import extract_many
from policykg.extract.records import ReplyRecord
from policykg.graph.build import build_graph
from policykg.graph.model import GraphDocument, GraphNode, GraphRelationship
from policykg.graph.stores import GraphStore, is_neo4j_target, open_store
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings

PlainDocument = tuple[str, list[tuple[str, str, dict]], list[tuple[str, str, str, dict]]]


def build_plain(record: ReplyRecord) -> PlainDocument:
    """In the worker: the letter's graph, validated, as plain tuples (unpickling pydantic
    objects costs the writing process several milliseconds a letter; tuples do not)."""
    document = build_graph(record)
    return (
        document.document_id,
        [(n.id, n.label, n.properties) for n in document.nodes],
        [(r.type, r.start_id, r.end_id, r.properties) for r in document.relationships],
    )


# Every field given: handing model_construct the set of them spares it working that out
# (a third of its time, hundreds of nodes and relationships a letter).
# Shared by every record made here: pydantic only reads a fields set, and a frozenset keeps
# it from being changed under them (its stub asks for a set).
_NODE_FIELDS = cast("set[str]", frozenset(GraphNode.model_fields))
_RELATIONSHIP_FIELDS = cast("set[str]", frozenset(GraphRelationship.model_fields))


def from_plain(plain: PlainDocument) -> GraphDocument:
    """Back to a GraphDocument without validating again (``build_plain`` validated it)."""
    document_id, nodes, relationships = plain
    node, relationship = GraphNode.model_construct, GraphRelationship.model_construct
    return GraphDocument.model_construct(
        document_id=document_id,
        nodes=[
            node(_NODE_FIELDS, id=i, label=label, properties=props) for i, label, props in nodes
        ],
        relationships=[
            relationship(_RELATIONSHIP_FIELDS, type=t, start_id=s, end_id=e, properties=props)
            for t, s, e, props in relationships
        ],
    )


def ingest(
    paths: list[Path],
    store: GraphStore,
    *,
    workers: int = 2,
    batch: int = 100,
    deadline: float | None = None,
    worker_nice: int = 0,
) -> dict[str, Any]:
    """Write ``paths`` into ``store``; returns counts and timings."""
    started = time.perf_counter()
    written = failed = letters = nodes = relationships = 0
    write_seconds = write_cpu_seconds = 0.0
    pending: list[GraphDocument] = []

    def flush() -> None:
        nonlocal written, failed, write_seconds, write_cpu_seconds
        began, began_cpu = time.perf_counter(), time.process_time()
        outcomes = store.write_many(pending)
        write_seconds += time.perf_counter() - began
        write_cpu_seconds += time.process_time() - began_cpu
        failed += sum(outcome is not None for outcome in outcomes)
        written += sum(outcome is None for outcome in outcomes)
        pending.clear()

    for _, result in extract_many(
        paths, workers=workers, transform=build_plain, ahead=2 * batch, nice=worker_nice
    ):
        if deadline is not None and time.perf_counter() - started > deadline:
            break
        letters += 1
        if isinstance(result, InputError):
            failed += 1
            continue
        document = from_plain(result)
        nodes += len(document.nodes)
        relationships += len(document.relationships)
        pending.append(document)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    seconds = time.perf_counter() - started
    return {
        "letters": letters,
        "written": written,
        "failed": failed,
        "seconds": seconds,
        "write_seconds": write_seconds,
        "write_cpu_seconds": write_cpu_seconds,
        "document_nodes": nodes,
        "document_relationships": relationships,
        "finished": letters == len(paths),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="LadybugDB path or bolt:// URI")
    parser.add_argument("--letters", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--deadline", type=float, default=570.0, help="stop taking letters after this many seconds"
    )
    parser.add_argument(
        "--server-pid",
        type=int,
        default=0,
        help="a database server's pid, counted in peak memory separately",
    )
    # LadybugDB holds what was written since the last checkpoint in memory, about twice the
    # write-ahead log, besides its page cache: with these two, a 10,000-letter ingest keeps
    # this process near 1.5 GB (the two extraction workers take 0.3-0.5 GB). A larger log
    # checkpoints less often (each checkpoint costs more as the database grows) but holds
    # more in memory.
    parser.add_argument("--buffer-pool-mb", type=int, default=512, help="LadybugDB page cache")
    parser.add_argument(
        "--checkpoint-mb",
        type=int,
        default=256,
        help="LadybugDB write-ahead log size that triggers a checkpoint",
    )
    parser.add_argument(
        "--db-threads", type=int, default=1, help="LadybugDB threads per statement (0: all cores)"
    )
    # The writer is the slower stage: at equal priority it takes turns with the two workers
    # for the two cores and the pipeline runs at its pace; niced workers use what it leaves.
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="scheduling niceness of the extraction workers"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    paths = corpus(args.letters)
    # This process builds and drops hundreds of thousands of objects a batch: collect
    # garbage rarely (the collector's passes cost ~5% of the writing with 10,000 objects a
    # generation). Not off: the extraction workers, forked from here, would inherit that.
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 20, 100)
    settings = Settings(store=args.store)  # the test server runs with auth off
    extra = (args.server_pid,) if args.server_pid else ()
    if is_neo4j_target(args.store):
        store_cm: GraphStore = open_store(args.store, settings)
    else:
        store_cm = LadybugStore(
            args.store,
            buffer_pool_bytes=args.buffer_pool_mb << 20,
            checkpoint_bytes=args.checkpoint_mb << 20,
            threads=args.db_threads or None,
        )
    with store_cm as store:
        store.clear()
        cpu = cpu_seconds()
        with PeakMemory(extra) as memory:
            result = ingest(
                paths,
                store,
                workers=args.workers,
                batch=args.batch,
                deadline=args.deadline,
                worker_nice=args.worker_nice,
            )
            counts = store.counts()  # inside: a store's close may still be writing
        closing = time.perf_counter()
    result["close_seconds"] = time.perf_counter() - closing
    result["cpu_ms_per_letter"] = (cpu_seconds() - cpu) / max(1, result["letters"]) * 1000
    result.update(
        store="neo4j" if is_neo4j_target(args.store) else "ladybug",
        batch=args.batch,
        workers=args.workers,
        worker_nice=args.worker_nice,
        letters_per_s=result["letters"] / result["seconds"],
        nodes=sum(counts["nodes"].values()),
        relationships=sum(counts["relationships"].values()),
        peak_mb=memory.peak_own_mb,
        peak_with_server_mb=memory.peak_mb,
    )
    print(
        json.dumps(
            {k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()},
            ensure_ascii=False,
            indent=None if args.json else 1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
