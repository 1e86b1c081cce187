import json
from pathlib import Path

from typer.testing import CliRunner

from policykg.cli import app
from policykg.extract.records import ReplyRecord
from tests.letters import EXAMPLES, EXAMPLES_GOLD, GUANGZHOU, OWN_GOLD

runner = CliRunner()


def test_extract_writes_one_json_line_per_letter(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(EXAMPLES), str(GUANGZHOU), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [ReplyRecord.model_validate_json(line) for line in out.read_text().splitlines()]
    # The folder's letters in name order (2018, then 2021), then the file named after it.
    assert [r.document.issuer for r in records] == [
        "绵阳市食品药品监督管理局",
        "绵阳市市场监督管理局",
        "广州市科学技术局",
    ]
    assert [r.document.doc_number for r in records[:2]] == [
        "绵食药监函〔2018〕27号",
        "绵市监函〔2021〕43号",
    ]


def test_extract_reports_bad_files_and_exits_non_zero(tmp_path: Path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(GUANGZHOU), str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt: file is empty" in result.output
    assert len(out.read_text().splitlines()) == 1


def test_schema_is_the_record_json_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "ReplyRecord"
    assert {"document", "proposal", "measures", "agencies"} <= set(schema["properties"])


def test_eval_json_and_fail_under():
    gold = str(OWN_GOLD)  # the project's own letters (the shared gold is .ci/run's gate)
    result = runner.invoke(app, ["eval", "--gold", gold, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["summary"]["header"] == 1.0
    assert payload["summary"]["measures"] >= 0.8
    failing = runner.invoke(app, ["eval", "--gold", gold, "--fail-under", "measures=0.999"])
    assert failing.exit_code == 1
    assert "below threshold" in failing.output
    passing = runner.invoke(app, ["eval", "--gold", gold, "--fail-under", "0.8"])
    assert passing.exit_code == 0, passing.output


# Floors a little under what the example letters score today (header, agencies, owner,
# amounts and builds_on 1.0; measures 0.857; status 0.917): a regression on the README's
# own letters fails here, not only in .ci/run's gate on the evaluation letters.
EXAMPLE_FLOORS = {
    "header": 0.95,
    "agencies": 0.9,
    "measures": 0.8,
    "status": 0.9,
    "owner": 0.9,
    "amounts": 0.9,
    "builds_on": 0.95,
}


def test_eval_scores_the_example_letters_against_their_gold():
    floors = [f"{name}={floor}" for name, floor in EXAMPLE_FLOORS.items()]
    args = ["eval", "--gold", str(EXAMPLES_GOLD), "--json"]
    for floor in [*floors, "builds_on.recall=1.0"]:
        args += ["--fail-under", floor]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert [letter["name"] for letter in payload["per_letter"]] == sorted(
        p.name for p in EXAMPLES.glob("*.txt")
    )
    assert payload["failed"] == {} and payload["below_threshold"] == {}
    for name, floor in EXAMPLE_FLOORS.items():
        assert payload["summary"][name] >= floor, (name, payload["errors"])
    # Both links of examples/gold/links.json are found (2018 -> 2021).
    links = payload["scores"]["builds_on"]
    assert (links["tp"], links["fn"], links["recall"]) == (2, 0, 1.0)
