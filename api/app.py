"""The HTTP service: ``create_app(settings)`` builds it; ``policykg serve`` runs it.

The lifespan opens the store the settings name and closes it at shutdown, so every request
shares one store (one driver, or a pool of read workers over one embedded database).
Routers are listed once in :data:`ROUTERS`; errors are mapped to HTTP in
:mod:`policykg.api.errors` only.

    uvicorn --factory policykg.api.app:create_app
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline

from policykg import __version__
from policykg.api import health, ingest, queries, resources, view
from policykg.api.errors import install_error_handlers
from policykg.api.security import install_security
from policykg.graph.stores import open_isolated_store
from policykg.settings import Settings, get_settings

# Adding an endpoint module is one line here.
ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    resources.router,
    queries.router,
    ingest.router,
    view.router,
)

DESCRIPTION = """\
Policy measures and commitments read from Chinese government replies to proposals
(提案答复函), as a graph: which agency committed to what, in what state, and how a measure
evolved from one year's reply to the next. Every fact carries its evidence sentence.

Read endpoints and named queries are open; `POST /cypher` runs read-only Cypher (writes and
file access refused by the database, time and row limits); `POST /ingest` needs `X-API-Key`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app over the store ``settings.store`` names (default: the environment's)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Reads never need the writer's lock: without ingest the store opens read-only, so
        # CLI commands can use it meanwhile.
        store = open_isolated_store(settings.store, settings, read_only=not settings.api_key)
        app.state.store = store
        try:
            yield
        finally:
            store.close()

    # FastAPIOffline: FastAPI whose /docs and /redoc load their scripts from the package
    app = FastAPIOffline(
        title="policykg",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    install_security(app, settings)
    for router in ROUTERS:
        app.include_router(router)
    return app
