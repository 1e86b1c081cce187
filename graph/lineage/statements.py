"""What linking reads from the store: one :class:`Statement` per commitment."""

from __future__ import annotations

from functools import cached_property
from importlib import resources

from pydantic import BaseModel, Field

from policykg.graph.stores import GraphStore


class Statement(BaseModel):
    """One letter's commitment to one measure, as read back from the store."""

    document_id: str
    document_name: str | None = None
    document_date: str | None = None
    city: str | None = None
    place_code: str | None = Field(default=None, description="the letter's division (adcode)")
    commitment_id: str
    measure_id: str
    measure_key: str | None = None
    measure_name: str | None = None
    written: str | None = None
    kind: str | None = None
    agency: str | None = None
    issuer: str | None = Field(default=None, description="the body that issued the letter")
    status: str | None = None
    year: int | None = None
    step_date: str | None = Field(default=None, description="the date the letter gives the step")
    evidence_file: str | None = None
    evidence_sentence: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    topic: str | None = None

    @property
    def names(self) -> list[str]:
        if self.kind == "action" and self.measure_key:
            # A step written as a clause is named by its key: the clause's cue words, fillers
            # and address to the proposer (已, 将, 你所提的) say nothing about what it is.
            return [self.measure_key.split("·", 1)[-1]]
        return list(
            dict.fromkeys(n for n in (self.written, self.measure_name, self.measure_key) if n)
        )

    @cached_property  # asked for every candidate pair: worked out once
    def region(self) -> str | None:
        return region_of(self.place_code, self.city)

    @cached_property
    def county(self) -> str | None:
        """The county-level division of a county's letter (None for higher levels)."""
        code = self.place_code
        return code[:6] if code and len(code) >= 6 and code[4:6] != "00" else None

    @property
    def label(self) -> str:
        return self.measure_name or self.measure_key or self.measure_id


def region_of(place_code: str | None, city: str | None) -> str | None:
    """The prefecture (or, for a province's own letters, the province) a letter is from: its
    code when the letter was placed, else its city's name. Links stay within one region."""
    if place_code and len(place_code) >= 6:
        return place_code[:2] if place_code[2:6] == "0000" else place_code[:4]
    return city.removesuffix("市") if city else None


def lineage_cypher(name: str) -> str:
    """A statement of ``cypher/lineage/`` (linking's own reads, not named queries)."""
    return (
        resources.files("policykg.cypher")
        .joinpath(f"lineage/{name}.cypher")
        .read_text(encoding="utf-8")
    )


LETTERS = lineage_cypher("letters")
STATEMENTS = lineage_cypher("statements")


def letters_by_region(store: GraphStore) -> dict[str, list[str]]:
    """The store's letters (document ids) by region ("" for letters with no place)."""
    regions: dict[str, list[str]] = {}
    for row in store.run_read(LETTERS):
        regions.setdefault(region_of(row["place_code"], row["city"]) or "", []).append(row["id"])
    return regions


def read_statements(store: GraphStore, documents: list[str] | None = None) -> list[Statement]:
    """Every commitment of ``documents`` (default: every letter in the store) with its letter,
    measure and answered suggestion."""
    if documents is None:
        documents = [d for ids in letters_by_region(store).values() for d in ids]
    seen: dict[str, Statement] = {}
    for row in store.run_read(STATEMENTS, {"documents": documents}):
        # A commitment answers at most one suggestion; keep the first row if the data says more.
        seen.setdefault(row["commitment_id"], Statement(**row))
    return list(seen.values())
