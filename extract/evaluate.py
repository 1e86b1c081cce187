"""Score extraction against hand-made gold files (format and rules: the gold folder's README).

Each gold JSON names its letter by ``source``, relative to the gold folder's parent. Scores:
header fields (exact), agencies (canonical names), measures (``match_any`` containment, one to
one), status and owner (on matched measures), amounts (value and unit).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from policykg.errors import InputError
from policykg.extract.records import Measure, ReplyRecord

DOCUMENT_FIELDS = ("doc_number", "kind", "issuer", "recipient", "date", "evaluation_class",
                   "contact_person", "contact_phone")
PROPOSAL_FIELDS = ("number", "title", "proposer", "proposer_kind", "session", "lead_agency",
                   "co_handling_agencies")


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


class Report(BaseModel):
    letters: list[str] = Field(default_factory=list)
    scores: dict[str, Score] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list, description="mismatches, for reading")

    def score(self, name: str, kind: str = "f1") -> Score:
        if name not in self.scores:
            self.scores[name] = Score(name=name, kind=kind)
        return self.scores[name]

    def summary(self) -> dict[str, float]:
        return {name: round(s.value, 4) for name, s in self.scores.items()}


def _norm(value: object) -> object:
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, list):
        return sorted(_norm(v) for v in value)
    return value


def load_gold(gold_dir: Path) -> list[tuple[Path, dict]]:
    """Gold files in ``gold_dir`` with the letter each names (relative to its parent)."""
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "source" not in data or "measures" not in data:
            continue  # links.json and other cross-letter files
        letter = (gold_dir.parent / data["source"]).resolve()
        out.append((letter, data))
    return out


def measure_matches(pred: Measure, gold: dict) -> bool:
    name = pred.name
    if any(s in name for s in gold.get("match_any", [])):
        return True
    return len(name) >= 4 and name in gold["key"]


def match_one_to_one(preds: list, golds: list, ok: Callable[[object, object], bool]
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


def score_record(record: ReplyRecord, gold: dict, report: Report) -> None:
    label = Path(gold["source"]).name
    for section, fields, obj in (("document", DOCUMENT_FIELDS, record.document),
                                 ("proposal", PROPOSAL_FIELDS, record.proposal)):
        for field in fields:
            expected = gold.get(section, {}).get(field)
            if expected is None:
                continue
            got = getattr(obj, field)
            s = report.score(f"{section}.{field}", "accuracy")
            if _norm(got) == _norm(expected):
                s.tp += 1
            else:
                s.fn += 1
                s.fp += got is not None
                report.errors.append(f"{label} {section}.{field}: got {got!r}, want {expected!r}")

    gold_agencies = {a["name"] for a in gold.get("agencies", [])}
    pred_agencies = {a.name for a in record.agencies}
    s = report.score("agencies")
    s.tp += len(gold_agencies & pred_agencies)
    s.fp += len(pred_agencies - gold_agencies)
    s.fn += len(gold_agencies - pred_agencies)
    for extra in sorted(pred_agencies - gold_agencies):
        report.errors.append(f"{label} agency extra: {extra}")
    for missing in sorted(gold_agencies - pred_agencies):
        report.errors.append(f"{label} agency missing: {missing}")

    golds = gold.get("measures", [])
    matched = match_one_to_one(record.measures, golds, measure_matches)
    s = report.score("measures")
    s.tp += len(matched)
    s.fp += len(record.measures) - len(matched)
    s.fn += len(golds) - len(matched)
    for i, m in enumerate(record.measures):
        if i not in matched:
            report.errors.append(f"{label} measure extra: {m.name}")
    for g, gm in enumerate(golds):
        if g not in matched.values():
            report.errors.append(f"{label} measure missing: {gm['key']}")
    for p, g in matched.items():
        pred, gm = record.measures[p], golds[g]
        for field in ("status", "owner"):
            if gm.get(field) is None:
                continue
            s = report.score(field, "accuracy")
            if getattr(pred, field) == gm[field]:
                s.tp += 1
            else:
                s.fn += 1
                report.errors.append(f"{label} {field} of {gm['key']}: got "
                                     f"{getattr(pred, field)!r}, want {gm[field]!r}")

    want = Counter((float(a["value"]), a["unit"]) for a in gold.get("amounts", []))
    got = Counter((float(a.value), a.unit) for a in record.amounts)
    s = report.score("amounts")
    s.tp += sum((want & got).values())
    s.fp += sum((got - want).values())
    s.fn += sum((want - got).values())
    for (v, u), n in (got - want).items():
        report.errors.append(f"{label} amount extra: {v:g} {u} x{n}")
    for (v, u), n in (want - got).items():
        report.errors.append(f"{label} amount missing: {v:g} {u} x{n}")


def header_score(report: Report) -> Score:
    """All header fields together, as one accuracy."""
    total = Score(name="header", kind="accuracy")
    for name, s in report.scores.items():
        if name.startswith(("document.", "proposal.")):
            total.add(s)
    return total


def evaluate(gold_dir: Path, extract: Callable[[Path], ReplyRecord]) -> Report:
    report = Report()
    for letter, gold in load_gold(gold_dir):
        if not letter.exists():
            raise InputError(str(letter), f"named by gold file for {gold['source']} but missing")
        report.letters.append(str(letter))
        score_record(extract(letter), gold, report)
    if not report.letters:
        raise InputError(str(gold_dir), "no gold files (*.json with 'source' and 'measures')")
    report.scores["header"] = header_score(report)
    return report
