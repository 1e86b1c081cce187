"""Measure lineage: which measure of a later reply continues which measure of an earlier one.

Works only from what the store holds (read through :meth:`GraphStore.run_read`), so it gives
the same edges on every store. For every pair of letters from the same city, the later one's
commitments are compared with the earlier one's:

* **key terms**: character bigrams of the measure's names (name as written, canonical name,
  key) with the words that only place or scope it removed (parenthesised qualifiers such as
  （深圳）, the letter's city, 中国/国家…). Chinese names are head-final: the last word says
  what kind of thing it is (中心, 基地), so it counts less than the words before it. Terms are
  weighted by inverse document frequency over all statements in the store, and a term seen in
  only one statement is no evidence of anything;
* **topic words**: the clause naming the measure and its neighbours (other measures' names
  taken out), and the suggestion the commitment answers;
* **owner**: the same agency, or one that succeeded it (SUCCEEDED_BY) by the later letter's date;
* **kind** and **character n-gram similarity** (rapidfuzz) of the names;
* **time order and status**: only later-to-earlier; something the earlier letter reports done
  is taken further under its own kind of name or by its own agency (or a successor), and
  re-planning a finished thing is weak evidence.

A pair is a candidate only when the two names share a key term. Its evidence is summed into a
score in [0, 1]; per pair of letters each measure continues at most one measure (greedy by
score, above ``threshold``); a link implied by a chain through an intermediate letter is left
out. The result is written as BUILDS_ON edges with ``score``, ``rationale`` and the later
statement's evidence, replacing every earlier BUILDS_ON in the same transaction.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from policykg.errors import NotFoundError
from policykg.graph.model import GraphDocument, GraphRelationship
from policykg.graph.store import GraphStore
from policykg.graph.succession import Succession, load_succession

LINEAGE_DOCUMENT_ID = "lineage:builds_on"


class LineageConfig(BaseModel):
    """How much each kind of evidence counts and where a link starts."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.48, ge=0, le=1, description="least score for a link")
    action_threshold: float = Field(
        default=0.45, ge=0, le=1,
        description="least score for a link between two steps written as clauses (kind "
        "'action'); their names are longer and share fewer rare words than named measures")
    action_weight_terms: float = 0.40
    action_weight_coverage: float = 0.30
    action_weight_topic: float = 0.10
    block_size: int = Field(
        default=60, ge=0, description="steps of one owner in one place are all compared with "
        "each other when there are at most this many (they rarely share a rare word)")
    links_per_measure: int = Field(
        default=1, ge=1, description="a later commitment keeps only its best links")
    weight_terms: float = 0.30
    weight_coverage: float = 0.25
    weight_ngram: float = 0.10
    weight_kind: float = 0.10
    weight_owner: float = 0.10
    weight_topic: float = 0.15
    head_weight: float = Field(default=0.3, description="the head word of a name counts this much")
    cross_weight: float = Field(
        default=0.6, description="a key term found in the other's clause, not its name"
    )
    context_weight: float = Field(default=0.3, description="a word shared by the two clauses")
    saturation: float = Field(default=4.0, gt=0, description="evidence mass giving 63 % terms")
    min_key_idf: float = Field(
        default=1.0, description="a shared name term must be this rare to make a candidate"
    )
    replan_penalty: float = Field(
        default=0.5, description="factor when the later letter plans what the earlier reported done"
    )
    scope_words: tuple[str, ...] = (
        "中国", "国家级", "国家", "全国", "省级", "市级", "区级", "全市", "我市", "本市", "全省",
    )
    same_city_only: bool = True
    max_postings: int = Field(
        default=100, description="a key term more measures (of one city) share than this "
        "does not make candidates"
    )


# --- What the store holds ---------------------------------------------------------------


class Statement(BaseModel):
    """One letter's commitment to one measure, as read back from the store."""

    document_id: str
    document_name: str | None = None
    document_date: str | None = None
    city: str | None = None
    commitment_id: str
    measure_id: str
    measure_key: str | None = None
    measure_name: str | None = None
    written: str | None = None
    kind: str | None = None
    agency: str | None = None
    status: str | None = None
    year: int | None = None
    evidence_file: str | None = None
    evidence_sentence: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    topic: str | None = None

    @property
    def names(self) -> list[str]:
        if self.kind == "action" and self.measure_key:
            # A step written as a clause is named by its key: the clause's cue words, fillers
            # and address to the proposer (已, 将, 你所提的) say nothing about what it is.
            return [self.measure_key.split("·", 1)[-1]]
        return list(dict.fromkeys(n for n in (self.written, self.measure_name, self.measure_key)
                                  if n))

    @property
    def label(self) -> str:
        return self.measure_name or self.measure_key or self.measure_id


STATEMENTS = (
    "MATCH (d:Document)-[:COMMITS]->(c:Commitment)-[:ABOUT]->(m:Measure) "
    "OPTIONAL MATCH (c)-[:ANSWERS]->(s:Suggestion) "
    "OPTIONAL MATCH (d)-[:RESPONDS_TO]->(p:Proposal) "
    "RETURN d.id AS document_id, d.name AS document_name, d.`date` AS document_date, "
    "d.city AS city, c.id AS commitment_id, m.id AS measure_id, m.`key` AS measure_key, "
    "m.name AS measure_name, c.name AS written, m.kind AS kind, c.agency AS agency, "
    "c.status AS status, c.`year` AS `year`, c.evidence_file AS evidence_file, "
    "c.evidence_sentence AS evidence_sentence, c.evidence_start AS evidence_start, "
    "c.evidence_end AS evidence_end, coalesce(s.text, p.title) AS topic "
    "ORDER BY document_id, commitment_id"
)


def read_statements(store: GraphStore) -> list[Statement]:
    """Every commitment in the store with its letter, measure and answered suggestion."""
    seen: dict[str, Statement] = {}
    for row in store.run_read(STATEMENTS):
        # A commitment answers at most one suggestion; keep the first row if the data says more.
        seen.setdefault(row["commitment_id"], Statement(**row))
    return list(seen.values())


# --- Text features ----------------------------------------------------------------------

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


# --- Scoring ----------------------------------------------------------------------------


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


class _Scorer:
    def __init__(
        self, profiles: list[_Profile], succession: Succession, config: LineageConfig
    ) -> None:
        self.config = config
        self.succession = succession
        self.rarity = _Rarity(p.present for p in profiles)
        self.topic_rarity = _Rarity(
            {frozenset(p.topic_terms) for p in profiles if p.topic_terms}
        )
        self._lines: dict[tuple[str, str, str | None], bool] = {}

    def key_terms(self, profile: _Profile) -> set[str]:
        """Terms that can make a candidate: not the head word, and rare enough."""
        return {
            t for t, w in profile.key_terms.items()
            if w >= 1.0 and self.rarity.idf(t) >= self.config.min_key_idf
        }

    def score(self, later: _Profile, earlier: _Profile) -> Link | None:
        """The link ``later`` -> ``earlier`` when its score reaches the threshold."""
        cfg, idf = self.config, self.rarity.idf
        a, b = later.statement, earlier.statement
        same_kind = bool(a.kind and a.kind == b.kind)
        same_owner = bool(a.agency and a.agency == b.agency)
        successor = bool(
            a.agency and b.agency and not same_owner
            and self._same_line(a.agency, b.agency, a.document_date)
        )
        if b.status == "done" and not same_kind and not (same_owner or successor):
            # Something already finished is taken further by its own agency or under its own
            # kind of name; another agency's other kind of thing sharing a word is chance.
            return None
        evidence: dict[str, tuple[str, float]] = {}
        for term in later.key_terms.keys() & earlier.key_terms.keys():
            weight = min(later.key_terms[term], earlier.key_terms[term]) * idf(term)
            evidence[term] = ("name", weight)
        crossing = (later.key_terms.keys() & earlier.context_terms) | (
            earlier.key_terms.keys() & later.context_terms
        )
        for term in crossing - evidence.keys():
            weight = max(later.key_terms.get(term, 0.0), earlier.key_terms.get(term, 0.0))
            evidence[term] = ("cross", cfg.cross_weight * weight * idf(term))
        for term in (later.context_terms & earlier.context_terms) - evidence.keys():
            evidence[term] = ("context", cfg.context_weight * idf(term))
        mass = sum(weight for _, weight in evidence.values())
        terms = 1.0 - math.exp(-mass / cfg.saturation)
        coverage = self._coverage(later, earlier)

        ngram = fuzz.ratio(later.core, earlier.core) / 100.0
        topic = self._topic(later, earlier)
        steps = a.kind == "action" and b.kind == "action"
        if steps:
            # Every step is of one kind, and every step of two letters shares their topic:
            # neither tells which step continues which; the words do.
            score = (cfg.action_weight_terms * terms + cfg.action_weight_coverage * coverage
                     + cfg.weight_ngram * ngram + cfg.weight_owner * (same_owner or successor)
                     + cfg.action_weight_topic * topic)
        else:
            score = (
                cfg.weight_terms * terms
                + cfg.weight_coverage * coverage
                + cfg.weight_ngram * ngram
                + cfg.weight_kind * same_kind
                + cfg.weight_owner * (same_owner or successor)
                + cfg.weight_topic * topic
            )
        if b.status == "done" and a.status == "planned":
            score *= cfg.replan_penalty
        if score < (cfg.action_threshold if steps else cfg.threshold):
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
        idf = self.rarity.idf
        total = found = 0.0
        for term, weight in later.key_terms.items():
            mass = weight * idf(term)
            total += mass
            if term in earlier.key_terms:
                found += mass
            elif term in earlier.context_terms:
                found += self.config.cross_weight * mass
        return found / max(total, self.config.saturation)

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


def _phrases(
    ranked: list[tuple[str, str]], later: _Profile, earlier: _Profile
) -> list[tuple[str, str]]:
    """Shared bigrams joined back into the words they came from (案例 + 例库 -> 案例库)."""
    where = dict(ranked)
    texts = [*later.statement.names, *earlier.statement.names,
             later.statement.evidence_sentence or "", earlier.statement.evidence_sentence or ""]
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
                if at + len(phrase) < len(text) and (
                    phrase[-1] + text[at + len(phrase)] in where
                ):
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


# --- Linking ----------------------------------------------------------------------------


class LineageResult(BaseModel):
    links: list[Link] = Field(default_factory=list, description="the links written")
    candidates: int = 0
    undated_documents: list[str] = Field(default_factory=list)

    def edges(self) -> list[GraphRelationship]:
        return [
            GraphRelationship(
                type="BUILDS_ON",
                start_id=link.later.measure_id,
                end_id=link.earlier.measure_id,
                properties={
                    "score": link.score,
                    "rationale": link.rationale,
                    "evidence_file": link.later.evidence_file,
                    "evidence_sentence": link.later.evidence_sentence,
                    "evidence_start": link.later.evidence_start,
                    "evidence_end": link.later.evidence_end,
                },
            )
            for link in self.links
        ]


def find_links(
    statements: list[Statement],
    succession: Succession | None = None,
    config: LineageConfig | None = None,
) -> LineageResult:
    """Score every candidate pair and keep the links (pure: no store)."""
    config = config or LineageConfig()
    succession = succession or Succession()
    undated = sorted({s.document_id for s in statements if not s.document_date})
    dated = [s for s in statements if s.document_date]
    profiles = _profiles(dated, config)
    scorer = _Scorer(profiles, succession, config)

    # Candidates share a rare non-head name term: an inverted index finds them, per city
    # when links stay within one. A term too many measures share singles nobody out.
    def scope(s: Statement) -> str | None:
        return s.city if config.same_city_only else None

    postings: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    keys = [scorer.key_terms(p) for p in profiles]
    for index, terms in enumerate(keys):
        for term in terms:
            postings[(scope(profiles[index].statement), term)].append(index)
    measures_of: dict[str, set[str]] = defaultdict(set)
    for s in dated:
        measures_of[s.document_id].add(s.measure_id)

    # Steps written as clauses share few rare words: within one owner in one place (a small
    # block) they are all compared.
    blocks: dict[tuple[str | None, str | None], list[int]] = defaultdict(list)
    for index, p in enumerate(profiles):
        if p.statement.kind == "action" and p.statement.agency:
            blocks[(scope(p.statement), p.statement.agency)].append(index)

    by_pair: dict[tuple[str, str], list[Link]] = defaultdict(list)
    candidates = 0
    for i, later in enumerate(profiles):
        a = later.statement
        seen: set[int] = set()
        block = blocks.get((scope(a), a.agency), []) if a.kind == "action" else []
        pools = [postings[(scope(a), term)] for term in sorted(keys[i])]
        if 0 < len(block) <= config.block_size:
            pools.append(block)
        for posting in pools:
            if len(posting) > max(config.max_postings, config.block_size):
                continue
            for j in posting:
                if j in seen:
                    continue
                seen.add(j)
                b = profiles[j].statement
                if not _comes_after(a, b, config):
                    continue
                # A measure both letters name is the same node: it continues by itself.
                if a.measure_id in measures_of[b.document_id]:
                    continue
                if b.measure_id in measures_of[a.document_id]:
                    continue
                candidates += 1
                link = scorer.score(later, profiles[j])
                if link is not None:
                    by_pair[(a.document_id, b.document_id)].append(link)

    matched: list[Link] = []
    for pair in sorted(by_pair):
        matched.extend(_one_to_one(by_pair[pair]))
    # Links a chain through an intermediate letter implies go first (2022 -> 2020 -> 2019
    # says 2022 -> 2019 already); of the rest each later commitment keeps its best.
    links = _best_per_commitment(_measure_edges(matched), config.links_per_measure)
    return LineageResult(links=links, candidates=candidates, undated_documents=undated)


def _best_per_commitment(links: list[Link], keep: int) -> list[Link]:
    """A later commitment continues what it continues best: its ``keep`` strongest links
    across every earlier letter (real letters rarely continue more than one earlier step)."""
    by_later: dict[str, list[Link]] = defaultdict(list)
    for link in sorted(links, key=_link_order):
        by_later[link.later.commitment_id].append(link)
    kept = (lk for group in by_later.values() for lk in group[:keep])
    return sorted(kept, key=lambda lk: (lk.later.measure_id, lk.earlier.measure_id))


def _comes_after(later: Statement, earlier: Statement, config: LineageConfig) -> bool:
    if later.document_id == earlier.document_id:
        return False
    if not (later.document_date and earlier.document_date):
        return False
    if later.document_date <= earlier.document_date:
        return False
    different_city = bool(later.city and earlier.city and later.city != earlier.city)
    return not (config.same_city_only and different_city)


def _one_to_one(links: list[Link]) -> list[Link]:
    """Per pair of letters, each measure continues at most one and is continued by at most
    one: the assignment with the most total evidence (a greedy pick would let one strong but
    wrong pair take a measure that two right pairs need)."""
    graph = nx.Graph()
    by_pair: dict[tuple[str, str], Link] = {}
    for link in sorted(links, key=_link_order):
        pair = (link.later.measure_id, link.earlier.measure_id)
        if pair in by_pair:
            continue
        by_pair[pair] = link
        graph.add_edge(("later", pair[0]), ("earlier", pair[1]), weight=link.score)
    chosen = []
    matching: set[tuple] = set()
    for component in nx.connected_components(graph):
        sub = graph.subgraph(component)
        # A lone pair needs no assignment; only conflicting ones go to the matcher.
        matching |= set(sub.edges) if sub.number_of_edges() == 1 else nx.max_weight_matching(sub)
    for u, v in sorted(matching):
        later, earlier = (u, v) if u[0] == "later" else (v, u)
        chosen.append(by_pair[(later[1], earlier[1])])
    return sorted(chosen, key=_link_order)


def _link_order(link: Link) -> tuple[float, str, str]:
    return (-link.score, link.later.measure_id, link.earlier.measure_id)


def _measure_edges(links: list[Link]) -> list[Link]:
    """One edge per measure pair (the best), none implied by a chain through an intermediate
    letter, no loops.

    The chain test runs on commitments, where every link points back in time (a DAG): nodes
    are visited oldest first and what each reaches is kept as a bit set.
    """
    order = sorted(
        {(lk.later.document_date or "", lk.later.commitment_id) for lk in links}
        | {(lk.earlier.document_date or "", lk.earlier.commitment_id) for lk in links}
    )
    bit = {commitment: 1 << i for i, (_, commitment) in enumerate(order)}
    successors: dict[str, set[str]] = defaultdict(set)
    for link in links:
        successors[link.later.commitment_id].add(link.earlier.commitment_id)
    reach: dict[str, int] = {}
    for _, node in order:  # successors are older, so already done
        mask = 0
        for nxt in successors.get(node, ()):
            mask |= bit[nxt] | reach[nxt]
        reach[node] = mask
    direct = []
    for link in links:
        start, end = link.later.commitment_id, link.earlier.commitment_id
        via = 0
        for nxt in successors[start]:
            if nxt != end:
                via |= reach[nxt]
        if not via & bit[end]:
            direct.append(link)

    best: dict[tuple[str, str], Link] = {}
    for link in sorted(direct, key=_link_order):
        pair = (link.later.measure_id, link.earlier.measure_id)
        if pair[0] != pair[1]:
            best.setdefault(pair, link)
    # A measure several letters name is one node, so measure links could loop: a measure
    # builds only on one first named before it was (which also makes the links a DAG).
    first_named: dict[str, tuple[str, str]] = {}
    for link in links:
        for statement in (link.later, link.earlier):
            seen = (statement.document_date or "", statement.measure_id)
            first_named[statement.measure_id] = min(
                first_named.get(statement.measure_id, seen), seen
            )
    kept = [
        link for (later, earlier), link in best.items()
        if first_named[earlier] < first_named[later]
    ]
    return sorted(kept, key=lambda lk: (lk.later.measure_id, lk.earlier.measure_id))


def link_measures(store: GraphStore, config: LineageConfig | None = None) -> LineageResult:
    """Recompute every BUILDS_ON edge from the store and write them in one transaction,
    replacing the old ones (re-running gives the same edges)."""
    result = find_links(read_statements(store), Succession.read(store), config)
    store.write(
        GraphDocument(document_id=LINEAGE_DOCUMENT_ID, relationships=result.edges()),
        replace=("BUILDS_ON",),
    )
    return result


def run_lineage(
    store: GraphStore,
    config: LineageConfig | None = None,
    succession_file: Path | None = None,
) -> LineageResult:
    """The step after ingest: load agency succession, then link measures across letters."""
    load_succession(store, succession_file)
    return link_measures(store, config)


# --- Evolution of one measure -----------------------------------------------------------

BUILDS_ON_EDGES = (
    "MATCH (a:Measure)-[r:BUILDS_ON]->(b:Measure) "
    "RETURN a.id AS later, b.id AS earlier, r.score AS score, r.rationale AS rationale "
    "ORDER BY later, earlier"
)
FIND_MEASURES = (
    "MATCH (m:Measure) WHERE m.`key` CONTAINS $text OR m.name CONTAINS $text "
    "RETURN m.id AS id, m.`key` AS `key`, m.name AS name ORDER BY id"
)


class EvolutionStep(BaseModel):
    """What one letter said about one measure of the lineage."""

    root: str | None = Field(default=None, description="the matched measure this step is for")
    year: int | None
    date: str | None
    document: str
    document_id: str
    measure: str
    measure_id: str
    status: str | None
    owner: str | None
    evidence: str | None
    builds_on: list[str] = Field(default_factory=list, description="measure ids it continues")
    link_score: float | None = Field(default=None, description="best score of those links")
    link_rationale: str | None = None


class Evolution(BaseModel):
    query: str
    measures: list[str] = Field(description="ids of the measures that matched the query")
    steps: list[EvolutionStep]


def measure_evolution(store: GraphStore, text: str) -> Evolution:
    """Timeline of the measures matching ``text`` (exact key or name first, else containing
    it), everything they build on, and everything that builds on them.

    Each step is annotated with the BUILDS_ON link it makes (score, rationale). The walk is
    done here over plain reads, so it runs the same on every store.
    """
    edges = store.run_read(BUILDS_ON_EDGES)
    forward: dict[str, list[dict]] = defaultdict(list)  # later -> edges to earlier
    for edge in edges:
        forward[edge["later"]].append(edge)
    steps = _evolution_steps(store, text, edges)
    if not steps:
        raise NotFoundError(f"no measure named like {text!r}")
    for step in steps:
        links = forward.get(step.measure_id, [])
        best = max(links, key=lambda e: e["score"] or 0.0, default=None)
        step.builds_on = [e["earlier"] for e in links]
        step.link_score = best["score"] if best else None
        step.link_rationale = best["rationale"] if best else None
    steps.sort(key=lambda st: (st.date or "9999", st.document_id, st.measure_id))
    roots = sorted({step.root for step in steps if step.root})
    return Evolution(query=text, measures=roots, steps=steps)


def _evolution_steps(store: GraphStore, text: str, edges: list[dict]) -> list[EvolutionStep]:
    """The same timeline without the query library, walked in Python over run_read."""
    found = store.run_read(FIND_MEASURES, {"text": text})
    exact = [r for r in found if text in (r["key"], r["name"])]
    roots = [r["id"] for r in (exact or found)]
    forward: dict[str, list[str]] = defaultdict(list)
    backward: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        forward[edge["later"]].append(edge["earlier"])
        backward[edge["earlier"]].append(edge["later"])
    steps: list[EvolutionStep] = []
    statements = read_statements(store)
    for root in roots:
        lineage = {root}
        for neighbours in (forward, backward):
            frontier = [root]
            while frontier:
                for nxt in neighbours[frontier.pop()]:
                    if nxt not in lineage:
                        lineage.add(nxt)
                        frontier.append(nxt)
        steps.extend(
            EvolutionStep(
                root=root,
                year=int(s.document_date[:4]) if s.document_date else s.year,
                date=s.document_date,
                document=s.document_name or s.document_id,
                document_id=s.document_id,
                measure=s.written or s.label,
                measure_id=s.measure_id,
                status=s.status,
                owner=s.agency,
                evidence=s.evidence_sentence,
            )
            for s in statements
            if s.measure_id in lineage
        )
    return steps


# --- Reply diff -------------------------------------------------------------------------

DOCUMENTS = (
    "MATCH (d:Document) WHERE d.id = $ref OR d.doc_number = $ref OR d.name = $ref "
    "OR d.source = $ref OR d.id = $prefixed "
    "RETURN d.id AS id, d.name AS name, d.`date` AS `date` ORDER BY id"
)


class DiffEntry(BaseModel):
    measure: str
    measure_id: str
    status_before: str | None = None
    status_after: str | None = None
    continues: str | None = Field(default=None, description="the earlier measure it continues")
    continues_id: str | None = None
    owner: str | None = None
    evidence: str | None = None


class DocumentDiff(BaseModel):
    earlier: str
    earlier_date: str | None
    later: str
    later_date: str | None
    new: list[DiffEntry] = Field(default_factory=list)
    continued: list[DiffEntry] = Field(default_factory=list)
    completed: list[DiffEntry] = Field(default_factory=list)
    dropped: list[DiffEntry] = Field(default_factory=list)


def find_document(store: GraphStore, ref: str) -> dict:
    """A document by id, doc number, name or source file."""
    rows = store.run_read(DOCUMENTS, {"ref": ref, "prefixed": f"document:{ref}"})
    if not rows:
        raise NotFoundError(f"no document {ref!r} (give a doc number, id or source file)")
    if len(rows) > 1:
        raise NotFoundError(f"{ref!r} names {len(rows)} documents: {[r['id'] for r in rows]}")
    return rows[0]


def diff_documents(store: GraphStore, first: str, second: str) -> DocumentDiff:
    """Measures new, continued, completed and dropped from the earlier reply to the later.

    A later measure continues an earlier one when it is the same measure or reaches it
    through BUILDS_ON; *completed* is a continuation the later letter reports done (and the
    earlier did not); *dropped* is an earlier measure no later one continues.
    """
    docs = sorted(
        (find_document(store, first), find_document(store, second)),
        key=lambda d: (d["date"] or "", d["id"]),
    )
    earlier_doc, later_doc = docs
    statements = read_statements(store)
    before = {s.measure_id: s for s in statements if s.document_id == earlier_doc["id"]}
    after = {s.measure_id: s for s in statements if s.document_id == later_doc["id"]}
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in store.run_read(BUILDS_ON_EDGES):
        graph[edge["later"]].add(edge["earlier"])

    diff = DocumentDiff(
        earlier=earlier_doc["name"] or earlier_doc["id"], earlier_date=earlier_doc["date"],
        later=later_doc["name"] or later_doc["id"], later_date=later_doc["date"],
    )
    continued_earlier: set[str] = set()
    for measure_id, s in sorted(after.items()):
        origin = measure_id if measure_id in before else _first_reached(graph, measure_id, before)
        entry = DiffEntry(
            measure=s.label, measure_id=measure_id, status_after=s.status,
            owner=s.agency, evidence=s.evidence_sentence,
        )
        if origin is None:
            diff.new.append(entry)
            continue
        continued_earlier.add(origin)
        entry.status_before = before[origin].status
        entry.continues = before[origin].label
        entry.continues_id = origin
        if s.status == "done" and before[origin].status != "done":
            diff.completed.append(entry)
        else:
            diff.continued.append(entry)
    for measure_id, s in sorted(before.items()):
        if measure_id not in continued_earlier:
            diff.dropped.append(
                DiffEntry(
                    measure=s.label, measure_id=measure_id, status_before=s.status,
                    owner=s.agency, evidence=s.evidence_sentence,
                )
            )
    return diff


def _first_reached(graph: dict[str, set[str]], start: str, targets: dict) -> str | None:
    """The nearest measure in ``targets`` that ``start`` builds on, directly or by a chain."""
    frontier, seen = [start], {start}
    while frontier:
        next_frontier = []
        for node in sorted(frontier):
            for earlier in sorted(graph.get(node, ())):
                if earlier in targets:
                    return earlier
                if earlier not in seen:
                    seen.add(earlier)
                    next_frontier.append(earlier)
        frontier = next_frontier
    return None
