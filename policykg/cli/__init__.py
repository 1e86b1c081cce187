"""The ``policykg`` command: a thin layer over the library.

Each stage's commands live in a module of their own (``extract``, ``ingest``, ``query``,
``lineage``, ``view``, ``build``, ``export``, ``serve``) on its own Typer; this module merges
them into ``app``, so ``import policykg.cli`` gives the whole command. Stage modules import
only :mod:`policykg.cli.common`, never this module.
"""

from __future__ import annotations

import typer

from policykg.cli import build, export, extract, ingest, lineage, query, serve, view
from policykg.cli.common import ErrorMappingGroup

STAGES = (extract, ingest, query, lineage, view, build, export, serve)

app = typer.Typer(
    help="Knowledge graph of policy measures from replies to proposals.",
    cls=ErrorMappingGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
for stage in STAGES:
    app.add_typer(stage.commands)


def main() -> None:
    """The console script (``policykg = policykg.cli:main``)."""
    app()
