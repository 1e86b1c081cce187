"""Letters of many places in one store: no BUILDS_ON may join letters of two places.

    python -m bench.mixed_store FOLDER [FOLDER ...] [--json]

Every letter under the folders is extracted and written into one fresh LadybugDB store, agency
succession is loaded and every measure linked, exactly as ``policykg ingest`` does. Each
BUILDS_ON edge is then checked: the later and the earlier measure must both be named by
letters of one region (a prefecture, or a province's own letters). Prints the links, the
regions and any edge that joins two regions; exits 1 if there is one. ``.ci/run`` runs it on
the seeds, the devset and the project's own letters together.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from policykg.extract.pipeline import extract_file
from policykg.extract.reader import iter_letter_paths
from policykg.graph.build import build_graph
from policykg.graph.lineage import run_lineage
from policykg.graph.lineage.statements import read_statements
from policykg.graph.stores.ladybug import LadybugStore


def check(folders: list[Path]) -> dict:
    letters = iter_letter_paths(folders, [])
    with (
        tempfile.TemporaryDirectory(prefix="policykg-mixed-") as tmp,
        LadybugStore(Path(tmp) / "mixed.lbdb") as store,
    ):
        refused = []
        for path in letters:
            try:
                store.write(build_graph(extract_file(path)))
            except Exception as exc:  # a refused letter is reported, not fatal here
                refused.append(f"{path}: {exc}")
        result = run_lineage(store)
        regions_of: dict[str, set[str]] = defaultdict(set)  # measure id -> regions naming it
        files_of: dict[str, set[str]] = defaultdict(set)
        for s in read_statements(store):
            regions_of[s.measure_id].add(s.region or "")
            files_of[s.measure_id].add(Path(s.evidence_file or s.document_id).name)
        crossing = [
            f"{link.later.label} ({', '.join(sorted(files_of[link.later.measure_id]))}) -> "
            f"{link.earlier.label} ({', '.join(sorted(files_of[link.earlier.measure_id]))})"
            for link in result.links
            if not regions_of[link.later.measure_id] & regions_of[link.earlier.measure_id]
        ]
        links = [
            f"{link.later.label} -> {link.earlier.label} ({link.score:.3f})"
            for link in result.links
        ]
    return {
        "letters": len(letters),
        "refused": refused,
        "regions": len(result.regions),
        "links": links,
        "crossing": crossing,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.mixed_store", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = check(args.folders)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(
            f"{report['letters']} letters, {len(report['refused'])} refused, "
            f"{report['regions']} regions, {len(report['links'])} links"
        )
        for line in report["links"]:
            print("  link:", line)
        for line in report["crossing"]:
            print("  JOINS TWO PLACES:", line)
    return 1 if report["crossing"] else 0


if __name__ == "__main__":
    sys.exit(main())
