"""Dependencies the routers share: the store and settings the app's lifespan holds, and the
API key check. Tests override the settings by handing ``create_app`` their own."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, Request

from policykg.api.errors import AuthenticationError, IngestDisabledError
from policykg.graph.stores import GraphStore
from policykg.settings import Settings


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def require_api_key(
    settings: SettingsDep,
    x_api_key: Annotated[
        str | None,
        Header(
            description="the server's API key (Settings.api_key, POLICYKG_API_KEY)",
            examples=["change-me"],
        ),
    ] = None,
) -> None:
    """Refuses the request unless ``X-API-Key`` equals the configured key."""
    if not settings.api_key:
        raise IngestDisabledError("writing through the API is off: no API key is configured")
    if x_api_key is None:
        raise AuthenticationError("missing X-API-Key header")
    if not secrets.compare_digest(x_api_key.encode(), settings.api_key.encode()):
        raise AuthenticationError("wrong API key")


ApiKeyDep = Depends(require_api_key)
