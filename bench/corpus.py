"""A seeded, deterministic corpus of synthetic reply letters, each with its ground truth.

    python -m bench.corpus N OUTDIR --seed S

writes ``OUTDIR/letters/NNNNN.txt`` and ``OUTDIR/gold/NNNNN.json`` (the gold format of
/work/shared/gold/README.md and /work/shared/devset/README.md: ``document``, ``proposal``,
``agencies``, ``measures``, ``amounts``, ``years``; ``source`` is relative to OUTDIR), plus
``OUTDIR/gold/links.json`` (the lineage truth, in the format ``policykg eval`` reads),
``OUTDIR/gold/agency_succession.toml`` (the corpus's reorganisations, for ``policykg link
--succession``) and ``OUTDIR/gold/README.md`` (its conventions). Each gold file also has a
``layout`` object naming the variant of every layout choice the letter was written with (not
scored).

Lineage: about 30 % of the letters continue an earlier letter — one of the 400 before it,
chosen from ``(seed, i)`` and regenerated from its own ``(seed, j)`` — of the same place and
policy area, answered by the same body or its successor, one to three years later: they report
on one or two of its measures in other words (将增设公共厕所2座 → 已建成公共厕所2座,
公厕2座已建成并投入使用, …工作推迟至2021年实施, 原计划…的…，因…暂缓实施), often in
another status. About 12 % more are look-alikes: the same place, body and area some years
after an earlier letter, on none of its subjects. Bodies carry the names they had before the
2018–2019 reorganisations (国土资源局 → 自然资源局, 文化广电新闻出版局 and 旅游局 → 文化和旅游局,
农业局 → 农业农村局, 卫生和计划生育局 → 卫生健康局 …; ``vocab.RENAMES``) in letters before them.

Independence: the generator reads nothing of the extractor (no import of ``policykg``, no file
under ``extract/``) and copies no letter. Its vocabulary is its own (``bench/vocab.py``:
a few real divisions with their hierarchy and generic townships in them, the ordinary bodies
of each level of government and the short forms letters write for them, policy areas,
measures as verb–object clauses).

Where the layouts come from: they are the project's own writing, modelled on the conventions of
the genre as replies to People's Congress suggestions (建议) and CPPCC proposals (提案) are
published on government websites, county to province:

- titles: ``X关于…第N号提案的答复`` (or ``…的答复函``), ``对…第N号建议的答复``,
  ``X关于…第N号建议办理情况(B)的函``, ``X对…第N号代表建议的会办意见/协办意见`` (a
  co-handler writing to the lead unit), a subject title ``关于…的提案的答复（县X局）``, a red-head
  ``X文件`` line with the document number, titles broken over two lines (``…的`` / ``答  复``),
  and pages with no header at all (they start at the salutation);
- salutations ``尊敬的X委员：``, ``X代表：``, ``X委员：您好！``, an organisation that proposed
  (``民盟X委员会：``) or the lead unit (``县交通运输局：``) for a co-handling opinion;
- acknowledgements ``您提出的《…》（第N号）收悉``, ``您提出的关于…的提案收悉``,
  ``您在…会议上提出的《…》收悉``, ``…收悉，已交我局研究办理，现答复如下``, ``X代表提出的关于“…”的
  代表建议收悉，现将会办意见函告如下``, with or without the co-handlers (``经商…``,
  ``结合…的会办意见``);
- a body of background, statistics and praise (``高度重视``), then measures (done, under way,
  planned, declined — often a decline followed by a planned step, and sentences holding both a
  done and a planned step), under numbered sections, ``（一）`` items, ``一是…二是…`` lists or
  none; thanks and a closing;
- a signature block (agency and date: ``2022年7月15日``, ``二〇二二年七月十五日``,
  ``二0一0年七月二十八日`` with an ASCII zero), contact lines, ``抄送：``/``报：`` lines and
  ``主题词``;
- the evaluation class in each marker form: ``类别：B``, ``…号B类``, ``（B类）``, ``办理情况(B)``,
  ``办理结果：(C)``, ``_A_类``;
- page metadata before the letter (``索引号``, ``发布机构``, ``成文日期``, ``文号``, ``发布日期``;
  on separate lines or run together on one) or a ``来源/作者/发布日期/点击数`` line after the
  title, and page furniture (``【字号：大 中 小】``, ``上一篇/下一篇``, ``责任编辑``, ``分享到``,
  ``扫一扫在手机打开当前页``, ``【打印】【关闭】``);
- pages cut off mid-sentence, ending in U+FFFD (the gold keeps only what survives);
- full-width punctuation, or the ASCII ``,`` ``:`` ``()`` ``;`` of many saved pages;
- amounts in yuan (万/亿), km, m, m2, 亩, 公顷, percent and counts with their measure word, in
  Arabic or Chinese numerals (四个路口), with 近/余.

Letter ``i`` depends only on ``(seed, i)``, so a corpus of N letters is the first N letters of
any larger one.
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import random
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bench import vocab as V

# Bumped when the generator writes different letters for the same (seed, i): caches of generated
# corpora (bench/common.py, bench/run.py) are kept per version.
CORPUS_VERSION = 5

CN_DIGITS = "〇一二三四五六七八九"
STATUSES = ("done", "in_progress", "planned", "declined")
LEVEL_CHAR = {"province": "省", "city": "市", "county": "县", "district": "区"}

# Every layout choice and its variants; each gold file's ``layout`` names the ones it used.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "level": ("province", "city", "county", "district", "town"),
    "title": ("reply", "reply_letter", "dui", "banli", "cohandle", "topic", "none"),
    "title_break": ("no", "yes"),
    "redhead": ("no", "yes"),
    "salutation": ("respected", "plain", "greeting", "org", "unit"),
    "ack": ("quoted_number", "quoted", "runin", "session", "assigned", "marks", "cohandle"),
    "co_handlers": ("no", "jingshang", "huiban"),
    "body": ("plain", "sections", "items"),
    "date": ("arabic", "cn_ling", "cn_zero", "none"),
    "class_marker": ("none", "leibie", "lei", "paren_lei", "banli", "jieguo", "underscore"),
    "metadata": ("none", "lines", "one_line", "source_line"),
    "furniture": ("none", "nav", "full"),
    "contact": ("none", "paren", "line", "unit"),
    "cc": ("none", "chaosong", "bao"),
    "cut": ("no", "yes"),
    "punct": ("full", "half"),
    "encoding": ("utf-8", "gb18030"),
}

HALF = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";", "！": "!", "？": "?"})


def cn_small(n: int) -> str:
    """0..99 in Chinese numerals: 十三, 二十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones] if ones else "〇"
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])


def cn_date(y: int, m: int, d: int, zero: str = "〇") -> str:
    """二〇二二年七月十五日 (or with ``zero`` for 〇: 二0一0年七月二十八日)."""
    year = "".join(CN_DIGITS[int(c)] for c in str(y)).replace("〇", zero)
    return f"{year}年{cn_small(m)}月{cn_small(d)}日"


def cn_count(n: int, unit: str) -> str:
    """A count in Chinese numerals before its measure word: 两个, 四座, 十二户."""
    return ("两" if n == 2 and unit != "届" else cn_small(n)) + unit


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --- ground truth -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    canonical: str
    shorts: tuple[str, ...] = ()  # forms a letter may write instead of the canonical name
    self_ref: str = ""  # 我局, 我委, 我县 …
    docabbr: str = ""
    level: str = ""  # province/city/county/district/town, "" for the rest


@dataclass
class Amount:
    text: str
    value: int | float
    unit: str
    line: int = -1
    start: int = -1  # offset in the final text


@dataclass
class Measure:
    key: str
    match_any: list[str]
    status: str
    owner: Org | None
    year: int | None
    amounts: list[Amount]
    long: str  # the anchoring phrase (kept only when it survives a cut)
    line: int = -1
    end: int = -1
    verb: str = ""  # the action's verb and its object as written (for a later letter)
    obj: str = ""
    action: V.Action | None = None
    continues: Measure | None = None  # the earlier letter's measure this one reports on
    gold_key: str = ""  # the key as the gold file writes it


@dataclass
class Clause:
    text: str
    measure: Measure


# --- lineage across letters --------------------------------------------------------------------

LINEAGE_SHARE = 0.30  # letters that report on measures of an earlier letter
LOOKALIKE_SHARE = 0.12  # letters of an earlier letter's place, body and area, on other things
LAST_YEAR = 2025
PARENT_WINDOW = 400  # an earlier letter is one of the 400 before (so none has dozens of heirs)
# What an earlier measure has become when a later letter reports on it: (statuses, weights).
NEXT_STATUS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "planned": (("done", "in_progress", "planned", "declined"), (55, 30, 10, 5)),
    "in_progress": (("done", "in_progress"), (70, 30)),
    "done": (("done",), (1,)),
    "declined": (("planned", "done"), (60, 40)),
}
BUILD_VERBS = frozenset(
    ("增设", "新建", "建设", "实施", "硬化", "改造", "铺设", "修缮", "疏浚", "加固", "新增", "设置")
)


def rename_table(level: str) -> str:
    """The key of ``V.RENAMES`` for a level's bodies."""
    return {"province": "province", "city": "city"}.get(level, "county")


def plan_lineage(seed: int, index: int) -> tuple[LetterWriter | None, list[Measure], int]:
    """Whether letter ``index`` continues an earlier letter, from ``(seed, index)`` alone: the
    earlier letter (regenerated from its own seed and index), the measures of it this one
    reports on (none for a look-alike) and how many years later it is written."""
    r = random.Random(f"policykg-lineage:{seed}:{index}")
    p = r.random()
    if index == 0 or p >= LINEAGE_SHARE + LOOKALIKE_SHARE:
        return None, [], 0
    for _ in range(3):
        parent = written(seed, r.randrange(max(0, index - PARENT_WINDOW), index))
        if parent.year >= LAST_YEAR or parent.gold["document"]["date"] is None:
            continue
        years_on = r.randint(1, min(3, LAST_YEAR - parent.year))
        rename = V.RENAMES[rename_table(parent.body_level)].get(parent.issuer_key)
        if rename and 0 < rename.year - parent.year <= 3 and r.random() < 0.7:
            years_on = r.randint(rename.year - parent.year, 3)  # after the reorganisation
        if p >= LINEAGE_SHARE:
            return parent, [], years_on
        open_ = [m for m in parent.kept if continuable(parent, m)]
        if open_:
            k = min(len(open_), r.choices((1, 2), (65, 35))[0])
            return parent, r.sample(open_, k), years_on
    return None, [], 0


def continuable(writer: LetterWriter, m: Measure) -> bool:
    """A measure of the letter's own area (no follow-up or referral) with something specific
    to follow: an amount, or a village, road or township of the place."""
    if m.action is None or m.action not in writer.area.actions or m.continues is not None:
        return False
    k = writer.county
    return bool(m.amounts) or any(w in m.obj for w in (*k.villages, *k.roads, *k.towns))


@functools.lru_cache(maxsize=2048)
def written(seed: int, index: int) -> LetterWriter:
    """Letter ``index`` written (cached: later letters regenerate the ones they continue)."""
    writer = LetterWriter(seed, index)
    writer.text, writer.gold = writer.write()
    # one letter in 20 arrives as GB18030 with CRLF line ends
    writer.gold["layout"]["encoding"] = "gb18030" if index % 20 == 7 else "utf-8"
    return writer


def letter_name(index: int) -> str:
    return f"{index:05d}"


def lineage_links(writer: LetterWriter) -> list[dict]:
    """The truth pairs of one letter: each of its measures that reports on an earlier one."""
    parent = writer.parent
    out = []
    for m in writer.kept:
        if m.continues is None or parent is None:
            continue
        renamed = parent.issuer.canonical != writer.issuer.canonical  # across a reorganisation
        who = (
            f"{parent.issuer.canonical}, renamed {writer.issuer.canonical},"
            if renamed
            else writer.issuer.canonical
        )
        out.append(
            {
                "later": m.gold_key,
                "earlier": m.continues.gold_key,
                "why": f"{who} reports in {writer.year} on its {parent.year} measure "
                f"({m.continues.status} -> {m.status})",
                "later_letter": f"letters/{letter_name(writer.index)}.txt",
                "earlier_letter": f"letters/{letter_name(parent.index)}.txt",
            }
        )
    return out


def succession() -> list[dict]:
    """Every reorganisation of the corpus's places (V.RENAMES), earliest first."""
    out = []
    for p in V.PROVINCES:
        places = [("province", f"{p.name}省")]
        for c in p.prefectures:
            places.append(("city", f"{c.name}市"))
            places += [
                ("county", f"{c.name}市{k.full}" if k.kind == "区" else k.full) for k in c.counties
            ]
        for table, place in places:
            bodies = {"province": V.PROVINCE_BODIES, "city": V.CITY_BODIES}.get(
                table, V.COUNTY_BODIES
            )
            for key, rename in V.RENAMES[table].items():
                for before in rename.before:
                    out.append(
                        {
                            "earlier": place + before.full,
                            "later": place + bodies[key].full,
                            "date": f"{rename.year}-{rename.month:02d}",
                        }
                    )
    return sorted(out, key=lambda e: (e["date"], e["later"], e["earlier"]))


SUCCESSION_SOURCE = (
    "Synthetic corpus (bench/vocab.py RENAMES): modelled on the 2018 provincial "
    "and 2019 city and county institutional reforms; the month is the corpus's "
    "own, not a fact about this place."
)


def succession_toml() -> str:
    """The reorganisations in the format of graph/data/agency_succession.toml."""
    lines = [
        "# Reorganisations of the synthetic corpus's agencies (bench/corpus.py), for",
        "# `policykg link --succession` and the lineage benchmark.",
        "",
    ]
    for e in succession():
        lines += [
            "[[reorganisation]]",
            f'earlier = "{e["earlier"]}"',
            f'later = "{e["later"]}"',
            f'date = "{e["date"]}"',
            f'source = "{SUCCESSION_SOURCE}"',
            "",
        ]
    return "\n".join(lines)


# --- one letter -------------------------------------------------------------------------------


class LetterWriter:
    """Writes one letter and records, as it writes, everything its gold file says."""

    def __init__(self, seed: int, index: int) -> None:
        self.rng = r = random.Random(f"policykg-corpus:{seed}:{index}")
        self.index = index
        # an earlier letter this one continues (or only resembles), and its measures it reports
        # on; drawn from (seed, index) alone
        self.parent, self.continued, self.years_on = plan_lineage(seed, index)
        self.org_keys: dict[str, str] = {}  # canonical -> body key (transport, town …)
        self.variants: dict[str, int] = {}  # body key -> which predecessor, before a rename
        self.text = ""
        self.gold: dict = {}
        self.lines: list[str] = []
        self.pending_amounts: list[Amount] = []
        self.amounts: list[Amount] = []
        self.measures: list[Measure] = []
        self.forms: dict[str, set[str]] = {}  # canonical -> forms written
        self.orgs: dict[str, Org] = {}
        self.full_written: set[str] = set()
        self.implied: list[tuple[str, str]] = []  # (canonical, text that names it)
        self.layout: dict[str, str] = {}
        self.used_actions: set[tuple[str, str]] = set()
        self.issuer_key = ""  # the issuer's body key, known once the issuer is chosen

        # place and level
        self.level = self.pick("level", (10, 18, 30, 26, 16))
        want = (
            ("区",)
            if self.level == "district" or (self.level == "town" and r.random() < 0.4)
            else ("县", "市")
        )
        places = [
            (p, c, k)
            for p in V.PROVINCES
            for c in p.prefectures
            for k in c.counties
            if k.kind in want
        ]
        self.province, self.city, self.county = r.choice(places)
        self.year = r.randint(2010, 2025)
        self.month, self.day = r.randint(3, 12), r.randint(1, 28)
        self.area = r.choice(V.AREAS)
        self.is_suggestion = r.random() < 0.5  # People's Congress 建议, else CPPCC 提案
        self.kind_word = "建议" if self.is_suggestion else "提案"
        self.role = "代表" if self.is_suggestion else "委员"
        parent = self.parent
        if parent is not None:  # the same place and policy area, some years on
            self.level = self.layout["level"] = parent.level
            self.province, self.city, self.county = parent.province, parent.city, parent.county
            self.year = parent.year + self.years_on
            self.area = parent.area
            self.variants = dict(parent.variants)
            self.used_actions |= parent.used_actions  # nothing new repeats the earlier letter

        # who writes: the body level and the places a short form resolves against. A district's
        # bodies are written after its prefecture (赣州市章贡区财政局), a county's or a
        # county-level city's alone (宁都县财政局, 当阳市财政局).
        c, k = self.city.name, self.county
        self.county_prefix = f"{c}市{k.full}" if k.kind == "区" else k.full
        self.body_level = {"province": "province", "city": "city"}.get(
            self.level, "district" if k.kind == "区" else "county"
        )
        self.own_levels = {self.body_level}
        if self.body_level == "district":
            self.own_levels.add("city")  # 市X局 in a 赣州市章贡区 letter is 赣州市X局
        if self.level == "town":
            self.own_levels.add("town")
        self.lvl = self.level_char(self.body_level)  # 县, 区, 市, 省
        self.gov = self.body(self.body_level, "gov")
        self.town = self.town_org()
        if parent is not None:
            self.town = parent.town
            self.org_keys[self.town.canonical] = "town"

    # choices ---------------------------------------------------------------------------------

    def pick(self, name: str, weights: tuple[int, ...] | None = None) -> str:
        value = self.rng.choices(LAYOUTS[name], weights)[0]
        self.layout[name] = value
        return value

    # agencies --------------------------------------------------------------------------------

    def level_char(self, level: str) -> str:
        """The character a short form starts with: 市 for a county-level city's own bodies."""
        if level == "county" and self.county.kind == "市":
            return "市"
        return LEVEL_CHAR[level]

    def prefix(self, level: str) -> str:
        return {
            "province": f"{self.province.name}省",
            "city": f"{self.city.name}市",
            "county": self.county_prefix,
            "district": self.county_prefix,
        }[level]

    def body(self, level: str, key: str) -> Org:
        """The body ``key`` of ``level`` by the name it had in the letter's month."""
        table = {"province": V.PROVINCE_BODIES, "city": V.CITY_BODIES}.get(level, V.COUNTY_BODIES)
        b = table.get(key) or table["gov"]
        rename = V.RENAMES[rename_table(level)].get(key)
        if rename and (self.year, self.month) < (rename.year, rename.month):
            if key not in self.variants:
                self.variants[key] = self.rng.randrange(len(rename.before))
            b = rename.before[self.variants[key]]
        ch = self.level_char(level)
        self_ref = b.self_ref or f"我{ch}"
        org = Org(
            f"{self.prefix(level)}{b.full}",
            tuple(ch + s for s in b.shorts),
            self_ref,
            b.docabbr,
            level,
        )
        self.org_keys.setdefault(org.canonical, key)
        return org

    def town_org(self) -> Org:
        k, r = self.county, self.rng
        if k.kind == "区" or (k.streets and r.random() < 0.2):
            s = r.choice(k.streets)
            org = Org(
                f"{self.county_prefix}人民政府{s}街道办事处",
                (f"{s}街道办事处", f"{s}街道"),
                "我街道",
                "街",
                "town",
            )
        else:
            t = r.choice(k.towns)
            org = Org(
                f"{self.county_prefix}{t}镇人民政府",
                (f"{t}镇政府", f"{t}镇人民政府"),
                "我镇",
                "镇",
                "town",
            )
        self.org_keys[org.canonical] = "town"
        return org

    def helper(self, key: str) -> Org:
        if key == "town":
            return self.town
        return self.body(self.body_level, key)

    def say(self, org: Org, full: bool | None = None) -> str:
        """Write ``org`` by its canonical name or a short form; remember the form."""
        r = self.rng
        short_ok = org.shorts and (
            org.level in self.own_levels or org.canonical in self.full_written
        )
        if org.level == "city" and self.body_level == "county" and self.lvl == "市":
            short_ok = False  # 市X局 in a county-level city's letter is that city's
        if full is None:
            full = not short_ok or r.random() < 0.3
        form = org.canonical if full or not short_ok else r.choice(org.shorts)
        if form == org.canonical:
            self.full_written.add(org.canonical)
        self.forms.setdefault(org.canonical, set()).add(form)
        self.orgs[org.canonical] = org
        return form

    def congress(self) -> tuple[str, str]:
        """The session the proposal was made at, as written, and the body it names."""
        r = self.rng
        level = self.body_level  # a township's proposals come from its county or district
        place = self.prefix(level)
        ch = self.level_char(level)
        term, n = cn_small(r.randint(8, 16)), cn_small(r.randint(1, 5))
        if self.is_suggestion:
            canonical = f"{place}人民代表大会"
            text = (
                f"{place}第{term}届人民代表大会第{n}次会议"
                if r.random() < 0.4
                else f"{ch}{term}届人大{n}次会议"
            )
        else:
            canonical = f"政协{place}委员会"
            text = (
                f"政协{place}第{term}届委员会第{n}次会议"
                if r.random() < 0.4
                else f"{ch}政协{term}届{n}次会议"
            )
        return text, canonical

    # quantities -----------------------------------------------------------------------------

    def amount(self, text: str, value: Decimal | int | float, unit: str) -> str:
        v = value if isinstance(value, int | float) else _number(value)
        self.pending_amounts.append(Amount(text, v, unit))
        return text

    def money(self) -> str:
        r = self.rng
        if r.random() < 0.25:
            x = Decimal(r.choice(("0.8", "1.2", "1.5", "2.4", "3", "5.6", "12")))
            return self.amount(f"{x}亿元", x * 10**8, "CNY")
        x = (
            Decimal(
                r.choice(
                    (
                        "5",
                        "8",
                        "10",
                        "12.5",
                        "20",
                        "30",
                        "45",
                        "51.6",
                        "80",
                        "100",
                        "150",
                        "200",
                        "300",
                        "500",
                        "800",
                        "1000",
                        "1400",
                        "3000",
                    )
                )
            )
            if r.random() < 0.4
            else Decimal(r.randint(6, 2999))
        )  # few letters share a sum
        suffix = "万元" if r.random() < 0.9 else "万"
        return self.amount(f"{x}{suffix}", x * 10000, "CNY")

    def count(self, unit: str, chinese: bool = False) -> str:
        r = self.rng
        if chinese:
            n = r.randint(2, 12)
            return self.amount(cn_count(n, unit), n, unit)
        if unit.startswith("万"):
            x = Decimal(r.choice(("1.2", "3.5", "12.6", "35", "86")))
            return self.amount(f"{x}{unit}", x * 10000, unit[1:])
        big = unit in ("人", "名", "户", "辆") and r.random() < 0.5
        n = r.randint(200, 60000) if big else r.randint(2, 60)
        if n >= 10000 and r.random() < 0.6:
            x = Decimal(n // 1000) / 10
            return self.amount(f"{x.normalize():f}万{unit}", x * 10000, unit)
        q = r.random()
        if q < 0.05:
            return self.amount(f"近{n}{unit}", n, unit)
        if q < 0.1 and n >= 10:
            n = n // 10 * 10
            return self.amount(f"{n}余{unit}", n, unit)
        return self.amount(f"{n}{unit}", n, unit)

    def measure_quantity(self, kind: str) -> str:
        r = self.rng
        if kind == "km":
            x = (
                Decimal(r.choice(("1.2", "2.5", "3.6", "5", "8.4", "12", "15.5", "26")))
                if r.random() < 0.4
                else Decimal(r.randint(11, 300)) / 10
            )
            return self.amount(f"{x}{r.choice(('公里', '公里', '千米'))}", x, "km")
        if kind == "m":
            n = (
                r.choice((80, 150, 260, 320, 500, 850, 1200, 1500))
                if r.random() < 0.4
                else r.randint(6, 190) * 10
            )
            return self.amount(f"{n}米", n, "m")
        if kind == "m2":
            if r.random() < 0.25:
                x = Decimal(r.choice(("1.2", "2", "3.5")))
                return self.amount(f"{x}万平方米", x * 10000, "m2")
            n = (
                r.choice((300, 650, 1200, 2400, 3800, 5000))
                if r.random() < 0.4
                else r.randint(3, 90) * 100
            )
            return self.amount(f"{n}{r.choice(('平方米', '平方米', '平米'))}", n, "m2")
        if kind == "mu":
            if r.random() < 0.25:
                x = Decimal(r.choice(("1.2", "3", "5.6")))
                return self.amount(f"{x}万亩", x * 10000, "mu")
            n = (
                r.choice((50, 120, 300, 800, 1500, 2800, 5000))
                if r.random() < 0.4
                else r.randint(3, 700) * 10
            )
            return self.amount(f"{n}亩", n, "mu")
        if kind == "ha":
            n = r.choice((20, 45, 120, 300)) if r.random() < 0.4 else r.randint(2, 60) * 5
            return self.amount(f"{n}公顷", n, "ha")
        if kind == "pct":
            x = Decimal(r.choice(("85", "90.5", "92", "95", "96.8", "98", "12.5", "8.3", "6")))
            return self.amount(f"{x}{r.choice(('%', '%', '％'))}", x, "percent")
        raise KeyError(kind)  # pragma: no cover

    # filling templates ----------------------------------------------------------------------

    def fill(self, template: str) -> tuple[str, int | None]:
        """Fill ``template``'s placeholders left to right; returns the text and the year a
        placeholder wrote ({next})."""
        r, k = self.rng, self.county
        year: list[int] = []
        prefix = "" if self.level in ("county", "district", "town") else f"{self.county_prefix}"

        def one(m: re.Match) -> str:
            name, arg = m.group(1), m.group(2)
            if name == "money":
                return self.money()
            if name in ("km", "m", "m2", "mu", "ha", "pct"):
                return self.measure_quantity(name)
            if name == "n":
                return self.count(arg)
            if name == "cn":
                return self.count(arg, chinese=True)
            if name == "next":
                year.append(self.year + 1)
                return str(self.year + 1)
            if name == "year":
                return str(self.year - 1)
            if name == "past":
                return str(self.year - r.randint(5, 15))
            if name == "road":
                return r.choice(k.roads)
            if name == "village":
                return prefix + r.choice(k.villages)
            if name == "town":
                return prefix + r.choice(k.towns)
            if name == "level":
                return self.lvl
            if name == "place":
                return self.place_self()
            if name == "field":
                return self.area.field
            raise KeyError(name)  # pragma: no cover

        text = re.sub(r"\{([a-z0-9]+)(?::([^}]+))?\}", one, template)
        return text, (year[0] if year else None)

    def place_self(self) -> str:
        return "我镇" if self.level == "town" and self.town.self_ref == "我镇" else f"我{self.lvl}"

    # dates -----------------------------------------------------------------------------------

    def past(self) -> tuple[str, int]:
        """A date before the letter, as written, and its year."""
        r = self.rng
        y = r.randint(self.year - 3, self.year)
        m = r.randint(1, 12) if y < self.year else r.randint(1, max(1, self.month - 1))
        form = r.random()
        if y == self.year and form < 0.3:
            return (f"今年{m}月" if form < 0.1 else f"{m}月{r.randint(1, 28)}日"), y
        if form < 0.55:
            return f"{y}年{m}月", y
        if form < 0.8:
            return f"{y}年{m}月{r.randint(1, 28)}日", y
        return f"{y}年", y

    # measures --------------------------------------------------------------------------------

    def new_action(self, pool: tuple[V.Action, ...], status: str) -> V.Action | None:
        choices = [
            a
            for a in pool
            if (a.verb, a.obj) not in self.used_actions and (not a.only or status in a.only)
        ]
        if not choices:
            return None
        a = self.rng.choice(choices)
        self.used_actions.add((a.verb, a.obj))
        return a

    def subject(self, status: str) -> tuple[str, Org | None]:
        """Who does it, as written: 我局 / 我们 / the issuer's name / a co-handler / 我县 / none."""
        r = self.rng
        p = r.random()
        if status == "declined":
            p *= 0.6
        if p < 0.34:
            return self.issuer.self_ref, self.issuer
        if p < 0.46:
            return "我们", self.issuer
        if p < 0.56:
            return self.say(self.issuer), self.issuer
        if p < 0.78 and self.helpers:
            h = r.choice(self.helpers)
            return self.say(h), h
        if p < 0.88 and self.issuer is not self.gov and self.level != "town":
            self.orgs[self.gov.canonical] = self.gov
            return self.place_self(), self.gov
        return "", None

    def clause(self, action: V.Action, status: str, subj: str, owner: Org | None) -> Clause:
        """One measure as a clause (no final stop) in ``status``."""
        r = self.rng
        first = len(self.pending_amounts)
        obj, year = self.fill(action.obj)
        target = self.fill(action.target)[0] if action.target else ""
        v, s = action.verb, subj
        t = f"将{target}" if target else ""
        short = f"{v}{obj}"
        form = r.random()
        if status == "done":
            if form < 0.3:
                text = long = f"已{t}{v}{obj}"
                text = s + text
            elif form < 0.5:
                d, year = self.past()
                long = f"已于{d}{t}{v}{obj}"
                text = s + long
            elif form < 0.7 and not t:
                d, year = self.past()
                long = f"{v}了{obj}"
                text = f"{d}，{s}{long}"
                short = obj if len(obj) >= 4 else long
            elif form < 0.82 and not t and v != "完成":
                long = f"{v}{obj}工作已全部完成"
                text = s + long
            else:
                long = f"已{t}{v}{obj}"
                text = f"目前，{s}{long}"
        elif status == "in_progress":
            if form < 0.3:
                long = f"正在{t}{v}{obj}"
                text = s + long
            elif form < 0.5 and not t:
                long = f"正在加快{v}{obj}"
                text = f"目前，{s}{long}"
            elif form < 0.7 and not t:
                long = f"正在有序推进{v}{obj}工作"
                text = s + long
            elif form < 0.85 and not t:
                long = f"继续{v}{obj}"
                text = s + long
            else:
                long = f"正积极{t}{v}{obj}"
                text = s + long
        elif status == "planned":
            if form < 0.3:
                long = f"拟将{target}{v}{obj}" if target else f"将{v}{obj}"
                text = f"下一步，{s}{long}"
            elif form < 0.5 and year is None:
                y = self.year + r.randint(1, 2)
                year = y
                long = f"拟于{y}年{t}{v}{obj}"
                text = s + long
            elif form < 0.65 and year is None:
                y = self.year + 1
                year = y
                long = f"计划{y}年{t}{v}{obj}"
                text = s + long
            elif form < 0.82 and not t:
                cond = r.choice(V.CONDITIONS)
                text = long = f"待{cond}后，{s}将及时{v}{obj}"
            elif v != "争取" and not t:
                long = f"将积极争取{v}{obj}"
                text = s + long
            else:
                long = f"将{t}{v}{obj}" if not target else f"计划将{target}{v}{obj}"
                text = s + long
        else:  # declined
            reason = self.fill(r.choice(self.area.reasons))[0]
            if form < 0.2:
                text = long = f"{v}{obj}的问题，由于{reason}，目前暂不能解决"
                owner = None
            elif form < 0.4 and s:
                long = f"暂无法{t}{v}{obj}"
                text = f"因{reason}，{s}{long}"
            elif form < 0.55 and s:
                text = long = f"{v}{obj}一事，因{reason}，{s}一时难以实施"
            elif form < 0.67:
                long = f"暂不具备{v}{obj}的条件"
                text = f"经现场勘察，{r.choice(('该路段', '该处', '该区域'))}{long}"
                owner = None
            elif form < 0.77 and owner is self.issuer:
                text = long = f"{v}{obj}不属于{self.issuer.self_ref}职责范围"
            elif form < 0.88 and s:
                text = long = f"{v}{obj}的建议，由于{reason}，{s}暂时只能纳入项目库"
            elif s:
                text = long = f"对{v}{obj}的建议，{s}将留作参考"
            else:
                text = long = f"{v}{obj}的问题，由于{reason}，目前暂不能解决"
                owner = None
        amounts = self.pending_amounts[first:]
        key = f"{target}{short}" if target else short
        match_any = list(dict.fromkeys([short, long]))
        m = Measure(
            key, match_any, status, owner, year, amounts, long, verb=v, obj=obj, action=action
        )
        return Clause(text, m)

    def continuation(self, earlier: Measure, status: str, subj: str, owner: Org | None) -> Clause:
        """A clause reporting, in ``status``, on an earlier letter's measure: its object in
        other words (已建成公共厕所2座, 公厕2座已投入使用, …推迟至2021年实施), its amounts
        again."""
        r = self.rng
        o, v = earlier.obj, earlier.verb
        if r.random() < 0.35:
            for full, short in V.ABBREVIATIONS.items():
                if full in o:
                    o = o.replace(full, short, 1)
                    break
        first = len(self.pending_amounts)
        for a in earlier.amounts:
            if a.text in o:
                self.amount(a.text, a.value, a.unit)
        year = None
        if status == "done":
            lead_verb, lead_object = V.DONE_FORMS.get(v, V.DONE_GENERIC)
            if r.random() < 0.5:
                key = lead_verb.format(o=o, v=v)
                long = "已" + key
                text = subj + long
            else:
                key = long = lead_object.format(o=o, v=v)
                text, owner = (r.choice(("", "目前，", "截至目前，")) + long), None
        elif status == "in_progress":
            forms = [f for f in V.PROGRESS_FORMS if "开工" not in f or v in BUILD_VERBS]
            key = long = r.choice(forms).format(o=o, v=v)
            text, owner = r.choice(("", "目前，")) + long, None
        elif status == "planned":
            year = self.year + r.randint(0, 1)
            if earlier.status == "declined":
                key = long = r.choice(V.RESUMED_FORMS).format(o=o, v=v, y=year)
                text = subj + long if long.startswith("将") else long
                owner = owner if long.startswith("将") else None
            else:
                key = long = r.choice(V.DELAYED_FORMS).format(o=o, v=v, y=year)
                text, owner = "受资金等因素影响，" + long, None
        else:  # declined: a planned step dropped
            reason = self.fill(r.choice(self.area.reasons))[0]
            long = r.choice(V.DROPPED_FORMS).format(o=o, v=v, reason=reason)
            key = long.split("，")[0]
            text, owner = long, None
        amounts = self.pending_amounts[first:]
        m = Measure(
            key,
            list(dict.fromkeys([key, long])),
            status,
            owner,
            year,
            amounts,
            long,
            verb=v,
            obj=o,
            continues=earlier,
        )
        return Clause(text, m)

    def sentence(self, clauses: list[Clause], joiner: str = "，") -> str:
        self.measures.extend(c.measure for c in clauses)
        tail = ""
        last = clauses[-1].measure.status
        if last != "declined" and self.rng.random() < 0.45:
            tail = self.rng.choice(V.PURPOSES_DONE if last == "done" else V.PURPOSES_PLAN)
        return joiner.join(c.text for c in clauses) + tail + "。"

    def context(self) -> str:
        return self.rng.choice(V.CONTEXT).format(
            place=self.place_self(),
            field=self.area.field,
            kind=self.kind_word,
            self=self.issuer.self_ref,
        )

    # paragraphs ------------------------------------------------------------------------------

    def background(self, n: int) -> str:
        r = self.rng
        pool = list(self.area.background)
        r.shuffle(pool)
        text = "".join(self.fill(t)[0] for t in pool[:n])
        return self.context() + text if self.rng.random() < 0.6 else text + self.context()

    def praise(self) -> str:
        return self.rng.choice(V.PRAISE).format(self=self.issuer.self_ref, field=self.area.field)

    def progress_paragraph(self) -> str:
        """Done and under-way measures, sometimes a done and a planned step in one sentence."""
        r = self.rng
        out = []
        for _ in range(r.randint(1, 3)):
            status = r.choices(("done", "in_progress"), (65, 35))[0]
            a = self.new_action(self.area.actions, status)
            if a is None:
                break
            s, owner = self.subject(status)
            first = self.clause(a, status, s, owner)
            if r.random() < 0.3:
                b = self.new_action(self.area.actions, "planned")
                if b is not None:
                    second = self.clause(b, "planned", "", owner)
                    if not second.text.startswith(("下一步", "待")):
                        second.text = (
                            "下一步" + second.text if r.random() < 0.5 else "同时" + second.text
                        )
                    out.append(self.sentence([first, second]))
                    continue
            out.append(self.sentence([first]))
        return "".join(out)

    def continuation_paragraph(self) -> str:
        """What became of the earlier letter's measures this letter reports on."""
        r = self.rng
        out = []
        for n, earlier in enumerate(self.continued):
            status = r.choices(*NEXT_STATUS[earlier.status])[0]
            s, owner = self.subject(status if status != "declined" else "planned")
            c = self.continuation(earlier, status, s, owner)
            if n == 0:
                assert self.parent is not None  # a continued measure has its earlier letter
                c.text = r.choice(V.BACK_REFERENCES).format(y=self.parent.year) + c.text
            out.append(self.sentence([c]))
        return "".join(out)

    def declined_paragraph(self) -> str:
        r = self.rng
        a = self.new_action(self.area.actions, "declined")
        if a is None:
            return ""
        s, owner = self.subject("declined")
        out = [
            "关于您提出的" + self.fill(r.choice(self.area.asks))[0] + "的问题，"
            if r.random() < 0.3
            else ""
        ]
        out.append(self.sentence([self.clause(a, "declined", s, owner)]))
        if "不属于" in out[-1] and self.helpers:
            h = r.choice(self.helpers)
            text = f"已将您的建议转交{self.say(h)}研究办理"
            m = Measure(f"将建议转交{h.canonical}", [text], "done", self.issuer, None, [], text)
            self.measures.append(m)
            out.append(f"{self.issuer.self_ref}{text}。")
        if r.random() < 0.8:
            f = self.new_action(V.FOLLOW_UPS, "planned")
            if f is not None:
                s2, owner2 = (s, owner) if s else (self.issuer.self_ref, self.issuer)
                c = self.clause(f, "planned", s2, owner2)
                if not c.text.startswith(("下一步", "待")):
                    c.text = "下一步，" + c.text
                out.append(self.sentence([c]))
        return "".join(out)

    def planned_paragraph(self) -> str:
        r = self.rng
        if r.random() < 0.35:  # 下一步，我局将：一是…；二是…
            s, owner = self.subject("planned")
            s = s or self.issuer.self_ref
            owner = owner or self.issuer
            items = []
            for ordinal in "一二三"[: r.randint(2, 3)]:
                a = self.new_action(self.area.actions, "planned")
                if a is None:
                    break
                first = len(self.pending_amounts)
                obj, year = self.fill(a.obj)
                target = self.fill(a.target)[0] if a.target else ""
                amounts = self.pending_amounts[first:]
                short = f"{'将' + target if target else ''}{a.verb}{obj}"
                long = f"{ordinal}是{short}"
                self.measures.append(
                    Measure(
                        f"{target}{a.verb}{obj}",
                        [short, long],
                        "planned",
                        owner,
                        year,
                        amounts,
                        long,
                        verb=a.verb,
                        obj=obj,
                        action=a,
                    )
                )
                items.append(long)
            if not items:
                return ""
            return f"下一步，{s}将重点做好以下工作：" + "；".join(items) + "。"
        out = []
        for _ in range(r.randint(1, 2)):
            a = self.new_action(self.area.actions, "planned")
            if a is None:
                break
            s, owner = self.subject("planned")
            out.append(self.sentence([self.clause(a, "planned", s, owner)]))
        return "".join(out)

    # the letter ------------------------------------------------------------------------------

    def emit(self, line: str = "", amounts: list[Amount] | None = None) -> None:
        """Append a line; the amounts written for it (by default those pending) are in it."""
        if amounts is None:
            amounts, self.pending_amounts = self.pending_amounts, []
        for a in amounts:
            a.line = len(self.lines)
        self.amounts.extend(amounts)
        self.lines.append(line)

    def take_amounts(self) -> list[Amount]:
        out, self.pending_amounts = self.pending_amounts, []
        return out

    def proposal_number(self) -> str:
        r = self.rng
        n = r.randint(1, 680)
        form = r.random()
        if form < 0.5:
            return str(n)
        if form < 0.7:
            return f"{n:03d}"
        if form < 0.8:
            return f"{r.choice('ABCD')}{n:03d}"
        if form < 0.9:
            return f"{n:04d}"
        return f"{r.randint(10, 99)}{n:04d}"

    def person(self) -> str:
        r = self.rng
        return r.choice(V.SURNAMES) + "".join(r.sample(V.GIVEN, r.choice((1, 2, 2))))

    def write(self) -> tuple[str, dict]:
        r = self.rng
        area, y = self.area, self.year

        # who answers
        cls_marker = self.pick("class_marker", (30, 12, 10, 10, 10, 10, 10))
        if cls_marker == "banli":
            title = self.layout["title"] = "banli"
        else:
            title = self.pick("title", (20, 16, 12, 0, 12, 10, 12))
        if title == "cohandle" and self.parent is not None:  # the earlier issuer answers again
            title = self.layout["title"] = "reply"
        cohandle = title == "cohandle"
        lead_keys = [k for k in area.lead if k != "gov" or self.level != "town"]
        if self.level == "town":
            lead = self.town
        else:
            lead = self.body(self.body_level, r.choice(lead_keys))
        if self.parent is not None:  # the earlier letter's issuer, or its successor
            key = self.parent.issuer_key
            lead = self.town if key == "town" else self.body(self.body_level, key)
        helper_keys = [
            k for k in area.helpers if k != "town" or self.body_level in ("county", "district")
        ]
        helpers = [self.helper(k) for k in helper_keys]
        if self.level == "town":  # a township answers; county bureaus own parts of it
            helpers = [self.body(self.body_level, k) for k in area.lead if k != "gov"] + [
                self.body(self.body_level, "finance")
            ]
        helpers = [h for h in dict.fromkeys(helpers) if h.canonical != lead.canonical]
        if cohandle and helpers:
            self.issuer = r.choice(helpers)
            self.lead = lead
            helpers = [h for h in helpers if h is not self.issuer] + [lead]
        else:
            cohandle = False
            if title == "cohandle":
                title = self.layout["title"] = "reply"
            self.issuer, self.lead = lead, lead
        self.issuer_key = self.org_keys[self.issuer.canonical]
        self.helpers = helpers
        issuer = self.issuer
        session, congress = self.congress()
        number = self.proposal_number()
        kind = (
            "代表建议" if cohandle and self.is_suggestion and r.random() < 0.5 else self.kind_word
        )
        evaluation = r.choices("ABCD", (25, 50, 18, 7))[0] if cls_marker != "none" else None
        sign_y, sign_m, sign_d = y, self.month, self.day
        marker_line = -1
        page_date = f"{y}-{self.month:02d}-{min(28, self.day + r.randint(0, 10)):02d}"
        doc_number = None
        if (r.random() < 0.5 and not cohandle) or r.random() < 0.3:
            open_, close = r.choices(
                (("〔", "〕"), ("[", "]"), ("（", "）"), ("［", "］")), (8, 2, 1, 1)
            )[0]
            mid = r.choice(("函", "复", "议", "提复", "字", "建复"))
            abbr = (
                self.province.abbr
                if self.body_level == "province"
                else self.city.name[0]
                if self.body_level == "city"
                else self.county.name[0]
            )
            doc_number = f"{abbr}{issuer.docabbr}{mid}{open_}{y}{close}{self.index % 97 + 1}号"

        # the proposer and the salutation
        org_proposer = not self.is_suggestion and not cohandle and r.random() < 0.2
        proposer = (
            r.choice(V.PROPOSER_ORGS).format(
                place=self.prefix("county" if self.level == "town" else self.body_level)
            )
            if org_proposer
            else self.person()
        )
        if cohandle:
            sal = self.pick("salutation", (0, 0, 0, 0, 1))
        elif org_proposer:
            sal = self.pick("salutation", (0, 0, 0, 1, 0))
        else:
            sal = self.pick("salutation", (3, 5, 2, 0, 0))
        you = "您" if not org_proposer else r.choice(("你们", "贵单位"))
        if sal == "org":
            self.forms.setdefault(proposer, set()).add(proposer)
            self.orgs[proposer] = Org(proposer)

        # page metadata (before the title) and the header
        meta = "none" if title == "none" else self.pick("metadata", (35, 25, 20, 20))
        self.layout["metadata"] = meta
        self.layout.setdefault("title_break", "no")
        self.layout.setdefault("redhead", "no")
        if meta == "lines":
            code = f"{r.randint(10000000, 99999999)}/{y}-{r.randint(1, 300):05d}"
            sep = r.choice(("：", ":"))
            self.emit(f"索引号{sep}{code}")
            self.emit(f"发布机构{sep}{self.say(issuer)}")
            self.emit(f"成文日期{sep}{sign_y}-{sign_m:02d}-{sign_d:02d}")
            if doc_number and r.random() < 0.6:
                self.emit(f"文号{sep}{doc_number}")
                doc_printed = True
            else:
                doc_printed = False
            self.emit(f"发布日期{sep}{page_date}")
        elif meta == "one_line":
            doc_printed = bool(doc_number)
            self.emit(
                f"成文日期：{sign_y}-{sign_m:02d}-{sign_d:02d}文号：{doc_number or '无'}"
                f"索取号：ZW{r.randint(100000, 999999)}-{y}-"
                f"{r.randint(1, 200):03d}发布机构：{self.say(issuer)}"
                f"公开方式：主动公开"
            )
        else:
            doc_printed = False
        furniture = self.pick("furniture", (45, 25, 30))

        def title_lines() -> list[str]:
            nm = "" if title in ("dui", "topic") else self.say(issuer, full=True)
            if title in ("reply", "reply_letter"):
                tail = "的答复函" if title == "reply_letter" else r.choice(("的答复", "的答复"))
                about = "关于对" if title == "reply_letter" and r.random() < 0.5 else "关于"
                head = f"{nm}{about}{session}第{number}号{kind}"
            elif title == "dui":
                head, tail = f"对{session}第{number}号{kind}", "的答复"
            elif title == "banli":
                head, tail = f"{nm}关于{session}第{number}号{kind}", f"办理情况({evaluation})的函"
            elif title == "cohandle":
                head, tail = (
                    f"{nm}对{session}第{number}号{kind}",
                    r.choice(("的会办意见", "的协办意见")),
                )
            else:  # topic
                short = self.say(issuer)
                head = f"关于{self.fill(r.choice(area.asks))[0]}的{self.kind_word}"
                tail = f"的答复（{short}）"
            if r.random() < 0.2 and title != "topic":
                self.layout["title_break"] = "yes"
                if tail.endswith("答复"):  # …第N号提案的 / 答  复
                    return [head + tail[:-2], "答  复"]
                return [head, tail]
            return [head + tail]

        if title != "none":
            if doc_number and not doc_printed and r.random() < 0.25:
                self.layout["redhead"] = "yes"
                self.emit(f"{self.say(issuer, full=True)}文件")
            if doc_number and not doc_printed and self.layout["redhead"] == "yes":
                marker_line = len(self.lines) if cls_marker == "lei" else marker_line
                self.emit(doc_number + (f"{evaluation}类" if cls_marker == "lei" else ""))
                doc_printed = True
            for t in title_lines():
                if cls_marker == "banli" and f"({evaluation})" in t:
                    marker_line = len(self.lines)
                self.emit(t)
            if meta == "source_line":
                self.emit(
                    r.choice(
                        (
                            f"来源：{self.say(issuer)}     作者：admin     发布日期：{page_date}"
                            f"     点击数：{r.randint(20, 900)}",
                            f"来源：建议提案办   日期：{page_date} "
                            f"{r.randint(8, 18)}:{r.randint(10, 59)}",
                        )
                    )
                )
            if furniture == "full":
                self.emit("【字号：大 中 小】")
            if doc_number and not doc_printed and r.random() < 0.7:
                marker_line = len(self.lines) if cls_marker == "lei" else marker_line
                self.emit(doc_number + (f"{evaluation}类" if cls_marker == "lei" else ""))
                doc_printed = True
        if not doc_printed:
            doc_number = None
        header_marker = {
            "lei": f"{evaluation}类",
            "paren_lei": f"（{evaluation}类）",
            "leibie": f"类别：{evaluation}",
        }.get(cls_marker)
        if header_marker and marker_line < 0 and title != "none":
            marker_line = len(self.lines)
            self.emit(header_marker)
        self.emit("")

        # salutation and acknowledgement
        if sal == "unit":
            self.emit(f"{self.say(self.lead)}：")
        elif sal == "org":
            self.emit(f"{proposer}：")
        elif sal == "respected":
            self.emit(f"尊敬的{proposer}{self.role}：")
        elif sal == "greeting":
            self.emit(f"{proposer}{self.role}：")
        else:
            self.emit(f"{proposer}{self.role}：")
        ask = self.fill(r.choice(area.asks))[0]
        suffix = r.choice((f"的{self.kind_word}", f"的{self.kind_word}", ""))
        ptitle: str | None = f"关于{ask}{suffix}"
        co: list[Org] = []
        co_form = "no"
        if not cohandle and self.helpers and r.random() < 0.35:
            co = r.sample(self.helpers, min(len(self.helpers), r.randint(1, 2)))
            co_form = r.choice(("jingshang", "huiban"))
        self.layout["co_handlers"] = co_form
        co_text = "、".join(self.say(o) for o in co)
        how = (
            "经商" + co_text + "，现答复如下："
            if co_form == "jingshang"
            else "经认真研究，结合" + co_text + "的会办意见，现答复如下："
            if co_form == "huiban"
            else r.choice(
                (
                    "现答复如下：",
                    "经认真研究，现答复如下：",
                    "现将办理情况答复如下：",
                    "现将办理情况函告如下：",
                )
            )
        )
        greet = "您好！" if sal == "greeting" else ""
        if cohandle:
            ack = self.pick("ack", (0, 0, 0, 0, 0, 0, 1))
            ptitle = ask
            text = (
                f"{proposer}{self.role}提出的关于“{ask}”的{kind}收悉，现将"
                f"{'会办' if r.random() < 0.6 else '协办'}意见函告如下："
            )
        else:
            ack = self.pick("ack", (20, 15, 15, 15, 15, 10, 0))
            if ack == "quoted_number":
                text = f"{greet}{you}提出的《{ptitle}》（第{number}号）收悉。{how}"
            elif ack == "quoted":
                text = f"{greet}{you}提出的《{ptitle}》收悉，{how}"
            elif ack == "runin":
                ptitle = f"关于{ask}"
                text = f"{greet}{you}提出的关于{ask}的{self.kind_word}收悉。{how}"
            elif ack == "session":
                text = f"{greet}{you}在{session}上提出的《{ptitle}》收悉。{how}"
            elif ack == "assigned":
                text = f"{greet}{you}提出的《{ptitle}》收悉，已交{issuer.self_ref}研究办理，" + (
                    how if co_form != "no" else "现答复如下："
                )
            else:  # marks
                text = f"{greet}{you}提出的“{ptitle}”收悉。{how}"
        if r.random() < 0.35 and not cohandle:
            text += self.praise()
        self.emit(text)
        self.implied.append((congress, session))

        # body
        body = self.pick("body", (40, 30, 30))
        self.emit(self.lines.pop())  # the acknowledgement keeps its amounts (none)
        paragraphs: list[tuple[str, str, list[Amount]]] = []  # (kind, text, its amounts)
        plan = [
            ("background", 0.8),
            ("continue", 1.0 if self.continued else 0.0),
            ("progress", 1.0),
            ("progress", 0.6),
            ("progress", 0.3),
            ("declined", 0.45),
            ("planned", 0.85),
            ("planned", 0.3),
        ]
        for k, p in plan:
            if r.random() >= p:
                continue
            text_p = {
                "background": lambda: self.background(r.randint(1, 2)),
                "continue": self.continuation_paragraph,
                "progress": self.progress_paragraph,
                "declined": self.declined_paragraph,
                "planned": self.planned_paragraph,
            }[k]()
            if text_p:
                paragraphs.append((k, text_p, self.take_amounts()))
        if body == "sections":
            heads = r.choice(V.SECTION_HEADS)
            groups = {"background": 0, "continue": 1, "progress": 1, "declined": 1, "planned": 2}
            shown = -1
            numerals = iter("一二三四")
            for k, paragraph, amts in paragraphs:
                g = groups[k]
                if g > shown:
                    self.emit(f"{next(numerals)}、{heads[g]}", [])
                    shown = g
                self.emit(paragraph, amts)
        elif body == "items":
            style = r.choice(("（{}）", "{}.", "{}、"))
            marks = iter(style.format(cn_small(i) if "." not in style else i) for i in range(1, 10))
            for k, paragraph, amts in paragraphs:
                self.emit(paragraph if k == "background" else next(marks) + paragraph, amts)
        else:
            for _, paragraph, amts in paragraphs:
                self.emit(paragraph, amts)
        body_end = len(self.lines)

        # closing, signature, contact, cc, markers, furniture
        if cohandle:
            self.emit(r.choice(V.COHANDLE_CLOSINGS).format(title=self.role))
        else:
            self.emit(self.fill(r.choice(V.THANKS))[0])
            closing = r.choice(V.CLOSINGS)
            if closing:
                self.emit(closing)
        self.emit("")
        if r.random() < 0.9:
            self.emit(self.say(issuer, full=True))
        lineage = self.parent is not None  # dated and whole, so its place in time is known
        date_form = self.pick("date", (50, 20, 15, 0 if lineage else 15))
        if date_form == "arabic":
            self.emit(f"{sign_y}年{sign_m}月{sign_d}日")
        elif date_form == "cn_ling":
            self.emit(cn_date(sign_y, sign_m, sign_d))
        elif date_form == "cn_zero":
            self.emit(cn_date(sign_y, sign_m, sign_d, zero="0"))
        sign_line = len(self.lines) - 1
        if cls_marker == "jieguo":
            marker_line = len(self.lines)
            self.emit(f"办理结果：({evaluation})")
        elif header_marker and marker_line < 0:  # a page without a header: after the date
            marker_line = len(self.lines)
            self.emit(header_marker)
        contact = self.pick("contact", (30, 25, 25, 20))
        person = self.person()
        phone = f"{self.city.area_code}-{r.randint(2, 8)}{r.randint(100000, 999999)}"
        if contact == "paren":
            self.emit(f"（联系人：{person}，联系电话：{phone}）")
        elif contact == "line":
            self.emit(f"联系人：{person}    联系电话：{phone}")
        elif contact == "unit":
            self.emit(f"联系单位：{self.say(issuer)}；联系人：{person}；联系电话：{phone}")
        if cls_marker == "underscore":
            marker_line = len(self.lines) + 1
            self.emit("办理实效评估类别")
            self.emit(f"    _{evaluation}_类")
            self.emit(
                "（A类：所提问题已经解决或基本解决；B类：所提问题正在解决或已列入计划准备解决；"
                "C类：因受目前条件限制需以后研究解决；D类：留作参考。）"
            )
        cc = self.pick("cc", (50, 30, 20))
        cc_level = self.body_level
        place, ch = self.prefix(cc_level), self.level_char(cc_level)
        cc_bodies = {
            "人大常委会办公室": f"{place}人民代表大会常务委员会办公室",
            "政协提案委": f"政协{place}委员会提案委员会",
            "政府督查室": f"{place}人民政府督查室",
            "政府办": f"{place}人民政府办公室",
            "政协办": f"政协{place}委员会办公室",
        }
        if cc != "none":
            if r.random() < 0.4:
                self.emit(f"主题词：{self.kind_word} 答复")
            chosen = r.sample(sorted(cc_bodies), r.randint(1, 3))
            forms = []
            for short in chosen:
                canonical = cc_bodies[short]
                org = Org(canonical, (ch + short,), level=cc_level)
                forms.append(self.say(org, full=False))
            sep = r.choice(("，", "，", " "))
            self.emit(("抄送：" if cc == "chaosong" else "报：") + sep.join(forms))
        if furniture != "none":
            other = self.proposal_number()
            self.emit("")
            if furniture == "full":
                self.emit(f"责任编辑：{self.person()}")
                self.emit("分享到：")
            self.emit(f"上一篇：关于{session}第{other}号{self.kind_word}的答复")
            self.emit(
                f"下一篇：关于{self.fill(r.choice(area.asks))[0]}的{self.kind_word}的答复", []
            )
            if furniture == "full":
                self.emit("扫一扫在手机打开当前页")
                self.emit("【打印】【关闭】")

        # the text, maybe cut off, maybe with ASCII punctuation
        punct = self.pick("punct", (62, 38))
        raw = "\n".join(self.lines)
        starts, pos = [], 0
        for line in self.lines:
            starts.append(pos)
            pos += len(line) + 1
        for a in self.amounts:  # place each amount in its line, after the ones before it
            line = self.lines[a.line]
            after = max(
                [
                    x.start - starts[a.line] + len(x.text)
                    for x in self.amounts
                    if x.line == a.line and x.start >= 0
                ]
                or [0]
            )
            found = line.find(a.text, after)
            a.start = starts[a.line] + found if found >= 0 else -1
        for m in self.measures:
            found = raw.find(m.long)
            m.end = found + len(m.long) if found >= 0 else -1
        leading = len(raw) - len(raw.lstrip("\n"))
        limit = len(raw)
        cut = self.pick("cut", (85, 0 if lineage else 15))
        if cut == "yes":  # the page stops mid-sentence, after the first measure, in the body
            ends = sorted(m.end for m in self.measures if m.end >= 0)
            lo = ends[0] if ends else leading
            hi = max(lo + 1, starts[body_end] - 2 if body_end < len(starts) else len(raw) - 1)
            limit = r.randint(lo, hi)
            for a in self.amounts:  # never inside an amount
                if a.start >= 0 and a.start < limit < a.start + len(a.text):
                    limit = a.start
            text = raw[leading:limit].rstrip("\n") + "\ufffd"
        else:
            text = raw.strip("\n") + "\n"
        if punct == "half":
            text = text.translate(HALF)

        def h(s: str) -> str:
            return s.translate(HALF) if punct == "half" else s

        kept_measures = [m for m in self.measures if 0 <= m.end <= limit]
        kept_amounts = [a for a in self.amounts if a.start >= 0 and a.start + len(a.text) <= limit]
        kept = set(map(id, kept_amounts))

        # agencies: every form still in the text, longest first so 县政府办 is not 县政府
        written_forms = sorted(
            ((f, c) for c, fs in self.forms.items() for f in fs), key=lambda x: -len(x[0])
        )
        covered = [False] * len(text)
        said: dict[str, list[str]] = {}
        for form, canonical in written_forms:
            form_h = h(form)
            for mt in re.finditer(re.escape(form_h), text):
                if any(covered[mt.start() : mt.end()]):
                    continue
                for i in range(mt.start(), mt.end()):
                    covered[i] = True
                said.setdefault(canonical, [])
                if form != canonical and form_h not in said[canonical]:
                    said[canonical].append(form_h)
        issuer_named = issuer.canonical in said
        for canonical, trigger in self.implied:
            if h(trigger) in text:
                said.setdefault(canonical, [])

        place_named = self.prefix(self.body_level) in text

        def owner_name(o: Org | None) -> str | None:
            if o is None or (o is issuer and not issuer_named):
                return None
            if o is self.gov and o.canonical not in said and not place_named:
                return None  # 我县 in a page that never says which county
            return o.canonical

        measures_gold = []
        self.kept = kept_measures
        for m in kept_measures:
            m.gold_key = h(m.key)
            owner = owner_name(m.owner)
            if owner:
                said.setdefault(owner, [])
            measures_gold.append(
                {
                    "key": h(m.key),
                    "match_any": [h(s) for s in m.match_any],
                    "owner": owner,
                    "status": m.status,
                    "year": m.year,
                    "amounts": [
                        {"value": a.value, "unit": a.unit} for a in m.amounts if id(a) in kept
                    ],
                }
            )
        ordered = ([issuer.canonical] if issuer.canonical in said else []) + [
            c for c in said if c != issuer.canonical
        ]
        sign_kept = date_form != "none" and starts[sign_line] + len(self.lines[sign_line]) <= limit
        if sign_kept or meta in ("lines", "one_line"):
            date = f"{sign_y}-{sign_m:02d}-{sign_d:02d}"
        elif meta == "source_line":
            date = page_date
        else:
            date = None
        if marker_line < 0 or starts[marker_line] + len(self.lines[marker_line]) > limit:
            evaluation = None
        years = sorted(
            {int(x) for x in re.findall(r"(?<!\d)((?:19|20)\d\d)(?=年|-|〕|\]|）|\))", text)}
            | ({sign_y} if sign_kept else set())
        )
        co_written = bool(co) and h(co_text) in text
        gold = {
            "document": {
                "doc_number": None if doc_number is None else h(doc_number),
                "issuer": issuer.canonical if issuer_named else None,
                "date": date,
                "evaluation_class": evaluation,
            },
            "proposal": {
                "number": number if f"第{number}号" in text.split("\n上一篇")[0] else None,
                "title": None if ptitle is None else h(ptitle),
                "proposer": proposer,
                "co_handling_agencies": [o.canonical for o in co] if co_written else None,
            },
            "agencies": [{"name": c, "aliases": said[c]} for c in ordered],
            "measures": measures_gold,
            "amounts": [
                {"text": h(a.text), "value": a.value, "unit": a.unit} for a in kept_amounts
            ],
            "years": years,
            "layout": dict(sorted(self.layout.items())),
        }
        return text, gold


# --- the corpus ---------------------------------------------------------------------------------

GOLD_README = """# Gold for a synthetic corpus (bench/corpus.py)

One JSON per letter in the format of /work/shared/gold/README.md and
/work/shared/devset/README.md (`document`, `proposal`, `agencies`, `measures`, `amounts`,
`years`), `source` relative to this folder's parent. Written by the generator as it wrote the
letter, so it is the truth by construction; the places are real divisions (townships, streets,
villages and roads in them are generic). Conventions:
- `document.issuer` is null when the page never names the issuer (no header, no signature);
  owners that are the issuer are then null too. `date` is the signature date, else the page's
  成文日期 or 发布日期, else null. `evaluation_class` only from an explicit marker.
- `doc_number` and `proposal.title` exactly as printed (ASCII punctuation where the page has it).
- Agencies by canonical name: 县/区/county-level 市 bodies as 宁都县X局 / 赣州市章贡区X局 /
  当阳市X局, prefecture bodies as 赣州市X局, provincial as 江西省X厅, 街道 as
  赣州市章贡区人民政府X街道办事处, People's Congress and CPPCC bodies as X人民代表大会 /
  政协X委员会 (listed when the letter names the session); `aliases` are the forms written.
- `measures[].owner` is the clause's subject (我局/我们 = the issuer; 我县/我区 = that
  government); null where the clause has none. `match_any` holds phrases of the letter's text.
- `amounts` lists every amount in the body (money in yuan, `CNY`; km, m, m2, mu, ha, percent;
  otherwise the measure word), each mention once; a cut-off page keeps what survives.
- `layout` names the layout variant of each choice (bench.corpus.LAYOUTS); not scored.

`links.json` is the lineage truth, read by `policykg eval` (graph/link_eval.py):
`builds_on` pairs `later` → `earlier` of measure keys of these gold files, with the letters
they are in (`later_letter`, `earlier_letter`) and `why`; a letter continues one of the 400
before it, written 1–3 years later by the same body (or its successor) of the same place, and
two letters reporting on the same earlier measure are paired too. Entries with
`"optional": true` are coincidences: one body of one place naming the same specific step (the same
object and figures) in two letters up to six years apart, the later not written to continue the
earlier; a reader cannot tell them from a continuation, so they are neither required nor wrong.
The top-level `optional` list is empty.
`agency_succession` (also `agency_succession.toml`, the format of
graph/data/agency_succession.toml) lists the reorganisations of the corpus's places;
`lookalikes` the letters that resemble an earlier one (place, body, area) but continue none
of its measures. Every other link counts against precision. Unrelated letters of one place
and area may repeat an action with other figures (更换破损路灯28盏 / 27盏): not lineage.
"""


LINKS_ABOUT = (
    "Lineage truth of this synthetic corpus (bench/corpus.py). A share of the letters report, "
    "one to three years later, on one or two measures of an earlier letter of the same place "
    "and policy area, answered by the same body or its successor after a reorganisation "
    "(agency_succession; also gold/agency_succession.toml): 'later' and 'earlier' are measure "
    "keys of the per-letter gold files (later_letter, earlier_letter name the letters). Two "
    "letters reporting on the same earlier measure are linked too, later to earlier. Entries "
    "with 'optional': true are coincidences (one body naming the same specific step in two "
    "letters it did not write as a continuation): neither required nor wrong. "
    "'lookalikes' are letters of an earlier letter's place, body and area, written later, that "
    "continue none of its measures (they share its words, not its subjects). Every other link "
    "counts against precision."
)


def write_corpus(n: int, outdir: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` letters and their gold files under ``outdir``; return the letter paths.
    The links of ``n`` letters are those of a larger corpus among its first ``n`` letters."""
    letters, gold_dir = outdir / "letters", outdir / "gold"
    letters.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    builds_on: list[dict] = []
    lookalikes: list[dict] = []
    dates: dict[str, str] = {}
    steps: list[tuple[str, tuple, list[tuple[str, tuple, str]]]] = []
    for i in range(n):
        writer = written(seed, i)
        text, gold = writer.text, writer.gold
        name = letter_name(i)
        dates[f"letters/{name}.txt"] = gold["document"]["date"] or ""
        builds_on += lineage_links(writer)
        steps.append(specific_steps(writer))
        if writer.parent is not None and not writer.continued:
            lookalikes.append(
                {
                    "letter": f"letters/{name}.txt",
                    "like": f"letters/{letter_name(writer.parent.index)}.txt",
                }
            )
        path = letters / f"{name}.txt"
        if gold["layout"]["encoding"] == "gb18030":
            path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
        else:
            path.write_text(text, encoding="utf-8")
        gold = {"source": f"letters/{name}.txt", **gold}
        (gold_dir / f"{name}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        paths.append(path)
    builds_on += shared_continuations(builds_on, dates)
    builds_on += coincident_steps(steps, builds_on)
    links = {
        "about": LINKS_ABOUT,
        "builds_on": builds_on,
        "optional": [],
        "agency_succession": [
            {
                "earlier": e["earlier"],
                "later": e["later"],
                "year": int(e["date"][:4]),
                "why": "reorganisation of the synthetic corpus (bench/vocab.py RENAMES)",
            }
            for e in succession()
        ],
        "lookalikes": lookalikes,
    }
    (gold_dir / "links.json").write_text(
        json.dumps(links, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (gold_dir / "agency_succession.toml").write_text(succession_toml(), encoding="utf-8")
    (gold_dir / "README.md").write_text(GOLD_README, encoding="utf-8")
    return paths


def specific_steps(writer: LetterWriter) -> tuple[str, tuple, list[tuple[str, tuple, str]]]:
    """A letter's date, its issuer's line (place, level and body, the same across a
    reorganisation) and its specific steps: (object, figures, gold key) of each measure whose
    object names a village, road or township of the place, or that has figures."""
    k = writer.county
    line: tuple[str, ...] = (writer.body_level, writer.province.name)
    if writer.body_level != "province":
        line += (writer.city.name,)
    if writer.body_level not in ("province", "city"):
        line += (k.full,)
    line += (writer.issuer_key,)
    out = []
    for m in writer.kept:
        if m.action is None or not m.obj:
            continue
        if m.amounts or any(w in m.obj for w in (*k.villages, *k.roads, *k.towns)):
            # the object without its figures and their spelling (5公里 / 5千米, 近51处 / 51处)
            obj = re.sub(r"[\d.]+|[近余约多]|千米|公里|平方米|平米|万|亿|元", "", m.obj)
            obj = obj.replace(k.full, "")
            figures = tuple(sorted({(a.value, a.unit) for a in m.amounts}))
            out.append((obj, figures, m.gold_key))
    return writer.gold["document"]["date"] or "", line, out


def coincident_steps(
    letters: list[tuple[str, tuple, list[tuple[str, tuple, str]]]], links: list[dict]
) -> list[dict]:
    """Optional pairs: one body of one place naming the same specific step (the same object
    and figures: 新建X镇中心幼儿园, 安装净水消毒设备25台) in two letters up to six years apart,
    though the later letter was not written to continue the earlier. A reader could not tell
    them from a continuation, so they are neither required nor wrong."""
    known = {(lk["later_letter"], lk["earlier_letter"]) for lk in links}
    by_step: dict[tuple, list[tuple[str, int, str]]] = {}
    for index, (date, line, steps) in enumerate(letters):
        if not date:
            continue
        for obj, figures, key in steps:
            by_step.setdefault((line, obj, figures), []).append((date, index, key))
    out = []
    for group in by_step.values():
        group.sort()
        for n, (date, index, key) in enumerate(group):
            for earlier_date, earlier_index, earlier_key in group[:n]:
                later_letter = f"letters/{letter_name(index)}.txt"
                earlier_letter = f"letters/{letter_name(earlier_index)}.txt"
                if (
                    earlier_date < date
                    and int(date[:4]) - int(earlier_date[:4]) <= 6
                    and index != earlier_index
                    and (later_letter, earlier_letter) not in known
                ):
                    out.append(
                        {
                            "later": key,
                            "earlier": earlier_key,
                            "optional": True,
                            "why": "the same body names the same specific step again",
                            "later_letter": later_letter,
                            "earlier_letter": earlier_letter,
                        }
                    )
    return out


def shared_continuations(links: list[dict], dates: dict[str, str]) -> list[dict]:
    """Letters reporting on the same earlier measure continue each other, later to earlier."""
    by_measure: dict[tuple[str, str], list[dict]] = {}
    for link in links:
        by_measure.setdefault((link["earlier_letter"], link["earlier"]), []).append(link)
    out = []
    for (letter_, key), group in by_measure.items():
        group = sorted(group, key=lambda lk: dates[lk["later_letter"]])
        for n, later in enumerate(group):
            for earlier in group[:n]:
                if (
                    dates[earlier["later_letter"]] < dates[later["later_letter"]]
                    and earlier["later"] != later["later"]
                ):  # the same words: one measure
                    out.append(
                        {
                            "later": later["later"],
                            "earlier": earlier["later"],
                            "why": f"both report on {key} of {letter_}",
                            "later_letter": later["later_letter"],
                            "earlier_letter": earlier["later_letter"],
                        }
                    )
    return out


def letter(seed: int, index: int) -> tuple[str, dict]:
    """Letter ``index`` of the corpus with ``seed``: its text and its gold (without
    ``source``)."""
    writer = written(seed, index)
    return writer.text, copy.deepcopy(writer.gold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.corpus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("n", type=int, help="number of letters")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_corpus(args.n, args.outdir, args.seed)
    sample = paths[:200]
    chars = 0
    for p in sample:
        data = p.read_bytes()
        try:
            chars += len(data.decode("utf-8"))
        except UnicodeDecodeError:
            chars += len(data.decode("gb18030"))
    print(
        f"wrote {len(paths)} letters to {args.outdir / 'letters'} and gold to "
        f"{args.outdir / 'gold'} (mean {chars // max(1, len(sample))} chars)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
