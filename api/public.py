"""What answers may say about the server's files: a letter's file as a researcher knows it.

A letter ingested from an absolute path keeps that path in the graph (the CLI user wants it);
an HTTP answer gives it relative to the server's working folder, or only its name, so that
no answer shows where the server keeps its files.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any

from policykg.graph.queries import QueryResult

FILE_FIELDS = frozenset({"source", "evidence_file", "file"})


def public_path(value: str) -> str:
    path = PurePath(value)
    if not path.is_absolute():
        return value
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return path.name


def public_value(value: Any, key: str | None = None) -> Any:
    if isinstance(value, str):
        return public_path(value) if key in FILE_FIELDS else value
    if isinstance(value, dict):
        return {k: public_value(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [public_value(v, key) for v in value]
    return value


def public_result(result: QueryResult) -> QueryResult:
    return result.model_copy(update={"rows": [public_value(row) for row in result.rows]})
