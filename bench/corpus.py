"""A seeded, deterministic corpus of synthetic reply letters, each with its ground truth.

    python -m bench.corpus N OUTDIR --seed S

writes ``OUTDIR/letters/NNNNN.txt`` and ``OUTDIR/gold/NNNNN.json`` (the gold format of
/work/shared/gold/README.md; ``source`` is relative to OUTDIR), plus ``OUTDIR/gold/links.json``
(the agency renamings the corpus uses) and ``OUTDIR/gold/README.md`` (its conventions).

Letters are written the way replies to CPPCC proposals (提案) and People's Congress suggestions
(建议) are: a document number, a title line, a salutation, acknowledgement, background, one
answer per suggestion, closing, signature, date, optionally a contact block and the reply-form
status table. City, departments (with the gazetteer templates' short forms, and names from
before the 2019 reorganisation), policy area, measure kinds, the four commitment states,
amounts, dates and numbering vary by letter. Letter ``i`` depends only on ``(seed, i)``, so a
corpus of N letters is the first N letters of any larger one.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path

from bench import vocab as V

CN_DIGITS = "〇一二三四五六七八九"
STATUS_COLUMNS = ("done", "in_progress", "planned", "declined")
TITLE_KINDS = ("regulation", "guide")  # named by a 《title》


def cn_small(n: int) -> str:
    """1..99 in Chinese numerals: 十三, 二十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])


def cn_date(y: int, m: int, d: int) -> str:
    """二〇二二年七月十五日."""
    return "".join(CN_DIGITS[int(c)] for c in str(y)) + f"年{cn_small(m)}月{cn_small(d)}日"


@lru_cache(maxsize=1)
def gazetteer_short_forms() -> dict[str, tuple[str, ...]]:
    """Department full name -> the short forms letters write after 市 (the gazetteer's
    templates: every city has these departments)."""
    raw = resources.files("policykg.extract").joinpath("data/agencies.toml").read_bytes()
    return {t["full"]: tuple(t.get("short", ()))
            for t in tomllib.loads(raw.decode("utf-8")).get("template", [])}


# --- ground truth -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Org:
    canonical: str
    written: tuple[str, ...]  # forms a letter may write; the first is the canonical name
    self_ref: str = "我局"
    docabbr: str = ""  # its part of a document number (深人社函)


@dataclass
class MeasureTruth:
    name: str
    kind: str
    status: str
    owner: str | None
    suggestion: int
    match_any: list[str]
    amounts: list[str] = field(default_factory=list)
    date: str | None = None
    partners: list[str] = field(default_factory=list)

    def gold(self) -> dict:
        out: dict = {"key": self.name, "match_any": self.match_any, "kind": self.kind,
                     "owner": self.owner, "status": self.status, "suggestion": self.suggestion}
        if self.date:
            out["date"] = self.date
        if self.amounts:
            out["amounts"] = self.amounts
        if self.partners:
            out["partners"] = self.partners
        return out


@dataclass
class Quantity:
    text: str  # as written, with 近/余 (近78亿, 230余人)
    value: int | float
    unit: str

    @property
    def written(self) -> str:
        return self.text


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --- one letter -------------------------------------------------------------------------------

class LetterWriter:
    """Writes one letter and records, as it writes, everything the gold file says about it."""

    def __init__(self, seed: int, index: int) -> None:
        self.rng = random.Random(f"policykg-corpus:{seed}:{index}")
        self.index = index
        r = self.rng
        self.city = r.choice(V.CITIES)
        self.year = r.randint(2016, 2024)
        self.month = r.randint(5, 11)
        self.day = r.randint(1, 28)
        self.area = r.choice(V.AREAS)
        self.issuer = self.department(r.choice(self.area.lead))
        self.helpers = [self.department(k) for k in self.area.helpers]
        self.agencies: dict[str, list[str]] = {}
        self.amounts: list[dict] = []
        self.measures: list[MeasureTruth] = []
        self.names: list[str] = []
        self._unused: dict[int, list[str]] = {}  # filler not yet said in this letter
        self.is_suggestion = r.random() < 0.25  # a People's Congress suggestion (建议)
        self.kind_word = "建议" if self.is_suggestion else "提案"

    # agencies

    def department(self, key: str) -> Org:
        dept = V.DEPARTMENTS[key]
        c = self.city.name
        shorts = gazetteer_short_forms().get(dept.full, (dept.full,))
        full, docabbr = dept.full, dept.docabbr
        for until, old, old_shorts, old_abbr, cities in dept.former:
            if self.year <= until and (not cities or c in cities):
                full, shorts, docabbr = old, old_shorts, old_abbr
                break
        canonical = f"{c}市{full}"
        self_ref = "我委" if full.endswith("委员会") else "我会" if full.endswith("会") else "我局"
        return Org(canonical, (canonical, *(f"市{s}" for s in shorts)), self_ref, docabbr)

    def say(self, org: Org, form: str | None = None) -> str:
        """Write ``org`` (canonical, short, or ``form``) and remember that it was named."""
        written = form or (org.written[0] if len(org.written) == 1 or self.rng.random() < 0.3
                           else self.rng.choice(org.written[1:]))
        aliases = self.agencies.setdefault(org.canonical, [])
        if written != org.canonical and written not in aliases and written != org.self_ref:
            aliases.append(written)
        return written

    def say_issuer(self) -> str:
        """The issuer as the subject of its own sentences: 我局, 我们, 我市, or its name."""
        r = self.rng.random()
        if r < 0.35:
            return self.say(self.issuer, self.issuer.self_ref)
        if r < 0.5:
            return "我们"
        if r < 0.62:
            return "我市"
        return self.say(self.issuer)

    def org_plain(self, name: str, aliases: tuple[str, ...] = ()) -> Org:
        return Org(name, (name, *aliases))

    # quantities

    def count(self, unit: str, lo: int, hi: int, what: str, approx: bool = True) -> str:
        r = self.rng
        n = r.randint(lo, hi)
        if n >= 10000 and unit in ("人", "人次", "家", "件") and r.random() < 0.6:
            value = Decimal(str(round(n / 10000, 1)))
            written = f"{value.normalize():f}万{unit}"
            value *= 10000
        else:
            value, written = Decimal(n), f"{n}{unit}"
        text = written
        q = r.random() if approx else 1.0
        if q < 0.08:
            text = "近" + written
        elif q < 0.16 and "万" not in written:
            text = f"{n}余{unit}"
        self._amount(text, _number(value), unit, what)
        return text

    def money(self, what: str, big: bool = False) -> str:
        r = self.rng
        if big or r.random() < 0.35:
            value = Decimal(r.choice(("1", "1.5", "2", "2.35", "3", "3.6", "5", "8", "10", "12.8",
                                      "20", "50")))
            text = f"{value.normalize():f}亿元"
            value *= Decimal(10) ** 8
        else:
            n = r.choice((20, 30, 50, 80, 100, 150, 200, 300, 500, 800, 1000, 1200, 2000, 3000,
                          5000))
            text, value = f"{n}万元", Decimal(n) * 10000
        if r.random() < 0.08:
            text = "近" + text
        self._amount(text, _number(value), "CNY", what)
        return text

    def _amount(self, text: str, value: int | float, unit: str, what: str) -> None:
        self.amounts.append({"text": text, "value": value, "unit": unit, "what": what})

    # dates

    def past(self) -> tuple[str, str | None]:
        """A date before the letter: (as written, ISO or None)."""
        r = self.rng
        y = r.randint(self.year - 4, self.year)
        m = r.randint(1, 12) if y < self.year else r.randint(1, max(1, self.month - 1))
        form = r.random()
        if y == self.year and form < 0.15:
            return f"今年{m}月", f"{y}-{m:02d}"
        if y == self.year - 1 and form < 0.25:
            return f"去年{m}月", f"{y}-{m:02d}"
        if form < 0.45:
            return f"{y}年", f"{y}"
        if form < 0.8:
            return f"{y}年{m}月", f"{y}-{m:02d}"
        d = r.randint(1, 28)
        return f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}"

    def future(self) -> str:
        r = self.rng
        return r.choice((f"{self.year + 1}年底前", "明年", "年内", f"{self.year + 2}年",
                         f"{self.year + 1}年{r.randint(3, 12)}月前", "年底前"))

    # measures

    def new_measure(self, kind: str) -> str:
        """A measure name not overlapping any other of this letter."""
        r, c = self.rng, self.city
        for _ in range(50):
            core = r.choice(self.area.cores)
            if kind == "regulation":
                shape = r.choice(V.REGULATION_SHAPES)
                if shape.endswith("条例") and c.sez:
                    shape = "{city}经济特区{core}条例"
                name = shape.format(city=c.name, core=core, y=self.year, y2=self.year + 2)
            elif kind == "guide":
                name = f"{core}{r.choice(V.KIND_SUFFIXES['guide'])}"
                if r.random() < 0.5:
                    name = f"{c.name}市{name}"
            else:
                suffix = r.choice(V.KIND_SUFFIXES[kind])
                if core.endswith("服务") and suffix.startswith("服务"):
                    suffix = suffix[2:] if len(suffix) > 3 else "综合" + suffix
                p = r.random()
                prefix = ("" if p < 0.55 else f"{c.name}市" if p < 0.7 else c.name if p < 0.8
                          else "市级" if p < 0.85 else f"{r.choice(c.districts)}区" if p < 0.92
                          else "")
                name = f"{prefix}{core}{suffix}"
            if all(name not in n and n not in name for n in self.names):
                self.names.append(name)
                return name
        raise RuntimeError("no fresh measure name")  # pragma: no cover - 50 draws always do

    def written_name(self, name: str, kind: str) -> str:
        if kind in TITLE_KINDS:
            return f"《{name}》"
        return f"“{name}”" if self.rng.random() < 0.08 else name

    # sentences -------------------------------------------------------------------------------

    def statement(self, m: MeasureTruth, subject: str, first: bool) -> str:
        """One sentence committing ``m`` in its state; ``subject`` is the owner as written
        ("" when the sentence carries on the item's subject)."""
        first_amount = len(self.amounts)
        r = self.rng
        n = self.written_name(m.name, m.kind)
        s = subject
        kind = m.kind
        title = kind in TITLE_KINDS
        if m.status == "done":
            d, iso = self.past()
            m.date = iso
            verb = r.choice(DONE_VERBS[kind])
            tail = self.tail(kind, done=True)
            form = r.random()
            if not title and kind not in ("pilot", "action", "voucher", "funding", "mechanism",
                                          "insurance") and form < 0.14 and first:
                post = r.choice(("正式揭牌运行", "正式投入运行", "正式上线运行", "挂牌成立",
                                 "正式启用"))
                text = f"{d}，{n}{post}{tail}。"
            elif kind in FACILITY_KINDS and form < 0.22 and first and s in ("我市", ""):
                text = f"经积极争取，{n}于{d}获批落户{self.city.name}{tail}。"
            elif form < 0.3 and kind in ("office", "base", "centre", "platform") and s:
                k = self.count("个", 3, 60, f"{m.name}数量")
                text = f"截至{d}，{s}已累计建成{n}{k}{tail}。"
            elif form < 0.45:
                text = f"{d}，{s}{verb}{n}{tail}。"
            elif form < 0.6:
                text = f"{s}已于{d}{verb}{n}{tail}。"
            elif form < 0.7:
                text = f"{s}在全国率先{verb}{n}{tail}。"
                m.date = None
            elif form < 0.8 and not title:
                u = self.say(self.org_plain(r.choice(self.city.universities)))
                m.partners.append(u)
                text = f"{d}，{s}依托{u}{verb}{n}{tail}。"
            else:
                text = f"{d}，{s}{verb}了{n}{tail}。" if not verb.endswith("了") else \
                    f"{d}，{s}{verb}{n}{tail}。"
        elif m.status == "in_progress":
            tail = self.tail(kind, done=False)
            form = r.random()
            if title:
                text = r.choice((
                    f"{s}正在组织起草{n}，目前已形成征求意见稿。",
                    f"{s}正在修订{n}，进一步提高支持标准{tail}。",
                    f"目前，{s}正在抓紧制定{n}，力争年内出台。",
                    f"{s}正会同有关部门加快编制{n}。",
                ))
            elif form < 0.2 and kind not in PROGRAMME_KINDS:
                text = f"{s}正在加快推进{n}建设{tail}。"
            elif form < 0.35:
                c = self.say(self.partner_of(m))
                text = (f"目前，{s}正会同{c}{PROGRAMME_VERBS[kind]}{n}。" if kind in PROGRAMME_KINDS
                        else f"目前，{s}正会同{c}推进{n}建设。")
            elif form < 0.5 and first and kind not in PROGRAMME_KINDS:
                text = f"{n}建设工作正在有序推进{tail}。"
            elif form < 0.65 and kind not in PROGRAMME_KINDS:
                text = f"{s}持续推进{n}建设{tail}。"
            elif kind in PROGRAMME_KINDS:
                verb = PROGRAMME_VERBS[kind]
                # A mechanism is said to be set up (建立); 推进X机制 would not commit to one.
                going = f"正在{verb}" if kind == "mechanism" else "正在深入推进"
                text = r.choice((f"{s}{going}{n}{tail}。", f"{s}正在{verb}{n}{tail}。",
                                 f"目前，{s}正在{r.choice(self.city.districts)}区{verb}{n}{tail}。"))
            elif form < 0.8:
                text = f"{s}加快建设{n}，力争{self.future()}投入使用。"
            else:
                text = f"{s}正在筹建{n}，目前已完成选址和方案论证。"
        elif m.status == "planned":
            f = self.future()
            form = r.random()
            if title:
                text = r.choice((
                    f"下一步，{s}将研究制定{n}。",
                    f"{s}计划于{f}出台{n}。",
                    f"{s}拟修订{n}，进一步扩大支持范围。",
                    f"{s}将会同{self.say(self.partner_of(m))}研究起草{n}。",
                ))
            elif form < 0.22:
                verb = r.choice(("研究设立", "加快建设", "探索建立", "推动建设", "研究建立"))
                text = f"下一步，{s}将{verb}{n}。"
            elif form < 0.38:
                text = f"{s}拟于{f}{r.choice(DONE_VERBS[kind])}{n}。"
            elif form < 0.5 and kind in FACILITY_KINDS:
                text = f"{s or '我们'}将积极争取{f}建成{n}并投入使用。"
            elif form < 0.5:
                text = f"{s}将积极争取{f}{r.choice(DONE_VERBS[kind])}{n}。"
            elif form < 0.62:
                c = self.say(self.partner_of(m))
                text = f"{s}将会同{c}研究{r.choice(CREATE_VERBS[kind])}{n}。"
            elif form < 0.74 and kind in ("fund", "platform", "centre", "base"):
                amount = self.money(f"{m.name}预计投入")
                text = f"{s}将适时启动{n}建设，预计投入资金{amount}。"
            elif form < 0.86:
                text = f"{s}计划在{f}{r.choice(CREATE_VERBS[kind])}{n}。"
            else:
                detail = r.choice(PLAN_DETAILS).format(area=self.area.area)
                text = f"{s}将探索{r.choice(CREATE_VERBS[kind])}{n}，{detail}。"
        else:  # declined
            v = r.choice(CREATE_VERBS[kind])
            reason = r.choice(V.DECLINE_REASONS)
            text = r.choice((
                f"关于{v}{n}的建议，因{reason}，暂不具备实施条件，我们将结合国家有关部署研究推进。",
                f"对于{v}{n}的建议，由于{reason}，目前难以实施，留作参考。",
                f"您提出的{v}{n}的建议，因{reason}，我市暂无法单独出台相关规定，"
                f"我们将积极向国家有关部门反映。",
                f"{v}{n}的建议，因{reason}，现阶段暂不宜推行。",
                f"对于{v}{n}，因{reason}，暂缓实施。",
            ))
        # Some forms leave the prepared tail out: only what is written is ground truth.
        written, taken = [], set()
        for amount in self.amounts[first_amount:]:
            found = text.find(amount["text"])
            while found in taken:
                found = text.find(amount["text"], found + 1)
            if found >= 0:
                written.append(amount)
                taken.add(found)
        self.amounts[first_amount:] = written
        m.amounts = [a["text"] for a in written]
        return text

    def partner_of(self, m: MeasureTruth) -> Org:
        """A department working with the owner of ``m`` (会同X), never the owner itself."""
        others = [h for h in self.helpers if h.canonical != m.owner]
        if m.owner != self.issuer.canonical:
            others.append(self.issuer)
        return self.rng.choice(others)

    def tail(self, kind: str, done: bool) -> str:
        """After the name: an amount, a detail, or nothing."""
        r = self.rng
        p = r.random()
        if p < 0.55 and kind in TAILS:
            template, unit, lo, hi = r.choice(TAILS[kind])
            client = r.choice(self.area.clients)
            if unit == "CNY":
                q = self.money(template.split("{q}")[0].format(client=client) or kind)
            else:
                q = self.count(unit, lo, hi, template.split("{q}")[0].format(client=client))
            text = template.format(client=client, q=q, area=self.area.area)
            return "，" + text
        if p < 0.8:
            return "，" + r.choice(DETAILS).format(client=r.choice(self.area.clients),
                                                  area=self.area.area)
        return ""

    def filler(self, pool: tuple[str, ...], core: str = "") -> str:
        """A sentence from ``pool`` this letter has not said yet (until the pool runs out)."""
        r = self.rng
        unused = self._unused.get(id(pool))
        if not unused:
            unused = self._unused[id(pool)] = list(pool)
            r.shuffle(unused)
        problems = r.sample(self.area.problems, 2)
        return unused.pop().format(area=self.area.area, kind_word=self.kind_word,
                                   selfunit=self.issuer.self_ref[1:], problem=problems[0],
                                   problem2=problems[1], client=r.choice(self.area.clients),
                                   core=core or r.choice(self.area.cores))

    def elaboration(self, core: str) -> str:
        r = self.rng
        return (r.choice(V.ELABORATION_LEADS) + r.choice(V.ELABORATION_ACTIONS)
                + r.choice(V.ELABORATION_PURPOSES)).format(
            client=r.choice(self.area.clients), core=core or r.choice(self.area.cores),
            area=self.area.area)

    def background_number(self) -> str:
        r = self.rng
        template, kind = r.choice(V.BACKGROUND_NUMBERS)
        client = r.choice(self.area.clients)
        if kind == "money_big":
            n = self.money(f"{self.area.area}财政投入", big=True)
        elif kind == "count_org":
            n = self.count("家", 200, 30000, f"全市{client}数量", approx=False)
        else:
            n = self.count(r.choice(("人次", "家", "人")), 500, 90000, f"累计服务{client}")
        return template.format(year=self.year - 1, client=client, n=n,
                               pct=r.choice(("8.5", "12", "15.3", "20.1", "6", "95", "98.2")),
                               area=self.area.area)

    # the letter ------------------------------------------------------------------------------

    def plan_length(self) -> None:
        """How many suggestions, and how long each answer, for a letter of 5-15k characters."""
        r = self.rng
        target = r.randint(5000, 15000)
        self.n_suggestions = max(2, min(6, round(target / 2400) + r.randint(-1, 1)))
        self.target_per_suggestion = target // self.n_suggestions

    def new_item(self, ordinal: int) -> list[MeasureTruth]:
        """One item of an answer: one or two measures of one owner, in their states."""
        r = self.rng
        kinds, weights = zip(*V.KIND_WEIGHTS.items(), strict=True)
        owner = self.issuer if r.random() < 0.62 else r.choice(self.helpers)
        item = []
        for _ in range(1 if r.random() < 0.85 else 2):
            kind = r.choices(kinds, weights)[0]
            status = r.choices(STATUS_COLUMNS[:3], (40, 30, 30))[0]
            name = self.new_measure(kind)
            item.append(MeasureTruth(name, kind, status, owner.canonical, ordinal, [name]))
        return item

    def declined_item(self, ordinal: int) -> list[MeasureTruth]:
        kinds, weights = zip(*V.KIND_WEIGHTS.items(), strict=True)
        kind = self.rng.choices(kinds, weights)[0]
        name = self.new_measure(kind)
        return [MeasureTruth(name, kind, "declined", None, ordinal, [name])]

    def owner_org(self, canonical: str | None) -> Org:
        if canonical == self.issuer.canonical or canonical is None:
            return self.issuer
        return next(h for h in self.helpers if h.canonical == canonical)

    def write_item(self, item: list[MeasureTruth]) -> str:
        r = self.rng
        sentences = []
        org = self.owner_org(item[0].owner)
        for i, m in enumerate(item):
            if m.status == "declined":
                sentences.append(self.statement(m, "", True))
                continue
            if i == 0:
                subject = self.say_issuer() if org is self.issuer else self.say(org)
                if org is self.issuer and r.random() < 0.15:
                    subject = ""
            else:
                subject = "" if r.random() < 0.6 else (
                    self.say(org, org.self_ref) if org is self.issuer else self.say(org))
            text = self.statement(m, subject, i == 0)
            if i == 0 and subject and subject not in text:
                # The sentence does not say who: the letter speaks for its issuer, and so do
                # the item's later sentences that name nobody.
                org = self.issuer
                for later in item:
                    if later.owner is not None:
                        later.owner = self.issuer.canonical
            if i > 0 and not subject and r.random() < 0.5 and not text.startswith(
                    ("目前", "下一步", "我们", "经", "截至")) and not text[0].isdigit():
                text = r.choice(("同时，", "此外，", "另外，")) + text
            sentences.append(text)
            self.measures.append(m)
        # What the item's measures do comes after them: a 我们 here must not become the
        # subject of a later measure in the same item.
        for m in item:
            core = next((c for c in self.area.cores if c in m.name), "")
            for _ in range(r.choice((3, 4, 4, 5))):
                sentences.append(self.filler(V.ELABORATIONS, core) if r.random() < 0.4
                                 else self.elaboration(core))
        for m in item:
            if m.status == "declined":
                self.measures.append(m)
        if r.random() < 0.3:
            sentences.append(self.filler(V.FILLER_ITEMS) + "。")
        return "".join(sentences)

    def headings(self, ordinal: int, items: list[list[MeasureTruth]]) -> tuple[str, str]:
        """(heading line, suggestion key) in this letter's numbering style."""
        r = self.rng
        theme = self.area.asks[(ordinal - 1) % len(self.area.asks)]
        asks = [f"{r.choice(CREATE_VERBS[m.kind])}{m.name}" for it in items for m in it][:3]
        cn = cn_small(ordinal)
        style = self.heading_style
        if style == "label":
            detail = "：" + "；".join(f"{cn_small(i + 1)}是{a}" for i, a in enumerate(asks)) + "。"
            return f"\t建议{cn}，{theme}{detail}", theme
        if style == "quoted":
            problem = r.choice(self.area.problems)
            return (f"{cn}、针对提案“针对{problem}的问题，{theme}，{asks[0]}。”建议，答复如下：",
                    theme)
        if style == "about_quoted":
            return f"{cn}、关于“{asks[0]}”的建议", asks[0]
        return f"{cn}、关于{theme}的建议", theme

    def answer(self, ordinal: int) -> tuple[list[str], list[list[MeasureTruth]]]:
        """The answer to one suggestion as paragraphs (lines), and its items of measures:
        items are added until the answer has its share of the letter's length."""
        r = self.rng
        style = self.body_style
        lines: list[str] = []
        opener = self.filler(V.BACKGROUND + V.BACKGROUND_MORE) if r.random() < 0.6 else ""
        if r.random() < 0.25:
            opener += self.background_number()
        items: list[list[MeasureTruth]] = []
        bodies: list[str] = []
        declined = r.random() < 0.45
        budget = self.target_per_suggestion * 0.9 - len(opener)
        while len(items) < 2 or sum(map(len, bodies)) < budget:
            items.append(self.new_item(ordinal))
            bodies.append(self.write_item(items[-1]))
        if declined:
            items.append(self.declined_item(ordinal))
            bodies.append(self.write_item(items[-1]))
        closing = self.filler(V.CLOSINGS_PLAN) if r.random() < 0.3 else ""
        if style == "paragraph":
            intro = r.choice(("我市积极推进{area}相关工作：", "我{u}不断完善{area}工作体系：",
                              "针对上述问题，我们重点做了以下工作：")).format(
                area=self.area.area, u=self.issuer.self_ref[1:])
            parts = [f"{cn_small(i + 1)}是{b}" for i, b in enumerate(bodies)]
            lines.append("\t" + opener + intro + "".join(parts) + closing)
        elif style == "sections":
            if opener:
                lines.append(opener)
            chunks = [bodies[i:i + 2] for i in range(0, len(bodies), 2)]
            for i, chunk in enumerate(chunks):
                title = r.choice(SECTION_TITLES).format(area=self.area.area)
                items_text = "".join(f"{cn_small(j + 1)}是{b}" for j, b in enumerate(chunk)) \
                    if len(chunk) > 1 else chunk[0]
                lines.append(f"（{cn_small(i + 1)}）{title}。{items_text}")
            if closing:
                lines.append(closing)
        elif style == "numbered":
            if opener:
                lines.append(opener)
            mark = r.choice(("{}.", "{}. ", "{}．", "{}、", "（{}）"))
            lines.extend(mark.format(i + 1) + b for i, b in enumerate(bodies))
            if closing:
                lines.append(closing)
        else:  # plain paragraphs
            if opener:
                lines.append(opener)
            lines.extend(bodies)
            if closing:
                lines.append(closing)
        return lines, items

    def status_table(self, plan, number: str, title: str, proposer: str,
                     co: list[Org]) -> str:
        """The reply form's table: header cells, then per suggestion a row of four columns."""
        r = self.rng
        lines = [f" \t{number}", f"\t{title}", f"\t{proposer}", f"\t{self.say(self.issuer)}",
                 "\t" + ",".join(self.say(o, o.written[1] if len(o.written) > 1 else None)
                                 for o in co)]
        for ordinal, items in enumerate(plan, start=1):
            lines.append(f"\t建议{cn_small(ordinal)}，{self.area.asks[(ordinal - 1) % 4]}。")
            for status in STATUS_COLUMNS:
                ms = [m for it in items for m in it if m.status == status]
                if not ms:
                    lines.append("\t")
                    continue
                cells = []
                for i, m in enumerate(ms, start=1):
                    n = self.written_name(m.name, m.kind)
                    if status == "declined":
                        cells.append(f"对于{r.choice(CREATE_VERBS[m.kind])}{n}的建议，因"
                                     f"{r.choice(V.DECLINE_REASONS)}，暂不具备实施条件。")
                    else:
                        verb = {"done": r.choice(DONE_VERBS[m.kind]), "in_progress": "推进",
                                "planned": "推动"}[status]
                        cells.append(f"{i}. {verb}{n}{'建设' if status != 'done' else ''}。")
                lines.append("\t" + "\n\n".join(cells))
            lines.extend(["\t"] * r.randint(0, 4))  # the form's empty cells between rows
        return "\n".join(lines) + "\n"

    def write(self) -> tuple[str, dict]:
        r = self.rng
        c = self.city
        y = self.year
        style = r.choices(("shenzhen2018", "form2021", "guangzhou", "hangzhou"),
                          (3, 2, 3, 2))[0]
        if self.is_suggestion:
            style = "hangzhou" if r.random() < 0.7 else "guangzhou"
        with_table = style == "form2021" and r.random() < 0.8
        self.heading_style = {"form2021": "label", "shenzhen2018": "quoted"}.get(
            style, r.choice(("about_quoted", "about")))
        if r.random() < 0.15 and not with_table:
            self.heading_style = r.choice(("label", "quoted", "about_quoted", "about"))
        self.body_style = {"form2021": "paragraph", "shenzhen2018": "sections"}.get(
            style, r.choice(("plain", "numbered", "plain")))
        if r.random() < 0.2:
            self.body_style = r.choice(("paragraph", "sections", "numbered", "plain"))
        issuer = self.issuer
        self.say(issuer)

        # numbers, session, people
        term_start, term = ((c.npc_term_start, c.npc_term) if self.is_suggestion
                            else (c.cppcc_term_start, c.cppcc_term))
        term += (y - term_start) // 5
        session_n = (y - term_start) % 5 + 1
        if self.is_suggestion:
            session = f"市{cn_small(term)}届人大{cn_small(session_n)}次会议"
        else:
            session = f"市政协{cn_small(term)}届{cn_small(session_n)}次会议"
        gold_session = f"{c.name}{session}"
        k = r.randint(1, 650)
        number = (str(k) if self.is_suggestion and r.random() < 0.6
                  else f"{y}{k:04d}" if r.random() < 0.7 else f"{y}{k:03d}")
        open_, close = r.choices((("〔", "〕"), ("[", "]"), ("（", "）"), ("［", "］")),
                                 (6, 2, 2, 1))[0]
        mid = r.choice(("函", "函", "提案函", "政案函", "建议函", "复")) if not \
            self.is_suggestion else r.choice(("函", "建议函", "复"))
        doc_no = self.index + 1  # unique in the corpus: two letters never share a number
        doc_number = f"{c.abbr}{issuer.docabbr}{mid}{open_}{y}{close}{doc_no}号"
        gold_doc_number = f"{c.abbr}{issuer.docabbr}{mid}〔{y}〕{doc_no}号"
        person = r.random() < 0.55
        if person:
            name = r.choice(V.SURNAMES) + "".join(r.sample(V.GIVEN, r.choice((1, 2, 2))))
            title_word = "代表" if self.is_suggestion else "委员"
            recipient, salutation = name, (f"尊敬的{name}{title_word}：" if r.random() < 0.15
                                           else f"{name}{title_word}：")
            you = "您"
        else:
            recipient = r.choice(V.PARTIES).format(city=c.name)
            salutation, you = f"{recipient}：", r.choice(("你们", "贵单位", "您"))
        proposal_title = (f"关于{r.choice(self.area.asks)}的"
                          + ("建议" if self.is_suggestion else r.choice(("提案", "提案",
                                                                            "建议提案"))))
        co = r.sample(self.helpers, r.randint(1, 3))
        co_text = "、".join(self.say(o) for o in co)

        self.plan_length()
        plan: list[list[list[MeasureTruth]]] = []
        sign_date = (cn_date(y, self.month, self.day) if r.random() < 0.3
                     else f"{y}年{self.month}月{self.day}日")

        out: list[str] = []
        # header
        head_number = doc_number if r.random() < 0.95 else None
        if style == "shenzhen2018":
            out += [f" {head_number}" if head_number else "",
                    f"{issuer.canonical}关于对", "", f"{session}第{number}号", "", "提案答复的函",
                    salutation]
        elif style == "form2021":
            out += [f" {head_number}" if head_number else "",
                    f"{issuer.canonical}关于对{number}号", "", "提案的答复函", f"\t{salutation}",
                    ""]
        elif style == "guangzhou":
            doc = "建议" if self.is_suggestion else "提案"
            out += [head_number or "", "",
                    f"{issuer.canonical}关于{session}第{number}号{doc}答复的函", "", salutation,
                    ""]
        else:
            doc = "建议" if self.is_suggestion else "提案"
            out += [head_number or "", "", issuer.canonical,
                    f"关于{session}第{number}号{doc}的答复",
                    "", salutation, ""]

        # acknowledgement
        intro_form = r.random()
        if style == "form2021":
            ack = (f"《{proposal_title}》收悉，结合{co_text}的会办意见，现就{self.kind_word}"
                   f"办理有关情况答复如下：")
        elif intro_form < 0.3:
            ack = (f"{you}提出的《{proposal_title}》（{c.name}{session}{self.kind_word}"
                   f"第{number}号，"
                   f"以下简称“《{self.kind_word}》”）收悉。")
        elif intro_form < 0.55:
            ack = (f"{you}提出的《{proposal_title}》（第{number}号）收悉。经认真研究，结合{co_text}"
                   f"的会办意见，现答复如下：")
        elif intro_form < 0.8:
            ack = f"{you}在{session}期间提出的《{proposal_title}》收悉。经商{co_text}，现答复如下："
        else:
            ack = (f"{you}提出的《{proposal_title}》收悉。{self.filler(V.OPENINGS)}经认真研究，"
                   f"结合{co_text}的会办意见，现将办理情况答复如下：")
        out.append(ack)
        if style == "shenzhen2018" or r.random() < 0.3:
            out.append(self.filler(V.BACKGROUND) + self.filler(V.BACKGROUND))
        if style == "shenzhen2018" and "会办意见" not in ack and "经商" not in ack:
            out.append(f"{self.kind_word}中所提的{self.n_suggestions}点建议，"
                       f"{issuer.self_ref}经认真研究，结合{co_text}的会办意见，函复如下：")
        if style == "form2021":
            out += ["\t意见建议", "\t办理答复", ""]

        suggestions = []
        for ordinal in range(1, self.n_suggestions + 1):
            lines, items = self.answer(ordinal)
            plan.append(items)
            heading, key = self.headings(ordinal, items)
            suggestions.append({"ordinal": ordinal, "key": key})
            out.append(heading)
            out += lines
            if style == "form2021":
                out.append("")

        # closing, signature, date, contact
        contact = r.choice(V.SURNAMES) + "".join(r.sample(V.GIVEN, 2))
        phone = f"{c.area_code}-{r.randint(2, 8)}{r.randint(1000000, 9999999)}"
        evaluation = None
        if style == "form2021":
            out += ["\t一、办理过程及其他需要说明的情况",
                    f"{y}年{self.month}月{max(1, self.day - 5)}日，{self.kind_word}办理人员"
                    f"通过电话和"
                    f"微信，与{'委员' if person else '提案单位'}进行沟通交流。"
                    f"{'委员' if person else '提案单位'}表示对答复满意。", ""]
            out += ["专此函复。", "", f"{self.say(issuer)}        ", "",
                    f"          {sign_date}", ""]
            evaluation = r.choice("ABCD")
            out += ["\t二、办理实效评估类别", f"    _{evaluation}_类",
                    "（A类：提案所提问题已经解决或基本解决；B类：提案所提问题正在解决或已列入计划准备"
                    "解决；C类：提案所提问题因受目前条件限制或其他原因需以后研究解决；D类：留作参考。）",
                    "", "\t联系人", f"\t{contact}", "\t联系电话", f"\t{phone}"]
            if with_table:
                extra = [self.owner_org(m.owner) for m in self.measures
                         if m.owner and m.owner != issuer.canonical]
                table_co = list(dict.fromkeys([*co, *extra]))
                co = table_co
                out.append(self.status_table(plan, number, proposal_title,
                                             recipient, table_co))
        else:
            out.append(self.filler(V.SIGNOFFS))
            out += ["", issuer.canonical, sign_date, ""]
            form = r.random()
            if form < 0.45:
                out.append(f"（联系人：{contact}，联系电话：{phone}）")
            elif form < 0.7:
                out.append(f"联系人：{contact}    联系电话：{phone}")
            else:
                contact = phone = None
        text = "\n".join(out).strip("\n") + "\n"
        # Only what the letter writes is ground truth: forms prepared but not used drop out.
        agencies = []
        for name, aliases in self.agencies.items():
            said = [a for a in aliases if a in text]
            if name in text or said or (name == issuer.canonical and issuer.self_ref in text):
                agencies.append({"name": name, "aliases": said})
        co_written = co_text in text or with_table

        kind = "reply_to_suggestion" if self.is_suggestion else "reply_to_proposal"
        gold = {
            "document": {
                "doc_number": gold_doc_number if head_number else None,
                "kind": kind,
                "issuer": issuer.canonical,
                "recipient": recipient,
                "date": f"{y}-{self.month:02d}-{self.day:02d}",
                "evaluation_class": evaluation,
                "contact_person": contact,
                "contact_phone": phone,
            },
            "proposal": {
                "number": number,
                "title": proposal_title,
                "proposer": recipient,
                "proposer_kind": "person" if person else "organization",
                "session": gold_session if style in ("shenzhen2018", "guangzhou", "hangzhou")
                or "期间" in ack or session in ack else None,
                "lead_agency": issuer.canonical,
                "co_handling_agencies": [o.canonical for o in co] if co_written else None,
            },
            "suggestions": suggestions,
            "agencies": agencies,
            "measures": [m.gold() for m in sorted(self.measures, key=lambda m: m.suggestion)],
            "amounts": self.amounts,
        }
        return text, gold


# Programmes are carried out (开展, 实施), not built; facilities are built and opened.
PROGRAMME_KINDS = ("pilot", "action", "voucher", "funding", "mechanism", "insurance")
PROGRAMME_VERBS = {"pilot": "开展", "action": "开展", "voucher": "发放", "funding": "实施",
                   "insurance": "推广", "mechanism": "建立"}
FACILITY_KINDS = ("platform", "centre", "base", "database", "office")
# The verb a letter uses for making each kind of measure, done and planned.
DONE_VERBS: dict[str, tuple[str, ...]] = {
    "platform": ("建成", "搭建", "上线"), "centre": ("设立", "建成", "成立"),
    "base": ("建成", "设立", "认定"), "database": ("建立", "建成"), "fund": ("设立",),
    "alliance": ("组建", "成立"), "office": ("设立", "建成"), "pilot": ("开展", "启动"),
    "mechanism": ("建立",), "regulation": ("出台", "印发"), "guide": ("编制", "发布"),
    "team": ("组建",), "insurance": ("推出",), "funding": ("实施",), "action": ("开展",),
    "voucher": ("发放",),
}
CREATE_VERBS: dict[str, tuple[str, ...]] = {
    "platform": ("建设", "搭建", "建立"), "centre": ("设立", "建设", "成立"),
    "base": ("建设", "设立"), "database": ("建立", "建设"), "fund": ("设立",),
    "alliance": ("组建", "成立"), "office": ("设立", "建设"), "pilot": ("开展",),
    "mechanism": ("建立",), "regulation": ("出台", "制定"), "guide": ("编制", "制定"),
    "team": ("组建",), "insurance": ("推出",), "funding": ("设立",), "action": ("开展",),
    "voucher": ("发放",),
}
# (template, unit, low, high): {q} is the quantity; CNY is money.
TAILS: dict[str, tuple[tuple[str, str, int, int], ...]] = {
    "platform": (("累计发布信息{q}", "条", 300, 9000), ("服务企业{q}", "家", 50, 6000),
                 ("注册用户达{q}", "人", 2000, 150000), ("促成合作项目{q}", "项", 20, 900)),
    "centre": (("已服务企业和机构{q}", "家", 30, 3000), ("累计受理咨询{q}", "件", 100, 20000),
               ("入驻服务机构{q}", "家", 5, 80)),
    "base": (("已培训{client}{q}", "人次", 300, 30000), ("入驻项目{q}", "个", 10, 200)),
    "database": (("入库专家{q}", "名", 50, 1200), ("收录案例{q}", "件", 100, 5000),
                 ("入库项目{q}", "个", 30, 900)),
    "fund": (("首期规模{q}", "CNY", 0, 0), ("已投资项目{q}", "个", 5, 120),
             ("总规模{q}", "CNY", 0, 0)),
    "alliance": (("吸纳成员单位{q}", "家", 10, 300),),
    "office": (("累计服务群众{q}", "人次", 500, 80000), ("在各区布局站点{q}", "个", 5, 120)),
    "pilot": (("首批覆盖试点单位{q}", "家", 5, 80), ("惠及群众{q}", "人", 500, 90000)),
    "mechanism": (("协调解决问题{q}", "项", 5, 200), ("累计召开联席会议{q}", "次", 2, 30)),
    "team": (("组织专家{q}", "名", 10, 300),),
    "insurance": (("为企业{q}提供保障", "家", 50, 2000), ("保险总额{q}", "CNY", 0, 0)),
    "funding": (("累计资助项目{q}", "项", 10, 600), ("发放资助资金{q}", "CNY", 0, 0)),
    "action": (("检查经营主体{q}", "家", 100, 5000), ("开展活动{q}", "场", 10, 500)),
    "voucher": (("累计发放{q}", "CNY", 0, 0), ("惠及{client}{q}", "人次", 1000, 90000)),
    "regulation": (("安排专项资金{q}", "CNY", 0, 0), ("明确具体措施{q}", "项", 10, 40)),
}
DETAILS = (
    "为{client}提供一站式服务",
    "有效提升了服务效率",
    "为{client}提供了有力支撑",
    "切实减轻了{client}负担",
    "取得了良好的社会效果",
    "进一步提升了{area}服务水平",
    "受到{client}普遍欢迎",
)
PLAN_DETAILS = ("为{area}提供长效保障", "进一步增强政策的系统性和协同性", "逐步扩大覆盖范围",
                "形成可复制可推广的经验")
SECTION_TITLES = ("加强顶层设计，完善政策体系", "强化服务供给，提升服务水平",
                  "坚持问题导向，补齐短板弱项", "深化改革创新，激发发展活力",
                  "加强统筹协调，形成工作合力", "强化要素保障，优化发展环境")


# --- the corpus ---------------------------------------------------------------------------------

GOLD_README = """# Gold for a synthetic corpus (bench/corpus.py)

One JSON per letter in the format of the seed gold (/work/shared/gold/README.md), `source`
relative to this folder's parent. Written by the generator as it wrote the letter, so it is the
truth by construction. Conventions:
- `doc_number` uses 〔〕 whatever brackets the letter prints ([2021], （2021）, ［2021］).
- `session` is the city plus the session as written (市政协六届四次会议 -> 深圳市政协六届四次会议);
  null when the letter does not name it.
- `measures[].owner` is the agency that is the subject of the commitment, the issuer when the
  letter speaks for itself (我局, 我们, 我市, or no subject); null for declined asks.
- `measures[].kind` is the generator's measure kind (not scored).
- `amounts` lists every money amount and count in the letter's body, each mention once.
- `links.json` lists the agency renamings (2019 reorganisation) the corpus uses.
"""


def write_corpus(n: int, outdir: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` letters and their gold files under ``outdir``; return the letter paths."""
    letters, gold_dir = outdir / "letters", outdir / "gold"
    letters.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    renamings: dict[tuple[str, str], int] = {}
    for i in range(n):
        writer = LetterWriter(seed, i)
        text, gold = writer.write()
        name = f"{i:05d}"
        path = letters / f"{name}.txt"
        if i % 20 == 7:  # one letter in 20 arrives as GB18030 with CRLF line ends
            path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
        else:
            path.write_text(text, encoding="utf-8")
        gold = {"source": f"letters/{name}.txt", **gold}
        (gold_dir / f"{name}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
        for key, dept in V.DEPARTMENTS.items():
            for until, old, _, _, cities in dept.former:
                if until >= 2024:
                    continue  # kept its name through the corpus years: no successor
                if writer.city.name in cities or not cities:
                    earlier = f"{writer.city.name}市{old}"
                    later = writer.department(key).canonical if writer.year > until else None
                    if earlier in writer.agencies or (later and later in writer.agencies):
                        renamings[(earlier, f"{writer.city.name}市{dept.full}")] = until + 1
    links = {"about": "Agency renamings in this synthetic corpus (background, not in letters).",
             "builds_on": [], "optional": [],
             "agency_succession": [{"earlier": e, "later": la, "year": y}
                                   for (e, la), y in sorted(renamings.items()) if e != la]}
    (gold_dir / "links.json").write_text(json.dumps(links, ensure_ascii=False, indent=1),
                                         encoding="utf-8")
    (gold_dir / "README.md").write_text(GOLD_README, encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split(
        "\n")[0])
    parser.add_argument("n", type=int, help="number of letters")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_corpus(args.n, args.outdir, args.seed)
    chars = sum(len(p.read_bytes().decode("utf-8", errors="ignore")) for p in paths[:200])
    print(f"wrote {len(paths)} letters to {args.outdir / 'letters'} and gold to "
          f"{args.outdir / 'gold'} (mean {chars // max(1, min(200, len(paths)))} chars)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
