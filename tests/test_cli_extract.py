import json
from pathlib import Path

from typer.testing import CliRunner

from policykg.cli import app
from policykg.extract.records import ReplyRecord
from tests.letters import EXAMPLES, GUANGZHOU, OWN_GOLD

runner = CliRunner()


def test_extract_writes_one_json_line_per_letter(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(EXAMPLES), str(GUANGZHOU), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [ReplyRecord.model_validate_json(line) for line in out.read_text().splitlines()]
    assert [r.document.issuer for r in records] == [
        "深圳市市场监督管理局",
        "深圳市市场和质量监督管理委员会",
        "广州市科学技术局",
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
