"""Policy measures: find named measures in the reply's answer text and decide their commitment.

A measure is a name ending in a head word of a known kind (中心, 基地, 平台, 数据库, 条例 …)
that a policy verb introduces (建设X, 出台X, 依托X) or that a report verb follows (X正式运行).
Its status comes from cue words in its clause (已/获批 done; 推进/继续 in progress; 将/拟/探索
planned; 未能/暂不 declined) unless the letter's status table files it under a column; its owner
is the agency that is the subject of the clause, else the issuing agency. All vocabulary is in
``data/measures.toml``; nothing here knows any particular letter.
"""

from __future__ import annotations

import bisect
import copy
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field
from spacy.tokens import Doc

from policykg.extract.nlp import doc_text
from policykg.extract.status import Status, status_rules
from policykg.extract.structure import TABLE_STATUS_COLUMNS, Layout
from policykg.extract.text import Segment, clauses, sentences

HAN = r"\u4e00-\u9fa5"
# Mentions of one measure in several states: a decline stands, else the most advanced state.
_PRECEDENCE: tuple[Status, ...] = ("declined", "done", "in_progress", "planned")
# Openers of an item inside an answer: 一是 / （一） / 1. / 第一，
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|"
    r"\d+[.、．]|第[一二三四五六七八九十]+[，,、]?)\s*"
)
_SECTION_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_TIME_PREFIX = re.compile(
    r"^(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?|"
    r"今年\d{0,2}月?|目前|近年来|同时|此外|另外)[，,]?"
)
_QUANTITY_PREFIX = re.compile(
    r"^(?:不超过|超过|近|约)?(?:\d+|[一二三四五六七八九十两百千]+)"
    r"(?:余|多)?(?:家|个|项|支|批|所|类|条|种|期)"
)
_QUOTES = '“”"「」‘’'
# What may follow a head inside a name: (TISC), （2021—2023年）, （试行）.
_HEAD_BRACKET = (
    r"[（(](?:[A-Za-z0-9 ]{2,12}|\d{4}\s*[-－—–~～至]\s*\d{4}\s*年?|试行|暂行|修订)"
    r"[)）]"
)
# Characters that end a noun phrase: a verb after one of these is a verb, not a modifier.
_PARTICLES = frozenset("了的在和与及对为向从把将被给地得着过是并于以")
# Words before an agency that make it a partner of the measure; the first three a host.
_HOST_MARKERS = ("在", "依托", "以")
_PARTNER_MARKERS = (*_HOST_MARKERS, "协同", "联合", "会同", "与")
# A count right after a name: 建成X服务站32个.
_COUNT_AFTER = re.compile(r"(?:近|约|超过)?\d+(?:\.\d+)?(?:余|多)?[个家项所处座支条批]")
TITLE = "《》"  # stands for the verb when a measure is named by its 《title》
_HEAD_BRACKET_AT_END = re.compile(rf"{_HEAD_BRACKET}$")
_NOT_CORE = re.compile(rf"[{_QUOTES}（）()A-Za-z ]")  # what does not count in a name's core


@dataclass(frozen=True)
class Vocabulary:
    heads: dict[str, str]  # head word -> kind
    verbs: tuple[str, ...]
    post_verbs: tuple[str, ...]
    followers: tuple[str, ...]
    determiners: tuple[str, ...]
    not_followers: tuple[str, ...]
    weak_kinds: frozenset[str]
    creating_verbs: frozenset[str]
    generic_cores: frozenset[str]
    not_heads: tuple[str, ...]


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    raw = resources.files("policykg.extract").joinpath("data/measures.toml").read_bytes()
    data = MeasureWords.model_validate(tomllib.loads(raw.decode("utf-8")))
    heads = {word: kind for kind, words in data.heads.items() for word in words}
    w, strength = data.words, data.strength
    return Vocabulary(
        heads=heads,
        verbs=tuple(sorted(w.verbs, key=len, reverse=True)),
        post_verbs=w.post_verbs,
        followers=w.followers,
        determiners=w.determiners,
        not_followers=w.not_followers,
        weak_kinds=frozenset(strength.weak_kinds),
        creating_verbs=frozenset(strength.creating_verbs),
        generic_cores=frozenset(strength.generic_cores),
        not_heads=strength.not_heads,
    )


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    verbs: tuple[str, ...] = Field(min_length=1)
    post_verbs: tuple[str, ...] = ()
    followers: tuple[str, ...] = ()
    not_followers: tuple[str, ...] = ()
    determiners: tuple[str, ...] = ()


class _Strength(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    weak_kinds: tuple[str, ...] = ()
    creating_verbs: tuple[str, ...] = ()
    generic_cores: tuple[str, ...] = ()
    not_heads: tuple[str, ...] = ()


class MeasureWords(BaseModel):
    """The shape of ``data/measures.toml``, checked when it is loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    heads: dict[str, tuple[str, ...]] = Field(min_length=1, description="kind -> head words")
    words: _Words
    strength: _Strength


class AgencyMention(NamedTuple):
    start: int
    end: int
    canonical: str | None


@dataclass
class Mention:
    name: str
    start: int  # offsets of the name in the letter
    end: int
    kind: str
    status: str | None
    owner: str | None
    partners: list[str]
    sentence: Segment
    suggestion: int | None
    counted: bool = False  # a count stands before the name (建立41家…): reported as achieved
    hosts: list[str] = field(default_factory=list)  # partners that house it (依托某大学)
    owner_explicit: bool = False  # the owner is written as the clause's subject


@dataclass
class FoundMeasure:
    key: str
    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    status: str | None = None
    status_basis: str = "sentence"

    @property
    def first(self) -> Mention:
        return self.mentions[0]


class MeasureFinder:
    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.v = vocabulary or load_vocabulary()
        heads = "|".join(sorted(map(re.escape, self.v.heads), key=len, reverse=True))
        self._head = re.compile(rf"(?:{heads})(?:{_HEAD_BRACKET})?")
        self._verb = re.compile("|".join(map(re.escape, self.v.verbs)))
        self._heads = frozenset(self.v.heads)
        self._head_words = tuple(self.v.heads)
        # Whether any report verb is in a text, in one scan (None: there are none).
        self._post_verb = (
            re.compile("|".join(map(re.escape, self.v.post_verbs))) if self.v.post_verbs else None
        )
        self._head_lengths = sorted({len(h) for h in self.v.heads}, reverse=True)
        self._agency_at: dict[int, AgencyMention] = {}
        self._agencies: list[AgencyMention] = []
        self._agency_starts: list[int] = []
        self._dates: list[tuple[int, str | None]] = []
        self._letter_date: str | None = None

    # -- finding -------------------------------------------------------------------------------

    def find(self, doc: Doc, layout: Layout, issuer: str | None) -> list[FoundMeasure]:
        """The named measures of one letter. The finder's patterns are shared and never
        change; the letter's state lives on a copy made for this letter, so one finder may
        serve every letter and thread."""
        return copy.copy(self)._find(doc, layout, issuer)

    def _find(self, doc: Doc, layout: Layout, issuer: str | None) -> list[FoundMeasure]:
        text = doc_text(doc)
        # Plain tuples, read once: Span attributes and extensions are slow to read in loops.
        agencies = sorted(
            AgencyMention(s.start_char, s.end_char, s._.canonical) for s in doc.spans["agencies"]
        )
        self._agency_at = {a.start: a for a in agencies}
        self._agencies, self._agency_starts = agencies, [a.start for a in agencies]
        self._dates = [(s.start_char, s._.iso) for s in doc.spans["dates"]]
        self._letter_date = doc._.letter_date
        mentions: list[Mention] = []
        for ordinal, start, end in self._answer_regions(layout):
            owner, explicit, paragraph = issuer, False, -1
            # Every sentence end is a clause end: the region's clauses, cut in one pass, fall
            # into its sentences in order.
            region_clauses = clauses(text, Segment(start, end, ""))
            first_clause = 0
            for sentence in sentences(text, start, end):
                while (
                    first_clause < len(region_clauses)
                    and region_clauses[first_clause].start < sentence.start
                ):
                    first_clause += 1
                last_clause = first_clause
                while (
                    last_clause < len(region_clauses)
                    and region_clauses[last_clause].end <= sentence.end
                ):
                    last_clause += 1
                sentence_clauses = region_clauses[first_clause:last_clause]
                first_clause = last_clause
                line = text.rfind("\n", 0, sentence.start)
                if line != paragraph:  # a new paragraph speaks for the issuer until it says
                    owner, explicit, paragraph = issuer, False, line
                    if _SECTION_HEADING.match(sentence.text):
                        continue  # （四）积极争取…: a section's theme, not a measure
                for clause in sentence_clauses:
                    body = clause.text
                    if _ENUMERATOR.match(body):
                        owner, explicit = issuer, False  # a new item, likewise
                    subject = self._subject(text, clause, agencies, issuer)
                    if subject:
                        owner, explicit = subject, subject != issuer
                    if body.endswith(("：", ":")) or self._head.search(body) is None:
                        continue  # an introduction to a list, or no measure's head word
                    for m in self._in_clause(text, clause, sentence, owner, agencies, ordinal):
                        m.owner_explicit = m.owner_explicit or (explicit and m.owner == owner)
                        mentions.append(m)
        return self._merge(mentions, layout, text)

    def _answer_regions(self, layout: Layout) -> list[tuple[int | None, int, int]]:
        if layout.suggestions:
            return [(s.ordinal, s.body_start, s.body_end) for s in layout.suggestions]
        return [(None, layout.body_start, layout.body_end)]

    def _subject(
        self, text: str, clause: Segment, agencies: list, issuer: str | None
    ) -> str | None:
        """The agency a clause opens with (after 一是 / a date), when a verb or name follows."""
        body = clause.text
        # Most clauses hold neither an agency nor 我市/我们/本市: nothing to look for.
        first = bisect.bisect_left(self._agency_starts, clause.start)
        if (
            (first == len(self._agency_starts) or self._agency_starts[first] > clause.end)
            and "我市" not in body
            and "我们" not in body
            and "本市" not in body
        ):
            return None
        offset = 0
        for pattern in (_ENUMERATOR, _TIME_PREFIX):
            m = pattern.match(body[offset:])
            if m:
                offset += m.end()
        if body[offset:].startswith(("我市", "我们", "本市")):
            return issuer
        span = self._agency_at.get(clause.start + offset)
        if span is not None:
            after = text[span.end : span.end + 1]
            if after and after not in "的、和与及等":
                return span.canonical
        return None

    def _in_clause(
        self,
        text: str,
        clause: Segment,
        sentence: Segment,
        owner: str | None,
        agencies: list,
        ordinal: int | None,
    ) -> list[Mention]:
        body = clause.text
        found: list[Mention] = []
        for m in self._head.finditer(body):
            if not self._ends_name(body, m.end()):
                continue
            name_end = clause.start + m.end()
            for start, verb in self._name_starts(body, m.start(), m.end(), clause.start):
                name, name_start, counted = self._clean(text, clause.start + start, name_end)
                name_owner, partners, explicit, name, name_start = self._split_agency(
                    text, name, name_start, name_end, agencies, owner, verb
                )
                if self._is_measure_name(name, verb, body[m.end() :], text, name_start):
                    break
            else:
                continue
            hosts = list(partners) if verb in _HOST_MARKERS else []
            hosts += self._partners_in(
                text, sentence, name_start, agencies, name_owner, _HOST_MARKERS
            )
            partners += self._partners_in(text, sentence, name_start, agencies, name_owner)
            found.append(
                Mention(
                    name=name,
                    start=name_start,
                    end=name_end,
                    kind=self.v.heads[self._head_word(name)],
                    status=self._status(text, clause, sentence, name_start, name_end),
                    owner=name_owner,
                    partners=partners,
                    sentence=sentence,
                    suggestion=ordinal,
                    counted=counted,
                    owner_explicit=explicit,
                    hosts=hosts,
                )
            )
        return self._join_coordinated(found, text)

    def _is_measure_name(
        self, name: str, verb: str | None, rest: str, text: str, start: int
    ) -> bool:
        head = self._head_word(name)
        core = name[: len(name) - len(head)] if name.endswith(head) else name[: -len(head)]
        core = _NOT_CORE.sub("", core)
        if (
            len(name) < 4
            or len(core) < 2
            or core in self.v.generic_cores
            or name.endswith(self.v.not_heads)
        ):
            return False
        if "、" in name and not self._is_series(name):
            return False
        if _COUNT_AFTER.match(rest):
            # 服务站11个已建成 / 新建服务中心31个: a count after the name makes it a kind of
            # facility built in number, a step (the action reader's), not one named measure
            return False
        if self.v.heads[head] not in self.v.weak_kinds:
            return True
        named = (
            verb == TITLE
            or text[max(0, start - 1) : start] in '《“"'
            or any(q in name for q in _QUOTES)
        )
        # No verb before it means a report verb follows (X正式运行): it exists, so it counts.
        creating = (
            verb is None or verb in self.v.creating_verbs or rest.startswith(("建设", "创建"))
        )
        return named or creating

    def _is_series(self, name: str) -> bool:
        """X库、Y库和Z库: every item ends with a head word and the first says which."""
        items = re.split(r"、|和|及|与", name)
        if not all(i.endswith(self._head_words) for i in items):
            return False
        first = items[0]
        return len(first) - len(self._head_word(first)) >= 2

    def _partners_in(
        self,
        text: str,
        clause: Segment,
        name_start: int,
        agencies: list,
        owner: str | None,
        markers: tuple[str, ...] = _PARTNER_MARKERS,
    ) -> list[str]:
        """Agencies the sentence brings in beside the owner before the name: 在某大学建设X,
        协同市律师协会组建X, 以某大学为依托打造X."""
        out = []
        if agencies is self._agencies:  # sorted by start: only those starting in the clause
            agencies = agencies[
                bisect.bisect_left(self._agency_starts, clause.start) : bisect.bisect_right(
                    self._agency_starts, name_start
                )
            ]
        for span in agencies:
            if clause.start <= span.start and span.end <= name_start:
                before = text[max(clause.start, span.start - 2) : span.start]
                if before.endswith(markers) and span.canonical != owner:
                    out.append(span.canonical)
        return out

    def _head_word(self, name: str) -> str:
        """The longest head word the name ends with (before a bracketed edition), else its
        last two characters."""
        bare = _HEAD_BRACKET_AT_END.sub("", name)
        for length in self._head_lengths:
            if bare[-length:] in self._heads:
                return bare[-length:]
        return bare[-2:]

    def _ends_name(self, body: str, end: int) -> bool:
        rest = body[end:]
        if not rest or rest[0] in "、，。；：,;:）)”」》 \t":
            return True
        if rest.startswith(self.v.not_followers):
            return False  # 养老机构等级评定: 等级 is a word, not 等
        if rest.startswith(self.v.followers) or _COUNT_AFTER.match(rest):
            return True
        # "X在罗湖区正式开业": the name is the subject of a report verb later in the clause.
        return rest.startswith("在") and self._reported(rest)

    def _name_starts(
        self, body: str, head_start: int, head_end: int, clause_start: int = 0
    ) -> list[tuple[int, str | None]]:
        """Where the name may start, with the verb before it, most likely first: the nearest
        verb leaving 2+ characters before the head, then verbs further left (a verb word can
        be part of a name: 商标品牌培育服务联盟); else a report verb after it (X正式运行)."""
        title = body.rfind("《", 0, head_start)
        if title >= 0 and "》" not in body[title:head_start]:
            if not body.startswith("》", head_end):
                return []  # a head inside a title (《X中心建设方案》) is not the title's end
            return [(title + 1, TITLE)]  # 制定《…若干措施》: the title is the name
        verbs = list(self._verb.finditer(body, 0, head_start))
        found: list[tuple[int, str | None, int]] = []  # (name start, verb, chain start)
        for i in range(len(verbs) - 1, -1, -1):
            v = verbs[i]
            if head_start - v.end() >= 2:
                # A chain of verbs (出台实施, 探索建立) creates if any link does.
                chain = [v.group(0)]
                j = i
                while j > 0 and verbs[j - 1].end() == verbs[j].start():
                    j -= 1
                    chain.append(verbs[j].group(0))
                creating = next((c for c in chain if c in self.v.creating_verbs), v.group(0))
                found.append((v.end(), creating, verbs[j].start()))
        # 设立停车设施建设实训基地: a verb word between a bare noun, that an earlier verb takes
        # as object, and a short modifier of the head modifies the head; the earlier verb
        # introduces the name. (整合资源打造X服务平台 keeps 打造.)
        rest = body[head_end:]
        reported = self._reported(rest)
        opening = self._opening(body)
        later = next((f for f in found if f[0] <= found[0][2]), None) if found else None
        if later is None and found and reported:
            later = (opening, None, opening)  # 停车设施建设指导中心建设工作正在有序推进
        if (
            later is not None
            and head_start - found[0][0] <= 4
            and self._noun_run(body, later[0], found[0][2], clause_start)
        ):
            if later in found:
                found.remove(later)
            found.insert(0, later)
        quote = body.rfind("“", 0, head_start)
        if quote >= 0 and "”" not in body[quote:head_start] and body.startswith("”", head_end):
            # A quoted name is one name, whatever verb words it holds.
            verb = next((f[1] for f in found if f[0] <= quote), None)
            found.insert(0, (quote + 1, verb, quote))
        starts = [(start, verb) for start, verb, _ in found]
        if not starts and reported:
            starts.append((opening, None))
        return starts

    def _reported(self, rest: str) -> bool:
        """A report verb (正式运行 …) is in ``rest``."""
        return self._post_verb is not None and self._post_verb.search(rest) is not None

    @staticmethod
    def _opening(body: str) -> int:
        """Where a clause's words start after an item number and a time (一是2017年3月，)."""
        offset = 0
        for pattern in (_ENUMERATOR, _TIME_PREFIX):
            m = pattern.match(body[offset:])
            if m:
                offset += m.end()
        return offset

    def _noun_run(self, body: str, start: int, end: int, clause_start: int) -> bool:
        """``body[start:end]`` is 2-10 Han characters with no particle and no agency in it."""
        while start < end and body[start] == "了":  # 设立了停车设施建设实践基地
            start += 1
        gap = body[start:end]
        if (
            not 2 <= len(gap) <= 10
            or not re.fullmatch(rf"[{HAN}]+", gap)
            or any(c in _PARTICLES for c in gap)
        ):
            return False
        return not any(clause_start + i in self._agency_at for i in range(start, end))

    def _clean(self, text: str, start: int, end: int) -> tuple[str, int, bool]:
        """Trim quotes, quantities (41家), determiners and modifiers before the last 的."""
        counted = False
        changed = True
        while changed and start < end:
            changed = False
            piece = text[start:end]
            if piece[0] in _QUOTES + "《》 \t、，":
                start, changed = start + 1, True
                continue
            if piece.startswith("了"):
                start, changed = start + 1, True
                continue
            m = _QUANTITY_PREFIX.match(piece)
            if m:
                start, changed, counted = start + m.end(), True, counted or piece[0].isdigit()
                continue
            for d in self.v.determiners:
                if piece.startswith(d):
                    start, changed = start + len(d), True
                    break
        piece = text[start:end]
        de = piece.rfind("的")
        after_de = len(piece) - de - 1 - len(self._head_word(piece))
        if text[start - 1 : start] != "《" and de >= 0 and after_de >= 3:
            start += de + 1
        name = text[start:end].strip(_QUOTES + "《》")
        return name, start, counted

    def _split_agency(
        self,
        text: str,
        name: str,
        start: int,
        end: int,
        agencies: list,
        owner: str | None,
        verb: str | None,
    ) -> tuple[str | None, list[str], bool, str, int]:
        """An agency at the front of a name: as the clause's subject it owns the measure
        (商标局X窗口正式运行); after 依托 it hosts it (依托某大学X基地); after another verb it
        is part of the name (推动WIPO培训基地创建) and a partner."""
        span = self._agency_at.get(start)
        if span is not None and span.end < end:
            rest_start = span.end
            rest = text[rest_start:end].strip(_QUOTES)
            partners = [span.canonical] if span.canonical else []
            if len(rest) >= 4:
                if verb is None:
                    return span.canonical, [], True, rest, rest_start
                if verb in ("依托", "在"):
                    return owner, partners, False, rest, rest_start
                return owner, partners, False, name, start
        return owner, [], False, name, start

    def _join_coordinated(self, found: list[Mention], text: str) -> list[Mention]:
        """X库、Y库和Z库 / X基地和Y中心 written as one series are one measure."""
        out: list[Mention] = []
        for m in found:
            if out:
                prev = out[-1]
                gap = text[prev.end : m.start]
                if gap in ("、", "和", "及", "与", "以及", "、以及"):
                    out[-1] = Mention(
                        name=text[prev.start : m.end],
                        start=prev.start,
                        end=m.end,
                        kind=prev.kind,
                        status=prev.status,
                        owner=prev.owner,
                        partners=prev.partners + m.partners,
                        sentence=prev.sentence,
                        suggestion=prev.suggestion,
                        counted=prev.counted,
                        hosts=prev.hosts + m.hosts,
                    )
                    continue
            out.append(m)
        return out

    # -- status --------------------------------------------------------------------------------

    def _status(
        self, text: str, clause: Segment, sentence: Segment, start: int, end: int
    ) -> str | None:
        rules = status_rules()
        if rules.named_declines(sentence.text):
            return "declined"
        # The name's own words say nothing about its state (发展研究中心 is no plan to 研究);
        # a short opener of the sentence does (目前，X正会同Y建立Z).
        opener = text[sentence.start : clause.start]
        if len(opener) > 10:
            opener = ""
        piece = opener + text[clause.start : start] + "　" * (end - start) + text[end : clause.end]
        status = rules.of_named(piece)
        if status is not None:
            return status
        # No cue word: a date before the letter's own (2016年，我局建立X) reports a fact.
        if self._dated_before_letter(sentence.start, clause.end):
            return "done"
        return None

    def _dated_before_letter(self, start: int, end: int) -> bool:
        letter = self._letter_date
        if not letter:
            return False
        for at, iso in self._dates:
            # 2016年 in a letter of 2016 is past too: no plan word said otherwise.
            if (
                start <= at < end
                and iso
                and (iso[:4] < letter[:4] or iso[:7] < letter[:7] or iso == letter[:4])
            ):
                return True
        return False

    # -- merging mentions into measures --------------------------------------------------------

    def _merge(self, mentions: list[Mention], layout: Layout, text: str) -> list[FoundMeasure]:
        measures: list[FoundMeasure] = []
        index = _MergeIndex()
        for m in mentions:
            # Only measures the index names can be the same (see _same); the first one wins.
            target = next(
                (measures[i] for i in index.candidates(m) if self._same(measures[i], m)), None
            )
            if target is None:
                measures.append(
                    FoundMeasure(key=_key(m.name), name=m.name, kind=m.kind, mentions=[m])
                )
                index.add(m, len(measures) - 1)
            else:
                index.add(m, measures.index(target))
                target.mentions.append(m)
                if len(m.name) > len(target.name):
                    target.name = m.name
                shorter = _key(m.name)
                if len(shorter) < len(target.key) and len(shorter) >= 4:
                    target.key = shorter
        for f in measures:
            self._decide_status(f, layout, text)
        return [f for f in measures if not self._restated_ask(f, layout)]

    def _restated_ask(self, f: FoundMeasure, layout: Layout) -> bool:
        """The proposal's own ask repeated in the reply, with no commitment said about it."""
        if f.status_basis != "default":
            return False
        headings = [s.heading.text for s in layout.suggestions]
        return all(any(_key(m.name) in h for h in headings) for m in f.mentions)

    def _same(self, f: FoundMeasure, m: Mention) -> bool:
        """Mentions of one measure: the same words, a short form that ends the long one
        (X分中心), or one name inside another of the same kind."""
        key = _key(m.name)
        for x in f.mentions:
            other = _key(x.name)
            if x.start < m.end and m.start < x.end:
                return True
            if key.endswith(other) or other.endswith(key):
                return True
            if (key in other or other in key) and x.kind == m.kind:
                return True
        # The same host and the same kind of facility (某大学 … 培训基地) is one measure;
        # the same partner (会同市财政局) is not.
        if any(
            set(x.hosts) & set(m.hosts) and x.kind == m.kind and _key(x.name)[-4:] == key[-4:]
            for x in f.mentions
        ):
            return True
        # One item that names two measures of one kind (人才新政…优惠政策) is one commitment.
        last = f.mentions[-1]
        return (
            last.sentence == m.sentence
            and last.kind == m.kind
            and last.owner == m.owner
            and m.kind not in ("centre", "base", "platform")
        )

    def _decide_status(self, f: FoundMeasure, layout: Layout, text: str) -> None:
        table = self._table_status(f, layout, text)
        if table:
            f.status, f.status_basis = table, "table"
            return
        statuses = [m.status for m in f.mentions if m.status]
        if any(m.counted for m in f.mentions) and "declined" not in statuses:
            f.status = "done"
        elif statuses:
            # Reported done anywhere in the letter is done; else the most advanced state.
            f.status = min(statuses, key=_PRECEDENCE.index)
        else:
            f.status = "planned"
        f.status_basis = "sentence" if statuses else "default"

    def _table_status(self, f: FoundMeasure, layout: Layout, text: str) -> str | None:
        """The status column of the table cell that restates this measure, if any."""
        best: tuple[float, str] | None = None
        names = {_key(m.name) for m in f.mentions}
        for row in layout.table_rows:
            for status in TABLE_STATUS_COLUMNS:
                cell = row.cells.get(status)
                if cell is None:
                    continue
                for name in names:
                    if not _shares_four(name, cell.text):
                        continue  # an overlap under 4 characters does not count anyway
                    overlap = _longest_common(name, cell.text)
                    if overlap >= 4 and overlap >= 0.6 * len(name):
                        score = overlap / len(name)
                        chosen = status
                        if status == "declined":
                            chosen = self._status_in_cell(text, cell, name) or status
                        if best is None or score > best[0]:
                            best = (score, chosen)
        return best[1] if best else None

    def _status_in_cell(self, text: str, cell: Segment, name: str) -> str | None:
        """In the declined column, a sentence that plans something (将…) keeps its own status."""
        for s in sentences(text, cell.start, cell.end):
            if _longest_common(name, s.text) >= 0.6 * len(name):
                rules = status_rules()
                if rules.named_declines(s.text):
                    return "declined"
                return rules.of_named(s.text)
        return None


class _MergeIndex:
    """Which earlier measures a mention could belong to, without comparing it with all:
    a key inside or around its key, a mention in the same sentence (overlap, or one item
    naming two), or a shared host. ``MeasureFinder._same`` has the final word."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[int]] = {}
        self.key_lengths: set[int] = set()
        self.by_sentence: dict[tuple[int, int], set[int]] = {}
        self.hosted: set[int] = set()
        self.joined = ""  # every key so far, NUL-separated, to find keys holding a key
        self.offsets: list[int] = []
        self.owners: list[int] = []

    def candidates(self, m: Mention) -> list[int]:
        key = _key(m.name)
        found: set[int] = set()
        by_key = self.by_key
        for length in self.key_lengths:  # only substrings as long as some key
            for i in range(len(key) - length + 1):
                hit = by_key.get(key[i : i + length])
                if hit:
                    found |= hit
        pos = self.joined.find(key) if key else -1
        while pos >= 0:
            found.add(self.owners[bisect.bisect_right(self.offsets, pos) - 1])
            pos = self.joined.find(key, pos + 1)
        found |= self.by_sentence.get((m.sentence.start, m.sentence.end), set())
        if m.hosts:
            found |= self.hosted
        return sorted(found)

    def add(self, m: Mention, measure: int) -> None:
        key = _key(m.name)
        self.by_key.setdefault(key, set()).add(measure)
        self.key_lengths.add(len(key))
        self.by_sentence.setdefault((m.sentence.start, m.sentence.end), set()).add(measure)
        if m.hosts:
            self.hosted.add(measure)
        self.offsets.append(len(self.joined))
        self.owners.append(measure)
        self.joined += key + "\0"


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    """Canonical short name: no quotes, brackets kept, no trailing 建设/工作."""
    key = re.sub(rf"[{_QUOTES}《》\s]", "", name)
    return re.sub(r"(?:建设|工作)$", "", key)


def _shares_four(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` have 4 characters in a row in common."""
    return any(a[i : i + 4] in b for i in range(len(a) - 3))


def _longest_common(a: str, b: str) -> int:
    """Length of the longest common substring (names are short: try the longest first)."""
    for length in range(len(a), 0, -1):
        if any(a[i : i + length] in b for i in range(len(a) - length + 1)):
            return length
    return 0
