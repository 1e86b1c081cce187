"""The exceptions policykg raises, in one small hierarchy.

    PolicyKGError                 root: catch this to catch everything below
    ├── InputError                a letter cannot be used (names the file and the reason)
    │   ├── ReadError             bytes could not be read or decoded
    │   └── NotAReplyLetterError  readable text, but no reply letter in it
    ├── StoreError                a graph store failed
    │   ├── StoreUnavailableError cannot connect / open (outage, lock, bad credentials)
    │   └── WriteError            a document's write was rolled back
    ├── QueryError                a named or ad-hoc query is unknown, invalid or refused
    │   ├── UnknownQueryError
    │   ├── QueryParameterError
    │   ├── ReadOnlyViolationError
    │   └── QueryTimeoutError
    ├── NotFoundError             a requested node does not exist
    └── OutputPathError           a file or folder to write cannot be written as asked

The CLI prints ``str(error)`` as one line and exits non-zero; the API maps each class to
an HTTP status in one place (``policykg.api.errors``).
"""

from __future__ import annotations


class PolicyKGError(Exception):
    """Root of every error policykg raises on purpose."""


class InputError(PolicyKGError):
    """A letter cannot be used. ``path`` names the file, ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ReadError(InputError):
    """The file's bytes could not be read or decoded as text."""


class NotAReplyLetterError(InputError):
    """The text was read but is not a reply to a proposal or suggestion."""


class StoreError(PolicyKGError):
    """A graph store failed."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached or opened (server down, bad credentials, file locked)."""


class WriteError(StoreError):
    """Writing one document failed; its transaction was rolled back."""


class QueryError(PolicyKGError):
    """A query is unknown, malformed, refused or too slow."""


class UnknownQueryError(QueryError):
    """No named query has this name."""


class QueryParameterError(QueryError):
    """A named query's parameters are missing or of the wrong type."""


class ReadOnlyViolationError(QueryError):
    """An ad-hoc query tried to write; the database refused it."""


class QueryTimeoutError(QueryError):
    """A query ran past its time limit and was stopped."""


class NotFoundError(PolicyKGError):
    """A requested document, agency, measure or node does not exist."""


class NotComparableError(PolicyKGError):
    """Two replies asked to be compared answer different proposals of different bodies."""


class MissingExtraError(PolicyKGError):
    """A feature's optional dependencies are not installed (``pip install 'policykg[X]'``)."""


class OutputPathError(PolicyKGError):
    """An output path is the wrong kind (a folder where a file goes, or the reverse), already
    holds something that would be overwritten by surprise, or sits in a missing folder."""
