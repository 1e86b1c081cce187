"""The lineage benchmark runs end to end on a real LadybugDB store and reports its figures."""

from __future__ import annotations

import json

import pytest

from bench import lineage

KEYS = {
    "letters",
    "written",
    "failed",
    "ingest_seconds",
    "corpus_version",
    "seed",
    "workers",
    "generate_seconds",
    "measures",
    "gold_pairs",
    "gold_pairs_extracted",
    "link_seconds",
    "link_cpu_seconds",
    "peak_mb",
    "base_mb",
    "candidates",
    "links",
    "links_per_letter",
    "undated_documents",
    "tp",
    "fp",
    "fn",
    "precision",
    "recall",
    "f1",
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    return lineage.measure(40, tmp_path_factory.mktemp("lineage"), seed=5, workers=2)


def test_figures_have_their_keys_and_plausible_values(figures):
    assert set(figures) == KEYS
    assert figures["letters"] == figures["written"] == 40 and figures["failed"] == 0
    assert figures["gold_pairs"] >= 5  # about 30 % of the letters continue an earlier one
    assert figures["measures"] > 40
    assert figures["links"] >= 0 and figures["fp"] <= figures["links"]
    assert figures["gold_pairs_extracted"] <= figures["gold_pairs"]
    assert figures["links_per_letter"] == pytest.approx(figures["links"] / 40)
    assert figures["fn"] <= figures["gold_pairs"]
    for name in ("precision", "recall", "f1"):
        assert 0 <= figures[name] <= 1
    assert figures["link_seconds"] > 0 and figures["link_cpu_seconds"] >= 0
    assert figures["peak_mb"] > 0


def test_the_command_prints_one_json_object(tmp_path, capsys):
    assert (
        lineage.main(
            ["--letters", "12", "--seed", "2", "--workers", "2", "--json", "--keep", str(tmp_path)]
        )
        == 0
    )
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    figures = json.loads(out[0])
    assert set(figures) == KEYS and figures["letters"] == 12
    assert (tmp_path / "corpus" / "gold" / "links.json").exists()
    assert (tmp_path / "lineage.lbdb").exists()
