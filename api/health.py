"""``GET /health``: is the service up and its store reachable?"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from policykg.api.deps import StoreDep
from policykg.api.errors import error_responses

router = APIRouter(tags=["health"])


class Health(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ok", "dialect": "ladybug"}]}
    )

    status: str
    dialect: str


@router.get("/health", summary="Service and store are up", responses=error_responses(503))
def health(store: StoreDep) -> Health:
    """Answers when the store is reachable, without waiting behind running queries; 503
    when it cannot be reached. Where the store is stays private."""
    store.ping()
    return Health(status="ok", dialect=store.dialect)
