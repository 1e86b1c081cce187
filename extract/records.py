"""The typed record extraction hands to the next stage: one ``ReplyRecord`` per letter.

Every fact carries an :class:`Evidence`: the source file, the sentence it was read from and
that sentence's character offsets into the decoded text, so ``text[start:end] == sentence``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policykg.extract.status import Status

SCHEMA_VERSION = "1"

StatusBasis = Literal["sentence", "table", "section", "date", "default"]
ProposerKind = Literal["person", "organization"]
AgencyLevel = Literal[
    "national", "provincial", "city", "district", "court", "organization", "international"
]
DocumentKind = Literal["reply_to_proposal", "reply_to_suggestion"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Evidence(_Record):
    """Where a fact was read: ``text[start:end] == sentence`` in the decoded file."""

    file: str = Field(description="source file as given to the extractor")
    sentence: str
    start: int = Field(ge=0, description="character offset of the sentence in the decoded text")
    end: int = Field(ge=0)
    mention_start: int | None = Field(
        default=None, description="offset of the fact's own words inside the text, if narrower"
    )
    mention_end: int | None = None


class Agency(_Record):
    """An organisation named in the letter, resolved to its canonical full name."""

    id: str = Field(description="stable id from the canonical name, e.g. 'agency:绵阳市商务局'")
    name: str = Field(description="canonical full name")
    aliases: list[str] = Field(default_factory=list, description="surface forms in this letter")
    level: AgencyLevel | None = None
    city: str | None = None
    known: bool = Field(description="True when the gazetteer knows it; False when found by pattern")
    mentions: list[Evidence] = Field(default_factory=list)


class Amount(_Record):
    """Money or a count: 20万元 -> 200000 CNY, 230余人 -> 230 人."""

    text: str
    value: float
    unit: str = Field(description="'CNY' for money, otherwise the measure word (家, 项, 件, 人 …)")
    kind: Literal["money", "count"]
    approximate: bool = Field(default=False, description="近/约/余/多 qualify the number")
    measure: str | None = Field(default=None, description="key of the measure it belongs to")
    evidence: Evidence


class DateMention(_Record):
    """A date or period; relative forms (今年6月, 7月) resolved against context."""

    text: str
    value: str = Field(description="ISO date: YYYY-MM-DD, YYYY-MM or YYYY")
    end_value: str | None = Field(default=None, description="end of a period (2018年1-6月)")
    evidence: Evidence


class Suggestion(_Record):
    ordinal: int = Field(ge=1)
    key: str = Field(description="short title of the suggestion")
    text: str
    evidence: Evidence


class Measure(_Record):
    """A named policy measure and the commitment the letter makes about it."""

    key: str = Field(description="canonical short name, also the measure's identity")
    name: str = Field(description="the name as written")
    kind: str = Field(description="centre, platform, database, fund, regulation, mechanism …")
    status: Status | None = None
    status_basis: StatusBasis = "sentence"
    owner: str | None = Field(default=None, description="canonical name of the owning agency")
    partners: list[str] = Field(default_factory=list)
    suggestion: int | None = Field(default=None, description="ordinal of the suggestion it answers")
    date: str | None = Field(default=None, description="ISO date the letter ties to it")
    year: int | None = None
    amounts: list[Amount] = Field(default_factory=list)
    evidence: Evidence


class Document(_Record):
    source: str
    sha256: str = Field(description="hash of the file's bytes")
    kind: DocumentKind = "reply_to_proposal"
    doc_number: str | None = None
    issuer: str | None = Field(default=None, description="canonical name of the issuing agency")
    city: str | None = Field(default=None, description="the issuer's city, used to resolve 市X局")
    place: str | None = Field(
        default=None, description="the letter's administrative division in full: 赣州市章贡区"
    )
    place_code: str | None = Field(
        default=None, description="that division's 12-digit administrative code"
    )
    recipient: str | None = None
    date: str | None = None
    evaluation_class: Literal["A", "B", "C", "D"] | None = None
    contact_person: str | None = None
    contact_phone: str | None = None
    evidence: dict[str, Evidence] = Field(default_factory=dict, description="field -> evidence")


class Proposal(_Record):
    number: str | None = None
    title: str | None = None
    session: str | None = None
    proposer: str | None = None
    proposer_kind: ProposerKind | None = None
    lead_agency: str | None = None
    co_handling_agencies: list[str] = Field(default_factory=list)
    evidence: dict[str, Evidence] = Field(default_factory=dict)


class ReplyRecord(_Record):
    """Everything one reply letter says, as typed data with evidence."""

    schema_version: str = SCHEMA_VERSION
    document: Document
    proposal: Proposal
    suggestions: list[Suggestion] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list, description="years the letter speaks of")
    warnings: list[str] = Field(
        default_factory=list, description="what the letter lacks: no header, cut off (U+FFFD)"
    )
