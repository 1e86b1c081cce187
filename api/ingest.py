"""``POST /ingest``: upload reply letters; each is extracted and written like ``policykg
ingest`` does (one transaction per letter), then the lineage step relinks measures.

Needs the API key (header ``X-API-Key``). The body is read up to
``Settings.max_upload_bytes`` and refused beyond it (413) before anything is parsed; each
letter ends ingested, skipped as a duplicate, or rejected with the reason, and a rejected
letter leaves the store as it was.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from policykg.api.deps import ApiKeyDep, SettingsDep, StoreDep
from policykg.api.errors import PayloadTooLargeError, UnsupportedMediaTypeError, error_responses
from policykg.errors import InputError
from policykg.graph.ingest import SeenLetters, ingest_letter
from policykg.graph.stores import GraphStore
from policykg.settings import Settings

router = APIRouter(tags=["ingest"])

MAX_FILES = 1000


class UploadOutcome(BaseModel):
    file: str = Field(description="the uploaded file's name")
    status: Literal["ingested", "duplicate", "rejected"]
    document_id: str | None = None
    nodes: int = 0
    relationships: int = 0
    reason: str | None = None
    duplicate_of: str | None = None


class IngestResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "files": [
                        {
                            "file": "reply-2021.txt",
                            "status": "ingested",
                            "document_id": "document:绵市监函〔2021〕43号",
                            "nodes": 96,
                            "relationships": 160,
                            "reason": None,
                            "duplicate_of": None,
                        },
                        {
                            "file": "notes.txt",
                            "status": "rejected",
                            "document_id": None,
                            "nodes": 0,
                            "relationships": 0,
                            "reason": "no reply letter: no reply header or proposal number",
                            "duplicate_of": None,
                        },
                    ],
                    "ingested": 1,
                    "duplicates": 0,
                    "rejected": 1,
                    "links": 5,
                }
            ]
        }
    )

    files: list[UploadOutcome]
    ingested: int
    duplicates: int
    rejected: int
    links: int | None = Field(description="BUILDS_ON links after relinking (null: not run)")


MULTIPART_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "reply letters (.txt in any Chinese encoding, "
                            ".docx, .pdf, .html)",
                        }
                    },
                },
                "example": {"files": ["reply-2021.txt", "reply-2018.pdf"]},
            }
        },
    }
}


@router.post(
    "/ingest",
    dependencies=[ApiKeyDep],
    summary="Upload letters into the graph",
    openapi_extra=MULTIPART_BODY,
    responses=error_responses(400, 401, 403, 413, 415, 422, 503),
)
async def ingest(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    link: Annotated[
        bool, Query(description="relink measures (BUILDS_ON) afterwards", examples=[True])
    ] = True,
) -> IngestResponse:
    """Multipart field ``files``, one part per letter. Answers each file's outcome."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UnsupportedMediaTypeError("send the letters as multipart/form-data, field 'files'")
    body = await _capped_body(request, settings.max_upload_bytes)

    async def replay() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, replay).form(max_files=MAX_FILES)
    try:
        uploads = [
            (_upload_name(part.filename), await part.read())
            for part in form.getlist("files")
            if isinstance(part, UploadFile)
        ]
    finally:
        await form.close()
    if not uploads:
        raise InputError("<upload>", "no files: send the letters in the multipart field 'files'")
    return await run_in_threadpool(_ingest_uploads, store, uploads, link, settings)


async def _capped_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLargeError(f"upload of {declared} bytes is above the {limit} byte limit")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:  # a body without (or lying about) its length
            raise PayloadTooLargeError(f"upload is above the {limit} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _upload_name(filename: str | None) -> str:
    """The upload's own name without folders, as one line; "letter" when it has none."""
    name = " ".join((filename or "").replace("\\", "/").split("/")[-1].split())
    name = name.encode("utf-8", "replace").decode("utf-8", "replace")  # lone surrogates
    return name if name.strip(".") else "letter"


def _disk_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix.isascii() and 1 < len(suffix) <= 8 and suffix[1:].isalnum() else ""


def _ingest_uploads(
    store: GraphStore, uploads: list[tuple[str, bytes]], link: bool, settings: Settings
) -> IngestResponse:
    seen = SeenLetters()
    outcomes: list[UploadOutcome] = []
    taken: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="policykg-upload-") as folder:
        for index, (name, data) in enumerate(uploads):
            # On disk under a name of our own (the upload's may be "..", or too long for the
            # file system), keeping only its extension, which says the format; the graph
            # and the answer know it by the upload's name.
            path = Path(folder, f"{index}{_disk_suffix(name)}")
            path.write_bytes(data)
            # Two parts of one upload may share a name and are still two files.
            taken[name] = taken.get(name, 0) + 1
            known_as = name if taken[name] == 1 else f"{name} ({taken[name]})"
            outcome = ingest_letter(path, store, seen, settings=settings, name=known_as)
            outcomes.append(
                UploadOutcome(
                    file=name,
                    status=outcome.status,
                    document_id=outcome.document_id,
                    nodes=outcome.nodes,
                    relationships=outcome.relationships,
                    reason=outcome.reason,
                    duplicate_of=outcome.duplicate_of,
                )
            )
    ingested = sum(o.status == "ingested" for o in outcomes)
    links = None
    if link and ingested:
        from policykg.graph.lineage import run_lineage  # scores with rapidfuzz; load on use

        written = [o.document_id for o in outcomes if o.status == "ingested" and o.document_id]
        links = len(run_lineage(store, documents=written).links)  # only their places relinked
    return IngestResponse(
        files=outcomes,
        ingested=ingested,
        duplicates=sum(o.status == "duplicate" for o in outcomes),
        rejected=sum(o.status == "rejected" for o in outcomes),
        links=links,
    )
