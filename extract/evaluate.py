"""Score extraction against hand-made gold files (format and rules: the gold folder's README).

Each gold JSON names its letter by ``source``, relative to the gold folder's parent. Scores:
header fields (exact), agencies (canonical names), measures (``match_any`` containment, one to
one), status and owner (on matched measures), amounts (value and unit). Totals and one
:class:`LetterScore` per letter; a letter the extractor cannot extract is scored as all-missed
and named with its reason, and the evaluation goes on.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from policykg.errors import InputError
from policykg.extract.records import Measure, ReplyRecord

P = TypeVar("P")  # what is matched against the gold: a prediction
G = TypeVar("G")  # a gold item

DOCUMENT_FIELDS = (
    "doc_number",
    "kind",
    "issuer",
    "recipient",
    "date",
    "evaluation_class",
    "contact_person",
    "contact_phone",
)
PROPOSAL_FIELDS = (
    "number",
    "title",
    "proposer",
    "proposer_kind",
    "session",
    "lead_agency",
    "co_handling_agencies",
)


class Score(BaseModel):
    """Counts for one field; precision/recall/F1 follow from them."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    kind: str = Field(default="f1", description="'f1' or 'accuracy' (tp correct of tp+fn)")

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value(self) -> float:
        """The headline figure: F1, or accuracy for status/owner/header fields."""
        if self.kind == "accuracy":
            total = self.tp + self.fn
            return self.tp / total if total else 1.0
        return self.f1


class LetterScore(BaseModel):
    """One letter's scores and misses; ``error`` says why its extraction failed, if it did."""

    name: str = Field(description="the letter's file name (its gold ``source``)")
    path: str
    error: str | None = Field(default=None, description="extraction failure: scored all-missed")
    scores: dict[str, Score] = Field(default_factory=dict)
    misses: list[str] = Field(default_factory=list, description="mismatches, without the name")

    def score(self, name: str, kind: str = "f1") -> Score:
        if name not in self.scores:
            self.scores[name] = Score(name=name, kind=kind)
        return self.scores[name]


class Report(BaseModel):
    letters: list[str] = Field(default_factory=list)
    scores: dict[str, Score] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list, description="mismatches, for reading")
    per_letter: list[LetterScore] = Field(default_factory=list)

    def score(self, name: str, kind: str = "f1") -> Score:
        if name not in self.scores:
            self.scores[name] = Score(name=name, kind=kind)
        return self.scores[name]

    def summary(self) -> dict[str, float]:
        return {name: round(s.value, 4) for name, s in self.scores.items()}

    @property
    def failed(self) -> list[LetterScore]:
        """Letters whose extraction failed (scored as all-missed)."""
        return [letter for letter in self.per_letter if letter.error is not None]

    def add_letter(self, letter: LetterScore) -> None:
        """Fold one letter's counts and misses into the totals."""
        self.per_letter.append(letter)
        for name, s in letter.scores.items():
            if name != "header":
                self.score(name, s.kind).add(s)
        if letter.error is not None:
            self.errors.append(f"{letter.name} extraction failed: {letter.error}")
        self.errors.extend(f"{letter.name} {miss}" for miss in letter.misses)

    def grouped_errors(self) -> dict[str, list[str]]:
        """Every mismatch grouped by letter (extraction failure first), then the cross-letter
        ones (``links.json`` ...) by their first word."""
        groups: dict[str, list[str]] = {}
        for letter in self.per_letter:
            lines = [f"extraction failed: {letter.error}"] if letter.error is not None else []
            groups[letter.name] = lines + letter.misses
        own = {f"{letter.name} {miss}" for letter in self.per_letter for miss in letter.misses}
        own |= {f"{letter.name} extraction failed: {letter.error}" for letter in self.failed}
        for line in self.errors:
            if line not in own:
                head, _, rest = line.partition(" ")
                groups.setdefault(head, []).append(rest)
        return groups


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, list):
        return sorted(_norm(v) for v in value)
    return value


def load_gold(gold_dir: Path) -> list[tuple[Path, dict]]:
    """Gold files in ``gold_dir`` with the letter each names (relative to its parent)."""
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(str(path), f"not a readable gold file: {exc}") from exc
        if not isinstance(data, dict) or "source" not in data or "measures" not in data:
            continue  # links.json and other cross-letter files
        letter = (gold_dir.parent / data["source"]).resolve()
        out.append((letter, data))
    return out


def measure_matches(pred: Measure, gold: dict) -> bool:
    name = pred.name
    if any(s in name for s in gold.get("match_any", [])):
        return True
    return len(name) >= 4 and name in gold["key"]


def match_one_to_one(
    preds: Sequence[P], golds: Sequence[G], ok: Callable[[P, G], bool]
) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn): {pred index: gold index}."""
    edges = [[g for g, gold in enumerate(golds) if ok(p, gold)] for p in preds]
    gold_to_pred: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in gold_to_pred or augment(gold_to_pred[g], seen):
                gold_to_pred[g] = p
                return True
        return False

    for p in range(len(preds)):
        augment(p, set())
    return {p: g for g, p in gold_to_pred.items()}


def score_letter(
    record: ReplyRecord | None, gold: dict, path: str = "", error: str | None = None
) -> LetterScore:
    """Score one letter. ``record`` None (extraction failed, ``error`` says why) scores as
    all-missed: every non-null gold header field wrong, every gold agency, measure and
    amount a false negative."""
    out = LetterScore(name=Path(gold["source"]).name, path=path, error=error)
    for section, fields in (("document", DOCUMENT_FIELDS), ("proposal", PROPOSAL_FIELDS)):
        obj = getattr(record, section) if record is not None else None
        for field in fields:
            expected = gold.get(section, {}).get(field)
            if expected is None:
                continue
            got = getattr(obj, field) if obj is not None else None
            s = out.score(f"{section}.{field}", "accuracy")
            if _norm(got) == _norm(expected):
                s.tp += 1
            else:
                s.fn += 1
                s.fp += got is not None
                out.misses.append(f"{section}.{field}: got {got!r}, want {expected!r}")

    gold_agencies = {a["name"] for a in gold.get("agencies", [])}
    pred_agencies = {a.name for a in record.agencies} if record is not None else set()
    s = out.score("agencies")
    s.tp += len(gold_agencies & pred_agencies)
    s.fp += len(pred_agencies - gold_agencies)
    s.fn += len(gold_agencies - pred_agencies)
    for extra in sorted(pred_agencies - gold_agencies):
        out.misses.append(f"agency extra: {extra}")
    for missing in sorted(gold_agencies - pred_agencies):
        out.misses.append(f"agency missing: {missing}")

    golds = gold.get("measures", [])
    preds = record.measures if record is not None else []
    matched = match_one_to_one(preds, golds, measure_matches)
    s = out.score("measures")
    s.tp += len(matched)
    s.fp += len(preds) - len(matched)
    s.fn += len(golds) - len(matched)
    for i, m in enumerate(preds):
        if i not in matched:
            out.misses.append(f"measure extra: {m.name}")
    for g, gm in enumerate(golds):
        if g not in matched.values():
            out.misses.append(f"measure missing: {gm['key']}")
    for p, g in matched.items():
        pred, gm = preds[p], golds[g]
        for field in ("status", "owner"):
            if gm.get(field) is None:
                continue
            s = out.score(field, "accuracy")
            if getattr(pred, field) == gm[field]:
                s.tp += 1
            else:
                s.fn += 1
                out.misses.append(
                    f"{field} of {gm['key']}: got {getattr(pred, field)!r}, want {gm[field]!r}"
                )

    want = Counter((float(a["value"]), a["unit"]) for a in gold.get("amounts", []))
    got = (
        Counter((float(a.value), a.unit) for a in record.amounts)
        if record is not None
        else Counter()
    )
    s = out.score("amounts")
    s.tp += sum((want & got).values())
    s.fp += sum((got - want).values())
    s.fn += sum((want - got).values())
    for (v, u), n in (got - want).items():
        out.misses.append(f"amount extra: {v:g} {u} x{n}")
    for (v, u), n in (want - got).items():
        out.misses.append(f"amount missing: {v:g} {u} x{n}")
    out.scores["header"] = header_score(out.scores)
    return out


def score_record(record: ReplyRecord | None, gold: dict, report: Report) -> None:
    """Score one letter into ``report`` (totals, ``per_letter`` and ``errors``)."""
    report.add_letter(score_letter(record, gold))


def header_score(scores: Report | dict[str, Score]) -> Score:
    """All header fields together, as one accuracy."""
    if isinstance(scores, Report):
        scores = scores.scores
    total = Score(name="header", kind="accuracy")
    for name, s in scores.items():
        if name.startswith(("document.", "proposal.")):
            total.add(s)
    return total


def failure_reason(exc: BaseException) -> str:
    """One line saying why extraction failed (an InputError's reason; else the exception)."""
    if isinstance(exc, InputError):
        return f"{type(exc).__name__}: {exc.reason}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class RememberingExtract:
    """``extract`` that runs once per letter and remembers the record or the exception, so
    the extraction and the link scoring see the same result without extracting twice."""

    def __init__(self, extract: Callable[[Path], ReplyRecord]) -> None:
        self._extract = extract
        self._done: dict[Path, ReplyRecord | Exception] = {}

    def __call__(self, path: Path) -> ReplyRecord:
        key = Path(path).resolve()
        if key not in self._done:
            try:
                self._done[key] = self._extract(path)
            except Exception as exc:  # remembered and raised again on each call
                self._done[key] = exc
        result = self._done[key]
        if isinstance(result, Exception):
            raise result
        return result


def evaluate(gold_dir: Path, extract: Callable[[Path], ReplyRecord]) -> Report:
    """Extract and score every gold letter. A letter whose extraction raises (not a reply
    letter, unreadable, or any bug) is scored as all-missed, its reason kept in
    ``per_letter`` and ``errors``, and the evaluation goes on."""
    report = Report()
    for letter, gold in load_gold(gold_dir):
        if not letter.exists():
            raise InputError(str(letter), f"named by gold file for {gold['source']} but missing")
        report.letters.append(str(letter))
        try:
            record, error = extract(letter), None
        except Exception as exc:  # a bad letter must not end the evaluation
            record, error = None, failure_reason(exc)
        report.add_letter(score_letter(record, gold, str(letter), error))
    if not report.letters:
        raise InputError(str(gold_dir), "no gold files (*.json with 'source' and 'measures')")
    report.scores["header"] = header_score(report)
    return report
