"""Reads of an embedded LadybugDB store, each run in a worker process.

LadybugDB runs inside the process that opens it: a query that crashes the engine (a
segmentation fault), outgrows memory or ignores its time limit would take that process with
it. :class:`IsolatedReads` keeps a few worker processes, each with its own read-only database,
and hands each read to an idle one. The caller waits at most the query's limit plus a grace;
a worker that passes its deadline or its memory cap is killed, one that dies is reported, and
either is replaced in the background while the other workers go on answering. Reads run
concurrently, one per worker.

Writes (when the store is writable) go to one writer in the caller's process; after each
write the workers reopen their database before their next read, so they see it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from policykg import errors
from policykg.errors import (
    PolicyKGError,
    QueryError,
    QueryTimeoutError,
    StoreUnavailableError,
    WriteError,
)
from policykg.graph.model import GraphDocument, GraphNode, GraphRelationship
from policykg.graph.stores.base import GraphStore, ReplaceScope
from policykg.settings import Settings

# What a worker may be asked: the store's reading methods.
_READS = frozenset({"run_read", "nodes", "relationships", "counts"})
# Seconds past a query's own time limit before its worker is killed: the engine's own
# interrupt usually answers first, with a clear error, and the kill is for when it does not.
GRACE_S = 2.0
# Bulk reads (whole graph for views and exports) get at least this long.
BULK_TIMEOUT_S = 120.0
_POLL_S = 0.05
_PAGE = os.sysconf("SC_PAGE_SIZE")


class EngineCrashError(QueryError):
    """The database engine died while answering (a bug in it); the service goes on."""


class MemoryLimitError(QueryError):
    """A read needed more memory than the server allows it."""


class ResultTooLargeError(QueryError):
    """A read's result is larger than the server returns."""


def _worker_main(conn: Connection) -> None:
    """A worker's loop: open the database read-only (again when its generation moves on),
    answer each request with ("ok", pickled value) or ("error", class name, message)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when a worker stops
    from policykg.graph.stores.ladybug import LadybugStore

    try:
        path, options = conn.recv()
    except (EOFError, OSError):
        return  # the parent went away before the worker started: nothing to answer

    store: LadybugStore | None = None
    opened_generation = -1
    while True:
        try:
            method, args, kwargs, generation, result_limit = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or generation != opened_generation:
                if store is not None:
                    store.close()
                    store = None
                store = LadybugStore(path, read_only=True, **options)
                opened_generation = generation
            payload = pickle.dumps(
                getattr(store, method)(*args, **kwargs), protocol=pickle.HIGHEST_PROTOCOL
            )
            if result_limit is not None and len(payload) > result_limit:
                reply: tuple[Any, ...] = (
                    "error",
                    "ResultTooLargeError",
                    f"the result is larger than the server's limit of {result_limit:,} "
                    f"bytes; ask for fewer rows or columns",
                )
            else:
                reply = ("ok", payload)
        except PolicyKGError as exc:
            reply = ("error", type(exc).__name__, str(exc))
        except Exception as exc:  # a value the database or pickle refused: the query's fault
            reply = ("error", "QueryError", f"{type(exc).__name__}: {_first_line(exc)}")
        conn.send(reply)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


_ERROR_CLASSES: dict[str, type[PolicyKGError]] = {
    "EngineCrashError": EngineCrashError,
    "MemoryLimitError": MemoryLimitError,
    "ResultTooLargeError": ResultTooLargeError,
}


def _error(name: str, message: str) -> PolicyKGError:
    kind = _ERROR_CLASSES.get(name) or getattr(errors, name, None)
    if not (isinstance(kind, type) and issubclass(kind, PolicyKGError)) or kind in (
        errors.InputError,
        errors.ReadError,
        errors.NotAReplyLetterError,
    ):
        kind = QueryError
    return kind(message)


class _Worker:
    """A worker process (``python -m`` this module, so that nothing of the caller's main
    module runs again in it) and the socket it answers on."""

    def __init__(self, path: str, options: dict[str, Any]) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                close_fds=True,
            )
        self.conn = Connection(ours.detach())
        self.conn.send((path, options))

    def alive(self) -> bool:
        return self.process.poll() is None

    def resident_bytes(self) -> int:
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as statm:
                return int(statm.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        with contextlib.suppress(OSError):
            self.conn.close()


class IsolatedReads(GraphStore):
    """A LadybugDB store at ``path`` whose reads run in ``settings.read_workers`` processes.

    ``writer`` (a :class:`~policykg.graph.stores.ladybug.LadybugStore` opened for writing)
    takes the writes; without one the store is read-only.
    """

    dialect = "ladybug"

    def __init__(
        self, path: str | Path, settings: Settings, *, writer: GraphStore | None = None
    ) -> None:
        self.target = str(path)
        if writer is None and not Path(path).exists():
            raise StoreUnavailableError(
                f"no store at {path}: make one with `policykg build LETTERS --out "
                f"{Path(path).parent}` or `policykg ingest LETTERS --store {path}`"
            )
        self._writer = writer
        self._query_timeout_s = settings.query_timeout_s
        self._memory_limit = settings.read_memory_mb * 1024 * 1024
        self._result_limit = settings.result_max_bytes
        self._options = {
            "query_timeout_s": settings.query_timeout_s,
            "buffer_pool_bytes": settings.buffer_pool_mb * 1024 * 1024,
        }
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._guard = threading.Lock()
        self._generation = 0
        self._closed = False
        for _ in range(settings.read_workers):
            self._start_worker()

    # Workers

    def _start_worker(self) -> None:
        worker = _Worker(self.target, self._options)
        with self._guard:
            if self._closed:
                worker.kill()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker`` and start its replacement in the background."""
        worker.kill()
        with self._guard:
            self._workers.discard(worker)
            if self._closed:
                return
        threading.Thread(
            target=self._start_worker, daemon=True, name="policykg-read-worker-start"
        ).start()

    def _call(
        self,
        method: str,
        *args: Any,
        timeout_s: float,
        result_limit: int | None = None,
        **kwargs: Any,
    ) -> Any:
        if self._closed:
            raise StoreUnavailableError(f"{self.target} is closed")
        deadline = time.monotonic() + timeout_s + GRACE_S
        try:
            worker = self._idle.get(timeout=timeout_s + GRACE_S)
        except queue.Empty:
            raise QueryTimeoutError(
                f"every reader stayed busy for {timeout_s:g} s; try again"
            ) from None
        try:
            worker.conn.send((method, args, kwargs, self._generation, result_limit))
            while not worker.conn.poll(_POLL_S):
                if not worker.alive():
                    break
                if worker.resident_bytes() > self._memory_limit:
                    self._retire(worker)
                    raise MemoryLimitError(
                        f"the query needed more than {self._memory_limit // 2**20} MB of "
                        f"memory and was stopped"
                    )
                if time.monotonic() > deadline:
                    self._retire(worker)
                    raise QueryTimeoutError(f"query stopped after {timeout_s:g} s")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._retire(worker)
            code = worker.process.returncode
            how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
            raise EngineCrashError(
                f"the database engine crashed on this query ({how}); nothing was changed "
                f"and the service goes on"
            ) from None
        except BaseException:
            if worker in self._workers and worker.alive():
                self._retire(worker)  # a reply may still be on its way: never reuse it
            raise
        self._idle.put(worker)
        if reply[0] == "ok":
            return pickle.loads(reply[1])
        raise _error(reply[1], reply[2])

    # Reads

    def run_read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        max_rows: int | None = None,
        timeout_s: float | None = None,
        untrusted: bool = False,
    ) -> list[dict[str, Any]]:
        timeout = self._query_timeout_s if timeout_s is None else timeout_s
        result: list[dict[str, Any]] = self._call(
            "run_read",
            cypher,
            params,
            max_rows=max_rows,
            timeout_s=timeout,
            untrusted=untrusted,
            result_limit=self._result_limit,
        )
        return result

    def nodes(self) -> list[GraphNode]:
        result: list[GraphNode] = self._call("nodes", timeout_s=self._bulk_timeout())
        return result

    def relationships(self) -> list[GraphRelationship]:
        result: list[GraphRelationship] = self._call(
            "relationships", timeout_s=self._bulk_timeout()
        )
        return result

    def counts(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = self._call("counts", timeout_s=self._bulk_timeout())
        return result

    def _bulk_timeout(self) -> float:
        return max(self._query_timeout_s, BULK_TIMEOUT_S)

    def ping(self) -> None:
        """Without asking a worker (they may all be busy): the database is there and some
        worker lives."""
        if not Path(self.target).exists():
            raise StoreUnavailableError(f"the store {self.target} is gone")
        with self._guard:
            alive = any(worker.alive() for worker in self._workers)
        if not alive and self._idle.empty():
            raise StoreUnavailableError("no reader is running")

    # Writes

    def _writable(self) -> GraphStore:
        if self._writer is None:
            raise WriteError(f"{self.target} is open for reading only; nothing was written")
        return self._writer

    def write(
        self,
        document: GraphDocument,
        *,
        replace: Sequence[str] = (),
        replace_scope: ReplaceScope | None = None,
    ) -> None:
        try:
            self._writable().write(document, replace=replace, replace_scope=replace_scope)
        finally:
            self._generation += 1

    def write_many(self, documents: Sequence[GraphDocument]) -> list[WriteError | None]:
        try:
            return self._writable().write_many(documents)
        finally:
            self._generation += 1

    def clear(self) -> None:
        try:
            self._writable().clear()
        finally:
            self._generation += 1

    def close(self) -> None:
        with self._guard:
            self._closed = True
            workers, self._workers = self._workers, set()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.close()  # the worker's recv ends: it returns
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(1)
            worker.kill()
        if self._writer is not None:
            self._writer.close()


if __name__ == "__main__":
    _worker_main(Connection(int(sys.argv[1])))
