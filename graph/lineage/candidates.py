"""Text features of statements and the rarity of their terms, from which candidates
are found (an inverted index over rare name terms, and small owner blocks)."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from policykg.graph.lineage.config import LineageConfig
from policykg.graph.lineage.statements import Statement

_RUNS = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
_QUALIFIER = re.compile(r"[（(][^）)]*[）)]")
# An administrative place leading a name (万江区…, 南山区…, 某某县…) only says where it is.
_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?:省|自治区|市|区|县|镇)(?=[\u4e00-\u9fff]{2})")
_CLAUSE = re.compile(r"[，；。：！？,;:!?\n]")


def _terms(text: str) -> set[str]:
    """Character bigrams of Han runs (a lone character stays) and ASCII words upper-cased."""
    found: set[str] = set()
    for run in _RUNS.findall(text):
        if run[0].isascii():
            found.add(run.upper())
        elif len(run) == 1:
            found.add(run)
        else:
            found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


@dataclass
class _Profile:
    statement: Statement
    core: str
    key_terms: dict[str, float]  # term -> 1.0, or head_weight for the head word
    context_terms: set[str]
    topic_terms: set[str]
    present: frozenset[str] = field(default_factory=frozenset)  # every term, for df
    topic_mass: float | None = None  # filled on first use, once rarity is known
    key_masses: dict[str, float] | None = None  # name term -> weight x idf, likewise
    key_total: float | None = None


def _core(name: str, city: str | None, scope_words: Iterable[str]) -> str:
    """The name without what only places or scopes it: （威海）, 威海市, 中国, 国家…"""
    text = _PLACE_PREFIX.sub(" ", _QUALIFIER.sub(" ", name).strip())
    places = [f"{city}市", city] if city else []
    for word in sorted({*places, *scope_words}, key=len, reverse=True):
        text = text.replace(word, " ")
    return " ".join(text.split())


def _context(statement: Statement, other_names: list[str]) -> str:
    """The clause naming the measure and its neighbours, other measures' names taken out."""
    sentence = statement.evidence_sentence or ""
    clauses = [c for c in _CLAUSE.split(sentence) if c.strip()]
    names = statement.names
    at = next((i for i, c in enumerate(clauses) if any(n in c for n in names)), None)
    window = "，".join(clauses[max(0, at - 1) : at + 2]) if at is not None else sentence
    for name in sorted({*other_names, *names}, key=len, reverse=True):
        window = window.replace(name, " ")
    return window


def _profiles(statements: list[Statement], config: LineageConfig) -> list[_Profile]:
    by_document: dict[str, list[str]] = defaultdict(list)
    for s in statements:
        by_document[s.document_id].extend(s.names)
    profiles = []
    for s in statements:
        key_terms: dict[str, float] = {}
        # 国家/省级 only scope a named measure (国家知识产权局…中心); in a step they are what
        # is done (报国家审批), and stay.
        scope = () if s.kind == "action" else config.scope_words
        cores = [_core(name, s.city, scope) for name in s.names]
        for core in cores:
            runs = _RUNS.findall(core)
            head = runs[-1][-2:] if runs and len(runs[-1]) >= 2 and not runs[-1].isascii() else None
            for term in _terms(core):
                if s.kind == "action" and term.isdigit():
                    continue  # a step's figures are weighed as figures (scoring._anchored)
                weight = config.head_weight if term == head else 1.0
                key_terms[term] = max(key_terms.get(term, 0.0), weight)
        context = _terms(_context(s, by_document[s.document_id]))
        if s.kind == "action":
            context = {t for t in context if not t.isdigit()}
        topic = _terms(s.topic or "")
        profiles.append(
            _Profile(
                statement=s,
                core=max(cores, key=len) if cores else "",
                key_terms=key_terms,
                context_terms=context,
                topic_terms=topic,
                present=frozenset(key_terms) | frozenset(context),
            )
        )
    return profiles


class _Rarity:
    """Inverse document frequency over statements; a term in one statement counts nothing."""

    def __init__(self, bags: Iterable[frozenset[str] | set[str]]) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        self._idf: dict[str, float] = {}
        self.add(bags)

    def add(self, bags: Iterable[frozenset[str] | set[str]]) -> None:
        for bag in bags:
            self.df.update(bag)
            self.n += 1
        self._idf.clear()

    def table(self) -> dict[str, float]:
        """Every counted term's idf (a term counted once, or never, is absent: 0): looked up
        for every scored pair, so worked out once."""
        n = self.n
        return {t: math.log(n / df) for t, df in self.df.items() if df >= 2}

    def idf(self, term: str) -> float:
        value = self._idf.get(term)
        if value is None:
            df = self.df.get(term, 0)
            value = self._idf[term] = math.log(self.n / df) if df >= 2 else 0.0
        return value


def candidate_pairs(
    profiles: list[_Profile],
    key_terms: list[set[str]],
    config: LineageConfig,
    owner_line: Callable[[str], str] | None = None,
) -> Iterator[tuple[int, int]]:
    """(later, earlier) index pairs worth scoring, each once: the later letter is dated after
    the earlier and at most ``max_years_apart`` later, both in one place when links stay
    within one, and they share a rare non-head name term (an inverted index finds them; a
    term more earlier measures share than ``max_postings`` within those years singles nobody
    out). Steps written as clauses must come from one line of bodies (the issuer, else the
    step's owner, and every body it became, ``owner_line``), unless a side's body is unknown:
    one body's replies continue each other, and within a small block all its steps are
    compared. A measure both letters name is one node: it continues by itself."""
    line = owner_line or (lambda agency: agency)

    def body_line(s: Statement) -> str | None:
        body = s.issuer or s.agency
        return line(body) if body and s.kind == "action" else None

    cities = [p.statement.region if config.same_city_only else None for p in profiles]
    lines = [body_line(p.statement) for p in profiles]
    dates = [p.statement.document_date or "" for p in profiles]
    order = sorted(range(len(profiles)), key=lambda i: (dates[i], i))
    # Postings and blocks hold indices oldest first, so the years before a letter are a slice.
    postings: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    # The same postings split by line of bodies (None: a named measure or an unknown body), so
    # that a step is offered only the steps it may be compared with.
    by_line: dict[tuple[str | None, str | None, str], list[int]] = defaultdict(list)
    blocks: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for index in order:
        for term in key_terms[index]:
            postings[(cities[index], term)].append(index)
            by_line[(cities[index], lines[index], term)].append(index)
        body = lines[index]
        if body is not None:
            blocks[(cities[index], body)].append(index)
    posting_dates = {k: [dates[i] for i in v] for k, v in postings.items()}
    line_dates = {k: [dates[i] for i in v] for k, v in by_line.items()}
    block_dates = {k: [dates[i] for i in v] for k, v in blocks.items()}
    measures_of: dict[str, set[str]] = defaultdict(set)
    for p in profiles:
        measures_of[p.statement.document_id].add(p.statement.measure_id)

    def _comparable(i: int, j: int) -> bool:
        a, b = profiles[i].statement, profiles[j].statement
        if lines[i] and lines[j] and lines[i] != lines[j]:
            return False
        unknown_body = (lines[i] is None) != (lines[j] is None) and a.kind == "action"
        if unknown_body and a.place_code != b.place_code:
            return False  # a step of an unknown body: only another of the same place
        if not _comes_after(a, b, config):
            return False
        return not (
            a.measure_id in measures_of[b.document_id] or b.measure_id in measures_of[a.document_id]
        )

    for i in order:
        if not dates[i]:
            continue
        first = f"{int(dates[i][:4]) - config.max_years_apart:04d}"
        pools: list[tuple[list[int], float]] = []  # (earlier measures, the weight of each)
        for term in sorted(key_terms[i]):
            key = (cities[i], term)
            low, high = _window(posting_dates[key], first, dates[i])
            if not high - low or high - low > config.max_postings:
                continue  # a term this common singles nobody out
            weight = 1.0 / (high - low)
            if lines[i] is None:
                pools.append((postings[key][low:high], weight))
                continue
            for line_ in (lines[i], None):
                sub = (cities[i], line_, term)
                if sub in by_line:
                    low, high = _window(line_dates[sub], first, dates[i])
                    pools.append((by_line[sub][low:high], weight))
        if (body := lines[i]) is not None:
            key = (cities[i], body)
            low, high = _window(block_dates[key], first, dates[i])
            if high - low <= config.block_size:
                pools.append((blocks[key][low:high], 0.0))
        # Earlier measures ranked by what they share: each term weighs as its posting is
        # short (a rare term); a step of the same body in a small block needs no term.
        shared: dict[int, float] = {}
        for pool, weight in pools:
            for j in pool:
                shared[j] = shared.get(j, 0.0) + weight
        taken = 0
        names = profiles[i].key_terms.keys()
        for j in sorted(shared, key=lambda j: (-shared[j], j)):
            if taken == config.max_candidates:
                break
            if not shared[j] and names.isdisjoint(profiles[j].key_terms):
                continue  # a step of the block that shares no word of its name at all
            if _comparable(i, j):
                taken += 1
                yield i, j


def _window(dates: list[str], first: str, before: str) -> tuple[int, int]:
    """Where the entries dated from year ``first`` up to (not including) the day ``before``
    start and end."""
    return bisect.bisect_left(dates, first), bisect.bisect_left(dates, before)


def _comes_after(later: Statement, earlier: Statement, config: LineageConfig) -> bool:
    if later.document_id == earlier.document_id:
        return False
    if not (later.document_date and earlier.document_date):
        return False
    if later.document_date <= earlier.document_date:
        return False
    if int(later.document_date[:4]) - int(earlier.document_date[:4]) > config.max_years_apart:
        return False  # a reply continues the last few years' replies, not a decade's
    if not config.same_city_only:
        return True
    if later.region and earlier.region and later.region != earlier.region:
        return False
    # Two counties of one prefecture are two places; a county and its prefecture may not be.
    return not (later.county and earlier.county and later.county != earlier.county)
