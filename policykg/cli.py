"""The ``policykg`` command: a thin layer over the library.

Each stage's commands live beside this module (``cli_*.py``) and register themselves on
``app``; errors from the library arrive as :class:`PolicyKGError` and leave as one line.
"""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console

from policykg.errors import PolicyKGError

app = typer.Typer(help="Knowledge graph of policy measures from replies to proposals.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
err_console = Console(stderr=True, soft_wrap=True)  # one error, one line: greppable


@app.command()
def schema() -> None:
    """Print the JSON Schema of the ReplyRecord that `extract` writes."""
    from policykg.extract.records import ReplyRecord

    typer.echo(json.dumps(ReplyRecord.model_json_schema(), ensure_ascii=False, indent=2))


def _register_stage_commands() -> None:
    # Imported for their side effect: each adds its commands to ``app``.
    from policykg import (
        cli_extract,  # noqa: F401
        cli_graph,  # noqa: F401
        cli_lineage,  # noqa: F401
        cli_query,  # noqa: F401
        cli_view,  # noqa: F401
    )


def main() -> None:
    _register_stage_commands()
    try:
        app()
    except PolicyKGError as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)
