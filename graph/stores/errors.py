"""One place per store that turns its driver's exceptions into policykg's, in the style of
httpx's ``map_exceptions``: a store method says ``with map_exceptions(mapping):`` instead of
repeating an except-chain."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from policykg.errors import PolicyKGError

# Given a driver's exception, the domain error to raise instead, or None to let it through.
ExceptionMapping = Callable[[Exception], PolicyKGError | None]


@contextmanager
def map_exceptions(mapping: ExceptionMapping) -> Iterator[None]:
    """Raise ``mapping(exc)`` from ``exc`` for an exception of the block; policykg's own
    errors and exceptions the mapping does not know pass unchanged."""
    try:
        yield
    except PolicyKGError:
        raise
    except Exception as exc:
        mapped = mapping(exc)
        if mapped is None:
            raise
        raise mapped from exc
