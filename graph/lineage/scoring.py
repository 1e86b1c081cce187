"""How much a later statement continues an earlier one: :class:`Link` and its score."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from policykg.graph.lineage.candidates import _Profile, _Rarity
from policykg.graph.lineage.config import LineageConfig
from policykg.graph.lineage.statements import Statement
from policykg.graph.succession import Succession


class Link(BaseModel):
    """One scored continuation: ``later`` (a commitment) builds on ``earlier``."""

    later: Statement
    earlier: Statement
    score: float
    shared_terms: list[tuple[str, str]] = Field(
        default_factory=list, description="(term, where: name / cross / context), strongest first"
    )
    same_owner: bool = False
    successor_owner: bool = False
    same_kind: bool = False
    coverage: float = 0.0
    ngram: float = 0.0
    topic: float = 0.0

    @property
    def rationale(self) -> str:
        a, b = self.later, self.earlier
        parts = [
            f"{b.document_name or b.document_id} ({_year(b)}, {b.status or 'status unknown'}) -> "
            f"{a.document_name or a.document_id} ({_year(a)}, {a.status or 'status unknown'})"
        ]
        if self.shared_terms:
            parts.append("shared " + ", ".join(f"{t} ({w})" for t, w in self.shared_terms[:5]))
        if self.same_owner:
            parts.append(f"same owner {a.agency}")
        elif self.successor_owner:
            parts.append(f"owner {a.agency} succeeded {b.agency}")
        if self.same_kind:
            parts.append(f"same kind {a.kind}")
        parts.append(f"n-gram {self.ngram:.2f}")
        if self.topic:
            parts.append(f"topic {self.topic:.2f}")
        return "; ".join(parts)


def _year(s: Statement) -> str:
    return (s.document_date or "")[:4] or "undated"


class Rarities:
    """How rare each term is among every statement's terms, and among the suggestions'
    topics; counted over the whole store one region at a time (``add``)."""

    def __init__(self) -> None:
        self.terms = _Rarity(())
        self.topics = _Rarity(())

    def add(self, profiles: list[_Profile]) -> None:
        self.terms.add(p.present for p in profiles)
        self.topics.add({frozenset(p.topic_terms) for p in profiles if p.topic_terms})

    @classmethod
    def of(cls, batches: list[list[_Profile]]) -> Rarities:
        rarities = cls()
        for batch in batches:
            rarities.add(batch)
        return rarities


class _Scorer:
    def __init__(
        self,
        profiles: list[_Profile],
        succession: Succession,
        config: LineageConfig,
        rarity: Rarities | None = None,
    ) -> None:
        self.config = config
        self.succession = succession
        rarity = rarity or Rarities.of([profiles])
        self.rarity, self.topic_rarity = rarity.terms, rarity.topics
        self._idf = rarity.terms.table()
        self._lines: dict[tuple[str, str, str | None], bool] = {}
        # The highest score the weights allow, for two steps (True) and otherwise (False).
        self._most = {
            steps: _weighed(config, steps, 1.0, 1.0, 1.0, True, True, 1.0)
            for steps in (True, False)
        }

    def key_terms(self, profile: _Profile) -> set[str]:
        """Terms that can make a candidate: not the head word, and rare enough."""
        return {
            t
            for t, w in profile.key_terms.items()
            if w >= 1.0 and self.rarity.idf(t) >= self.config.min_key_idf
        }

    def score(self, later: _Profile, earlier: _Profile) -> Link | None:
        """The link ``later`` -> ``earlier`` when its score reaches the threshold."""
        cfg, idf = self.config, self._idf.get
        a, b = later.statement, earlier.statement
        same_kind = bool(a.kind and a.kind == b.kind)
        same_owner = bool(a.agency and a.agency == b.agency)
        successor = bool(
            a.agency
            and b.agency
            and not same_owner
            and self._same_line(a.agency, b.agency, a.document_date)
        )
        if b.status == "done" and not same_kind and not (same_owner or successor):
            # Something already finished is taken further by its own agency or under its own
            # kind of name; another agency's other kind of thing sharing a word is chance.
            return None
        steps = a.kind == "action" and b.kind == "action"
        step_pair = a.kind == "action" or b.kind == "action"
        needed = max(cfg.action_threshold, cfg.threshold) if step_pair else cfg.threshold
        # Two steps naming only other figures are two instances of a kind of step
        # (_anchored): often that alone rules the link out, before any word is weighed.
        other_figures = step_pair and _other_figures(a.written or "", b.written or "")
        factor = cfg.other_amount_factor if other_figures else 1.0
        if factor * self._most[steps] < needed:
            return None
        evidence: dict[str, tuple[str, float]] = {}
        for term in later.key_terms.keys() & earlier.key_terms.keys():
            weight = min(later.key_terms[term], earlier.key_terms[term]) * idf(term, 0.0)
            evidence[term] = ("name", weight)
        if steps and not _shares_work(a, b, evidence, cfg):
            return None
        crossing = (later.key_terms.keys() & earlier.context_terms) | (
            earlier.key_terms.keys() & later.context_terms
        )
        for term in crossing - evidence.keys():
            weight = max(later.key_terms.get(term, 0.0), earlier.key_terms.get(term, 0.0))
            evidence[term] = ("cross", cfg.cross_weight * weight * idf(term, 0.0))
        for term in (later.context_terms & earlier.context_terms) - evidence.keys():
            evidence[term] = ("context", cfg.context_weight * idf(term, 0.0))
        mass = sum(weight for _, weight in evidence.values())
        terms = 1.0 - math.exp(-mass / cfg.saturation)
        coverage = self._coverage(later, earlier)
        if steps:
            coverage = min(coverage, self._coverage(earlier, later))
        ngram = fuzz.ratio(later.core, earlier.core) / 100.0
        # The most what pins a step down can add (_anchored): a shared place or figure.
        bonuses = 0.0
        if not other_figures:
            bonuses = cfg.same_place_bonus + (
                cfg.same_amount_bonus if coverage >= cfg.same_amount_coverage else 0.0
            )
        owner = same_owner or successor
        if steps:
            # the most the topic could add: a pair that cannot reach the threshold with it
            # is not weighed further
            best_case = _weighed(cfg, steps, terms, coverage, ngram, same_kind, owner, 1.0)
            if best_case * factor + bonuses < needed:
                return None
        topic = self._topic(later, earlier)
        score = _weighed(cfg, steps, terms, coverage, ngram, same_kind, owner, topic)
        if b.status == "done" and a.status == "planned":
            score *= cfg.replan_penalty
        if step_pair:
            if score * factor + bonuses < needed:
                return None
            # a step is pinned down by its places and figures, even against a bare name
            score = _anchored(
                score, a.written or "", b.written or "", topic, coverage, other_figures, cfg
            )
            if _POINTS_AT.search(a.written or "") or _POINTS_AT.search(b.written or ""):
                # 将该路段纳入… is about what the proposal asked: two such steps are one only
                # when the two proposals are about one thing.
                score *= min(1.0, cfg.anaphora_floor + topic)
        # ``threshold`` is the least score of every link; a link with a step on either side
        # needs ``action_threshold``.
        if score < needed:
            return None
        ranked = sorted(
            ((t, where, w) for t, (where, w) in evidence.items() if w > 0),
            key=lambda item: (-item[2], item[0]),
        )
        return Link(
            later=a,
            earlier=b,
            score=round(score, 4),
            shared_terms=_phrases([(t, where) for t, where, _ in ranked], later, earlier),
            same_owner=same_owner,
            successor_owner=successor,
            same_kind=same_kind,
            coverage=round(coverage, 4),
            ngram=round(ngram, 4),
            topic=round(topic, 4),
        )

    def _same_line(self, later: str, earlier: str, as_of: str | None) -> bool:
        key = (later, earlier, as_of)
        if key not in self._lines:
            self._lines[key] = self.succession.same_line(later, earlier, as_of)
        return self._lines[key]

    def _coverage(self, later: _Profile, earlier: _Profile) -> float:
        """How much of what names the later measure the earlier statement already says (in
        its names, or less so in its clause); small names cannot reach 1 on one word."""
        masses = self._masses(later)
        found = 0.0
        for term, mass in masses.items():
            if term in earlier.key_terms:
                found += mass
            elif term in earlier.context_terms:
                found += self.config.cross_weight * mass
        return found / max(later.key_total or 0.0, self.config.saturation)

    def _masses(self, profile: _Profile) -> dict[str, float]:
        """Each name term's weight times its rarity, worked out on first use."""
        if profile.key_masses is None:
            idf = self._idf.get
            profile.key_masses = {t: w * idf(t, 0.0) for t, w in profile.key_terms.items()}
            profile.key_total = sum(profile.key_masses.values())
        return profile.key_masses

    def _topic(self, later: _Profile, earlier: _Profile) -> float:
        """Shared words of the two suggestions answered, weighted by rarity; short topics
        cannot reach 1 on one shared word."""
        shared = later.topic_terms & earlier.topic_terms
        if not shared:
            return 0.0
        idf = self.topic_rarity.idf
        found = sum(idf(t) for t in shared)
        size = math.sqrt(self._topic_mass(later) * self._topic_mass(earlier))
        return found / max(size, 2 * self.config.saturation)

    def _topic_mass(self, profile: _Profile) -> float:
        if profile.topic_mass is None:
            profile.topic_mass = sum(self.topic_rarity.idf(t) for t in profile.topic_terms)
        return profile.topic_mass


def _weighed(
    cfg: LineageConfig,
    steps: bool,
    terms: float,
    coverage: float,
    ngram: float,
    same_kind: bool,
    owner: bool,
    topic: float,
) -> float:
    """The weighted sum of a pair's evidence. Every step is of one kind, and every step of
    two letters shares their topic: neither tells which step continues which; the words do."""
    if steps:
        return (
            cfg.action_weight_terms * terms
            + cfg.action_weight_coverage * coverage
            + cfg.weight_ngram * ngram
            + cfg.weight_owner * owner
            + cfg.action_weight_topic * topic
        )
    return (
        cfg.weight_terms * terms
        + cfg.weight_coverage * coverage
        + cfg.weight_ngram * ngram
        + cfg.weight_kind * same_kind
        + cfg.weight_owner * owner
        + cfg.weight_topic * topic
    )


def _shares_work(
    a: Statement, b: Statement, names: dict[str, tuple[str, float]], cfg: LineageConfig
) -> bool:
    """Whether two steps share a rare word of what they do (``names``: the shared name terms
    and their weights). The place they are at is not what they do (修复X路坑槽 and X路拓宽改造
    are two steps); it counts when the work is written alike too (two shared words of it,
    however common: X路拓宽改造 -> X路拓宽改造已完工)."""
    if not names:
        return False
    places = _place_reach(a.written or "") | _place_reach(b.written or "")
    at_place = {t for t in names if any(t in p or p in t for p in places)} if places else set()
    work = len(names) - len(at_place)
    if at_place and work < 2:
        return False  # 绵州大道雨污分流改造 / 绵州大道拓宽改造: one shared verb is no work
    rare_work = any(w >= cfg.min_key_idf for t, (_, w) in names.items() if t not in at_place)
    rare_place = any(w >= cfg.min_key_idf for t, (_, w) in names.items() if t in at_place)
    return rare_work or (rare_place and work >= 2)


# A step whose object is the proposal's own subject (该路段, 此事项, 上述项目).
_POINTS_AT = re.compile(
    r"(?:该|此|上述|这一|这个)(?:事项|项目|路段|片区|区域|问题|工程|处|校|河段|地块|村)"
)


def _other_figures(later: str, earlier: str) -> bool:
    """Whether two steps name only other figures: other values of one unit (路灯41盏 ->
    37盏), or figures of two things (资金5.6亿元 / 活动44场)."""
    mine, theirs = _amounts(later), _amounts(earlier)
    if not (mine and theirs):
        return False
    units = {u for _, u in mine} & {u for _, u in theirs}
    return not units or any(
        {v for v, u in mine if u == unit} != {v for v, u in theirs if u == unit} for unit in units
    )


def _anchored(
    score: float,
    later: str,
    earlier: str,
    topic: float,
    coverage: float,
    other_figures: bool,
    cfg: LineageConfig,
) -> float:
    """``score`` weighed by what pins two steps down: the places and the figures they name.
    The same village or road, or the same figures, say the same step; other places of one
    kind, or other figures of one unit, another instance of a recurring kind of step
    (路灯41盏 -> 37盏). Two steps that name neither (召开专题协调会) are one only when the
    proposals they answer are about one thing. ``other_figures``: ``_other_figures`` of the
    two, already worked out by the caller."""
    mine, theirs = _amounts(later), _amounts(earlier)
    same_place = other_place = False
    later_places = earlier_places = False
    # Facilities and villages first, then towns: 甲镇卫生院 and 甲镇幼儿园 are two things.
    for level in (_SITES, _TOWNS):
        mine_places, their_places = _places(later, level), _places(earlier, level)
        later_places = later_places or bool(mine_places)
        earlier_places = earlier_places or bool(their_places)
        if mine_places & their_places:
            same_place = level is _SITES  # a shared town alone says little
            break
        if {_KIND_CLASS.get(k, k) for _, k in mine_places} & {
            _KIND_CLASS.get(k, k) for _, k in their_places
        }:
            other_place = True
            break
        if mine_places or their_places:
            break
    if other_place:
        score *= cfg.other_place_factor
    if other_figures:
        score *= cfg.other_amount_factor
    if other_place or other_figures:
        return score
    if same_place:
        score += cfg.same_place_bonus
    if mine & theirs and coverage >= cfg.same_amount_coverage:
        score += cfg.same_amount_bonus  # one figure of two different things is chance
    later_anchored, earlier_anchored = bool(mine or later_places), bool(theirs or earlier_places)
    if not (later_anchored or earlier_anchored):
        score *= min(1.0, cfg.anaphora_floor + topic)
    elif not (same_place or mine & theirs):
        # one names a figure or place the other does not repeat, or they name others
        score *= cfg.unanchored_factor
    return min(1.0, score)


# A proper name of a place and the kind of place it is (槐树坪村, 张飞大道, 仙鹤社区), unless
# what follows makes the word a kind of thing (村卫生室, 路灯, 镇政府).
def _place_pattern(kinds: tuple[str, ...], not_after: str) -> re.Pattern[str]:
    return re.compile(r"([\u4e00-\u9fff]{2})(" + "|".join(kinds) + f")(?![{not_after}])")


_SITES = _place_pattern(
    (
        "社区",
        "村",
        "大道",
        "公路",
        "路",
        "小区",
        "中学",
        "小学",
        "幼儿园",
        "卫生院",
        "医院",
        "公园",
        "水库",
        "大桥",
        "河段",
        "广场",
    ),
    "卫级民委干集组务庄容落灯面段口网况基线政肩",
)
_TOWNS = _place_pattern(("街道", "镇", "乡"), "级政府党村")
# Kinds of place that are one kind to compare (X路 and Y大道 are two roads).
_KIND_CLASS = {
    "大道": "路",
    "公路": "路",
    "社区": "村",
    "中学": "学校",
    "小学": "学校",
    "卫生院": "医院",
    "乡": "镇",
    "街道": "镇",
}
# Words before a place word that make it a kind, not a name (农村, 道路, 贫困村, 城区小学).
_NOT_A_NAME = re.compile(
    r"^(?:农|乡|山|渔|城|公|道|线|马|铁|思|出|水|干|支|主|次|背|街|新|各|每|一|两|该|本|我|县|"
    r"市|区|镇|全|老|村|城乡|行政|自然|美丽|和美|示范|重点|中心|贫困|脱贫|试点|通组|通村|城区|"
    r"村级|农村|乡镇|老旧|居民|所有|辖区|周边|相关|沿线|特色|传统|集镇|口袋|城市|社区)$"
    r"|[\d一二三四五六七八九十两几个多余批座所]"
)


# A word that ends in one of these makes a kind only before these place words (山村, 城镇,
# 城乡); before others it is part of a name (塔山镇, 银城大道).
_KIND_WORD_BEFORE: dict[str, tuple[tuple[str, ...], str]] = {
    "山": (("村",), ""),
    # 城镇 after a word that makes it the kind (新型城镇, 全县城镇); 金城镇 is a town's name
    "城": (("镇", "乡", "区", "社区"), "型县市区省全各乡和及与、"),
}


@lru_cache(maxsize=65536)
def _place_names(text: str) -> frozenset[str]:
    """The places a step names, written out: 实施坪上村饮水工程 -> {坪上村}."""
    return frozenset(
        name + kind for level in (_SITES, _TOWNS) for name, kind in _places(text, level)
    )


@lru_cache(maxsize=65536)
def _place_reach(text: str) -> frozenset[str]:
    """The places a step names with the character before each: a name longer than two
    characters (环城东路) is read by its last two, and its first must not count as work."""
    out = set()
    for name in _place_names(text):
        at = text.find(name)
        out.add(text[max(0, at - 1) : at + len(name)])
    return frozenset(out)


@lru_cache(maxsize=65536)  # one step is scored against many: read its text once
def _places(text: str, pattern: re.Pattern[str]) -> frozenset[tuple[str, str]]:
    """The places a step names, as (name, kind): 实施坪上村饮水工程 -> {(坪上, 村)}."""
    out = set()
    for m in pattern.finditer(text):
        name, kind = m.groups()
        second = name[1:]
        if second in _KIND_WORD_BEFORE:
            kinds, modifiers = _KIND_WORD_BEFORE[second]
            kind_word = kind in kinds and (not modifiers or name[0] in modifiers)
        else:
            # 农村, 道路, 马路: a character before a one-character kind makes a word; before
            # 公路 or 大道 it is part of a name (仪马公路)
            kind_word = bool(_NOT_A_NAME.match(second)) and len(kind) == 1
        if not (_NOT_A_NAME.search(name) or kind_word):
            out.add((name, kind))
    return frozenset(out)


_AMOUNT = re.compile(
    r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})\s*(万|亿)?\s*(?:余|多)?"
    r"(元|平方米|平米|公里|"
    r"千米|米|亩|公顷|%|％|[个家项所座条户栋盏处场届名人次批台辆间部]"
    r"|(?<=[万亿]))"
)
_CN = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _number(text: str) -> float:
    """12.5 -> 12.5; 十一 -> 11, 两 -> 2, 三十 -> 30."""
    if text[0].isdigit():
        return float(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return float(_CN.get(tens, 1) * 10 + _CN.get(ones, 0))
    return float(_CN.get(text, 0))


@lru_cache(maxsize=65536)
def _amounts(text: str) -> frozenset[tuple[float, str]]:
    """The figures a step names, as (value, unit): 1.2万亩 -> (12000.0, 亩)."""
    out = set()
    for number, magnitude, unit in _AMOUNT.findall(text):
        value = _number(number) * {"万": 1e4, "亿": 1e8}.get(magnitude, 1)
        unit = unit or "元"  # 390万 in a letter is money
        out.add((value, {"平米": "平方米", "千米": "公里", "％": "%"}.get(unit, unit)))
    return frozenset(out)


def _phrases(
    ranked: list[tuple[str, str]], later: _Profile, earlier: _Profile
) -> list[tuple[str, str]]:
    """Shared bigrams joined back into the words they came from (案例 + 例库 -> 案例库)."""
    where = dict(ranked)
    texts = [
        *later.statement.names,
        *earlier.statement.names,
        later.statement.evidence_sentence or "",
        earlier.statement.evidence_sentence or "",
    ]
    phrases: list[tuple[str, str]] = []
    used: set[str] = set()
    for term, kind in ranked:
        if term in used:
            continue
        phrase = term
        grown = True
        while grown:  # extend while the next/previous bigram is shared too
            grown = False
            for text in texts:
                at = text.find(phrase)
                if at < 0:
                    continue
                if at + len(phrase) < len(text) and (phrase[-1] + text[at + len(phrase)] in where):
                    phrase += text[at + len(phrase)]
                    grown = True
                    break
                if at > 0 and text[at - 1] + phrase[0] in where:
                    phrase = text[at - 1] + phrase
                    grown = True
                    break
        used.update(phrase[i : i + 2] for i in range(len(phrase) - 1))
        used.add(term)
        phrases.append((phrase, kind))
    return phrases
