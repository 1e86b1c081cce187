"""The CLI and the API give the same answer for the same input: an agency by an alias as
letters write it, a measure by part of its name, a node by its name instead of its id — on a
store built from the project's own letters (tests/data/lineage), LadybugDB on disk."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from policykg.api.app import create_app
from policykg.api.public import public_value
from policykg.cli import app
from policykg.settings import Settings
from tests.letters import ROOT

LETTERS = ROOT / "tests" / "data" / "lineage"
ALIAS, AGENCY = "市人力资源和社会保障局", "厦门市人力资源和社会保障局"
AGENCY_NAME = "厦门市工业和信息化局"
MEASURE_TEXT = "数字化转型"  # part of several measures' names


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("agree") / "agree.lbdb")
    result = CliRunner().invoke(app, ["ingest", str(LETTERS), "--store", path])
    assert result.exit_code == 0, result.output
    return path


def cli_rows(target: str, name: str, **params: Any) -> list[dict[str, Any]]:
    args = ["query", name, "--store", target, "--format", "json"]
    for key, value in params.items():
        args += ["-p", f"{key}={value}"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"]


@pytest.fixture(scope="module")
def cli_answers(target: str) -> dict[str, Any]:
    """Every CLI answer first: the API's server holds the embedded store while it runs. The
    API names a letter's file without the server's folders (api/public.py): so are these."""
    failed = CliRunner().invoke(app, ["query", "node", "-p", "id=我局", "--store", target])
    answers = {
        "alias": cli_rows(target, "agency_commitments", agency=ALIAS),
        "full": cli_rows(target, "agency_commitments", agency=AGENCY),
        "history": cli_rows(target, "agency_history", agency=ALIAS),
        "evolution": cli_rows(target, "measure_evolution", measure=MEASURE_TEXT),
        "node": cli_rows(target, "node", id=AGENCY_NAME),
        "node_by_id": cli_rows(target, "node", id=f"agency:{AGENCY_NAME}"),
        "neighbourhood": cli_rows(target, "neighbourhood", id=AGENCY_NAME),
    }
    return {**public_value(answers), "ambiguous": (failed.exit_code, failed.stderr)}


@pytest.fixture(scope="module")
def client(target: str, cli_answers: dict[str, Any]):
    with TestClient(create_app(Settings(store=target))) as served:
        yield served


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def test_an_alias_names_the_agency_in_both(client: TestClient, cli_answers: dict[str, Any]):
    assert cli_answers["alias"] and cli_answers["alias"] == cli_answers["full"]
    assert ok(client.get(f"/agencies/{ALIAS}/commitments"))["rows"] == cli_answers["alias"]
    assert ok(client.get(f"/agencies/{ALIAS}/history"))["rows"] == cli_answers["history"]
    assert ok(client.get(f"/agencies/{ALIAS}"))["id"] == f"agency:{AGENCY}"
    posted = ok(client.post("/queries/agency_commitments", json={"agency": ALIAS}))
    assert posted["rows"] == cli_answers["alias"]


def test_part_of_a_measure_name_gives_its_evolution_in_both(client, cli_answers):
    rows = ok(client.get(f"/measures/{MEASURE_TEXT}/evolution"))["rows"]

    assert len({row["asked"] for row in cli_answers["evolution"]}) >= 2  # several measures
    assert rows == cli_answers["evolution"]


def test_a_node_by_name_is_the_node_by_id_in_both(client, cli_answers):
    assert cli_answers["node"] == cli_answers["node_by_id"] != []
    node = ok(client.get(f"/nodes/{AGENCY_NAME}"))
    assert node["id"] == cli_answers["node"][0]["id"] == f"agency:{AGENCY_NAME}"
    around = ok(client.get(f"/nodes/{AGENCY_NAME}/neighbourhood"))["rows"]
    assert around == cli_answers["neighbourhood"] and len(around) > 1
    posted = ok(client.post("/queries/node", json={"id": AGENCY_NAME}))
    assert posted["rows"] == cli_answers["node"]


def test_a_name_of_several_nodes_is_refused_with_the_candidates_in_both(client, cli_answers):
    exit_code, stderr = cli_answers["ambiguous"]
    response = client.get("/nodes/我局")

    assert exit_code == 2 and "names 2 nodes" in stderr and "give an id" in stderr
    assert response.status_code == 422
    assert "agency:厦门市工业和信息化局" in response.text and "give an id" in response.text


def test_a_name_of_nothing_is_not_found_in_both(client, target):
    cli = CliRunner().invoke(app, ["query", "node", "-p", "id=没有这个", "--store", target])

    assert cli.exit_code == 2 and "no node has the id, name or alias" in cli.stderr
    assert client.get("/nodes/没有这个").status_code == 404
    assert client.get("/measures/没有这个措施/evolution").status_code == 404
