"""``evaluate`` and ``policykg eval``: bad letters scored as all-missed, per-letter scores,
misses grouped by letter, builds_on with a failed letter, exit codes.

The gold files and letters are written here (fictional). The exact-number tests use a fake
extractor returning hand-built records, so they do not move when the extractor changes; one
test runs the real extractor on a letter that is not a reply letter and on an empty file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import policykg.extract.pipeline as pipeline
from policykg.cli import app
from policykg.errors import NotAReplyLetterError
from policykg.extract.evaluate import RememberingExtract, evaluate
from policykg.extract.pipeline import extract_file
from policykg.extract.records import (
    Agency,
    Amount,
    Document,
    Evidence,
    Measure,
    Proposal,
    ReplyRecord,
)
from policykg.graph.link_eval import load_gold_links, score_builds_on

runner = CliRunner()

GOOD_TEXT = """关于市政协七届三次会议第0042号提案的答复

青禾市园林绿化局
青园函〔2024〕12号

王小明委员:
　　您提出的《关于增加社区口袋公园的提案》收悉。现答复如下:
　　一、我局已建成口袋公园12个,投入资金300万元。
　　二、下一步,我局将编制口袋公园建设规划。
　　感谢您对园林绿化工作的关心和支持。

青禾市园林绿化局
2024年6月18日
"""

ISSUER = "青禾市园林绿化局"

GOOD_GOLD = {
    "source": "texts/good.txt",
    "document": {
        "doc_number": "青园函〔2024〕12号",
        "issuer": ISSUER,
        "date": "2024-06-18",
        "evaluation_class": None,
    },
    "proposal": {"number": "0042", "title": "关于增加社区口袋公园的提案", "proposer": None},
    "agencies": [{"name": ISSUER, "aliases": []}, {"name": "政协青禾市委员会", "aliases": []}],
    "measures": [
        {"key": "建成口袋公园", "match_any": ["口袋公园建成"], "status": "done", "owner": ISSUER},
        {
            "key": "编制口袋公园建设规划",
            "match_any": ["建设规划"],
            "status": "planned",
            "owner": ISSUER,
        },
        {"key": "开放机关附属绿地", "match_any": ["附属绿地"], "status": "planned", "owner": None},
    ],
    "amounts": [{"value": 12, "unit": "个"}, {"value": 3000000, "unit": "CNY"}],
}

BAD_GOLD = {
    "source": "texts/bad.txt",
    "document": {"doc_number": "青园函〔2023〕5号", "issuer": ISSUER, "date": None},
    "proposal": {"number": "0017", "title": None},
    "agencies": [{"name": ISSUER, "aliases": []}],
    "measures": [
        {"key": "修缮滨河步道", "match_any": ["滨河步道"], "status": "done", "owner": ISSUER},
        {"key": "增设公共座椅", "match_any": ["公共座椅"], "status": "planned", "owner": ISSUER},
    ],
    "amounts": [{"value": 2, "unit": "km"}],
}


def _evidence(path: Path) -> Evidence:
    return Evidence(file=str(path), sentence="。", start=0, end=1)


def _measure(path: Path, name: str, status: str | None, owner: str | None) -> Measure:
    return Measure(
        key=name, name=name, kind="project", status=status, owner=owner, evidence=_evidence(path)
    )


def _amount(path: Path, value: float, unit: str) -> Amount:
    return Amount(
        text=f"{value:g}{unit}",
        value=value,
        unit=unit,
        kind="money" if unit == "CNY" else "count",
        evidence=_evidence(path),
    )


def good_record(path: Path) -> ReplyRecord:
    """What a fallible extractor might give for the good letter: 3 of 4 header fields right
    (date wrong), agencies 1 of 2 plus one extra, measures 2 predicted of which 1 matches
    (status right, owner wrong), amounts 1 right, 1 extra, 1 missing."""
    return ReplyRecord(
        document=Document(
            source=str(path),
            sha256="0" * 64,
            doc_number="青园函〔2024〕12号",
            issuer=ISSUER,
            date="2024-06-01",
        ),
        proposal=Proposal(number="0042", title="关于增加社区 口袋公园的提案"),
        agencies=[
            Agency(id=f"agency:{ISSUER}", name=ISSUER, known=False),
            Agency(id="agency:青禾市财政局", name="青禾市财政局", known=False),
        ],
        measures=[
            _measure(path, "口袋公园建成", "done", "青禾市财政局"),
            _measure(path, "感谢关心和支持", None, None),
        ],
        amounts=[_amount(path, 12, "个"), _amount(path, 5, "km")],
    )


def fake_extract(path: Path) -> ReplyRecord:
    path = Path(path)
    if path.name == "good.txt":
        return good_record(path)
    if path.name == "bad.txt":
        raise NotAReplyLetterError(str(path), "no Chinese text: not a reply letter")
    raise RuntimeError(f"extractor bug on {path.name}")


def write_gold(root: Path, golds: list[dict], texts: dict[str, str | bytes]) -> Path:
    (root / "texts").mkdir(parents=True, exist_ok=True)
    (root / "gold").mkdir(exist_ok=True)
    for name, text in texts.items():
        target = root / "texts" / name
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    for gold in golds:
        name = Path(gold["source"]).stem + ".json"
        (root / "gold" / name).write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    return root / "gold"


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    return write_gold(
        tmp_path,
        [GOOD_GOLD, BAD_GOLD],
        {"good.txt": GOOD_TEXT, "bad.txt": "Dear shop, two loaves of bread.\n"},
    )


def _counts(score) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


# --- evaluate --------------------------------------------------------------------------


def test_a_letter_that_cannot_be_extracted_is_scored_all_missed(gold_dir: Path) -> None:
    report = evaluate(gold_dir, fake_extract)
    assert [Path(p).name for p in report.letters] == ["bad.txt", "good.txt"]
    bad, good = report.per_letter
    assert bad.name == "bad.txt" and bad.path.endswith("texts/bad.txt")
    assert bad.error == "NotAReplyLetterError: no Chinese text: not a reply letter"
    assert good.error is None
    assert [letter.name for letter in report.failed] == ["bad.txt"]
    # every non-null gold header field a miss (doc_number, issuer, number; date/title null)
    assert _counts(bad.scores["header"]) == (0, 0, 3)
    assert _counts(bad.scores["agencies"]) == (0, 0, 1)
    assert _counts(bad.scores["measures"]) == (0, 0, 2)
    assert _counts(bad.scores["amounts"]) == (0, 0, 1)
    assert "status" not in bad.scores and "owner" not in bad.scores  # no matched measure
    assert bad.misses == [
        "document.doc_number: got None, want '青园函〔2023〕5号'",
        f"document.issuer: got None, want '{ISSUER}'",
        "proposal.number: got None, want '0017'",
        f"agency missing: {ISSUER}",
        "measure missing: 修缮滨河步道",
        "measure missing: 增设公共座椅",
        "amount missing: 2 km x1",
    ]
    assert report.errors[0] == (
        "bad.txt extraction failed: NotAReplyLetterError: no Chinese text: not a reply letter"
    )
    assert "bad.txt measure missing: 修缮滨河步道" in report.errors


def test_per_letter_numbers_and_totals(gold_dir: Path) -> None:
    report = evaluate(gold_dir, fake_extract)
    bad, good = report.per_letter
    s = good.scores
    assert _counts(s["document.date"]) == (0, 1, 1)
    assert _counts(s["proposal.title"]) == (1, 0, 0)  # whitespace is ignored
    assert _counts(s["header"]) == (4, 1, 1) and s["header"].value == pytest.approx(0.8)
    assert _counts(s["agencies"]) == (1, 1, 1) and s["agencies"].f1 == pytest.approx(0.5)
    m = s["measures"]
    assert _counts(m) == (1, 1, 2)
    assert (m.precision, m.recall) == (pytest.approx(0.5), pytest.approx(1 / 3))
    assert m.f1 == pytest.approx(0.4)
    assert _counts(s["status"]) == (1, 0, 0) and s["status"].value == 1.0
    assert _counts(s["owner"]) == (0, 0, 1) and s["owner"].value == 0.0
    assert _counts(s["amounts"]) == (1, 1, 1)
    assert good.misses == [
        "document.date: got '2024-06-01', want '2024-06-18'",
        "agency extra: 青禾市财政局",
        "agency missing: 政协青禾市委员会",
        "measure extra: 感谢关心和支持",
        "measure missing: 编制口袋公园建设规划",
        "measure missing: 开放机关附属绿地",
        f"owner of 建成口袋公园: got '青禾市财政局', want '{ISSUER}'",
        "amount extra: 5 km x1",
        "amount missing: 3e+06 CNY x1",
    ]
    # the totals are the sums over the letters, the bad letter's misses included
    for name in ("header", "agencies", "measures", "amounts"):
        assert _counts(report.scores[name]) == tuple(
            a + b
            for a, b in zip(_counts(bad.scores[name]), _counts(good.scores[name]), strict=True)
        ), name
    assert _counts(report.scores["measures"]) == (1, 1, 4)
    assert report.scores["header"].value == pytest.approx(4 / 8)


def test_any_exception_from_extraction_is_caught_and_the_evaluation_goes_on(tmp_path: Path) -> None:
    other = dict(BAD_GOLD, source="texts/crash.txt")
    gold = write_gold(tmp_path, [GOOD_GOLD, other], {"good.txt": GOOD_TEXT, "crash.txt": "x"})
    report = evaluate(gold, fake_extract)
    crash, good = report.per_letter
    assert crash.error == "RuntimeError: extractor bug on crash.txt"
    assert good.error is None and good.scores["measures"].tp == 1
    assert _counts(crash.scores["measures"]) == (0, 0, 2)


def test_the_real_extractor_refuses_english_and_empty_letters_and_goes_on(tmp_path: Path) -> None:
    english = dict(BAD_GOLD, source="texts/english.txt")
    empty = dict(BAD_GOLD, source="texts/empty.txt")
    gold = write_gold(
        tmp_path,
        [GOOD_GOLD, english, empty],
        {
            "good.txt": GOOD_TEXT,
            "english.txt": "This is a shopping list: apples, milk.\n",
            "empty.txt": b"",
        },
    )
    report = evaluate(gold, extract_file)
    by_name = {letter.name: letter for letter in report.per_letter}
    assert set(by_name) == {"good.txt", "english.txt", "empty.txt"}
    assert by_name["english.txt"].error.startswith("NotAReplyLetterError: ")
    assert by_name["empty.txt"].error.startswith("ReadError: ")
    assert by_name["good.txt"].error is None
    for name in ("english.txt", "empty.txt"):
        letter = by_name[name]
        assert _counts(letter.scores["header"]) == (0, 0, 3)
        assert _counts(letter.scores["measures"]) == (0, 0, 2)
        assert _counts(letter.scores["agencies"]) == (0, 0, 1)
        assert _counts(letter.scores["amounts"]) == (0, 0, 1)
    # the good letter was really extracted and scored (its doc number is printed plainly)
    assert by_name["good.txt"].scores["document.doc_number"].tp == 1
    assert report.scores["measures"].fn >= 4


def test_remembering_extract_runs_once_per_letter(tmp_path: Path) -> None:
    calls: list[str] = []

    def counting(path: Path) -> ReplyRecord:
        calls.append(Path(path).name)
        return fake_extract(path)

    once = RememberingExtract(counting)
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    assert once(good) is once(good)
    for _ in range(2):
        with pytest.raises(NotAReplyLetterError):
            once(bad)
    assert calls == ["good.txt", "bad.txt"]


# --- builds_on ---------------------------------------------------------------------------


def test_devset_style_links_file_loads_required_and_optional(tmp_path: Path) -> None:
    (tmp_path / "links.json").write_text(
        json.dumps(
            {
                "about": "later -> earlier by gold measure keys",
                "builds_on": [
                    {"later": "L1", "earlier": "E1", "why": "same rule"},
                    {"later": "L2", "earlier": "E2", "why": "weak"},
                ],
                "optional": ["L2"],
            }
        ),
        "utf-8",
    )
    gold = load_gold_links(tmp_path)
    assert gold.required == {("L1", "E1")} and gold.optional == {("L2", "E2")}


def test_builds_on_with_a_failed_letter_misses_its_pairs(gold_dir: Path) -> None:
    (gold_dir / "links.json").write_text(
        json.dumps(
            {
                "builds_on": [
                    {"later": "建成口袋公园", "earlier": "修缮滨河步道"},
                    {"later": "编制口袋公园建设规划", "earlier": "不存在的措施"},
                ],
            },
            ensure_ascii=False,
        ),
        "utf-8",
    )
    score, errors = score_builds_on(gold_dir, fake_extract)
    assert (score.tp, score.fn) == (0, 2) and score.recall == 0.0
    assert "links.json builds_on missing: 建成口袋公园 -> 修缮滨河步道" in errors
    assert "links.json builds_on key in no gold file: 不存在的措施" in errors


# --- policykg eval -----------------------------------------------------------------------


@pytest.fixture
def fake_cli(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pipeline, "extract_file", fake_extract)
    return lambda *args: runner.invoke(app, ["eval", *map(str, args)])


def test_cli_prints_the_per_letter_table_after_the_field_table(fake_cli, gold_dir) -> None:
    result = fake_cli("--gold", gold_dir)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2 letters, 1 failed to extract" in out
    assert out.index("per letter") > out.index("document.date")
    good_row = next(line for line in out.splitlines() if "good.txt" in line)
    cells = [c.strip() for c in good_row.strip("│ ").split("│")]
    assert cells[:10] == [
        "good.txt",
        "0.80 4/5",
        "0.50",
        "0.50",
        "0.33",
        "0.40",
        "1/1/2",
        "1.00 1/1",
        "0.00 0/1",
        "0.50",
    ]
    bad_row = next(line for line in out.splitlines() if "bad.txt" in line)
    assert "0.00 0/3" in bad_row and "0/0/2" in bad_row and "NotAReplyLetterError" in bad_row


def test_cli_errors_lists_every_miss_grouped_by_letter(fake_cli, gold_dir) -> None:
    result = fake_cli("--gold", gold_dir, "--errors")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    bad_at, good_at = lines.index("== bad.txt (8)"), lines.index("== good.txt (9)")
    bad_lines = lines[bad_at + 1 : good_at]
    assert bad_lines[0] == (
        "  extraction failed: NotAReplyLetterError: no Chinese text: not a reply letter"
    )
    assert "  measure missing: 增设公共座椅" in bad_lines
    assert "  amount missing: 2 km x1" in bad_lines
    good_lines = lines[good_at + 1 : good_at + 10]
    assert good_lines == [
        f"  {miss}" for miss in evaluate(gold_dir, fake_extract).per_letter[1].misses
    ]
    assert "  document.date: got '2024-06-01', want '2024-06-18'" in good_lines
    assert "  measure extra: 感谢关心和支持" in good_lines


def test_cli_json_has_per_letter_and_failed(fake_cli, gold_dir) -> None:
    result = fake_cli("--gold", gold_dir, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["summary"]["measures"] == pytest.approx(2 * 0.5 * 0.2 / 0.7, abs=1e-4)
    assert payload["failed"] == {
        "bad.txt": "NotAReplyLetterError: no Chinese text: not a reply letter"
    }
    per = {letter["name"]: letter for letter in payload["per_letter"]}
    assert set(per) == {"bad.txt", "good.txt"}
    assert per["bad.txt"]["error"].startswith("NotAReplyLetterError")
    assert per["bad.txt"]["scores"]["measures"]["fn"] == 2
    assert per["good.txt"]["error"] is None
    assert per["good.txt"]["summary"]["owner"] == 0.0
    assert per["good.txt"]["scores"]["measures"]["precision"] == 0.5
    assert (
        "bad.txt extraction failed: NotAReplyLetterError: no Chinese text: not a reply letter"
        in payload["errors"]
    )


def test_cli_fail_under_exit_codes(fake_cli, gold_dir) -> None:
    # measures F1 = 2 * 0.5 * 0.2 / 0.7 = 0.286 (the failed letter's 2 measures missed)
    failing = fake_cli("--gold", gold_dir, "--fail-under", "measures=0.3")
    assert failing.exit_code == 1
    assert "below threshold" in failing.output and "measures=0.286<0.3" in failing.output
    passing = fake_cli(
        "--gold", gold_dir, "--fail-under", "measures=0.28", "--fail-under", "status=1.0"
    )
    assert passing.exit_code == 0, passing.output
    everything = fake_cli("--gold", gold_dir, "--fail-under", "0.5")  # all headline metrics
    assert everything.exit_code == 1
    below = everything.output.split("below threshold:")[1].split()
    assert below == [
        "agencies=0.400<0.5,",
        "measures=0.286<0.5,",
        "owner=0.000<0.5,",
        "amounts=0.400<0.5",
    ]  # header (0.5) and status (1.0) pass
    unknown = fake_cli("--gold", gold_dir, "--fail-under", "builds_on=0.5")  # no links.json
    assert unknown.exit_code == 2 and "unknown metric" in unknown.output


def test_cli_fail_under_one_side_of_a_metric(fake_cli, gold_dir) -> None:
    # measures: precision 0.5, recall 0.2
    sides = fake_cli(
        "--gold",
        gold_dir,
        "--fail-under",
        "measures.precision=0.5",
        "--fail-under",
        "measures.recall=0.3",
    )
    assert sides.exit_code == 1
    assert (
        "measures.recall=0.200<0.3" in sides.output
        and "precision" not in sides.output.split("below threshold:")[1]
    )
    assert fake_cli("--gold", gold_dir, "--fail-under", "measures.precision=0.5").exit_code == 0
    assert fake_cli("--gold", gold_dir, "--fail-under", "measures.spread=0.5").exit_code == 2
