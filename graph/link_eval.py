"""Score BUILDS_ON links against the gold folder's ``links.json``. The gold letters are extracted
and ingested into a temporary LadybugDB store, agency succession is loaded and lineage runs
exactly as after ``policykg ingest``. Gold measure keys map to every predicted measure that
``measure_matches`` (the extraction scoring's rule) says stands for them. A predicted edge
counts when the later letter's measure links to the earlier letter's measure of a gold pair (a
second edge between predictions of the same two steps adds nothing); two letters that name a
step in the same words share its Measure node, and that pair is found without an edge; a pair
whose later (or earlier) measure is listed in ``optional``, or whose entry says
``"optional": true``, is neither required nor wrong;
every other edge among the gold letters is a false positive. The seeds' and the devset's
``links.json`` share this format. A letter whose extraction fails is left out of the store, so
the pairs that need it count as missed.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from policykg.errors import InputError
from policykg.extract.evaluate import Report, Score, load_gold, measure_matches
from policykg.extract.records import ReplyRecord
from policykg.graph.build import build_graph
from policykg.graph.lineage import BUILDS_ON_EDGES, LineageConfig, run_lineage
from policykg.graph.model import node_id
from policykg.graph.stores import GraphStore
from policykg.graph.stores.ladybug import LadybugStore

LINKS_FILE = "links.json"


class GoldLinks(BaseModel):
    required: set[tuple[str, str]] = Field(default_factory=set)
    optional: set[tuple[str, str]] = Field(default_factory=set)


def load_gold_links(gold_dir: Path) -> GoldLinks | None:
    """The builds_on pairs of ``links.json`` (later key, earlier key), or None without one."""
    path = gold_dir / LINKS_FILE
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        optional_keys = set(data.get("optional", []))
        pairs = [
            (entry["later"], entry["earlier"], bool(entry.get("optional", False)))
            for entry in data.get("builds_on", [])
        ]
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(path), f"not a links file: {exc}") from exc
    gold = GoldLinks()
    for later, earlier, optional_pair in pairs:
        optional = optional_pair or later in optional_keys or earlier in optional_keys
        (gold.optional if optional else gold.required).add((later, earlier))
    return gold


class GoldLetters(BaseModel):
    """The gold letters as ingested: which predicted measure stands for which gold key."""

    keys_by_measure: dict[str, set[str]] = Field(default_factory=dict)
    names: dict[str, str] = Field(default_factory=dict, description="measure id -> name")


def ingest_gold_letters(
    store: GraphStore, gold_dir: Path, extract: Callable[[Path], ReplyRecord]
) -> GoldLetters:
    """Extract and write every gold letter; match its measures to the gold measures."""
    letters = GoldLetters()
    for letter, letter_gold in load_gold(gold_dir):
        if not letter.exists():
            raise InputError(str(letter), "named by a gold file but missing")
        try:
            record = extract(letter)
        except Exception:  # scored (and reported) by evaluate; the pairs it holds miss
            continue
        store.write(build_graph(record))
        golds = letter_gold.get("measures", [])
        # Every predicted measure a gold measure matches stands for it (a letter that names
        # one step twice gives two predictions of it); extraction scoring counts them one to
        # one, link scoring asks only whether the step is linked.
        for measure in record.measures:
            for gm in golds:
                if measure_matches(measure, gm):
                    measure_id = node_id("Measure", measure.key)
                    letters.keys_by_measure.setdefault(measure_id, set()).add(gm["key"])
        for measure in record.measures:
            letters.names.setdefault(node_id("Measure", measure.key), measure.name)
    return letters


def score_store_links(
    store: GraphStore, gold: GoldLinks, letters: GoldLetters
) -> tuple[Score, list[str]]:
    """Score the store's BUILDS_ON edges against the gold pairs."""
    keys, names = letters.keys_by_measure, letters.names
    score = Score(name="builds_on")
    errors: list[str] = []
    found: set[tuple[str, str]] = set()
    right: dict[str, set[str]] = {}  # the edges that link a gold pair: later -> earlier
    for edge in store.run_read(BUILDS_ON_EDGES):
        pairs = {
            (later, earlier)
            for later in keys.get(edge["later"], set())
            for earlier in keys.get(edge["earlier"], set())
        }
        hits = pairs & gold.required
        if hits:
            right.setdefault(edge["later"], set()).add(edge["earlier"])
        if hits - found:
            score.tp += 1
            found |= hits
        elif hits:
            continue  # another edge between predictions of the same two steps: no new pair
        elif not pairs & gold.optional:
            score.fp += 1
            errors.append(
                f"{LINKS_FILE} builds_on extra: {names.get(edge['later'], edge['later'])} -> "
                f"{names.get(edge['earlier'], edge['earlier'])} ({edge['score']:.3f})"
            )
    # Two letters naming one step in the same words share its Measure node: the graph joins
    # them without an edge, and the pair is found.
    for later, earlier in gold.required - found:
        if any(later in ks and earlier in ks for ks in keys.values()):
            score.tp += 1
            found.add((later, earlier))
    # A step reported on by two later letters is linked in a chain (2014 -> 2013 -> 2012):
    # linking keeps no edge a chain already implies, and `evolution` walks the chain. A pair
    # is found through it when every link on the way is a right one.
    for later, earlier in sorted(gold.required - found):
        starts = [m for m, ks in keys.items() if later in ks and m in right]
        ends = {m for m, ks in keys.items() if earlier in ks}
        if any(ends & _reachable(right, m) for m in starts):
            score.tp += 1
            found.add((later, earlier))
    for later, earlier in sorted(gold.required - found):
        score.fn += 1
        errors.append(f"{LINKS_FILE} builds_on missing: {later} -> {earlier}")
    return score, errors


def _reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    """Every node ``start`` reaches along ``edges``."""
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def score_builds_on(
    gold_dir: Path,
    extract: Callable[[Path], ReplyRecord],
    config: LineageConfig | None = None,
) -> tuple[Score, list[str]] | None:
    """(score, mismatches) for BUILDS_ON from a temporary store holding only the gold
    letters, or None when the gold folder has no links file."""
    gold = load_gold_links(gold_dir)
    if gold is None or not (gold.required or gold.optional):
        return None  # no links to score against (a links file may list only successions)
    with (
        tempfile.TemporaryDirectory(prefix="policykg-links-") as tmp,
        LadybugStore(Path(tmp) / "links.lbdb") as store,
    ):
        letters = ingest_gold_letters(store, gold_dir, extract)
        run_lineage(store, config)
        score, errors = score_store_links(store, gold, letters)
    known = {m["key"] for _, data in load_gold(gold_dir) for m in data.get("measures", [])}
    unknown = sorted({key for pair in gold.required | gold.optional for key in pair} - known)
    errors += [f"{LINKS_FILE} builds_on key in no gold file: {key}" for key in unknown]
    return score, errors


def add_link_scores(
    report: Report,
    gold_dir: Path,
    extract: Callable[[Path], ReplyRecord],
    config: LineageConfig | None = None,
) -> None:
    """Add a ``builds_on`` score (and its mismatches) to ``report`` when links.json exists."""
    scored = score_builds_on(gold_dir, extract, config)
    if scored is None:
        return
    score, errors = scored
    report.scores[score.name] = score
    report.errors.extend(errors)
