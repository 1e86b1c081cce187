"""Answers name a letter's file as a researcher knows it, never where the server keeps it."""

from __future__ import annotations

from pathlib import Path

from policykg.api.public import public_result
from policykg.graph.queries import QueryResult


def test_absolute_letter_paths_leave_as_relative_or_bare_names(tmp_path: Path) -> None:
    inside = Path.cwd() / "letters" / "a.txt"
    result = QueryResult(
        query="documents",
        columns=["source", "properties", "name"],
        rows=[
            {
                "source": str(tmp_path / "secret" / "b.txt"),
                "name": "/not/a/file/field",
                "properties": {"evidence_file": str(inside), "source": "letters/c.txt"},
            },
        ],
    )
    (row,) = public_result(result).rows
    assert row["source"] == "b.txt"  # outside the working folder: its name only
    assert row["properties"]["evidence_file"] == str(Path("letters") / "a.txt")
    assert row["properties"]["source"] == "letters/c.txt"  # already relative: as stored
    assert row["name"] == "/not/a/file/field"  # only file fields are rewritten
