"""Imports of the optional dependencies (pyproject's extras), failing with the install line.

The default install reads plain-text letters into LadybugDB and draws the pages; Word, PDF and
HTML letters need ``formats``, ``policykg serve`` needs ``server``, a Neo4j store ``neo4j``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from policykg.errors import MissingExtraError, ReadError


def import_extra(module: str, extra: str, *, path: str | None = None) -> ModuleType:
    """``module``, or an error saying which extra brings it: about the file ``path`` when
    one is given (a :class:`ReadError`, that letter's own), else :class:`MissingExtraError`."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        reason = (
            f"needs the optional {extra!r} dependencies ({exc.name} is not installed): "
            f"pip install 'policykg[{extra}]'"
        )
        if path is not None:
            raise ReadError(path, reason) from exc
        raise MissingExtraError(reason) from exc
