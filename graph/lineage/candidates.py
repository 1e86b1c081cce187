"""Text features of statements and the rarity of their terms, from which candidates
are found (an inverted index over rare name terms, and small owner blocks)."""

from __future__ import annotations

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


def _core(name: str, city: str | None, scope_words: Iterable[str]) -> str:
    """The name without what only places or scopes it: （深圳）, 深圳市, 中国, 国家…"""
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
                weight = config.head_weight if term == head else 1.0
                key_terms[term] = max(key_terms.get(term, 0.0), weight)
        context = _terms(_context(s, by_document[s.document_id]))
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
        for bag in bags:
            self.df.update(bag)
            self.n += 1

        self._idf: dict[str, float] = {}

    def idf(self, term: str) -> float:
        value = self._idf.get(term)
        if value is None:
            df = self.df.get(term, 0)
            value = self._idf[term] = math.log(self.n / df) if df >= 2 else 0.0
        return value


def candidate_pairs(profiles: list[_Profile], key_terms: list[set[str]], config: LineageConfig,
                    owner_line: Callable[[str], str] | None = None
                    ) -> Iterator[tuple[int, int]]:
    """(later, earlier) index pairs worth scoring, each once: the later letter is dated after
    the earlier and at most ``max_years_apart`` later, both in one place when links stay
    within one, and they share a rare non-head name term (an inverted index finds them; a term
    more measures share than ``max_postings`` singles nobody out). Steps written as clauses
    are blocked by the line of the body that answers (the issuer, else the step's owner, and
    every body it became, ``owner_line``): one body's replies continue each other, and within
    a small block all steps are compared. A measure both letters name is one node: it
    continues by itself."""
    line = owner_line or (lambda agency: agency)

    def scope(s: Statement) -> tuple[str | None, str | None]:
        city = s.city if config.same_city_only else None
        body = s.issuer or s.agency
        return (city, line(body) if body else None) if s.kind == "action" else (city, None)

    scopes = [scope(p.statement) for p in profiles]
    postings: dict[tuple, list[int]] = defaultdict(list)
    for index, terms in enumerate(key_terms):
        for term in terms:
            postings[(scopes[index], term)].append(index)
    measures_of: dict[str, set[str]] = defaultdict(set)
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for index, p in enumerate(profiles):
        measures_of[p.statement.document_id].add(p.statement.measure_id)
        if p.statement.kind == "action" and scopes[index][1]:
            blocks[scopes[index]].append(index)
    limit = max(config.max_postings, config.block_size)
    for i, later in enumerate(profiles):
        a = later.statement
        seen: set[int] = set()
        pools = [postings[(scopes[i], term)] for term in sorted(key_terms[i])]
        block = blocks.get(scopes[i], []) if a.kind == "action" else []
        if 0 < len(block) <= config.block_size:
            pools.append(block)
        for pool in pools:
            if len(pool) > limit:
                continue
            for j in pool:
                if j in seen:
                    continue
                seen.add(j)
                b = profiles[j].statement
                if not _comes_after(a, b, config):
                    continue
                if a.measure_id in measures_of[b.document_id] or \
                        b.measure_id in measures_of[a.document_id]:
                    continue
                yield i, j


def _comes_after(later: Statement, earlier: Statement, config: LineageConfig) -> bool:
    if later.document_id == earlier.document_id:
        return False
    if not (later.document_date and earlier.document_date):
        return False
    if later.document_date <= earlier.document_date:
        return False
    if int(later.document_date[:4]) - int(earlier.document_date[:4]) > config.max_years_apart:
        return False  # a reply continues the last few years' replies, not a decade's
    different_city = bool(later.city and earlier.city and later.city != earlier.city)
    return not (config.same_city_only and different_city)
