"""What every response and request passes through: allowed ``Host`` headers, a size limit
on request bodies other than uploads, and headers that keep pages from being framed,
sniffed or made to load scripts from elsewhere.

Pure ASGI middleware (no ``BaseHTTPMiddleware``): a body is counted as it streams, so a
request without ``Content-Length``, or lying about it, is stopped at the limit too.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policykg.settings import Settings

# Pages (graph views, the API docs) inline their scripts and styles and load nothing from
# another origin; nothing may frame them.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
]
# Uploads have their own, larger limit (Settings.max_upload_bytes, in api/ingest.py).
UPLOAD_PATHS = frozenset({"/ingest"})


class RequestLimits:
    """Refuse bodies over ``max_bytes`` (413) and add :data:`SECURITY_HEADERS`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limited = scope["path"] not in UPLOAD_PATHS
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if limited and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(
                send,
                f"request body of {int(declared)} bytes is above the {self.max_bytes} byte limit",
            )
            return
        received = 0
        too_large = False

        async def counted_receive() -> Message:
            nonlocal received, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if limited and message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # The app sees the body end here; whatever it answers is replaced.
                    too_large = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        refused = False

        async def secured_send(message: Message) -> None:
            nonlocal refused
            if too_large:
                if not refused:
                    refused = True
                    await self._refuse(
                        send, f"request body is above the {self.max_bytes} byte limit"
                    )
                return
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in dict(SECURITY_HEADERS)
                ]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        await self.app(scope, counted_receive, secured_send)

    @staticmethod
    async def _refuse(send: Send, detail: str) -> None:
        body = json.dumps({"error": "PayloadTooLargeError", "detail": detail}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                    *SECURITY_HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def install_security(app: Any, settings: Settings) -> None:
    """Last added runs first: the Host check, then the limits and headers."""
    app.add_middleware(RequestLimits, max_bytes=settings.max_request_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
