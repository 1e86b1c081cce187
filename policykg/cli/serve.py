"""``policykg serve``: the HTTP API (:mod:`policykg.api.app`) under uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policykg.cli.common import StoreOption, missing_store_error, stage_commands, store_target
from policykg.graph.stores import is_neo4j_target
from policykg.settings import get_settings

commands = stage_commands()


@commands.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8000,
    store: StoreOption = None,
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs). POST /ingest needs POLICYKG_API_KEY."""
    from policykg.extras import import_extra

    import_extra("uvicorn", "server")
    import_extra("fastapi", "server")
    import uvicorn

    from policykg.api.app import create_app

    settings = get_settings()
    target = store_target(store)
    # Without POST /ingest (no API key) the server only reads: a missing store is an error.
    if settings.api_key is None and not is_neo4j_target(target) and not Path(target).exists():
        raise missing_store_error(target)
    settings = settings.model_copy(update={"store": target})
    uvicorn.run(create_app(settings), host=host, port=port)
