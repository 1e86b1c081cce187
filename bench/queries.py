"""Latency of every named query (cypher/ + graph/queries.py) on a large graph.

    python -m bench.queries --store PATH_OR_BOLT_URI [--repeats 30] [--json]

The store is one ``bench.ingest`` filled (≥ 100,000 nodes for the target). Parameters are taken from
the graph itself (the agency with the most commitments, a measure several letters mention,
the proposal with the most replies, the last letter year, a node, a word of a measure's name;
ties broken by name, so both stores get the same), so every query returns rows. Each query
runs twice untimed (caches, query plans), then ``--repeats`` times timed; p50 and p95 of
the wall time of ``run_query`` — what the API's handler calls — with the API's row limit.
A query stopped by the store's timeout (``--timeout``) is reported as timed out.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from bench.common import percentile
from policykg.errors import QueryTimeoutError
from policykg.graph.queries import get_query, list_queries, run_query
from policykg.graph.stores import GraphStore, is_neo4j_target, open_store
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings

# Samples from the graph, in both stores' dialect; ties broken so both stores pick the same.
BUSIEST_AGENCY = (
    "MATCH (c:Commitment)-[:IMPLEMENTED_BY]->(a:Agency) "
    "RETURN a.name AS name, a.id AS id, count(*) AS n ORDER BY n DESC, name LIMIT 1"
)
SHARED_MEASURE = (
    "MATCH (c:Commitment)-[:ABOUT]->(m:Measure) "
    "RETURN m.id AS id, m.key AS key, count(*) AS n ORDER BY n DESC, id LIMIT 1"
)
# (a proposal the letters name without its number has no number to ask by)
ANSWERED_PROPOSAL = (
    "MATCH (d:Document)-[:RESPONDS_TO]->(p:Proposal) WHERE p.number IS NOT NULL "
    "RETURN p.number AS number, count(*) AS n ORDER BY n DESC, number LIMIT 1"
)
A_YEAR = (
    "MATCH (d:Document)-[:IN_YEAR]->(y:Year) "
    "RETURN DISTINCT y.year AS year ORDER BY year DESC LIMIT 1"
)


def sample_parameters(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Parameters for each named query, read from the graph."""
    busiest = store.run_read(BUSIEST_AGENCY)[0]
    agency = busiest["name"]
    measure = store.run_read(SHARED_MEASURE)[0]
    proposal = store.run_read(ANSWERED_PROPOSAL)[0]["number"]
    year = store.run_read(A_YEAR)[0]["year"]
    word = measure["key"][-6:-2] if len(measure["key"]) >= 6 else measure["key"]
    chosen = {
        "agency": agency,
        "measure": measure["key"],
        "proposal": proposal,
        "id": measure["id"],
        "text": word,
        "status": "done",
        "from_year": year - 2,
        "to_year": year,
        "kind": "money",
        # what a view reads: the measure and the agency (subgraph_nodes, subgraph_links)
        "ids": [measure["id"], busiest["id"]],
    }
    out: dict[str, dict[str, Any]] = {}
    for query in list_queries():
        out[query.name] = {
            p.name: chosen[p.name]
            for p in query.parameters
            if p.required or p.name in ("from_year", "to_year")
        }
    return out


def measure(store: GraphStore, repeats: int = 30, row_limit: int = 1000) -> dict[str, Any]:
    parameters = sample_parameters(store)
    results: dict[str, Any] = {}
    for name, params in parameters.items():
        get_query(name).validate_parameters(params)
        try:
            for _ in range(2):
                run_query(store, name, params, max_rows=row_limit)
            times, rows = [], 0
            for _ in range(repeats):
                started = time.perf_counter()
                result = run_query(store, name, params, max_rows=row_limit)
                times.append((time.perf_counter() - started) * 1000)
                rows = len(result.rows)
        except QueryTimeoutError as exc:
            results[name] = {"timeout": str(exc), "parameters": params}
            continue
        results[name] = {
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "rows": rows,
            "parameters": params,
        }
    counts = store.counts()
    return {
        "nodes": sum(counts["nodes"].values()),
        "relationships": sum(counts["relationships"].values()),
        "repeats": repeats,
        "row_limit": row_limit,
        "queries": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="a query running longer is stopped and reported as such",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings(store=args.store, query_timeout_s=args.timeout)
    store = (
        open_store(args.store, settings)
        if is_neo4j_target(args.store)
        else LadybugStore(args.store, query_timeout_s=args.timeout)
    )
    with store:
        result = measure(store, args.repeats, settings.query_row_limit)
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
