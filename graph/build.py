"""Turn one extracted :class:`ReplyRecord` into a :class:`GraphDocument`: pure, no database.

Shared things (agencies, measures, proposals, proposers, years) get ids from their canonical
keys so two letters meet on one node; what a single letter says (its commitments and amounts)
gets ids scoped to the letter's document key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policykg.extract.records import Agency, Amount, Evidence, Measure, ReplyRecord
from policykg.graph.model import GraphDocument, node_id


def evidence_properties(evidence: Evidence | None) -> dict[str, Any]:
    """The flat evidence_* properties for a fact read from ``evidence`` (none if unknown)."""
    if evidence is None:
        return {}
    return {
        "evidence_file": evidence.file,
        "evidence_sentence": evidence.sentence,
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
    }


def year_of(iso_date: str | None) -> int | None:
    """2021 from '2021', '2021-06' or '2021-06-30'."""
    if not iso_date or len(iso_date) < 4 or not iso_date[:4].isdigit():
        return None
    return int(iso_date[:4])


class _GraphBuilder:
    """Collects nodes and relationships; a repeated id merges, earlier values winning."""

    def __init__(self) -> None:
        self._nodes: dict[str, tuple[str, dict[str, Any]]] = {}
        self._relationships: dict[tuple[str, str, str], dict[str, Any]] = {}

    def node(self, label: str, key: str | int, properties: dict[str, Any]) -> str:
        identity = node_id(label, key)
        _, existing = self._nodes.setdefault(identity, (label, {}))
        for name, value in properties.items():
            if existing.get(name) is None:
                existing[name] = value
        return identity

    def relationship(
        self, type_: str, start_id: str, end_id: str, properties: dict[str, Any] | None = None
    ) -> None:
        existing = self._relationships.setdefault((type_, start_id, end_id), {})
        for name, value in (properties or {}).items():
            if existing.get(name) is None:
                existing[name] = value

    def document(self, document_id: str) -> GraphDocument:
        # Plain dicts, validated once as part of the document: pydantic runs a model's
        # after-validator again for an instance handed to a field, so built GraphNodes would
        # each be checked twice.
        return GraphDocument.model_validate(
            {
                "document_id": document_id,
                "nodes": [
                    {"id": identity, "label": label, "properties": props}
                    for identity, (label, props) in self._nodes.items()
                ],
                "relationships": [
                    {"type": type_, "start_id": start, "end_id": end, "properties": props}
                    for (type_, start, end), props in self._relationships.items()
                ],
            }
        )


class _Agencies:
    """Resolves the canonical names a record uses (issuer, owner, partners…) to Agency nodes."""

    def __init__(self, builder: _GraphBuilder, agencies: list[Agency]) -> None:
        self._builder = builder
        self._by_name: dict[str, Agency] = {}
        for agency in agencies:
            for name in (agency.name, *agency.aliases):
                self._by_name.setdefault(name, agency)

    def add_all(self) -> None:
        for agency in {id(a): a for a in self._by_name.values()}.values():
            self._add(agency)

    def _add(self, agency: Agency) -> str:
        return self._builder.node(
            "Agency",
            agency.id.partition(":")[2] if agency.id.startswith("agency:") else agency.name,
            {
                "name": agency.name,
                "aliases": list(agency.aliases),
                "level": agency.level,
                "city": agency.city,
                "known": agency.known,
                **evidence_properties(agency.mentions[0] if agency.mentions else None),
            },
        )

    def id_for(self, name: str) -> str:
        agency = self._by_name.get(name)
        if agency is not None:
            return self._add(agency)
        # Named by the letter but not listed among its agencies: a node with the name only.
        return self._builder.node("Agency", name, {"name": name})

    def first_mention(self, name: str) -> Evidence | None:
        agency = self._by_name.get(name)
        return agency.mentions[0] if agency is not None and agency.mentions else None


_BRACKETS = str.maketrans("[［(（【]］)）】", "〔〔〔〔〔〕〕〕〕〕")


def doc_number_key(doc_number: str | None) -> str | None:
    """A document number's identity: records keep it as printed (穗科函[2022]118号), one
    letter printed with other brackets is the same document (穗科函〔2022〕118号)."""
    return doc_number.translate(_BRACKETS) if doc_number else None


def build_graph(record: ReplyRecord) -> GraphDocument:
    """The graph one reply letter contributes: its document, proposal, commitments and facts."""
    builder = _GraphBuilder()
    agencies = _Agencies(builder, record.agencies)
    agencies.add_all()
    document = record.document
    document_key = doc_number_key(document.doc_number) or document.sha256

    def doc_evidence(field: str) -> Evidence | None:
        return document.evidence.get(field)

    first_doc_evidence = next(iter(document.evidence.values()), None)
    document_id = builder.node(
        "Document",
        document_key,
        {
            "name": document.doc_number or document.source,
            "doc_number": document.doc_number,
            "sha256": document.sha256,
            "source": document.source,
            "kind": document.kind,
            "date": document.date,
            "recipient": document.recipient,
            "city": document.city,
            "place": document.place,
            "place_code": document.place_code,
            "evaluation_class": document.evaluation_class,
            "contact_person": document.contact_person,
            "contact_phone": document.contact_phone,
            **evidence_properties(doc_evidence("doc_number") or first_doc_evidence),
        },
    )
    if document.issuer:
        builder.relationship(
            "ISSUED_BY",
            document_id,
            agencies.id_for(document.issuer),
            evidence_properties(doc_evidence("issuer") or agencies.first_mention(document.issuer)),
        )

    def year_node(year: int) -> str:
        return builder.node("Year", year, {"name": str(year), "year": year})

    document_year = year_of(document.date)
    if document_year is not None:
        builder.relationship(
            "IN_YEAR",
            document_id,
            year_node(document_year),
            evidence_properties(doc_evidence("date")),
        )
    for year in record.years:
        mention = next((d for d in record.dates if year_of(d.value) == year), None)
        builder.relationship(
            "MENTIONS",
            document_id,
            year_node(year),
            evidence_properties(mention.evidence if mention else None),
        )

    proposal_id = _add_proposal(builder, agencies, record, document_id, document_key)
    suggestion_ids = {
        suggestion.ordinal: builder.node(
            "Suggestion",
            f"{proposal_id.partition(':')[2]}|{suggestion.ordinal}",
            {
                "name": suggestion.key,
                "ordinal": suggestion.ordinal,
                "text": suggestion.text,
                **evidence_properties(suggestion.evidence),
            },
        )
        for suggestion in record.suggestions
    }
    for suggestion in record.suggestions:
        builder.relationship(
            "HAS_SUGGESTION",
            proposal_id,
            suggestion_ids[suggestion.ordinal],
            evidence_properties(suggestion.evidence),
        )

    commitment_ids: dict[str, str] = {}
    for measure in record.measures:
        if measure.key in commitment_ids:
            continue  # the first statement about a measure is the letter's commitment
        commitment_ids[measure.key] = _add_commitment(
            builder,
            agencies,
            measure,
            document_id,
            document_key,
            document.issuer,
            suggestion_ids,
            year_node,
        )

    for amount in _all_amounts(record):
        _add_amount(builder, record, amount, document_id, document_key, commitment_ids, year_node)

    return builder.document(document_id)


def _add_proposal(
    builder: _GraphBuilder,
    agencies: _Agencies,
    record: ReplyRecord,
    document_id: str,
    document_key: str,
) -> str:
    proposal = record.proposal
    evidence = proposal.evidence
    main_evidence = evidence.get("title") or evidence.get("number")
    proposal_id = builder.node(
        "Proposal",
        # Without a number the proposal is only known through this letter.
        proposal.number or document_key,
        {
            "name": proposal.title or proposal.number,
            "number": proposal.number,
            "title": proposal.title,
            "session": proposal.session,
            **evidence_properties(main_evidence),
        },
    )
    builder.relationship(
        "RESPONDS_TO",
        document_id,
        proposal_id,
        evidence_properties(evidence.get("number") or main_evidence),
    )
    if proposal.proposer:
        # A reply is addressed to its proposer: the salutation is the evidence if no other.
        proposer_evidence = evidence_properties(
            evidence.get("proposer")
            or (
                record.document.evidence.get("recipient")
                if record.document.recipient == proposal.proposer
                else None
            )
        )
        proposer_id = builder.node(
            "Proposer",
            proposal.proposer,
            {"name": proposal.proposer, "kind": proposal.proposer_kind, **proposer_evidence},
        )
        builder.relationship("PROPOSED_BY", proposal_id, proposer_id, proposer_evidence)
    if proposal.lead_agency:
        builder.relationship(
            "LED_BY",
            proposal_id,
            agencies.id_for(proposal.lead_agency),
            evidence_properties(
                evidence.get("lead_agency")
                or (
                    record.document.evidence.get("issuer")
                    if record.document.issuer == proposal.lead_agency
                    else None
                )
                or agencies.first_mention(proposal.lead_agency)
            ),
        )
    for name in proposal.co_handling_agencies:
        builder.relationship(
            "CO_HANDLED_BY",
            proposal_id,
            agencies.id_for(name),
            evidence_properties(
                evidence.get("co_handling_agencies") or agencies.first_mention(name)
            ),
        )
    return proposal_id


def _add_commitment(
    builder: _GraphBuilder,
    agencies: _Agencies,
    measure: Measure,
    document_id: str,
    document_key: str,
    issuer: str | None,
    suggestion_ids: dict[int, str],
    year_node: Callable[[int], str],
) -> str:
    evidence = evidence_properties(measure.evidence)
    measure_id = builder.node(
        "Measure",
        measure.key,
        {"name": measure.name, "key": measure.key, "kind": measure.kind, **evidence},
    )
    year = measure.year if measure.year is not None else year_of(measure.date)
    # A letter that names no owner commits its issuer.
    committing_agency = measure.owner or issuer
    commitment_id = builder.node(
        "Commitment",
        f"{document_key}|{measure.key}",
        {
            "name": measure.name,
            "document_id": document_id,
            "measure_key": measure.key,
            "agency": committing_agency,
            "status": measure.status,
            "status_basis": measure.status_basis,
            "date": measure.date,
            "year": year,
            **evidence,
        },
    )
    builder.relationship("COMMITS", document_id, commitment_id, evidence)
    builder.relationship("ABOUT", commitment_id, measure_id, evidence)
    if committing_agency:
        role = "owner" if measure.owner else "issuer"
        builder.relationship(
            "IMPLEMENTED_BY",
            commitment_id,
            agencies.id_for(committing_agency),
            {"role": role, **evidence},
        )
    if measure.owner:
        builder.relationship(
            "IMPLEMENTED_BY",
            measure_id,
            agencies.id_for(measure.owner),
            {"role": "owner", **evidence},
        )
    for partner in measure.partners:
        builder.relationship(
            "IMPLEMENTED_BY",
            commitment_id,
            agencies.id_for(partner),
            {"role": "partner", **evidence},
        )
    if measure.suggestion is not None and measure.suggestion in suggestion_ids:
        builder.relationship("ANSWERS", commitment_id, suggestion_ids[measure.suggestion], evidence)
    if year is not None:
        builder.relationship("IN_YEAR", commitment_id, year_node(year), evidence)
    return commitment_id


def _all_amounts(record: ReplyRecord) -> list[Amount]:
    """Top-level amounts and those nested under measures, each tied to its measure's key."""
    amounts = list(record.amounts)
    for measure in record.measures:
        for amount in measure.amounts:
            amounts.append(
                amount if amount.measure else amount.model_copy(update={"measure": measure.key})
            )
    return amounts


def _amount_year(record: ReplyRecord, amount: Amount) -> int | None:
    """The year said in the amount's own sentence when it is one year, else its measure's."""
    same_sentence = {
        year_of(date.value)
        for date in record.dates
        if date.evidence.file == amount.evidence.file
        and date.evidence.start == amount.evidence.start
    } - {None}
    if len(same_sentence) == 1:
        return same_sentence.pop()
    measure = next((m for m in record.measures if m.key == amount.measure), None)
    if measure is None:
        return None
    return measure.year if measure.year is not None else year_of(measure.date)


def _add_amount(
    builder: _GraphBuilder,
    record: ReplyRecord,
    amount: Amount,
    document_id: str,
    document_key: str,
    commitment_ids: dict[str, str],
    year_node: Callable[[int], str],
) -> None:
    evidence = evidence_properties(amount.evidence)
    position = (
        amount.evidence.mention_start
        if amount.evidence.mention_start is not None
        else amount.evidence.start
    )
    amount_id = builder.node(
        "Amount",
        # Amounts have no name of their own: the letter and the place in it identify one.
        f"{document_key}|{position}|{amount.text}",
        {
            "name": amount.text,
            "document_id": document_id,
            "text": amount.text,
            "value": float(amount.value),
            "unit": amount.unit,
            "kind": amount.kind,
            "approximate": amount.approximate,
            **evidence,
        },
    )
    commitment_id = commitment_ids.get(amount.measure or "")
    if commitment_id is not None:
        builder.relationship("FUNDED_WITH", commitment_id, amount_id, evidence)
    else:
        builder.relationship("MENTIONS", document_id, amount_id, evidence)
    year = _amount_year(record, amount)
    if year is not None:
        builder.relationship("IN_YEAR", amount_id, year_node(year), evidence)
