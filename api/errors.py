"""The one place where errors become HTTP responses.

Every :class:`~policykg.errors.PolicyKGError` leaves as JSON ``{"error": <class name>,
"detail": <message>}`` with the status of the nearest class in :data:`ERROR_STATUS`;
FastAPI's own validation errors and unknown routes get the same shape. Routers raise domain
errors and never build error responses themselves.

The few errors only the HTTP surface has are defined here, under the same root::

    PolicyKGError
    ├── AuthenticationError      401  missing or wrong X-API-Key
    ├── IngestDisabledError      403  the server has no API key configured
    ├── PayloadTooLargeError     413  upload above Settings.max_upload_bytes
    └── UnsupportedMediaTypeError 415  an upload that is not multipart/form-data
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from policykg.errors import (
    InputError,
    NotComparableError,
    NotFoundError,
    PolicyKGError,
    QueryError,
    QueryParameterError,
    QueryTimeoutError,
    ReadOnlyViolationError,
    StoreError,
    StoreUnavailableError,
    UnknownQueryError,
    WriteError,
)

log = logging.getLogger(__name__)


class AuthenticationError(PolicyKGError):
    """The request needs the API key (header ``X-API-Key``) and did not bring the right one."""


class IngestDisabledError(PolicyKGError):
    """Writing through the API is off because no API key is configured."""


class PayloadTooLargeError(PolicyKGError):
    """The upload is larger than the server accepts."""


class UnsupportedMediaTypeError(PolicyKGError):
    """The request body is not of the type the endpoint reads."""


# Most specific first is not needed: the nearest class in the exception's MRO wins.
ERROR_STATUS: dict[type[PolicyKGError], int] = {
    PolicyKGError: 500,
    InputError: 422,
    NotFoundError: 404,
    NotComparableError: 422,
    QueryError: 400,
    UnknownQueryError: 404,
    QueryParameterError: 422,
    ReadOnlyViolationError: 403,
    QueryTimeoutError: 504,
    StoreError: 500,
    WriteError: 500,
    StoreUnavailableError: 503,
    AuthenticationError: 401,
    IngestDisabledError: 403,
    PayloadTooLargeError: 413,
    UnsupportedMediaTypeError: 415,
}


UNAVAILABLE_DETAIL = "the graph store cannot be reached; try again later"


class ErrorBody(BaseModel):
    """What every error response holds."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"error": "QueryTimeoutError", "detail": "query stopped after 10 s"},
                {"error": "ReadOnlyViolationError", "detail": "the query tried to write: …"},
            ]
        }
    )

    error: str = Field(description="the error class, or the HTTP reason for routing errors")
    detail: Any = Field(description="what went wrong: a message, or the validation errors")


def status_of(error: PolicyKGError) -> int:
    for cls in type(error).__mro__:
        if cls in ERROR_STATUS:
            return ERROR_STATUS[cls]
    return 500


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting the error body for these statuses."""
    return {
        status: {"model": ErrorBody, "description": HTTPStatus(status).phrase}
        for status in statuses
    }


def _body(
    error: str, detail: Any, status: int, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": error, "detail": _encodable(jsonable_encoder(detail))},
        status_code=status,
        headers=headers,
    )


def _encodable(value: Any) -> Any:
    """``value`` with lone surrogates and NaN or infinite numbers (which a request may carry
    and a validation error echo back) made writable as JSON in UTF-8."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_encodable(item) for item in value]
    if isinstance(value, dict):
        return {_encodable(key): _encodable(item) for key, item in value.items()}
    return value


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PolicyKGError)
    status = status_of(exc)
    if status == 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
    elif status > 500:  # an outage or a slow query: one line, no traceback
        log.warning("%s %s: %s", request.method, request.url.path, exc)
    headers = {"WWW-Authenticate": 'APIKey header="X-API-Key"'} if status == 401 else None
    # Where the store is (a path, a host and port) stays in the server's log.
    detail = UNAVAILABLE_DETAIL if isinstance(exc, StoreUnavailableError) else str(exc)
    return _body(type(exc).__name__, detail, status, headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return _body("RequestValidationError", exc.errors(), 422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:  # every method of the path, not only the first route's
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return _body(HTTPStatus(exc.status_code).phrase, exc.detail, exc.status_code, headers)


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _body("InternalServerError", "unexpected error; the server log has the details", 500)


def _openapi_with_our_422(app: FastAPI) -> Any:
    """Every error answers :class:`ErrorBody` as JSON: FastAPI documents its own shape for
    422, and an HTML route's errors under text/html."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = original()
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorBody"] = (
            ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if status.isdigit() and int(status) >= 400:
                        response["content"] = {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ErrorBody"}
                            }
                        }
        app.openapi_schema = schema
        return schema

    return openapi


def install_error_handlers(app: FastAPI) -> None:
    app.openapi = _openapi_with_our_422(app)  # type: ignore[method-assign]
    app.add_exception_handler(PolicyKGError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
