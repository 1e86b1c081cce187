"""Bodies anywhere in China, named the way letters name them, resolved against the letter's place.

The gazetteer (``data/agencies.toml``) knows a few bodies by name. Everything else is found by
the naming patterns of the genre and resolved against the letter's :class:`~places.Place`:

* a level word and a short name: 县财政局, 区文旅局, 市交通委, 省农业厅, 市政府督查室;
* a division and a body: 宁都县交通运输局, 赣州市章贡区人民政府;
* the People's Congress and CPPCC of a session: 县第十八届人大一次会议 -> X县人民代表大会,
  区政协十五届五次会议 -> 政协X区委员会; party committees (县委 -> 中共X县委员会);
* townships, streets and villages: X镇政府 -> …X镇人民政府, X街道 -> …人民政府X街道办事处,
  X村委会 -> X村民委员会;
* the central government's bodies (国务院, 公安部 -> 中华人民共和国…), banks and companies.

Vocabulary is in ``data/bodies.toml``; the division list comes from :mod:`places`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from policykg.extract.places import Division, Divisions, Place, divisions

HAN = r"\u4e00-\u9fa5"
_NUM = "一二三四五六七八九十〇0123456789"
# Characters a township's name does not hold: 已完成X镇, 届时移交X镇.
_NOT_IN_PLACE_CHARS = (
    "已成了于即并均都也又还再各该其所时交给到移办协调请经报则府属纳入进行组织在对将为使让由把是"
)
_NOT_IN_PLACE_NAME = set(_NOT_IN_PLACE_CHARS)
_BOUNDARY = set(
    '，,。；;：:、（）()“”"《》 \t\n\u3000由与和同向对经被的及以为在是将会把从至归给请到'
)


class BodyWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    suffixes: tuple[str, ...] = Field(min_length=1)
    departments: tuple[str, ...] = Field(description="departments a letter names bare")
    not_before_level: dict[str, str]
    not_in_name: tuple[str, ...]
    generic_companies: tuple[str, ...]


class BodyVocabulary(BaseModel):
    """The words of ``data/bodies.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    abbreviations: dict[str, str]
    national: tuple[str, ...] = Field(min_length=1)
    national_short: dict[str, str]
    congress_committees: dict[str, str]
    inner_abbreviations: dict[str, str] = Field(
        default_factory=dict, description="short words inside a longer name (交警 -> 交通警察)"
    )
    banks: dict[str, str]
    words: BodyWords


@lru_cache(maxsize=1)
def load_body_vocabulary() -> BodyVocabulary:
    raw = resources.files("policykg.extract").joinpath("data/bodies.toml").read_bytes()
    return BodyVocabulary.model_validate(tomllib.loads(raw.decode("utf-8")))


@dataclass(frozen=True)
class FoundBody:
    start: int
    end: int
    canonical: str
    level: str  # national, provincial, city, district, organization


def _alt(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


class BodyFinder:
    """Compiled patterns (immutable; shared by every letter)."""

    def __init__(
        self, vocabulary: BodyVocabulary | None = None, division_list: Divisions | None = None
    ) -> None:
        self.v = v = vocabulary or load_body_vocabulary()
        self.d = division_list or divisions()
        suffix = _alt(v.words.suffixes)
        shorts = _alt(v.abbreviations)
        self._level = re.compile(
            rf"(?P<level>[省市区县州])(?P<name>(?:{shorts})(?:{suffix})?|[{HAN}]{{1,12}}?(?:{suffix}))"
            rf"(?![{HAN}]?[长员]|[会伍托])"
        )
        self._after_division = re.compile(
            rf"(?P<name>(?:{shorts})(?:{suffix})?|[{HAN}]{{0,12}}?(?:{suffix}))(?![长员会伍托])"
        )
        self._session = re.compile(
            rf"(?P<level>[省市区县州])?(?:第?[{_NUM}]+届)?(?P<kind>人大|政协)(?:第?[{_NUM}]+届)?"
            rf"(?:委员会)?第?[{_NUM}]+次(?:全体)?会议"
        )
        # 政协红河州十三届一次会议 / 周村区第十八届人民代表大会: the place inside the name
        self._placed_session = re.compile(
            rf"(?P<cppcc>政协)(?P<geo>[{HAN}]{{2,12}}?)第?[{_NUM}]+届(?:委员会)?(?:第?[{_NUM}]+次)?"
            rf"|(?P<geo2>[{HAN}]{{2,12}}?)第[{_NUM}]+届人民代表大会(?!常务)"
        )
        # The formal forms: 政协X第十六届委员会第四次会议, X第十三届人民代表大会第二次会议
        self._formal_session = re.compile(
            rf"第[{_NUM}]+届(?P<body>委员会|人民代表大会)(?:常务委员会)?第[{_NUM}]+次(?:全体)?会议"
        )
        self._congress = re.compile(
            rf"(?P<level>[省市区县州])(?P<kind>人大常委会|人大|政协)(?P<office>办公室|办)?"
            rf"(?P<committee>{_alt(v.congress_committees)})?(?![代会])"
        )
        self._bare = re.compile(rf"(?P<name>{_alt(v.words.departments)})")
        # 市委市政府 written as one word is the leadership in general, not a body at work.
        self._party = re.compile(
            r"(?P<level>[省市区县州])委(?![员会托办省市区县])"
            r"(?P<gov>、(?:[省市区县州])?政府)?"
        )
        self._national = re.compile(
            rf"(?P<name>{_alt((*v.national, *v.national_short))})(?P<office>办公厅)?(?!门)"
        )
        self._bank = re.compile(rf"(?P<cn>中国)?(?P<name>{_alt(v.banks)})")
        self._township = re.compile(
            r"(?P<kind>镇人民政府|乡人民政府|镇政府|乡政府|街道办事处|街道|村委会|"
            r"村民委员会)"
        )
        self._company = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)")
        self._not_in_name = re.compile(_alt(v.words.not_in_name))

    # -- the letter ---------------------------------------------------------------------------

    def find(self, text: str, place: Place | None) -> list[FoundBody]:
        self._province = place.province.code[:2] if place and place.province else None
        found: list[FoundBody] = []
        found += self._divisions(text, place)
        found += self._sessions(text, place)
        if place is not None:
            found += self._level_words(text, place)
            found += self._townships(text, place)
        found += self._nationals(text)
        found += self._banks_and_companies(text)
        # A body named inside a document's title (《X市Y中心建设实施方案》) is not at work here.
        titles = [m.span() for m in re.finditer(r"《[^《》\n]{1,120}》", text)]
        found = [f for f in found if not any(a < f.start and f.end < b for a, b in titles)]
        return _without_overlaps(found)

    def _divisions(self, text: str, place: Place | None) -> list[FoundBody]:
        out = []
        for m in self.d.full_names.finditer(text):
            chain = self.d.place_of(text[m.start() : m.start() + 30])
            if chain is None or not self._near(chain[0].division):
                continue
            p, length = chain
            end = m.start() + length
            body = self._after_division.match(text, end)
            if body is None or self._not_in_name.search(body.group("name")):
                continue
            name = self._expand(body.group("name"))
            if name == "委":
                if re.match(r"[省市区县]?政府", text[body.end() : body.end() + 3]):
                    continue  # X市委市政府: the leadership in general
                out.append(
                    FoundBody(
                        m.start(),
                        body.end(),
                        f"中共{self.d.written(p.division)}委员会",
                        _level_of(p),
                    )
                )
                continue
            if _not_a_body(text, body.end(), name):
                continue
            after = body.end()
            office = _OFFICE_AFTER_GOVERNMENT.match(text, after) if name == "人民政府" else None
            sub = _SUB_UNIT.match(text, after) if name.endswith(("公安局", "公安厅")) else None
            if office:  # 赣州市章贡区人民政府赣江街道办事处: the street office, not the government
                name, end_at = name + office.group(), office.end()
            elif sub:  # 宜昌市公安局交通警察支队: the unit, not the bureau
                name, end_at = self._expand(name + sub.group()), sub.end()
            else:
                end_at = body.end()
            if name.endswith("街道办事处") and not name.startswith("人民政府"):
                name = "人民政府" + name  # a street office is the district government's
            out.append(
                FoundBody(m.start(), end_at, self.d.written(p.division) + name, _level_of(p))
            )
        return out

    def _level_words(self, text: str, place: Place) -> list[FoundBody]:
        out = []
        for m in self._level.finditer(text):
            level, name = m.group("level"), m.group("name")
            if (
                self._bad_level(text, m.start(), level)
                or self._not_in_name.search(name)
                or name.startswith(("政协", "人大", "级"))
                or (level == "市" and name.startswith("场"))
            ):
                continue  # 区级医院: 区级 is an adjective; 市场开办者: a market, not a body
            if (
                name not in self.v.abbreviations
                and not any(name.startswith(a) for a in self.v.abbreviations)
                and len(_strip_suffix(name, self.v.words.suffixes)) < 2
            ):
                continue  # 区管院: too short to name a body
            prefix = place.for_level(level)
            if (
                prefix is None
                or _not_a_body(text, m.end(), name)
                or (name.startswith("政府") and text[m.start() - 1 : m.start()] == "委")
            ):
                continue
            end = m.end()
            sub = (
                _SUB_UNIT.match(text, end) if name.endswith(("公安局", "公安厅", "分局")) else None
            )
            if sub:  # 市公安局交警支队: the unit, not the bureau
                name, end = name + sub.group(), sub.end()
            canonical = prefix + self._expand(name)
            if level == "区" and name.startswith("公安分局") and place.prefecture is not None:
                # 区公安分局 is the prefecture's bureau's branch: X市公安局Y分局
                canonical = (
                    f"{place.prefecture.name}公安局{place.division.short}分局"
                    + self._expand(name[len("公安分局") :])
                )
            out.append(FoundBody(m.start(), end, canonical, _word_level(level)))
        for m in self._party.finditer(text):
            prefix = place.for_level(m.group("level"))
            if prefix is None or self._bad_level(text, m.start(), m.group("level")):
                continue
            out.append(
                FoundBody(
                    m.start(), m.start() + 2, f"中共{prefix}委员会", _word_level(m.group("level"))
                )
            )
            if m.group("gov"):
                out.append(
                    FoundBody(
                        m.end("gov") - 2,
                        m.end("gov"),
                        f"{prefix}人民政府",
                        _word_level(m.group("level")),
                    )
                )
        for m in self._congress.finditer(text):
            prefix = place.for_level(m.group("level"))
            if prefix is None or self._bad_level(text, m.start(), m.group("level")):
                continue
            name = self._congress_name(m.group("kind"), prefix, bool(m.group("office")))
            if m.group("committee"):
                name = name.removesuffix("常务委员会") if m.group("kind") == "人大" else name
                name += self.v.congress_committees[m.group("committee")]
            out.append(FoundBody(m.start(), m.end(), name, _word_level(m.group("level"))))
        for m in self._bare.finditer(text):
            if m.start() and (text[m.start() - 1] not in _BOUNDARY or text[m.start() - 1] == "和"):
                continue
            out.append(
                FoundBody(
                    m.start(),
                    m.end(),
                    place.prefix() + self._expand(m.group("name")),
                    _level_of(place),
                )
            )
        return out

    def _sessions(self, text: str, place: Place | None) -> list[FoundBody]:
        """The body of a session: 县第十八届人大一次会议, 区政协十五届五次会议, 政协十三届…"""
        out = []
        for m in self._around(_SESSION_WORD, self._placed_session, text, 16, 16):
            found = self._chain_ending(m.group("geo") or m.group("geo2"))
            if found is None:
                continue
            chain, _ = found
            prefix: str | None = self.d.written(chain.division)
            name = f"政协{prefix}委员会" if m.group("cppcc") else f"{prefix}人民代表大会"
            out.append(FoundBody(m.end() - len(m.group()), m.end(), name, _level_of(chain)))
        for m in self._formal_session.finditer(text):
            before = text[max(0, m.start() - 18) : m.start()]
            found = self._chain_ending(before)
            if found is None:
                continue
            chain, n = found
            cppcc = before[:-n].endswith("政协")
            if cppcc != (m.group("body") == "委员会"):
                continue
            prefix = self.d.written(chain.division)
            name = f"政协{prefix}委员会" if cppcc else f"{prefix}人民代表大会"
            start = m.start() - n - (2 if cppcc else 0)
            out.append(FoundBody(start, m.end(), name, _level_of(chain)))
        for m in self._around(_CONGRESS_WORD, self._session, text, 12, 26):
            found = self._chain_ending(text[max(0, m.start() - 12) : m.start()])
            if found is not None:  # a division written just before it
                chain, n = found
                prefix, start = self.d.written(chain.division), m.start() - n
                level = _level_of(chain)
            elif m.group("level") and place is not None:
                prefix, start = place.for_level(m.group("level")), m.start()
                level = _word_level(m.group("level"))
            elif place is not None:
                prefix, start, level = place.prefix(), m.start(), _level_of(place)
            else:
                continue
            if prefix:
                out.append(
                    FoundBody(start, m.end(), self._congress_name(m.group("kind"), prefix), level)
                )
        return out

    @staticmethod
    def _around(
        anchor: re.Pattern[str], pattern: re.Pattern[str], text: str, before: int, after: int
    ) -> list[re.Match[str]]:
        """``pattern``'s matches holding an ``anchor`` match, looked for only around it (a
        pattern whose opening is optional would otherwise be tried at every character)."""
        out: list[re.Match[str]] = []
        last_end = 0
        for hit in anchor.finditer(text):
            if hit.start() < last_end:
                continue
            m = pattern.search(text, max(last_end, hit.start() - before), hit.start() + after)
            if m is not None and m.start() <= hit.start() < m.end():
                out.append(m)
                last_end = m.end()
        return out

    def _chain_ending(self, words: str) -> tuple[Place, int] | None:
        """The chain of divisions that ends ``words`` (…在赣州市章贡区) and its length."""
        for n in range(len(words), 1, -1):
            got = self.d.place_of(words[-n:])
            if got is not None and got[1] == n:
                return got[0], n
        return None

    @staticmethod
    def _congress_name(kind: str, prefix: str, office: bool = False) -> str:
        if kind == "政协":
            return f"政协{prefix}委员会" + ("办公室" if office else "")
        body = "人民代表大会常务委员会" if kind == "人大常委会" else "人民代表大会"
        return prefix + body + ("办公室" if office else "")

    def _townships(self, text: str, place: Place) -> list[FoundBody]:
        out = []
        prefix = place.prefix()
        for m in self._township.finditer(text):
            name_start = _name_start(text, m.start(), 5)
            name = text[name_start : m.start()]
            kind = m.group("kind")
            if (
                kind in ("街道", "街道办事处")
                and text.startswith(("办事处",), m.end()) is False
                and kind == "街道"
                and text[m.end() : m.end() + 1] in ("口", "路", "两", "的")
            ):
                continue
            if len(name) < 2 or name in ("属地", "所在", "相关", "各", "辖区", "有关"):
                continue
            if kind.startswith("村"):
                canonical = f"{name}村民委员会"
            elif kind in ("街道", "街道办事处"):
                canonical = f"{prefix}人民政府{name}街道办事处"
            else:
                canonical = f"{prefix}{name}{kind[0]}人民政府"
            out.append(FoundBody(name_start, m.end(), canonical, "district"))
        return out

    def _nationals(self, text: str) -> list[FoundBody]:
        out = []
        for m in self._national.finditer(text):
            if m.start() > 0 and text[m.start() - 1] in "省市区县州":
                continue
            name = self.v.national_short.get(m.group("name"), m.group("name"))
            if not name.startswith("中国"):
                name = "中华人民共和国" + name
            out.append(FoundBody(m.start(), m.end(), name + (m.group("office") or ""), "national"))
        return out

    def _banks_and_companies(self, text: str) -> list[FoundBody]:
        out = []
        for m in self._bank.finditer(text):
            out.append(FoundBody(m.start(), m.end(), self.v.banks[m.group("name")], "organization"))
        for m in self._company.finditer(text):
            start = _name_start(text, m.start(), 16, inner=False)
            division = self.d.full_names.search(text, start, m.start())
            if division is not None:  # 督促延吉市城市供热有限公司: the name starts at its place
                start = division.start()
            core = text[start : m.start()]
            if len(core) < 2 or core.endswith(self.v.words.generic_companies):
                continue
            out.append(FoundBody(start, m.end(), text[start : m.end()], "organization"))
        return out

    # -- helpers ------------------------------------------------------------------------------

    def _bad_level(self, text: str, at: int, level: str) -> bool:
        """The level word belongs to a word before it (城市, 社区) or to a division (X市)."""
        before = text[at - 1 : at] if at else ""
        if before and before in self.v.words.not_before_level.get(level, ""):
            return True
        head = text[max(0, at - 8) : at + 1]
        return any(head.endswith(n) and len(n) > 1 for n in self._division_tail(head))

    def _division_tail(self, head: str) -> list[str]:
        return [
            head[-n:]
            for n in range(2, len(head) + 1)
            if head[-n:] in self.d.by_name and any(self._near(d) for d in self.d.by_name[head[-n:]])
        ]

    def _near(self, d: Division) -> bool:
        """A county written in a letter from another province is most likely a word that
        happens to spell one (会同县财政局 is 会同 + 县财政局 in a letter from Jiangxi)."""
        province = getattr(self, "_province", None)
        return d.level != "county" or province is None or d.code[:2] == province

    def _expand(self, name: str) -> str:
        """区文旅局 -> 文化和旅游局; 政府督查室 -> 人民政府督查室; 公安局交警支队 ->
        公安局交通警察支队."""
        if name in self.v.abbreviations:
            return self.v.abbreviations[name]
        for short in self.v.inner_abbreviations:
            if short in name:
                name = name.replace(short, self.v.inner_abbreviations[short])
        for short in sorted(self.v.abbreviations, key=len, reverse=True):
            if name.startswith(short) and len(name) > len(short):
                rest = name[len(short) :]
                if rest in self.v.words.suffixes or rest in self.v.abbreviations:
                    return self.v.abbreviations[short] + rest
        return name


# Words a body's name can end in by accident: 布局, 格局, 梯队, 大力推进…
_FALSE_END = re.compile(
    r"(?:(?<!财)(?<!行)[布格结大全当僵开终出]局|梯队|推进|大力|加强|开展|积极)$"
)
_FALSE_AFTER = re.compile(r"法|伍|长|员")


# A body's name inside a document's name (X市政府知识产权合作框架协议) names no body at work.
_IN_DOCUMENT_NAME = re.compile(r"[\u4e00-\u9fa5]{0,8}?(?:合作框架|框架协议|协议|备忘录|规章|令第)")


# What may not follow a suffix for it to end a body's name: 办学, 办理, 局长, 委员, 队伍 …
_NOT_AFTER_SUFFIX = {
    "办": "学理事好法结实成",
    "局": "长势面限",
    "委": "员会托",
    "队": "伍员长",
    "处": "理置长罚",
    "所": "有以在谓属长",
    "站": "长立",
    "院": "长校子落",
    "厅": "长",
    "心": "得愿学小医卫幼校",
}


def _not_a_body(text: str, end: int, name: str) -> bool:
    if _FALSE_AFTER.match(text, end):  # 管理办法, 队伍: the suffix is part of a longer word
        return True
    if name and text[end : end + 1] and text[end] in _NOT_AFTER_SUFFIX.get(name[-1], ""):
        return True
    if _IN_DOCUMENT_NAME.match(text, end):
        return True
    return bool(_FALSE_END.search(name)) or any(
        w in name for w in ("推进", "大力", "加强", "开展", "积极", "进一步")
    )


_OFFICE_AFTER_GOVERNMENT = re.compile(rf"[^\W\d_{_NOT_IN_PLACE_CHARS}]{{2,6}}?街道办事处")
_CONGRESS_WORD = re.compile("人大|政协")
_SESSION_WORD = re.compile("届")
_SUB_UNIT = re.compile(r"(?:交警|交通警察|交管|交通管理|治安|巡警|刑警)(?:支队|大队|中队|局)")


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in sorted(suffixes, key=len, reverse=True):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _name_start(text: str, end: int, longest: int, inner: bool = True) -> int:
    """Where a name ending at ``end`` starts: back to a boundary, at most ``longest`` chars;
    a township's or village's name (``inner``) also stops at a word that cannot be in it."""
    start = end
    stops = _BOUNDARY | _NOT_IN_PLACE_NAME if inner else _BOUNDARY
    while (
        start > 0
        and end - start < longest
        and text[start - 1] not in stops
        and "\u4e00" <= text[start - 1] <= "\u9fa5"
    ):
        start -= 1
    if inner:  # X镇Y村委会: a township's name ends the village's run
        cut = max(text.rfind(c, start, end) for c in "镇乡县区")
        if cut >= start and end - cut - 1 >= 2:
            start = cut + 1
    return start


def _level_of(p: Place) -> str:
    return {"province": "provincial", "prefecture": "city", "county": "district"}[p.level]


def _word_level(level: str) -> str:
    return {"省": "provincial", "市": "city", "州": "city"}.get(level, "district")


def _without_overlaps(found: list[FoundBody]) -> list[FoundBody]:
    """Longest first; a span overlapping a longer one is dropped."""
    kept: list[FoundBody] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


@lru_cache(maxsize=1)
def body_finder() -> BodyFinder:
    return BodyFinder()
