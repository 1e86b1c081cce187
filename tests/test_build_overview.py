"""`policykg build` draws an overview that stays within the view limit at any corpus size."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from policykg.graph.model import GraphNode, GraphRelationship
from policykg.viz import MAX_VIEW_NODES, subgraph_of
from policykg.viz.overview import OVERVIEW_LABELS, OVERVIEW_NODES, overview
from tests.letters import ROOT

POLICYKG = Path(sys.executable).with_name("policykg")


def _big_graph(letters: int):
    """``letters`` letters, each with a proposal, 3 commitments and their measures, one
    agency per 10 letters: 8 nodes a letter, far over the overview's size."""
    nodes, edges = [], []
    for i in range(letters // 10):
        nodes.append(GraphNode(id=f"agency:局{i}", label="Agency", properties={"name": f"局{i}"}))
    for i in range(letters):
        doc, prop = f"document:函{i}", f"proposal:{i}"
        nodes += [
            GraphNode(id=doc, label="Document", properties={"name": f"函{i}"}),
            GraphNode(id=prop, label="Proposal", properties={"number": str(i)}),
        ]
        edges += [
            GraphRelationship(type="RESPONDS_TO", start_id=doc, end_id=prop),
            GraphRelationship(type="ISSUED_BY", start_id=doc, end_id=f"agency:局{i // 10}"),
        ]
        for j in range(3):
            commitment, measure = f"commitment:{i}|{j}", f"measure:措施{i}-{j}"
            nodes += [
                GraphNode(
                    id=commitment,
                    label="Commitment",
                    properties={"name": f"措施{i}-{j}", "status": "done"},
                ),
                GraphNode(id=measure, label="Measure", properties={"name": f"措施{i}-{j}"}),
            ]
            edges += [
                GraphRelationship(type="COMMITS", start_id=doc, end_id=commitment),
                GraphRelationship(type="ABOUT", start_id=commitment, end_id=measure),
                GraphRelationship(
                    type="IMPLEMENTED_BY", start_id=measure, end_id=f"agency:局{i // 10}"
                ),
            ]
    return subgraph_of(nodes, edges)


def test_a_small_graph_is_drawn_whole():
    graph = _big_graph(20)

    assert overview(graph) is graph


def test_a_large_graph_gives_an_overview_within_the_limit_with_years_and_agencies_first():
    graph = _big_graph(500)  # 4,050 nodes

    drawn = overview(graph)

    assert len(graph.nodes) > OVERVIEW_NODES and len(drawn.nodes) == OVERVIEW_NODES
    assert OVERVIEW_NODES <= MAX_VIEW_NODES
    assert {n.label for n in drawn.nodes} <= set(OVERVIEW_LABELS)
    assert {n.id for n in graph.nodes if n.label == "Agency"} <= {n.id for n in drawn.nodes}
    kept = {n.id for n in drawn.nodes}
    assert all(e.start_id in kept and e.end_id in kept for e in drawn.edges)
    assert f"overview: {OVERVIEW_NODES} of {len(graph.nodes)} nodes" in drawn.title


def test_build_never_writes_a_page_over_its_node_limit(tmp_path: Path):
    result = subprocess.run(
        [
            str(POLICYKG),
            "build",
            str(ROOT / "tests" / "data" / "lineage"),
            "--page-nodes",
            "12",
            "--format",
            "json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    drawn = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S)
    assert drawn
    assert len(json.loads(drawn.group(1))["nodes"]) == payload["drawn_nodes"] == 12
    assert payload["nodes"] > 12
    assert "shows an overview (12 of" in " ".join(result.stderr.split())
    assert "policykg view --focus" in result.stderr
