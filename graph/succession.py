"""Agency succession: reorganisations from a data file, written as SUCCEEDED_BY edges, and
following an agency's commitments across renames "as of" a date.

The data file (default ``graph/data/agency_succession.toml``) lists which agency's functions
passed to which, when, and where that fact comes from. Everything else here reads what the
store holds, through :meth:`GraphStore.run_read` and the named query ``agency_commitments``,
so it behaves the same on every store.
"""

from __future__ import annotations

import tomllib
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from policykg.errors import InputError
from policykg.graph.model import GraphDocument, GraphNode, GraphRelationship, node_id
from policykg.graph.queries import run_query
from policykg.graph.stores import GraphStore
from policykg.graph.stores.statements import AGENCY_NAMES, SUCCESSION_EDGES

SUCCESSION_DOCUMENT_ID = "succession:agencies"
DEFAULT_SOURCE = "agency_succession.toml"
_Entry = TypeVar("_Entry", bound=BaseModel)


class Reorganisation(BaseModel):
    """On ``date`` the functions of ``earlier`` passed to ``later``."""

    model_config = ConfigDict(extra="forbid")

    earlier: str = Field(min_length=1, description="canonical full name of the earlier agency")
    later: str = Field(min_length=1)
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="ISO date or month")
    functions: list[str] = Field(default_factory=list)
    source: str = Field(min_length=1, description="where the fact comes from")

    @property
    def rationale(self) -> str:
        moved = f" ({'、'.join(self.functions)})" if self.functions else ""
        return f"{self.date}: functions{moved} of {self.earlier} passed to {self.later}"


class Reform(BaseModel):
    """A reform that renamed one kind of body in every division: ``X<earlier>`` passed its
    functions to ``X<later>`` (the first of ``later`` the store holds) on ``date``."""

    model_config = ConfigDict(extra="forbid")

    earlier: list[str] = Field(min_length=1, description="name endings of the earlier bodies")
    later: list[str] = Field(min_length=1, description="name endings places gave the new body")
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="ISO date or month")
    functions: list[str] = Field(default_factory=list)
    source: str = Field(min_length=1, description="the document that made the change")

    def apply(self, agencies: set[str]) -> list[Reorganisation]:
        """The reorganisations this reform makes among ``agencies`` (names in one store):
        ``X<earlier>`` and ``X<later>`` with the same division ``X``."""
        found = []
        for name in sorted(agencies):
            for ending in self.earlier:
                division = name.removesuffix(ending)
                if division == name or len(division) < 2:
                    continue
                later = next((division + e for e in self.later if division + e in agencies), None)
                if later is not None and later != name:
                    found.append(
                        Reorganisation(
                            earlier=name,
                            later=later,
                            date=self.date,
                            functions=self.functions,
                            source=self.source,
                        )
                    )
                    break
        return found


def _succession_file(path: Path | None) -> tuple[dict[str, object], str]:
    """The parsed TOML of ``path`` (default: the package's data file), and where it is."""
    if path is None:
        raw = resources.files("policykg.graph").joinpath(f"data/{DEFAULT_SOURCE}").read_bytes()
        where = f"policykg/graph/data/{DEFAULT_SOURCE}"
    else:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
        where = str(path)
    try:
        return tomllib.loads(raw.decode("utf-8")), where
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(where, f"not a reorganisation TOML file: {exc}") from exc


def _entries(data: dict[str, object], table: str, model: type[_Entry], where: str) -> list[_Entry]:
    raw = data.get(table, [])
    try:
        if not isinstance(raw, list):
            raise TypeError(f"[[{table}]] must be an array of tables")
        return [model(**entry) for entry in raw]
    except TypeError as exc:
        raise InputError(where, f"not a reorganisation TOML file: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise InputError(where, f"bad {table} entry: {field}: {first['msg']}") from exc


def load_reorganisations(path: Path | None = None) -> list[Reorganisation]:
    """The named reorganisations in ``path`` (default: the package's data file)."""
    data, where = _succession_file(path)
    entries = _entries(data, "reorganisation", Reorganisation, where)
    for entry in entries:
        if entry.earlier == entry.later:
            raise InputError(where, f"{entry.earlier} cannot succeed itself")
    return entries


def load_reforms(path: Path | None = None) -> list[Reform]:
    """The renaming reforms in ``path`` (default: the package's data file)."""
    data, where = _succession_file(path)
    return _entries(data, "reform", Reform, where)


def succession_graph(
    reorganisations: list[Reorganisation], source: str = DEFAULT_SOURCE
) -> GraphDocument:
    """Agency nodes (name only, so known properties stay) and one SUCCEEDED_BY per entry."""
    nodes: dict[str, GraphNode] = {}
    relationships: dict[tuple[str, str], GraphRelationship] = {}
    for entry in reorganisations:
        ids = []
        for name in (entry.earlier, entry.later):
            identity = node_id("Agency", name)
            nodes.setdefault(
                identity, GraphNode(id=identity, label="Agency", properties={"name": name})
            )
            ids.append(identity)
        # The source note is the evidence; it is not a sentence of a letter, so no offsets.
        relationships[(ids[0], ids[1])] = GraphRelationship(
            type="SUCCEEDED_BY",
            start_id=ids[0],
            end_id=ids[1],
            properties={
                "date": entry.date,
                "rationale": entry.rationale,
                "evidence_file": source,
                "evidence_sentence": " ".join(entry.source.split()),
            },
        )
    return GraphDocument(
        document_id=SUCCESSION_DOCUMENT_ID,
        nodes=list(nodes.values()),
        relationships=list(relationships.values()),
    )


def load_succession(store: GraphStore, path: Path | None = None) -> list[Reorganisation]:
    """Write the file's reorganisations, and its reforms applied to the store's agencies, as
    the store's SUCCEEDED_BY edges, replacing the old ones in the same transaction (re-running
    changes nothing)."""
    reorganisations = load_reorganisations(path)
    reforms = load_reforms(path)
    if reforms:
        agencies = {row["name"] for row in store.run_read(AGENCY_NAMES) if row["name"]}
        named = {(entry.earlier, entry.later) for entry in reorganisations}
        for reform in reforms:
            reorganisations += [
                entry
                for entry in reform.apply(agencies)
                if (entry.earlier, entry.later) not in named
            ]
    source = str(path) if path is not None else DEFAULT_SOURCE
    store.write(succession_graph(reorganisations, source), replace=("SUCCEEDED_BY",))
    return reorganisations


# --- Reading succession back from the store ---------------------------------------------


def _by_agency(edges: list[Reorganisation], side: str) -> dict[str, list[Reorganisation]]:
    out: dict[str, list[Reorganisation]] = {}
    for edge in edges:
        out.setdefault(getattr(edge, side), []).append(edge)
    return out


class Succession(BaseModel):
    """The store's SUCCEEDED_BY edges, for walking forwards and backwards in time."""

    edges: list[Reorganisation] = Field(default_factory=list)

    @cached_property
    def _from(self) -> dict[str, list[Reorganisation]]:
        """The edges out of each earlier agency (linking asks for thousands of agencies)."""
        return _by_agency(self.edges, "earlier")

    @cached_property
    def _to(self) -> dict[str, list[Reorganisation]]:
        return _by_agency(self.edges, "later")

    @classmethod
    def read(cls, store: GraphStore) -> Succession:
        rows = store.run_read(SUCCESSION_EDGES)
        return cls(
            edges=[
                Reorganisation(
                    earlier=row["earlier"],
                    later=row["later"],
                    date=row["date"] or "0000",
                    source=row["rationale"] or "store",
                )
                for row in rows
                if row["earlier"] and row["later"]
            ]
        )

    def successor_as_of(self, agency: str, as_of: str | None = None) -> str:
        """The agency holding ``agency``'s functions on ``as_of`` (today when None)."""
        current, seen = agency, {agency}
        while True:
            nxt = [
                e for e in self._from.get(current, ()) if as_of is None or e.date <= _end_of(as_of)
            ]
            if not nxt:
                return current
            current = min(nxt, key=lambda e: e.date).later
            if current in seen:  # a cycle in the data: stop rather than loop
                return current
            seen.add(current)

    def predecessors(self, agency: str, as_of: str | None = None) -> list[str]:
        """Every agency whose functions reached ``agency`` by ``as_of``, nearest first."""
        found: list[str] = []
        frontier = [agency]
        while frontier:
            current = frontier.pop(0)
            for edge in self._to.get(current, ()):
                if (
                    (as_of is None or edge.date <= _end_of(as_of))
                    and edge.earlier not in found
                    and edge.earlier != agency
                ):
                    found.append(edge.earlier)
                    frontier.append(edge.earlier)
        return found

    def same_line(self, later: str, earlier: str, as_of: str | None = None) -> bool:
        """True when ``earlier`` is ``later`` or one of its predecessors by ``as_of``."""
        return later == earlier or earlier in self.predecessors(later, as_of)


class AgencyCommitment(BaseModel):
    agency: str = Field(description="the agency that committed it (owner, else the issuer)")
    document: str
    date: str | None = Field(description="the letter's date")
    measure: str
    status: str | None
    evidence: str | None


def agency_commitments_as_of(
    store: GraphStore, agency: str, as_of: str | None = None
) -> tuple[str, list[AgencyCommitment]]:
    """Who carried ``agency``'s functions on ``as_of``, and the commitments made by that
    agency or any predecessor in letters dated up to ``as_of``.

    The commitments are the named query ``agency_commitments`` (with predecessors) of the
    responsible agency, kept to the agencies that had become its line by ``as_of`` and to
    the committing agency (a partner's share is not its commitment).
    """
    succession = Succession.read(store)
    responsible = succession.successor_as_of(agency, as_of)
    line = {responsible, *succession.predecessors(responsible, as_of)}
    rows = run_query(
        store,
        "agency_commitments",
        {"agency": node_id("Agency", responsible), "include_predecessors": True},
    ).rows
    commitments = [
        AgencyCommitment(
            agency=row["held_by"],
            document=row["document"],
            date=row["document_date"],
            measure=row["name"],
            status=row["status"],
            evidence=row["evidence_sentence"],
        )
        for row in rows
        if row["held_by"] in line
        and row["role"] != "partner"
        and (
            as_of is None
            or (row["document_date"] is not None and row["document_date"] <= _end_of(as_of))
        )
    ]
    commitments.sort(key=lambda c: (c.date or "", c.document, c.measure))
    return responsible, commitments


def _end_of(as_of: str) -> str:
    """'2019' covers 2019-12-31, '2019-06' the whole month: compare as the last day."""
    return as_of + "-99" * (2 - as_of.count("-"))
