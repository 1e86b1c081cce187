"""Letters into a store, one letter at a time: read, extract, build its graph, write it.

:func:`ingest_letter` is the one code path behind ``policykg ingest`` and ``policykg build``.
Each letter ends in one of three outcomes:

- ``ingested``: its graph was written in one transaction (writing the same file again
  rewrites it, which changes nothing unless the file or the extractor changed);
- ``duplicate``: another file — earlier in this run, or already in the store — has the same
  bytes (sha256) or the same document number; nothing is written, the reason names that file;
- ``rejected``: it cannot be read, is no reply letter, or its write was rolled back; the
  reason says why and the store is as it was (the store's write is atomic per letter).

A store that cannot be reached is no letter's fault: :class:`StoreUnavailableError` stops
the run, and running it again completes it (already written letters are rewritten
idempotently).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policykg.errors import InputError, StoreError, StoreUnavailableError
from policykg.extract.reader import Letter, display_path, read_letter
from policykg.extract.records import ReplyRecord
from policykg.graph.build import build_graph, doc_number_key
from policykg.graph.model import node_id
from policykg.graph.stores import GraphStore
from policykg.graph.stores.statements import DOCUMENTS_LIKE
from policykg.settings import Settings

Status = Literal["ingested", "duplicate", "rejected"]


class LetterOutcome(BaseModel):
    """What became of one letter: ingested, skipped as a duplicate, or rejected (why)."""

    model_config = ConfigDict(extra="forbid")

    path: Path
    status: Status
    document_id: str | None = None
    nodes: int = 0
    relationships: int = 0
    reason: str | None = Field(default=None, description="why it was skipped or rejected")
    duplicate_of: str | None = Field(default=None, description="the file it duplicates")
    notes: list[str] = Field(default_factory=list, description="what reading repaired")
    record: ReplyRecord | None = Field(default=None, repr=False)


class _Known:
    __slots__ = ("doc_number", "path", "sha256")

    def __init__(self, path: str, sha256: str, doc_number: str | None) -> None:
        self.path, self.sha256, self.doc_number = path, sha256, doc_number


class SeenLetters:
    """The letters of one run, for telling a duplicate from a rewrite of the same file."""

    def __init__(self) -> None:
        self._letters: list[_Known] = []

    def add(self, path: str, sha256: str, doc_number: str | None) -> None:
        self._letters.append(_Known(path, sha256, doc_number))

    def duplicate(
        self, path: str, sha256: str, doc_number: str | None, store: GraphStore
    ) -> tuple[str, str] | None:
        """``(file, reason)`` when another file has these bytes or this document number."""
        for known in self._letters:
            if known.path == path:
                return known.path, "the same file is listed twice in this run"
            same = _sameness(known, sha256, doc_number)
            if same:
                return known.path, f"{same} as {known.path}, earlier in this run"
        key = doc_number_key(doc_number)
        document_id = node_id("Document", key) if key else ""
        for row in store.run_read(
            DOCUMENTS_LIKE, {"sha256": sha256, "doc_number": doc_number, "document_id": document_id}
        ):
            stored = _Known(row["source"] or row["id"], row["sha256"] or "", row["doc_number"])
            same = _sameness(stored, sha256, doc_number)
            if same and stored.path != path:  # the same file again is a rewrite, not a copy
                return stored.path, f"{same} as {stored.path}, already stored as {row['id']}"
        return None


def _sameness(known: _Known, sha256: str, doc_number: str | None) -> str | None:
    if known.sha256 == sha256:
        return "same content"
    if doc_number is not None and doc_number_key(known.doc_number) == doc_number_key(doc_number):
        return f"same document number {doc_number}"
    return None


def ingest_letter(
    path: Path,
    store: GraphStore,
    seen: SeenLetters | None = None,
    *,
    settings: Settings | None = None,
    name: str | None = None,
) -> LetterOutcome:
    """Read ``path``, extract it, build its graph and write it to ``store`` in one
    transaction — unless ``seen`` (this run) or the store already has it from another file.

    The file is read within the limits of the caller's ``settings`` (None: the reader's
    default, :func:`get_settings`): size, unpacked size, pages, time and text length.

    Raises :class:`StoreUnavailableError` when the store goes away; every other failure
    is this letter's ``rejected`` outcome.

    ``name`` is what the graph records as the letter's file (default: ``path``), for a
    letter whose path says nothing to its readers (an upload's temporary file).
    """
    seen = seen if seen is not None else SeenLetters()
    source = name or display_path(path)  # a non-UTF-8 file name cannot be stored as it is
    try:
        letter = read_letter(path, settings=settings)
        if name is not None:
            letter = letter.model_copy(update={"path": name})
        twin = seen.duplicate(source, letter.sha256, None, store)
        if twin is None:
            record = _extract(letter)
            doc_number = record.document.doc_number
            twin = seen.duplicate(source, letter.sha256, doc_number, store)
        if twin is not None:
            seen.add(source, letter.sha256, None)
            return LetterOutcome(
                path=path,
                status="duplicate",
                duplicate_of=twin[0],
                reason=f"skipped as duplicate: {twin[1]}",
                notes=letter.notes,
            )
        document = build_graph(record)
        store.write(document)
    except StoreUnavailableError:
        raise
    except (InputError, StoreError) as exc:
        # InputError already names the file; the outcome's path does too.
        reason = exc.reason if isinstance(exc, InputError) else str(exc)
        return LetterOutcome(path=path, status="rejected", reason=reason)
    seen.add(source, letter.sha256, doc_number)
    return LetterOutcome(
        path=path,
        status="ingested",
        document_id=document.document_id,
        nodes=len(document.nodes),
        relationships=len(document.relationships),
        notes=letter.notes,
        record=record,
    )


def _extract(letter: Letter) -> ReplyRecord:
    """Extraction errors are this letter's: an unexpected one must not stop the run."""
    # Extraction loads spaCy: imported here so that importing this module stays cheap.
    from policykg.extract.pipeline import extract_letter

    try:
        return extract_letter(letter)
    except InputError:
        raise
    except Exception as exc:  # a bug on strange input; the letter is rejected, others go on
        raise InputError(
            letter.path, f"extraction failed ({type(exc).__name__}: {exc}); please report it"
        ) from exc
