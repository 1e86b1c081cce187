"""The project's own lineage letters (tests/data/lineage: three years of Xiamen letters across
the 2019 rename of the issuing commission, and a Guangzhou letter that must never join them),
and a store holding them ingested and linked the way ``policykg ingest`` does.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from policykg.extract.pipeline import extract_file
from policykg.graph.build import build_graph
from policykg.graph.lineage import run_lineage
from policykg.graph.model import GraphDocument
from policykg.graph.stores import GraphStore

ROOT = Path(__file__).resolve().parent.parent
LINEAGE = ROOT / "tests" / "data" / "lineage"
LETTERS = [
    LINEAGE / name
    for name in ("xiamen_2019.txt", "xiamen_2020.txt", "xiamen_2022.txt", "guangzhou_2021.txt")
]
SUCCESSION = LINEAGE / "agency_succession.toml"
CENTRE = "厦门集成电路设计公共服务中心"  # 2020 and 2022; builds on the 2019 plan
CENTRE_PLAN = "集成电路公共技术服务中心"
GUANGZHOU_PLATFORM = "广州集成电路设计公共技术平台"
OLD = "厦门市经济贸易和信息化委员会"  # issues the 2019 letter, renamed 2019-03
NEW = "厦门市工业和信息化局"


@cache
def documents() -> tuple[GraphDocument, ...]:
    return tuple(build_graph(extract_file(path)) for path in LETTERS)


def write_lineage_letters(store: GraphStore) -> GraphStore:
    store.clear()
    for document in documents():
        store.write(document)
    run_lineage(store, succession_file=SUCCESSION)
    return store
