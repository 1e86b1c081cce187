"""``policykg serve``: the HTTP API (:mod:`policykg.api.app`) under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from policykg.cli.common import StoreOption, stage_commands
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
    if store:
        settings = settings.model_copy(update={"store": store})
    uvicorn.run(create_app(settings), host=host, port=port)
