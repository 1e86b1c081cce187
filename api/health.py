"""``GET /health``: is the service up and its store reachable?"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from policykg.api.deps import StoreDep
from policykg.api.errors import error_responses
from policykg.graph.stores.statements import PING

router = APIRouter(tags=["health"])


class Health(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"status": "ok", "store": "policykg.lbdb", "dialect": "ladybug"}]
        }
    )

    status: str
    store: str
    dialect: str


@router.get("/health", summary="Service and store are up", responses=error_responses(503))
def health(store: StoreDep) -> Health:
    """Answers when the store answers a trivial read; 503 when it cannot be reached."""
    store.run_read(PING)
    return Health(status="ok", store=store.target, dialect=store.dialect)
