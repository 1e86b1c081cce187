"""Letters in, ``ReplyRecord`` out: reading, layout, the spaCy pipeline, measures, assembly."""

from __future__ import annotations

import bisect
import gc
import os
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from spacy.tokens import Doc, Span

from policykg.errors import InputError, NotAReplyLetterError
from policykg.extract.actions import AgencyAt, action_rules
from policykg.extract.gazetteer import DEFAULT_GAZETTEER, load_gazetteer
from policykg.extract.measures import FoundMeasure, MeasureFinder
from policykg.extract.nlp import analyse, build_nlp, doc_text
from policykg.extract.places import Place, divisions
from policykg.extract.reader import Letter, iter_letter_paths, letter_from_text, read_letter
from policykg.extract.records import (
    Agency,
    Amount,
    DateMention,
    Document,
    Evidence,
    Measure,
    Proposal,
    ReplyRecord,
    Suggestion,
)
from policykg.extract.script import Reading, reading_of
from policykg.extract.structure import Field, Layout, parse_layout
from policykg.extract.text import Segment, sentences

__all__ = [
    "extract_file",
    "extract_letter",
    "extract_many",
    "extract_text",
    "iter_letter_paths",
    "iter_records",
]

_ORG_WORDS = (
    "委员会",
    "委会",
    "党",
    "协会",
    "学会",
    "商会",
    "联合会",
    "工商联",
    "民盟",
    "民建",
    "民进",
    "农工",
    "九三学社",
    "台盟",
    "致公",
    "公司",
    "集团",
    "小组",
    "支部",
    "界别",
)


class _Evidence:
    """Evidence for any offset: the sentence around it, from one sentence index per letter."""

    def __init__(self, letter: Letter) -> None:
        self.file = letter.path
        self.text = letter.text
        self.sentences = sentences(letter.text)
        self.starts = [s.start for s in self.sentences]

    def sentence_at(self, pos: int) -> Segment:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos < max(self.sentences[i].end, pos + 1):
            return self.sentences[i]
        return Segment(pos, pos, "")

    def at(self, start: int, end: int | None = None) -> Evidence:
        s = self.sentence_at(start)
        if not s.text:  # a field on a blank stretch: the field's own words are the evidence
            end = start if end is None else end
            s = Segment(start, end, self.text[start:end])
        return Evidence(
            file=self.file,
            sentence=s.text,
            start=s.start,
            end=s.end,
            mention_start=start,
            mention_end=end,
        )

    def of(self, segment: Segment) -> Evidence:
        # The letter's own words: a segment cut from a simplified copy has the same offsets.
        return Evidence(
            file=self.file,
            sentence=self.text[segment.start : segment.end],
            start=segment.start,
            end=segment.end,
        )


def _city_of(name: str | None, known: tuple[str, ...]) -> str | None:
    if not name:
        return None
    for city in sorted(known, key=len, reverse=True):
        if name.startswith(city):
            return city
    m = re.match(r"^([\u4e00-\u9fa5]{2,3}?)市", name)
    return m.group(1) if m else None


def extract_letter(letter: Letter, gazetteer: str = DEFAULT_GAZETTEER) -> ReplyRecord:
    """Extract one decoded letter."""
    reading = reading_of(letter.text)
    text = reading.simplified  # the rules read simplified characters; offsets are the letter's
    layout = parse_layout(text)
    _require_reply(letter, layout, text)
    gaz = load_gazetteer(gazetteer)
    issuer_written = layout.get("issuer_written")
    city = _city_of(issuer_written, gaz.cities)
    place = letter_place(layout, text)
    issuer = _resolve_issuer(issuer_written, city, gazetteer, place)
    city = _city_of(issuer, gaz.cities) or city
    doc = analyse(
        text,
        source_file=letter.path,
        city=city,
        letter_date=layout.get("date"),
        issuer=issuer,
        gazetteer=gazetteer,
        place=place,
    )
    ev = _Evidence(letter)
    recipient, proposer_kind = _recipient(layout)
    proposer = layout.get("proposer_written") or recipient
    excluded = {proposer} if proposer else set()
    agencies = _agencies(doc, ev, excluded, layout)
    if issuer and not any(a.name == issuer for a in agencies):
        f = layout.fields["issuer_written"]
        agencies.insert(
            0,
            Agency(
                id=f"agency:{issuer}",
                name=issuer,
                known=False,
                level=None,
                mentions=[ev.at(f.start, f.end)],
            ),
        )
    short_forms = _issuer_short_forms(agencies, issuer)
    agencies = [a for a in agencies if a.name not in short_forms]
    # The city lineage compares letters within: the gazetteer's, else the letter's own place.
    home = (
        place.prefix()
        if place is not None and place.level == "county"
        else (city or (place.prefix() if place else None))
    )
    document = _document(letter, layout, doc, ev, issuer, home, recipient)
    # Where the letter comes from; with no division written, the issuer's name may give one.
    named = divisions().place_of(issuer or home or "") if place is None else None
    where = place if place is not None else (named[0] if named else None)
    if where is not None:
        document.place, document.place_code = where.prefix(), where.division.code
    proposal = _proposal(layout, doc, ev, issuer, city, recipient, proposer_kind)
    found = [f for f in _measure_finder().find(doc, layout, issuer) if not _cited(text, f)]
    amounts = _amounts(doc, ev, layout)
    # Spans materialised once: iterating a span group makes new Span objects every time, and
    # each ``span._`` a new extension accessor.
    date_spans = [
        (s.start_char, s.end_char, u.iso, u.iso_end) for s in doc.spans["dates"] for u in (s._,)
    ]
    date_starts = [(start, iso) for start, _, iso, _ in date_spans]
    # Which amounts each sentence holds, by position in ``amounts``: a measure looks only at
    # its sentences' amounts, not at every amount of the letter.
    amounts_in: dict[tuple[int, int], list[int]] = {}
    for i, a in enumerate(amounts):
        amounts_in.setdefault((a.evidence.start, a.evidence.end), []).append(i)
    measures = [_measure(f, date_starts, ev, amounts, amounts_in) for f in found]
    measures += _action_measures(doc, layout, issuer, found, ev, amounts, date_starts)
    measures = _once(measures, lambda m: (m.name, m.status))  # a page that prints it twice
    for m in measures:  # a step its issuer's short form owns is the issuer's
        if m.owner in short_forms:
            m.owner = issuer
    text = doc_text(doc)  # slices of it: Span.text rebuilds the words token by token
    dates = [
        DateMention(text=text[start:end], value=iso, end_value=iso_end, evidence=ev.at(start, end))
        for start, end, iso, iso_end in date_spans
        if layout.body_start <= start
    ]
    years = sorted({int(d.value[:4]) for d in dates})
    suggestions = [
        Suggestion(ordinal=s.ordinal, key=s.key, text=s.heading.text, evidence=ev.of(s.heading))
        for s in layout.suggestions
    ]
    record = ReplyRecord(
        document=document,
        proposal=proposal,
        suggestions=suggestions,
        agencies=agencies,
        measures=measures,
        amounts=amounts,
        dates=dates,
        years=years,
        warnings=list(layout.warnings),
    )
    if reading.traditional:
        _in_letter_script(record, reading)
    return record


def _in_letter_script(record: ReplyRecord, reading: Reading) -> None:
    """Values as the traditional-script letter writes them; composed names in its script.
    (Measure keys stay simplified: they are for linking letters across years.)"""
    w, c = reading.as_written, reading.in_script
    d, p = record.document, record.proposal
    d.doc_number, d.recipient, d.contact_person = (
        w(d.doc_number),
        w(d.recipient),
        w(d.contact_person),
    )
    d.issuer = c(d.issuer)
    p.title, p.proposer, p.session = w(p.title), w(p.proposer), w(p.session)
    p.lead_agency = c(p.lead_agency)
    p.co_handling_agencies = [c(a) or a for a in p.co_handling_agencies]
    for a in record.agencies:
        a.name = c(a.name) or a.name
        a.id = f"agency:{a.name}"
        a.aliases = [w(x) or x for x in a.aliases]
    for m in record.measures:
        m.name = w(m.name, m.evidence.mention_start or m.evidence.start) or m.name
        m.owner, m.partners = c(m.owner), [c(x) or x for x in m.partners]
    for x in record.amounts:
        x.text = w(x.text, x.evidence.mention_start or 0) or x.text
    for s in record.suggestions:
        s.text, s.key = w(s.text) or s.text, w(s.key) or s.key
    for dm in record.dates:
        dm.text = w(dm.text, dm.evidence.mention_start or 0) or dm.text


@lru_cache(maxsize=1)
def _measure_finder() -> MeasureFinder:
    """One finder per process: its patterns are built from the vocabulary once; each letter's
    state lives on a copy ``find`` makes (the API extracts uploads in a thread pool)."""
    return MeasureFinder()


def _require_reply(letter: Letter, layout: Layout, text: str) -> None:
    """Refuse text that is not a reply letter at all, naming what is missing. A letter whose
    page lost its header (it starts at the answer) is still a letter: it is read, with a
    warning, when it speaks as a body answering a proposal (我局…, 您提出的建议 …)."""
    if not re.search(r"[\u4e00-\u9fa5]", text):
        raise NotAReplyLetterError(letter.path, "no Chinese text: not a reply letter")
    if "issuer_written" in layout.fields or "recipient" in layout.fields:
        return
    head = text[:4000]
    asked = re.search(r"提案|建议|议案|委员|代表", head)
    answers = re.search(r"答复|函复|复函|收悉|我局|我委|我办|我厅|我中心|我们将|办理", head)
    # A body speaking to the one who asked (我局…您/你) is a reply even when the page lost
    # every word of its frame.
    speaks = re.search(r"我局|我委|我办|我厅|我中心|我单位", head) and re.search(r"您|你", head)
    if not ((asked and answers) or speaks):
        raise NotAReplyLetterError(
            letter.path,
            "no reply-letter header (issuer …关于…答复 / recipient line) found, "
            "and the text does not answer a proposal",
        )


def _once(items: list, key: Callable[[Any], Any]) -> list:
    """Each item once by ``key``, the first kept (a saved page may print its letter twice)."""
    seen: set = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _issuer_short_forms(agencies: list[Agency], issuer: str | None) -> set[str]:
    """Names found that are the issuer written short (农科局 for 农业农村和科学技术局, 交通运输委
    for 交通运输委员会): merged into the issuer as its aliases."""
    main = next((a for a in agencies if a.name == issuer), None)
    if main is None:
        return set()
    found = divisions().place_of(main.name, short=False)
    head, rest = (main.name[: found[1]], main.name[found[1] :]) if found else ("", main.name)
    merged: set[str] = set()
    for a in agencies:
        if a is main or not a.name.startswith(head) or len(a.name) >= len(main.name):
            continue
        short = a.name[len(head) :]
        if (
            len(short) >= 3
            and short[0] == rest[0]
            and _subsequence(short, rest)
            and (short[-1] == rest[-1] or rest.endswith(("委员会", "管理局")))
        ):
            merged.add(a.name)
            main.aliases.extend(x for x in [a.name, *a.aliases] if x not in main.aliases)
            main.mentions.extend(a.mentions)
    return merged


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def letter_place(layout: Layout, text: str) -> Place | None:
    """Where the letter comes from: the issuer's division, else the signature's, else the
    division the letter names most (the first of those, on a tie)."""
    d = divisions()
    # Names written in full first; a short name (东山镇 -> 东山) only when nothing else places
    # the letter: many divisions share a short name.
    for short in (False, True):
        for name in ("issuer_written", "signature"):
            written = layout.get(name)
            found = d.place_of(written, short=short) if written else None
            if found:
                return found[0]
        for label in ("发布机构", "主办单位", "来源"):
            meta = layout.metadata.get(label)
            found = d.place_of(meta.value, short=short) if meta else None
            if found:
                return found[0]
        if not short:
            title = layout.get("title_line") or ""
            first = d.full_names.search(title)
            found = d.place_of(title[first.start() :], short=False) if first else None
            if found:  # 对柳州市鱼峰区政协…的答复: the chain of divisions the title starts with
                return found[0]
    named = d.mentioned(text[:6000])
    if not named:
        return None
    counts: dict[str, int] = {}
    for division in named:
        counts[division.code] = counts.get(division.code, 0) + 1
    best = max(named, key=lambda x: (counts[x.code], x.level == "county"))
    return d.place(best)


@lru_cache(maxsize=4096)
def _resolve_issuer(
    written: str | None, city: str | None, gazetteer: str, place: Place | None = None
) -> str | None:
    """The issuer's canonical name: the agency recognised at the start of the written name,
    read in the letter's place (城南街道 is that district's street office). (Remembered: a
    corpus has few issuers, and each costs a run of the whole pipeline.)"""
    if not written:
        return None
    doc = analyse(
        written,
        source_file="",
        city=city,
        letter_date=None,
        issuer=None,
        gazetteer=gazetteer,
        place=place,
    )
    spans = [s for s in doc.spans["agencies"] if s.start_char == 0]
    return spans[0]._.canonical if spans else written


def _recipient(layout: Layout) -> tuple[str | None, str | None]:
    who = layout.get("recipient")
    if not who:
        return None, None
    who = re.sub(r"^(?:致|尊敬的)", "", who) if not who.startswith("致公") else who
    if layout.get("recipient_title") or (len(who) <= 4 and not any(w in who for w in _ORG_WORDS)):
        return who, "person"
    return who, "organization"


def _agencies(doc: Doc, ev: _Evidence, excluded: set[str], layout: Layout) -> list[Agency]:
    by_name: dict[str, Agency] = {}
    entries = load_gazetteer().by_name()
    text = doc_text(doc)
    site = layout.site_spans
    for span in doc.spans["agencies"]:
        u = span._
        name = u.canonical
        if not name or name in excluded or any(name in e or e in name for e in excluded):
            continue
        if any(a <= span.start_char < b for a, b in site):
            continue  # the site's metadata or furniture, not the letter
        agency = by_name.get(name)
        if agency is None:
            entry = entries.get(name)
            agency = by_name[name] = Agency(
                id=f"agency:{name}",
                name=name,
                level=u.level,
                city=(entry.city if entry else None) or doc._.city
                if u.level in ("city", "court", "organization")
                else None,
                known=bool(u.known),
            )
        surface = text[span.start_char : span.end_char]  # Span.text goes token by token
        if surface != name and surface not in agency.aliases:
            agency.aliases.append(surface)
        agency.mentions.append(ev.at(span.start_char, span.end_char))
    return list(by_name.values())


def _field_evidence(ev: _Evidence, layout: Layout, names: dict[str, str]) -> dict[str, Evidence]:
    out = {}
    for record_name, layout_name in names.items():
        f: Field | None = layout.fields.get(layout_name)
        if f is not None and f.end > f.start:
            out[record_name] = ev.at(f.start, f.end)
    return out


def _document(
    letter: Letter,
    layout: Layout,
    doc: Doc,
    ev: _Evidence,
    issuer: str | None,
    city: str | None,
    recipient: str | None,
) -> Document:
    # The letter's own number stands in its header (or the site's 文号 field); a number in
    # the answer is a document it cites (按照X发〔2016〕11号).
    header_end = layout.body_start or 300
    filed = layout.metadata.get("文号")
    numbers = [
        n
        for n in doc.spans["doc_numbers"]
        if n.start_char < header_end
        or (filed is not None and filed.start <= n.start_char < filed.end)
    ]
    doc_number = numbers[0]._.normalised if numbers else layout.get("doc_number_damaged")
    evidence = _field_evidence(
        ev,
        layout,
        {
            "issuer": "issuer_written",
            "recipient": "recipient",
            "date": "date",
            "evaluation_class": "evaluation_class",
            "contact_person": "contact_person",
            "contact_phone": "contact_phone",
        },
    )
    if numbers:
        evidence["doc_number"] = ev.at(numbers[0].start_char, numbers[0].end_char)
    elif doc_number:
        f = layout.fields["doc_number_damaged"]
        evidence["doc_number"] = ev.at(f.start, f.end)
    kind = layout.get("kind") or "reply_to_proposal"
    return Document(
        source=letter.path,
        sha256=letter.sha256,
        kind=kind,
        doc_number=doc_number,
        issuer=issuer,
        city=city,
        recipient=recipient,
        date=layout.get("date"),
        evaluation_class=layout.get("evaluation_class"),
        contact_person=layout.get("contact_person"),
        contact_phone=layout.get("contact_phone"),
        evidence=evidence,
    )


def _proposal(
    layout: Layout,
    doc: Doc,
    ev: _Evidence,
    issuer: str | None,
    city: str | None,
    recipient: str | None,
    proposer_kind: str | None,
) -> Proposal:
    evidence: dict[str, Evidence] = {}
    numbers = list(doc.spans["proposal_numbers"])
    number = numbers[0]._.normalised if numbers else None
    if numbers:
        evidence["number"] = ev.at(numbers[0].start_char, numbers[0].end_char)
    written = layout.fields.get("number_written")
    if written is not None and (
        number is None or not written.value.isdigit() or len(written.value) >= len(number)
    ):
        number = written.value
        evidence["number"] = ev.at(written.start, written.end)
    title_span = _proposal_title(doc)
    title = title_span._.normalised if title_span is not None else None
    if title_span is not None:
        evidence["title"] = ev.at(title_span.start_char, title_span.end_char)
    acknowledged = layout.fields.get("title_written")
    if acknowledged is not None:  # the title the acknowledgement quotes
        title = acknowledged.value
        evidence["title"] = ev.at(acknowledged.start, acknowledged.end)
    proposer = layout.fields.get("proposer_written")
    if proposer is None and recipient is None:  # 代表姓名: X、Y — the page's field names them
        labelled = next(
            (
                layout.metadata[k]
                for k in ("代表姓名", "委员姓名", "领衔代表", "提案人", "建议人", "提案者")
                if k in layout.metadata
            ),
            None,
        )
        if labelled is not None:
            proposer = Field(labelled.value, labelled.start, labelled.end)
    if proposer is not None:  # a co-handler's opinion names the proposer in its first sentence
        recipient, proposer_kind = proposer.value, "person"
        evidence["proposer"] = ev.at(proposer.start, proposer.end)
    session = layout.get("session")
    if session:
        f = layout.fields["session"]
        written_city = doc_text(doc)[max(0, f.start - len(city or "")) : f.start] if city else ""
        if session.startswith("市") and city:
            session = f"{city}{session}"
        elif session.startswith("政协") and city and written_city == city:
            session = f"{city}市{session}"
        evidence["session"] = ev.at(layout.fields["session"].start, layout.fields["session"].end)
    co = _co_handlers(doc, layout, issuer, recipient)
    return Proposal(
        number=number,
        title=title,
        session=session,
        proposer=recipient,
        proposer_kind=proposer_kind,
        lead_agency=issuer,
        co_handling_agencies=co,
        evidence=evidence,
    )


def _proposal_title(doc: Doc) -> Span | None:
    titles = list(doc.spans["titles"])
    for span in titles:
        if re.search(r"(?:提案|建议|议案)$", span._.normalised) and len(span._.normalised) > 6:
            return span
    return None


def _co_handlers(doc: Doc, layout: Layout, issuer: str | None, recipient: str | None) -> list[str]:
    """Co-handling agencies: 结合X、Y的会办意见 in the text, and the table's header cells."""
    regions: list[tuple[int, int]] = []
    f = layout.fields.get("co_handlers_written")
    if f:
        regions.append((f.start, f.end))
    if layout.table_rows:
        first_row = layout.table_rows[0].suggestion.start
        regions.extend((c.start, c.end) for c in layout.table_cells if c.end <= first_row)
    if not regions:  # nowhere to look (most letters): skip reading every agency span
        return []
    names: list[str] = []
    for span in doc.spans["agencies"]:
        name = span._.canonical
        if name in (issuer, recipient) or name in names:
            continue
        if any(s <= span.start_char and span.end_char <= e for s, e in regions):
            names.append(name)
    return names


def _amounts(doc: Doc, ev: _Evidence, layout: Layout) -> list[Amount]:
    out = []
    text = doc_text(doc)
    seen: set[tuple] = set()
    for s in doc.spans["amounts"]:
        if not (layout.body_start <= s.start_char < layout.body_end):
            continue
        u = s._
        written = text[s.start_char : s.end_char]
        if u.kind == "count" and (written, u.value, u.unit) in seen:
            continue  # 四个路口 said twice is one count; a sum of money said twice is kept
        sentence = ev.sentence_at(s.start_char).text
        if (written, sentence) in seen:
            continue  # the same sentence again: the page prints the letter twice
        seen.add((written, u.value, u.unit))
        seen.add((written, sentence))
        out.append(
            Amount(
                text=text[s.start_char : s.end_char],
                value=u.value,
                unit=u.unit,
                kind=u.kind,
                approximate=bool(u.approximate),
                evidence=ev.at(s.start_char, s.end_char),
            )
        )
    return out


def _measure(
    f: FoundMeasure,
    date_spans: list[tuple[int, str]],
    ev: _Evidence,
    amounts: list[Amount],
    amounts_in: dict[tuple[int, int], list[int]],
) -> Measure:
    first = f.first
    # A subject written in the text outranks the issuer assumed for an unstated subject.
    owner = next(
        (m.owner for m in f.mentions if m.owner and m.owner_explicit),
        next((m.owner for m in f.mentions if m.owner), None),
    )
    partners = sorted({p for m in f.mentions for p in m.partners})
    date = None
    starts = [at for at, _ in date_spans]
    for m in f.mentions:  # the date nearest before the name in its sentence, else after it
        i = bisect.bisect_left(starts, m.start) - 1  # the last date starting before the name
        j = bisect.bisect_left(starts, m.end)  # the first date starting after it
        if i >= 0 and starts[i] >= m.sentence.start:
            date = date_spans[i][1]
            break
        if j < len(starts) and starts[j] < m.sentence.end:
            date = date_spans[j][1]
            break
    sentence_spans = {(m.sentence.start, m.sentence.end) for m in f.mentions}
    mine = []
    for i in sorted(i for span in sentence_spans for i in amounts_in.get(span, ())):
        a = amounts[i]
        if a.measure is None:
            a.measure = f.key
            mine.append(a)
    # The evidence is the sentence that states the measure's status, where one does.
    stating = next((m for m in f.mentions if m.status == f.status), first)
    evidence = ev.of(stating.sentence)
    evidence.mention_start, evidence.mention_end = stating.start, stating.end
    return Measure(
        key=f.key,
        name=f.name,
        kind=f.kind,
        status=f.status,
        status_basis=f.status_basis,
        owner=owner,
        partners=partners,
        suggestion=first.suggestion,
        date=date,
        year=int(date[:4]) if date else None,
        amounts=mine,
        evidence=evidence,
    )


# A letter naming this many measures (centres, platforms, funds) is written around them: they
# are its measures. In other letters steps are read from the sentences that name none.
NAMED_LETTER = 8


_CITING = re.compile(r"^[^，,。；]{0,12}?(?:根据|按照|依据|对照|结合|紧密结合|遵照)")


def _cited(text: str, f: FoundMeasure) -> bool:
    """A plan or a programme the letter cites as its basis (根据《…方案》的要求, 结合…专项行动)
    is context, not a measure of the letter's own."""
    m = f.first
    clause_start = max(text.rfind(c, 0, m.start) for c in "，,。；;\n") + 1
    return bool(_CITING.match(text[clause_start : m.start]))


def _action_measures(
    doc: Doc,
    layout: Layout,
    issuer: str | None,
    found: list[FoundMeasure],
    ev: _Evidence,
    amounts: list[Amount],
    dates: Sequence[tuple[int, str]] = (),
) -> list[Measure]:
    """The steps the letter reports that no named measure already stands for."""
    text = doc_text(doc)
    agencies = [
        AgencyAt(s.start_char, s.end_char, s._.canonical)
        for s in doc.spans["agencies"]
        if s._.canonical
    ]
    letter_date = layout.get("date")
    rules = action_rules()
    place_name = doc._.place.prefix() if doc._.place else None
    government = f"{place_name}人民政府" if place_name else None
    scan = rules.scan(
        text,
        agencies,
        issuer,
        int(letter_date[:4]) if letter_date else None,
        place_government=government,
    )
    # A clause naming a measure (a centre, a platform, a fund) is that measure's evidence;
    # the other steps of its sentence are steps of their own (已新建水窖30口，拟开展X行动).
    if len(found) >= NAMED_LETTER:
        return []
    named = {(m.sentence.start, m.sentence.end) for f in found for m in f.mentions}
    named_at = [(m.start, m.end) for f in found for m in f.mentions]
    out: list[Measure] = []
    for a in scan.find(layout.body_start, layout.body_end):
        if any(a.start <= s < a.end for s, _ in named_at):
            continue
        if (
            a.status != "done"
            and any(s <= a.start < e for s, e in named)
            and rules.verb_at_end.search(a.name)
        ):
            # …暂不具备建立X库的条件，我局将研究推进: a promise with no object of its own acts
            # on the measure its sentence names (X工程已全部完成 reports its own step)
            continue
        evidence = ev.of(a.sentence)
        evidence.mention_start, evidence.mention_end = a.start, a.end
        mine = [
            x
            for x in amounts
            if x.measure is None and a.start <= (x.evidence.mention_start or -1) < a.end
        ]
        # A step is the place's own: 加强道路管养 in two counties is two measures (a named
        # centre or platform is one thing wherever it is named, so it keeps its bare key).
        key = (
            f"{place_name}·{scan.key(a.name, a.start, a.end)}"
            if place_name
            else scan.key(a.name, a.start, a.end)
        )
        for x in mine:
            x.measure = key
        years = re.findall(r"(?<!\d)((?:19|20)\d{2})年", a.name)
        # The date the letter gives the step: written in it, else earlier in its sentence.
        date = next((iso for at, iso in dates if a.start <= at < a.end), None) or next(
            (iso for at, iso in reversed(dates) if a.sentence.start <= at < a.start), None
        )
        year = int(years[0]) if years else (int(date[:4]) if date else None)
        out.append(
            Measure(
                key=key,
                name=a.name,
                kind="action",
                status=a.status,
                status_basis=a.status_basis if a.status else "default",
                owner=a.owner,
                suggestion=None,
                date=date,
                year=year,
                amounts=mine,
                evidence=evidence,
            )
        )
    return out


def extract_file(path: str | Path, gazetteer: str = DEFAULT_GAZETTEER) -> ReplyRecord:
    """Read and extract one letter file; raises :class:`InputError` naming the file."""
    return extract_letter(read_letter(path), gazetteer)


def extract_text(text: str, path: str = "<text>") -> ReplyRecord:
    return extract_letter(letter_from_text(text, path))


def extract_many(
    paths: Sequence[str | Path],
    workers: int | None = None,
    chunksize: int = 8,
    gazetteer: str = DEFAULT_GAZETTEER,
    transform: Callable[[ReplyRecord], Any] | None = None,
    ahead: int | None = None,
    nice: int = 0,
) -> Iterator[tuple[Path, Any]]:
    """Each letter under ``paths`` with its record or the :class:`InputError` that stopped
    it, in order, extracted by ``workers`` processes (default: one per CPU; 1 runs here).

    Each worker builds the spaCy pipeline once (``build_nlp`` is cached per process) and
    keeps it. Letters go out ``chunksize`` at a time, at most ``ahead`` letters (default two
    chunks per worker) beyond what the caller has taken, so memory stays bounded however
    slowly the caller consumes; a caller that works in batches wants ``ahead`` of about two
    batches, so the workers keep extracting while it works. ``transform``
    (a picklable function) is applied to each record in the worker and its result yielded
    instead, so the caller's next step runs in parallel too. ``nice`` lowers the workers'
    scheduling priority: a caller whose own work is the slower stage (a store writer) keeps a
    core when the workers would otherwise take turns with it.
    """
    letters = iter_letter_paths(paths)
    workers = workers or os.cpu_count() or 1
    chunks = [letters[i : i + chunksize] for i in range(0, len(letters), chunksize)]
    if workers == 1 or len(chunks) < 2:
        for chunk in chunks:
            yield from _errors_back(_extract_chunk(chunk, gazetteer, transform))
        return
    # Records cross from the workers as JSON: dumping and validating JSON costs less CPU than
    # pickling and unpickling hundreds of nested models (each rebuilt by a Python __setstate__).
    as_json = transform is None
    with ProcessPoolExecutor(
        workers, initializer=_start_worker, initargs=(gazetteer, nice)
    ) as pool:
        pending: deque[Future] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_extract_chunk, chunk, gazetteer, transform, as_json))
            if len(pending) * chunksize >= (ahead or 2 * workers * chunksize):
                yield from _errors_back(pending.popleft().result(), as_json)
        while pending:
            yield from _errors_back(pending.popleft().result(), as_json)


def _start_worker(gazetteer: str, nice: int = 0) -> None:
    if nice:
        os.nice(nice)
    build_nlp(gazetteer)
    # The pipeline lives as long as the worker: keep its objects out of every collection,
    # and collect less often (a letter makes tens of thousands of short-lived objects).
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def _errors_back(
    results: list[tuple[Path, Any]], as_json: bool = False
) -> Iterator[tuple[Path, Any]]:
    for path, result in results:
        if isinstance(result, tuple) and result and result[0] == _FAILED:
            _, cls, where, reason = result  # InputError takes two arguments, which pickling
            result = cls(where, reason)  # an exception does not pass back
        elif as_json:
            result = ReplyRecord.model_validate_json(result)
        yield path, result


_FAILED = "policykg:input-error"
_RECORD_JSON = TypeAdapter(ReplyRecord)


def _extract_chunk(
    chunk: list[Path],
    gazetteer: str,
    transform: Callable[[ReplyRecord], Any] | None,
    as_json: bool = False,
) -> list[tuple[Path, Any]]:
    out: list[tuple[Path, Any]] = []
    for path in chunk:
        try:
            record = extract_file(path, gazetteer)
        except InputError as exc:
            out.append((path, (_FAILED, type(exc), exc.path, exc.reason)))
        else:
            if transform:
                out.append((path, transform(record)))
            elif as_json:  # bytes straight from pydantic-core: no str made and encoded again
                out.append((path, _RECORD_JSON.dump_json(record)))
            else:
                out.append((path, record))
    return out


def iter_records(paths: Sequence[str | Path]) -> Iterator[tuple[Path, ReplyRecord | InputError]]:
    """Each letter under ``paths`` with its record, or the error that stopped it."""
    for path in iter_letter_paths(paths):
        try:
            yield path, extract_file(path)
        except InputError as exc:
            yield path, exc
