"""The spaCy pipeline: ``spacy.blank("zh")`` (character tokens) plus registered rule components.

Context a component needs from the letter as a whole (its file, the issuing city, the letter's
date) travels on the ``Doc`` as custom attributes, set before the components run. Each component
writes its findings to a named span group (``doc.spans[...]``) with values on ``Span._``.

    policykg_sentences   sentence starts after 。！？； and line breaks
    policykg_agencies    gazetteer (EntityRuler, canonical ids) + issuing-city resolution
                         + naming-pattern fallback for agencies the gazetteer does not know
    policykg_quantities  money (20万元 -> 200000 CNY, 78亿 -> 7.8e9) and counts (230余人)
    policykg_dates       dates, periods and relative dates (今年6月, 7月) resolved in context
    policykg_references  document numbers (〔〕 and its variants), proposal numbers, 《》 titles
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab
from thinc.types import Ints2d

from policykg.extract.bodies import body_finder
from policykg.extract.gazetteer import DEFAULT_GAZETTEER, TEMPLATE_PREFIX, load_gazetteer
from policykg.extract.places import Place
from policykg.extract.text import SENTENCE_END, cn_number, halfwidth

for _name in ("source_file", "city", "letter_date", "issuer", "place"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name in (
    "canonical",
    "level",
    "known",
    "value",
    "unit",
    "kind",
    "approximate",
    "iso",
    "iso_end",
    "normalised",
):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

HAN = r"\u4e00-\u9fa5"
PROVINCES = (
    "广东",
    "广西",
    "福建",
    "浙江",
    "江苏",
    "山东",
    "河北",
    "河南",
    "湖北",
    "湖南",
    "江西",
    "安徽",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "海南",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "内蒙古",
    "宁夏",
    "新疆",
    "西藏",
)
# Self-references in a letter ("we, the committee") mean the issuing agency.
SELF_REFERENCES = (
    "我委",
    "我局",
    "我院",
    "我办",
    "我厅",
    "本委",
    "本局",
    "我中心",
    "我管委会",
    "我单位",
)


class CharTokenizer:
    """spaCy's Chinese "char" segmentation in linear time: one token per character, a space
    right after a token is its trailing whitespace, any other run of whitespace is a token.
    (``spacy.util.get_words_and_spaces``, which the zh tokenizer uses, re-slices the rest of
    the text for every character: quadratic in the letter's length.)"""

    _WHITESPACE = re.compile(r"\s+")

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._orths = _Orths(vocab)

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in self._WHITESPACE.finditer(text):
            start, run = m.start(), m.group()
            words.extend(text[pos:start])  # one word per character, in C
            spaces.extend([False] * (start - pos))
            if start > 0 and run[0] == " ":  # runs are maximal: a character precedes this one
                spaces[-1] = True
                run = run[1:]
            if run:
                words.append(run)
                spaces.append(False)
            pos = m.end()
        words.extend(text[pos:])
        spaces.extend([False] * (len(text) - pos))
        # Words as string ids: the Doc then skips hashing every character's string.
        return Doc(self.vocab, words=list(map(self._orths.__getitem__, words)), spaces=spaces)


class _Orths(dict):
    """Word -> its id in the vocabulary's string store, added on first sight."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self.strings = vocab.strings

    def __missing__(self, word: str) -> int:
        orth = self[word] = self.strings.add(word)
        return orth


_SENTENCE_END_CODES = numpy.array([ord(c) for c in SENTENCE_END], dtype=numpy.uint32)


@Language.component("policykg_sentences")
def mark_sentences(doc: Doc) -> Doc:
    """A sentence starts after a token ending in 。！？； or holding a line break. Computed on
    token offsets as arrays: creating a Token object per character is what costs."""
    if not len(doc):
        return doc
    codes = numpy.frombuffer(doc_text(doc).encode("utf-32-le"), dtype=numpy.uint32)
    offsets = doc.to_array([IDX, LENGTH]).astype(numpy.int64)
    starts_at, ends_at = offsets[:, 0], offsets[:, 0] + offsets[:, 1]
    newlines = numpy.concatenate(([0], numpy.cumsum(codes == 10)))
    closes = numpy.isin(codes[ends_at - 1], _SENTENCE_END_CODES) | (
        newlines[ends_at] > newlines[starts_at]
    )
    starts = numpy.full(len(doc), -1, dtype=numpy.int64)
    starts[0] = 1
    starts[1:][closes[:-1]] = 1
    # Set all starts in one array write: per-token assignment re-checks the whole doc each time.
    doc.from_array([SENT_START], cast(Ints2d, starts.astype("uint64").reshape(-1, 1)))
    return doc


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("policykg_text")
    if text is None:
        text = doc.user_data["policykg_text"] = doc.text
    return text


def flat_text(doc: Doc) -> str:
    """``halfwidth(doc_text(doc))``, computed once for all the components that match on it."""
    text = doc.user_data.get("policykg_flat")
    if text is None:
        text = doc.user_data["policykg_flat"] = halfwidth(doc_text(doc))
    return text


def _char_span(doc: Doc, start: int, end: int, label: str = "") -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


class _Ruler(EntityRuler):
    """An EntityRuler that overwrites entities (``overwrite_ents=True``) setting them as
    spaCy's does, at a fraction of the cost: ``EntityRuler.set_annotations`` reads every
    matched token for a check whose result overwriting ignores, and ``Doc.ents = …`` marks
    the tokens outside entities one by one against a Python set."""

    def set_annotations(self, doc: Doc, matches: list[tuple[Any, int, int]]) -> None:
        entities = list(doc.ents)
        new_entities = []
        seen_tokens: set[int] = set()
        for match_id, start, end in matches:
            # As EntityRuler: boundaries are inclusive, only the first and last are checked.
            if start not in seen_tokens and end - 1 not in seen_tokens:
                if match_id in self._ent_ids:
                    label, ent_id = self._ent_ids[match_id]
                    span = Span(doc, start, end, label=label, span_id=ent_id)
                else:
                    span = Span(doc, start, end, label=match_id)
                new_entities.append(span)
                entities = [e for e in entities if not (e.start < end and e.end > start)]
                seen_tokens.update(range(start, end))
        # Every token outside (O, no type) in one array write, then the entities over it:
        # what ``Doc.ents = spans`` leaves.
        outside = numpy.empty((len(doc), 2), dtype="uint64")
        outside[:, 0], outside[:, 1] = Token.iob_strings().index("O"), 0
        doc.from_array([ENT_IOB, ENT_TYPE], cast(Ints2d, outside))
        doc.set_ents(entities + new_entities, default="unmodified")


@Language.factory("policykg_agencies", default_config={"gazetteer": DEFAULT_GAZETTEER})
def make_agency_component(nlp: Language, name: str, gazetteer: str) -> AgencyRecogniser:
    return AgencyRecogniser(nlp, name, gazetteer)


class AgencyRecogniser:
    """Find agencies and resolve each to a canonical full name.

    Known names and aliases come from the gazetteer through an EntityRuler whose pattern ids are
    canonical names; city templates (市人社局) resolve to the issuing city's agency; anything else
    that looks like an agency (城市 + body + 局/委员会/办公室 …) is kept with its surface form.
    """

    def __init__(self, nlp: Language, name: str, gazetteer: str) -> None:
        self.gaz = load_gazetteer(gazetteer)
        self.entries = self.gaz.by_name()
        self.ruler = _Ruler(
            nlp, name=f"{name}_ruler", phrase_matcher_attr="ORTH", overwrite_ents=True
        )
        self.ruler.add_patterns(self.gaz.patterns())
        self.cities = set(self.gaz.cities)
        # Compiled per issuing city (and per kind of name: agency or institution).
        self._unknown_by_city: dict[object, re.Pattern[str]] = {}
        self.self_ref = re.compile("|".join(SELF_REFERENCES))

    def __call__(self, doc: Doc) -> Doc:
        doc = self.ruler(doc)
        city = doc._.city
        found: list[Span] = []
        for ent in list(doc.ents):
            span = self._resolve(doc, ent, city)
            if span is not None:
                found.append(span)
        taken = [(s.start_char, s.end_char) for s in found]
        for m in self._unknown_pattern(city).finditer(doc_text(doc)):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            geo = m.group("geo")
            if geo in ("市", "省") and not city:
                continue
            span = _char_span(doc, m.start(), m.end(), "ORG")
            if span is None:
                continue
            name = f"{city}{m.group(0)}" if geo == "市" else m.group(0)
            u = span._  # one extension accessor per span: each ``span._`` makes a new one
            u.canonical, u.known = name, False
            u.level = "provincial" if geo.endswith("省") else "city"
            found.append(span)
            taken.append((m.start(), m.end()))
        for m in self._institution_pattern(city).finditer(doc_text(doc)):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            span = _char_span(doc, m.start(), m.end(), "ORG")
            if span is None:
                continue
            u = span._
            u.canonical, u.known = m.group(0).replace("两级法院", "法院"), False
            u.level = "court" if m.group(0).endswith("法院") else "organization"
            found.append(span)
            taken.append((m.start(), m.end()))
        if doc._.issuer:
            for m in self.self_ref.finditer(doc_text(doc)):
                span = _char_span(doc, m.start(), m.end(), "ORG")
                if span is not None:
                    u = span._
                    u.canonical, u.known, u.level = doc._.issuer, True, "city"
                    found.append(span)
        doc.spans["agencies"] = sorted(found, key=lambda s: s.start_char)
        return doc

    def _unknown_pattern(self, city: str | None) -> re.Pattern[str]:
        """An agency-shaped name: a known city or province, a body, an agency suffix."""
        if city not in self._unknown_by_city:
            names = self.cities | ({city} if city else set())
            cities = "|".join(sorted(names, key=len, reverse=True))
            provinces = "|".join(PROVINCES)
            firsts = re.escape("".join(sorted({n[0] for n in (*names, *PROVINCES, "市", "省")})))
            # 局 ends many ordinary words (布局, 格局 …): those are not agencies.
            suffix = r"委员会|管理局|(?<![布格结大全当僵开终出时政])局|委|厅|办公室|协会"
            self._unknown_by_city[city] = re.compile(
                # The lookaheads only skip fast: a geo starts with the first character of a
                # place or with 市/省, and ends in 市/省.
                rf"(?=[{firsts}])(?=[{HAN}]{{0,4}}[市省])"
                rf"(?P<geo>(?:{cities})市|(?:{provinces})省|(?<![{HAN}])市|(?<![{HAN}])省)"
                rf"(?P<body>[{HAN}]{{2,10}}?)(?P<suffix>{suffix})(?!长|员)"
            )
        return self._unknown_by_city[city]

    def _institution_pattern(self, city: str | None) -> re.Pattern[str]:
        """A university or college named after a place: 浙江大学, 杭州电子科技大学,
        东莞理工学院, 哈尔滨工业大学（威海）. (东南大学 and other names without a place need
        the gazetteer.) Courts and arbitration bodies carry their division the same way:
        X中级人民法院, X知识产权法院, X两级法院 (the courts of both levels), X国际仲裁院."""
        key = ("institution", city)
        if key not in self._unknown_by_city:
            divisions = self.cities | set(PROVINCES) | ({city} if city else set())
            by_length = lambda names: "|".join(sorted(names, key=len, reverse=True))  # noqa: E731
            self._unknown_by_city[key] = re.compile(
                rf"(?:{by_length(divisions | {'中国'})})"
                rf"(?:(?![的和与及在是对为从向将把了])[{HAN}]){{0,8}}?(?:大学|学院)"
                rf"(?:[（(][{HAN}]{{2,4}}[)）])?"
                rf"|(?:{by_length(divisions)})"
                rf"(?:(?:两级|中级人民|知识产权|铁路运输|海事|互联网|人民)?法院|(?:国际)?仲裁(?:院|委员会))"
            )
        return self._unknown_by_city[key]

    def _resolve(self, doc: Doc, ent: Span, city: str | None) -> Span | None:
        key = ent.ent_id_
        if not key.startswith(TEMPLATE_PREFIX):
            entry = self.entries.get(key)
            u = ent._
            u.canonical, u.known = key, True
            u.level = entry.level if entry else None
            return ent
        template = self.gaz.template(key)
        # "绵阳市商务局": the ruler matched "市商务局"; take the city written before it.
        before = doc_text(doc)[max(0, ent.start_char - 4) : ent.start_char]
        # The longest known city ending ``before``, found from its few suffixes.
        written_city = next(
            (
                before[-n:]
                for n in range(len(before), 0, -1)
                if before[-n:] in self.cities or before[-n:] == city
            ),
            None,
        )
        resolved_city = written_city or city
        if template is None or not resolved_city:
            return None
        span: Span | None = ent
        if written_city:
            span = _char_span(doc, ent.start_char - len(written_city), ent.end_char, "ORG")
        if span is None:
            return None
        u = span._
        u.canonical, u.known, u.level = template.canonical(resolved_city), True, "city"
        return span


@Language.factory("policykg_bodies")
def make_body_component(nlp: Language, name: str) -> BodyRecogniser:
    return BodyRecogniser()


class BodyRecogniser:
    """Bodies the gazetteer does not know, found by the genre's naming patterns and resolved
    against the letter's place (``Doc._.place``, see :mod:`bodies`). A gazetteer match keeps
    its place; a body found here replaces an overlapping name the agency component only kept
    as written."""

    def __call__(self, doc: Doc) -> Doc:
        found = body_finder().find(doc_text(doc), doc._.place)
        if not found:
            return doc
        old = list(doc.spans["agencies"])
        # A body found longer than a known name it holds (市公安局 in 市公安局交通警察支队)
        # is the unit named: it replaces the known name.
        known = [
            s
            for s in old
            if s._.known
            and not any(
                f.start <= s.start_char and s.end_char <= f.end and f.end - f.start > len(s)
                for f in found
            )
        ]
        spans = list(known)
        for f in found:
            if any(f.start < s.end_char and s.start_char < f.end for s in known):
                continue
            span = _char_span(doc, f.start, f.end, "ORG")
            if span is None:
                continue
            u = span._
            u.canonical, u.known, u.level = f.canonical, False, f.level
            spans.append(span)
        mine = [(s.start_char, s.end_char) for s in spans]
        spans += [
            s
            for s in old
            if not s._.known and not any(s.start_char < e and b < s.end_char for b, e in mine)
        ]
        doc.spans["agencies"] = sorted(spans, key=lambda s: s.start_char)
        return doc


# --- quantities -------------------------------------------------------------------------------

_MAGNITUDE = {"万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "万亿": 1e12}
COUNT_UNITS = "家项件人个次名所批户篇场套台座部支期类条届栋处辆份册盏间"
# Units of measure and their codes (the devset's conventions): longest written form first.
MEASURE_UNITS = {
    "平方公里": "km2",
    "平方米": "m2",
    "平米": "m2",
    "公里": "km",
    "千米": "km",
    "公顷": "ha",
    "亩": "mu",
    "米": "m",
    "%": "percent",
    "％": "percent",
    "km": "km",
    "KM": "km",
    "m2": "m2",
    "㎡": "m2",
    "m": "m",
}


def _unit_pattern(unit: str) -> str:
    """A unit as the pattern finds it: a Latin one (km, m) not inside a longer word (mg, min)."""
    return re.escape(unit) + ("(?![A-Za-z])" if unit.isascii() and unit.isalpha() else "")


_QUANTITY = re.compile(
    r"(?=[近约超逾共累达高\d])"  # skips fast where no quantity can start
    rf"(?P<qual>近|约|超过|超|逾|共|累计|达|高达)?"
    rf"(?P<num>\d+(?:\.\d+)?)(?P<approx>余|多)?"
    rf"(?P<mag>万亿|千万|百万|十万|万|亿)?"
    rf"(?P<unit>元|美元|港元|人次|{'|'.join(map(_unit_pattern, MEASURE_UNITS))}|[{COUNT_UNITS}])?"
)
# 四个路口, 两个项目, 三家: small counts written in Chinese numerals.
_CN_COUNT = re.compile(
    r"(?<![第每某几这那哪各单另一二三四五六七八九十])(?P<num>[一二两三四五六七八九十]{1,3})"
    r"(?P<unit>[个家项所座条户栋届])"
    r"(?![月日年]|人大|人民代表|政协|委员会|会议|方面|层面|重大|部分|环节|阶段|问题|原因|目标|原则|要求|举措|意见|建议|工作|"
    r"方向|重点|领域|方式|措施|途径|渠道|机制|体系|能力|维度|板块)"
)


@Language.component("policykg_quantities")
def find_quantities(doc: Doc) -> Doc:
    text = flat_text(doc)
    found: list[Span] = []
    for m in _QUANTITY.finditer(text):
        unit, mag = m.group("unit"), m.group("mag")
        prev = text[max(0, m.start() - 1) : m.start()]
        if prev == "第" or prev.isdigit() or prev in "-－—.":  # ordinals, parts of other numbers
            continue
        after = text[m.end() : m.end() + 1]
        if unit is None and (
            mag is None or (after and re.match(rf"[{HAN}]", after) and after in COUNT_UNITS)
        ):
            continue
        # 4.27万 is 42700, not 42699.99…: the number's own decimals are kept, no more
        value = round(float(m.group("num")) * _MAGNITUDE.get(mag or "", 1), 4)
        if unit in ("元", "美元", "港元") or unit is None:
            kind, unit_name = "money", {"美元": "USD", "港元": "HKD"}.get(unit or "", "CNY")
        elif unit in MEASURE_UNITS:
            kind, unit_name = "count", MEASURE_UNITS[unit]
        else:
            kind, unit_name = "count", unit
        # The qualifier (近/约) is kept in the text but the span starts at the number's words.
        start = m.start("qual") if m.group("qual") in ("近", "约") else m.start("num")
        span = _char_span(doc, start, m.end(), "QUANTITY")
        if span is None:
            continue
        u = span._  # one extension accessor per span: each ``span._`` makes a new one
        u.value, u.unit, u.kind = value, unit_name, kind
        u.approximate = bool(m.group("approx") or m.group("qual") in ("近", "约"))
        found.append(span)
    for m in _CN_COUNT.finditer(text):
        if m.group("num") == "一" or text.startswith(("一", "是"), m.end()):
            continue  # 一个 is an article, 一是 an item
        count = cn_number(m.group("num").replace("两", "二"))
        span = _char_span(doc, m.start(), m.end(), "QUANTITY")
        if count is None or span is None:
            continue
        u = span._
        u.value, u.unit, u.kind, u.approximate = float(count), m.group("unit"), "count", False
        found.append(span)
    found.sort(key=lambda s: s.start_char)
    doc.spans["amounts"] = found
    return doc


# --- dates ------------------------------------------------------------------------------------

_CN = "〇○零Ｏ一二三四五六七八九十"
_DATE = re.compile(
    rf"(?=[\d{_CN}今去明当同])"  # skips fast where no date can start
    rf"(?:(?P<year>\d{{4}}|[{_CN}]{{4}})年(?:度)?"
    rf"(?:(?P<month>\d{{1,2}}|[{_CN}]{{1,3}})(?:[-－—~～至到](?P<month2>\d{{1,2}}))?月"
    rf"(?:(?P<day>\d{{1,2}}|[{_CN}]{{1,3}})日)?)?"
    rf"|(?P<rel>今年|去年|明年|当年|同年)(?:(?P<rmonth>\d{{1,2}})月)?"
    rf"|(?<![\d年\-－—.])(?P<bmonth>\d{{1,2}})月(?:(?P<bday>\d{{1,2}})日)?)"
)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1900 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


@Language.component("policykg_dates")
def find_dates(doc: Doc) -> Doc:
    """Dates; a bare month takes the year last written before it, else the letter's year."""
    text = flat_text(doc)
    letter_year = int(doc._.letter_date[:4]) if doc._.letter_date else None
    last_year = None
    found: list[Span] = []
    for m in _DATE.finditer(text):
        iso = iso_end = None
        if m.group("year"):
            year = cn_number(m.group("year"))
            month = cn_number(m.group("month")) if m.group("month") else None
            day = cn_number(m.group("day")) if m.group("day") else None
            if year is None:
                continue
            iso = _iso(year, month, day)
            if m.group("month2"):
                iso_end = _iso(year, int(m.group("month2")))
            if iso:
                last_year = year
        elif m.group("rel"):
            if letter_year is None:
                continue
            offset = {"今年": 0, "当年": 0, "同年": 0, "去年": -1, "明年": 1}[m.group("rel")]
            year = (
                last_year
                if m.group("rel") in ("当年", "同年") and last_year
                else letter_year + offset
            )
            iso = _iso(year, int(m.group("rmonth")) if m.group("rmonth") else None)
        else:
            year = last_year or letter_year
            if year is None:
                continue
            iso = _iso(
                year, int(m.group("bmonth")), int(m.group("bday")) if m.group("bday") else None
            )
        if iso is None:
            continue
        span = _char_span(doc, m.start(), m.end(), "DATE")
        if span is None:
            continue
        u = span._
        u.iso, u.iso_end = iso, iso_end
        found.append(span)
    doc.spans["dates"] = found
    return doc


# --- document numbers, proposal numbers, titles -----------------------------------------------

_OPEN, _CLOSE = "〔［\\[(（【", "〕］\\])）】"
# A document number (绵市监函〔2021〕43号) is found from its bracketed year, then the Han
# prefix before it: trying the prefix at every Han character is slow.
_DOC_NUMBER_TAIL = re.compile(
    rf"(?=[\s{_OPEN}])\s*[{_OPEN}]\s*(?P<year>\d{{4}})\s*[{_CLOSE}]\s*(?P<no>\d{{1,5}})\s*号"
)
_DOC_NUMBER_PREFIX = re.compile(rf"[{HAN}]{{2,12}}$")
# 20210112号 (year-prefixed), or 第186号 when 提案/建议/议案 follows.
PROPOSAL_NUMBER = re.compile(
    r"(?=[第12])"  # skips fast where no number can start
    r"(?:(?<!\d)(?:第\s*)?(?P<no>(?:19|20)\d{4,8})\s*号"
    r"|第\s*(?P<short>\d{1,6})\s*号\s*(?=提案|建议|议案))"
)
TITLE = re.compile(r"《(?P<title>[^《》\n]{2,120})》")


@Language.component("policykg_references")
def find_references(doc: Doc) -> Doc:
    text = flat_text(doc)
    numbers, proposals, titles = [], [], []
    previous_end = 0
    for m in _DOC_NUMBER_TAIL.finditer(text):
        prefix = _DOC_NUMBER_PREFIX.search(text, max(previous_end, m.start() - 12), m.start())
        if prefix is None:
            continue
        previous_end = m.end()
        span = _char_span(doc, prefix.start(), m.end(), "DOC_NUMBER")
        if span is not None:
            # As printed, brackets and all; only blanks inside are dropped.
            span._.normalised = re.sub(r"\s+", "", doc_text(doc)[prefix.start() : m.end()])
            numbers.append(span)
    for m in PROPOSAL_NUMBER.finditer(text):
        group = "no" if m.group("no") else "short"
        span = _char_span(doc, m.start(group), m.end(group), "PROPOSAL_NUMBER")
        if span is not None:
            span._.normalised = m.group(group)
            proposals.append(span)
    for m in TITLE.finditer(doc_text(doc)):
        span = _char_span(doc, m.start("title"), m.end("title"), "TITLE")
        if span is not None:
            span._.normalised = m.group("title")
            titles.append(span)
    doc.spans["doc_numbers"], doc.spans["proposal_numbers"] = numbers, proposals
    doc.spans["titles"] = titles
    return doc


PIPELINE = (
    "policykg_sentences",
    "policykg_agencies",
    "policykg_bodies",
    "policykg_quantities",
    "policykg_dates",
    "policykg_references",
)


@lru_cache(maxsize=4)
def build_nlp(gazetteer: str = DEFAULT_GAZETTEER) -> Language:
    """The pipeline, built once per process: ``spacy.blank("zh")`` and the components above."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    for name in PIPELINE:
        config = {"gazetteer": gazetteer} if name == "policykg_agencies" else {}
        nlp.add_pipe(name, config=config)
    return nlp


def analyse(
    text: str,
    *,
    source_file: str,
    city: str | None,
    letter_date: str | None,
    issuer: str | None,
    gazetteer: str = DEFAULT_GAZETTEER,
    place: Place | None = None,
) -> Doc:
    """Run the pipeline on one letter with its context set on the Doc first."""
    nlp = build_nlp(gazetteer)
    doc = nlp.make_doc(text)
    doc.user_data["policykg_text"] = text
    doc._.source_file, doc._.city, doc._.letter_date, doc._.issuer = (
        source_file,
        city,
        letter_date,
        issuer,
    )
    doc._.place = place
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
