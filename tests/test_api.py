"""The HTTP API over the seed graph on both stores (TestClient, real stores).

Answers are checked against the same facts as the query tests: an endpoint must say what
its named query says, and the named queries are checked in test_queries.py.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from policykg.api import view
from policykg.api.app import ROUTERS, create_app
from policykg.api.deps import get_app_settings
from policykg.api.public import public_result
from policykg.graph.queries import list_queries, run_query
from policykg.graph.stores import GraphStore, open_store
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings
from tests.letters import EXAMPLE_2021, GUANGZHOU
from tests.seed_graph import (
    AGRICULTURE,
    COMMERCE,
    DOC_2018,
    DOC_2021,
    PLATFORM,
    PLATFORM_2018,
    PROPOSAL_2018,
    PROPOSAL_2021,
    SLOW_QUERY,
    GraphFacts,
    write_seed,
)
from tests.seed_graph import ISSUER_2018 as FDA  # succeeded by MSA in 2019
from tests.seed_graph import ISSUER_2021 as MSA

API_KEY = "test-key-b7f3c1"
ROW_LIMIT = 12  # below the seed's 14 measures, so the server's cap shows


def _settings(store: str, **changes: Any) -> Settings:
    return Settings(
        store=store, api_key=API_KEY, query_timeout_s=10.0, query_row_limit=ROW_LIMIT, **changes
    )


@pytest.fixture(scope="module")
def ladybug_target(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("api") / "seed.lbdb"
    with LadybugStore(path) as store:
        write_seed(store)
    return str(path)


@pytest.fixture(scope="module")
def neo4j_target(neo4j_uri: str) -> str:
    with open_store(neo4j_uri, Settings(store=neo4j_uri)) as store:
        write_seed(store)
    return neo4j_uri


@pytest.fixture(scope="module", params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    target = request.getfixturevalue(f"{request.param}_target")
    with TestClient(create_app(_settings(target))) as test_client:
        yield test_client


@pytest.fixture
def store(client: TestClient) -> GraphStore:
    """The store the app's lifespan opened."""
    return client.app.state.store


@pytest.fixture
def reseed(store: GraphStore) -> Iterator[None]:
    """For tests that write: the seed graph again afterwards."""
    yield
    write_seed(store)


def ok(response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def refused(response, status: int, error: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error, body
    return body["detail"]


# --- Health, documents, proposals --------------------------------------------------------


def test_health_reports_the_store_without_saying_where_it_is(client, store):
    assert ok(client.get("/health")) == {"status": "ok", "dialect": store.dialect}


def test_documents_list_and_one_document(client, store):
    listed = ok(client.get("/documents"))
    one = ok(client.get(f"/documents/{DOC_2021}"))

    assert listed == public_result(run_query(store, "documents", {})).model_dump()
    assert [row["id"] for row in listed["rows"]] == [f"document:{DOC_2018}", f"document:{DOC_2021}"]
    assert ok(client.get("/documents", params={"skip": 1}))["rows"] == listed["rows"][1:]
    assert one["label"] == "Document"
    assert one["properties"]["date"] == "2021-06-25"
    assert ok(client.get(f"/documents/document:{DOC_2021}")) == one
    refused(client.get("/documents/绵市监函〔2030〕1号"), 404, "NotFoundError")
    refused(client.get("/documents", params={"limit": 0}), 422, "RequestValidationError")


def test_a_proposal_with_its_trace(client):
    answer = ok(client.get(f"/proposals/{PROPOSAL_2021}"))

    assert answer["proposal"]["properties"]["number"] == PROPOSAL_2021
    assert answer["trace"]["rows"]
    assert {row["proposal"] for row in answer["trace"]["rows"]} == {PROPOSAL_2021}
    assert {row["measure"] for row in answer["trace"]["rows"]} >= {PLATFORM}
    listed = [p["number"] for p in ok(client.get("/proposals"))["rows"]]
    assert listed == [PROPOSAL_2018, PROPOSAL_2021]
    refused(client.get("/proposals/19990001"), 404, "NotFoundError")


# --- Agencies and measures ----------------------------------------------------------------


def test_agency_commitments_with_statuses(client, store):
    own = ok(client.get(f"/agencies/{MSA}/commitments"))
    with_predecessors = ok(
        client.get(f"/agencies/{MSA}/commitments", params={"include_predecessors": True})
    )

    assert (
        own == public_result(run_query(store, "agency_commitments", {"agency": MSA})).model_dump()
    )
    assert {row["status"] for row in own["rows"]} == {"done", "planned"}
    assert {row["year"] for row in own["rows"]} == {2021}
    assert not with_predecessors["truncated"]
    assert {row["year"] for row in with_predecessors["rows"]} == {2018, 2021}
    # The predecessor's 2018 reply adds a third status: a suggestion it declined.
    assert {"done", "planned", "declined"} <= {row["status"] for row in with_predecessors["rows"]}
    assert ok(client.get(f"/agencies/{MSA}"))["properties"]["name"] == MSA
    refused(client.get("/agencies/没有这个局/commitments"), 404, "NotFoundError")


def test_agency_history_and_the_agency_list(client):
    history = ok(client.get(f"/agencies/{MSA}/history"))["rows"]
    agencies = ok(client.get("/agencies"))["rows"]

    assert {row["name"] for row in history} >= {MSA, FDA}
    assert next(row for row in history if row["name"] == FDA)["succeeded_by"] == MSA
    assert {MSA, FDA} <= {row["name"] for row in agencies}


def test_measure_evolution_from_2018_to_2021(client):
    rows = ok(client.get(f"/measures/{PLATFORM}/evolution"))["rows"]

    assert [row["year"] for row in rows] == [2018, 2021]
    assert (rows[1]["measure"], rows[1]["status"], rows[1]["owner"]) == (PLATFORM, "done", MSA)
    assert (rows[0]["measure"], rows[0]["status"], rows[0]["owner"]) == (
        PLATFORM_2018,
        "planned",
        AGRICULTURE,
    )
    assert rows[0]["document"] == DOC_2018
    assert ok(client.get(f"/measures/{PLATFORM}"))["properties"]["kind"] == "platform"
    refused(client.get("/measures/没有这个措施/evolution"), 404, "NotFoundError")


def test_lists_are_cut_at_the_server_row_limit(client, store):
    measures = ok(client.get("/measures", params={"limit": 1000}))

    assert len(store.nodes()) > 0
    assert measures["truncated"] is True and len(measures["rows"]) == ROW_LIMIT
    assert (
        measures["rows"]
        == public_result(run_query(store, "measures", {"limit": 1000})).rows[:ROW_LIMIT]
    )
    assert ok(client.get("/measures", params={"limit": 5}))["truncated"] is False


# --- Nodes, neighbourhood, search ---------------------------------------------------------


def test_any_node_and_its_neighbourhood(client, store):
    # The 2018 platform: its whole depth-2 neighbourhood fits under the server's row limit.
    center = f"measure:{PLATFORM_2018}"
    node = ok(client.get(f"/nodes/agency:{COMMERCE}"))
    around = ok(client.get(f"/nodes/{center}/neighbourhood", params={"depth": 2}))

    assert (node["label"], node["properties"]["name"]) == ("Agency", COMMERCE)
    expected = public_result(run_query(store, "neighbourhood", {"id": center, "depth": 2}))
    assert 2 < len(expected.rows) <= ROW_LIMIT and not around["truncated"]
    assert [(r["id"], r["depth"]) for r in around["rows"]] == [
        (r["id"], r["depth"]) for r in expected.rows
    ]
    assert around["rows"][0]["id"] == center
    refused(client.get("/nodes/not-an-id"), 404, "NotFoundError")
    refused(client.get("/nodes/agency:没有"), 404, "NotFoundError")
    refused(
        client.get(f"/nodes/{center}/neighbourhood", params={"depth": 4}),
        422,
        "RequestValidationError",
    )


def test_search_finds_chinese_text(client, store):
    found = ok(client.get("/search", params={"q": "农业"}))

    assert found == public_result(run_query(store, "search", {"text": "农业"})).model_dump()
    assert not found["truncated"] and len(found["rows"]) > 2
    assert f"agency:{AGRICULTURE}" in {row["id"] for row in found["rows"]}
    assert len(ok(client.get("/search", params={"q": "农业", "limit": 2}))["rows"]) == 2
    refused(client.get("/search", params={"q": "农"}), 422, "RequestValidationError")
    refused(client.get("/search"), 422, "RequestValidationError")


# --- Named queries ------------------------------------------------------------------------


def test_the_query_library_is_listed_with_parameter_schemas(client):
    listed = ok(client.get("/queries"))

    assert [q["name"] for q in listed] == [q.name for q in list_queries()]
    evolution = ok(client.get("/queries/measure_evolution"))
    assert evolution["parameters_schema"]["required"] == ["measure"]
    assert evolution["example"] == {"measure": "追溯平台"}
    assert "neo4j" in ok(client.get("/queries/search"))["dialect_variants"]
    refused(client.get("/queries/nope"), 404, "UnknownQueryError")


def test_running_a_named_query(client, store):
    params = {"status": "done", "from_year": 2021, "to_year": 2021}

    answer = ok(client.post("/queries/commitments_by_status", json=params))

    assert answer == public_result(run_query(store, "commitments_by_status", params)).model_dump()
    assert answer["rows"] and {row["year"] for row in answer["rows"]} == {2021}
    assert ok(client.post("/queries/documents"))["rows"]  # no body: the defaults


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "status: Field required"),
        ({"status": "finished"}, "status: Input should be"),
        ({"status": "done", "from_year": "soon"}, "from_year"),
        ({"status": "done", "year": 2021}, "year: Extra inputs are not permitted"),
    ],
)
def test_bad_named_query_parameters_are_422(client, params, message):
    detail = refused(
        client.post("/queries/commitments_by_status", json=params), 422, "QueryParameterError"
    )

    assert message in detail


def test_an_unknown_named_query_is_404_and_a_non_object_body_422(client):
    refused(client.post("/queries/nope", json={}), 404, "UnknownQueryError")
    refused(client.post("/queries/documents", json=[1, 2]), 422, "RequestValidationError")


# --- Ad-hoc Cypher ------------------------------------------------------------------------


def test_cypher_reads_with_parameters(client, store):
    answer = ok(
        client.post(
            "/cypher",
            json={
                "query": "MATCH (c:Commitment)-[:IMPLEMENTED_BY]->(a:Agency {name: $agency}) "
                "RETURN c.status AS status, count(*) AS n ORDER BY status",
                "parameters": {"agency": MSA},
            },
        )
    )

    facts = GraphFacts(store)
    statuses = Counter(
        facts.prop(c, "status")
        for c in facts.into[("IMPLEMENTED_BY", f"agency:{MSA}")]
        if c.startswith("commitment:")
    )
    assert answer["query"] is None and answer["columns"] == ["status", "n"]
    assert answer["rows"] == [{"status": k, "n": n} for k, n in sorted(statuses.items())]
    assert {"done", "planned"} <= set(statuses)


def test_cypher_parameters_are_data_not_query_text(client):
    injected = "x' OR 1=1 RETURN n //"

    answer = ok(
        client.post(
            "/cypher",
            json={
                "query": "MATCH (a:Agency) WHERE a.name = $name RETURN a.name AS name",
                "parameters": {"name": injected},
            },
        )
    )

    assert answer["rows"] == []


def test_cypher_row_limit(client):
    query = "MATCH (m:Measure) RETURN m.id AS id ORDER BY id"

    asked = ok(client.post("/cypher", json={"query": query, "limit": 3}))
    capped = ok(client.post("/cypher", json={"query": query, "limit": 10_000}))

    assert (len(asked["rows"]), asked["truncated"]) == (3, True)
    assert (len(capped["rows"]), capped["truncated"]) == (ROW_LIMIT, True)


@pytest.mark.parametrize(
    "statement",
    [
        "MATCH (a:Agency) SET a.name = 'x' RETURN a.name AS name",
        "CREATE (y:Year {id: 'year:1900', name: '1900', year: 1900})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (a:Agency) DELETE a",
    ],
)
def test_cypher_writes_are_refused_by_the_database(client, store, statement):
    before = store.counts()

    refused(client.post("/cypher", json={"query": statement}), 403, "ReadOnlyViolationError")

    assert store.counts() == before


def test_cypher_file_access_is_refused(client, store, tmp_path: Path):
    target = tmp_path / "leak.csv"
    statement = {
        "ladybug": f"COPY (MATCH (a:Agency) RETURN a.name) TO '{target}'",
        "neo4j": "LOAD CSV FROM 'file:///etc/hostname' AS line RETURN line",
    }[store.dialect]

    refused(client.post("/cypher", json={"query": statement}), 403, "ReadOnlyViolationError")

    assert not target.exists()


def test_cypher_past_its_time_limit_is_504_and_the_service_goes_on(client):
    detail = refused(
        client.post("/cypher", json={"query": SLOW_QUERY, "timeout_s": 0.3}),
        504,
        "QueryTimeoutError",
    )

    assert "0.3 s" in detail
    assert ok(client.get("/health"))["status"] == "ok"


def test_cypher_bad_requests(client):
    refused(client.post("/cypher", json={"query": "MATCH (n RETURN n"}), 400, "QueryError")
    refused(client.post("/cypher", json={"query": ""}), 422, "RequestValidationError")
    refused(
        client.post("/cypher", json={"query": "RETURN 1 AS x", "sql": "x"}),
        422,
        "RequestValidationError",
    )
    refused(
        client.post("/cypher", json={"query": "RETURN 1 AS x", "timeout_s": -1}),
        422,
        "RequestValidationError",
    )
    refused(
        client.post("/cypher", json={"query": "RETURN 1 AS x; RETURN 2 AS x"}), 400, "QueryError"
    )


# --- Ingest -------------------------------------------------------------------------------


def _letter(path: Path, name: str | None = None) -> tuple[str, tuple[str, bytes]]:
    return ("files", (name or path.name, path.read_bytes()))


def test_ingest_needs_the_api_key(client, store):
    before = store.counts()
    upload = [_letter(GUANGZHOU)]

    refused(client.post("/ingest", files=upload), 401, "AuthenticationError")
    refused(
        client.post("/ingest", files=upload, headers={"X-API-Key": "guess"}),
        401,
        "AuthenticationError",
    )

    assert store.counts() == before


def test_ingest_is_off_without_a_configured_key(tmp_path):
    LadybugStore(tmp_path / "empty.lbdb").close()  # served read-only, so it must exist
    settings = Settings(store=str(tmp_path / "empty.lbdb"), api_key=None)
    with TestClient(create_app(settings)) as test_client:
        refused(
            test_client.post("/ingest", files=[_letter(GUANGZHOU)], headers={"X-API-Key": ""}),
            403,
            "IngestDisabledError",
        )


def test_the_apps_letter_size_limit_reaches_uploaded_letters(tmp_path):
    """A letter the default limit lets through is refused by an app made with a smaller one:
    the settings given to create_app reach the reader, not the environment's."""
    size = GUANGZHOU.stat().st_size
    default = Settings(store=str(tmp_path / "default.lbdb"), api_key=API_KEY)
    small = Settings(
        store=str(tmp_path / "small.lbdb"), api_key=API_KEY, max_letter_bytes=size // 2
    )
    assert default.max_letter_bytes > size
    key = {"X-API-Key": API_KEY}

    with TestClient(create_app(default)) as test_client:
        accepted = ok(
            test_client.post("/ingest?link=false", files=[_letter(GUANGZHOU)], headers=key)
        )
    with TestClient(create_app(small)) as test_client:
        refused_answer = ok(
            test_client.post("/ingest?link=false", files=[_letter(GUANGZHOU)], headers=key)
        )
        assert test_client.app.state.store.counts()["nodes"].get("Document", 0) == 0

    assert accepted["files"][0]["status"] == "ingested"
    outcome = refused_answer["files"][0]
    assert outcome["status"] == "rejected"
    assert "over the" in outcome["reason"] and "limit" in outcome["reason"]


def test_ingest_refuses_wrong_content_size_and_empty_uploads(client, store):
    key = {"X-API-Key": API_KEY}
    before = store.counts()

    refused(
        client.post("/ingest", json={"files": ["a"]}, headers=key), 415, "UnsupportedMediaTypeError"
    )
    refused(
        client.post("/ingest", files={"other": ("a.txt", b"x")}, headers=key), 422, "InputError"
    )
    small = client.app.state.settings.model_copy(update={"max_upload_bytes": 1000})
    client.app.dependency_overrides[get_app_settings] = lambda: small
    try:
        refused(
            client.post("/ingest", files=[_letter(GUANGZHOU)], headers=key),
            413,
            "PayloadTooLargeError",
        )
    finally:
        client.app.dependency_overrides.clear()

    assert store.counts() == before


def test_ingest_writes_letters_and_reports_each_file(client, store, reseed):
    documents_before = store.counts()["nodes"]["Document"]

    answer = ok(
        client.post(
            "/ingest",
            files=[
                _letter(GUANGZHOU),
                ("files", ("notes.txt", "今天天气很好，我们去公园散步。".encode())),
                _letter(EXAMPLE_2021, "copy-of-2021.txt"),
            ],
            headers={"X-API-Key": API_KEY},
        )
    )

    outcomes = {item["file"]: item for item in answer["files"]}
    assert outcomes[GUANGZHOU.name]["status"] == "ingested"
    assert outcomes[GUANGZHOU.name]["nodes"] > 0
    assert outcomes["notes.txt"]["status"] == "rejected" and outcomes["notes.txt"]["reason"]
    assert outcomes["copy-of-2021.txt"]["status"] == "duplicate"
    assert (answer["ingested"], answer["rejected"], answer["duplicates"]) == (1, 1, 1)
    assert answer["links"] is not None
    assert store.counts()["nodes"]["Document"] == documents_before + 1
    new_id = outcomes[GUANGZHOU.name]["document_id"]
    assert ok(client.get(f"/nodes/{new_id}"))["label"] == "Document"


# --- Errors and documentation -------------------------------------------------------------


def test_every_error_has_the_same_json_shape(client):
    for response in (
        client.get("/no-such-endpoint"),
        client.delete("/health"),
        client.get("/search"),
        client.post("/queries/nope", json={}),
    ):
        assert response.status_code >= 400
        assert set(response.json()) == {"error", "detail"}


VIEW_PATHS = {route.path for route in view.router.routes}


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _has_example(spec: dict, schema: dict) -> bool:
    schema = _resolve(spec, schema)
    if "examples" in schema or "example" in schema:
        return True
    if schema.get("type") == "array":
        return _has_example(spec, schema.get("items", {}))
    return any(_has_example(spec, option) for option in schema.get("anyOf", []))


def test_openapi_documents_every_endpoint_with_examples(client):
    spec = ok(client.get("/openapi.json"))

    operations = [
        (path, method, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]
    assert {path for path, _, _ in operations} >= {
        "/health",
        "/documents",
        "/documents/{document}",
        "/proposals",
        "/proposals/{number}",
        "/agencies",
        "/agencies/{agency}",
        "/agencies/{agency}/commitments",
        "/agencies/{agency}/history",
        "/measures",
        "/measures/{measure}",
        "/measures/{measure}/evolution",
        "/nodes/{node}",
        "/nodes/{node}/neighbourhood",
        "/search",
        "/queries",
        "/queries/{name}",
        "/cypher",
        "/ingest",
    }
    for path, method, operation in operations:
        if path in VIEW_PATHS:  # api/view.py documents its own endpoints
            continue
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        for parameter in operation.get("parameters", []):
            assert (
                "examples" in parameter
                or "example" in parameter
                or _has_example(spec, parameter["schema"])
            ), f"{where}: {parameter['name']}"
        for media in operation.get("requestBody", {}).get("content", {}).values():
            assert (
                media.get("examples") or media.get("example") or _has_example(spec, media["schema"])
            ), f"{where}: body"
        success = operation["responses"]["200"]["content"]
        if "application/json" in success:
            assert _has_example(spec, success["application/json"]["schema"]), f"{where}: 200"
        else:
            assert any("example" in media for media in success.values()), f"{where}: 200"


def test_one_list_holds_the_routers():
    paths = {route.path for router in ROUTERS for route in router.routes}

    assert {"/health", "/cypher", "/ingest", "/view"} <= paths


def test_policykg_serve_answers_on_loopback_and_stops(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    served = tmp_path / "served.lbdb"
    LadybugStore(str(served)).close()  # serve reads an existing store, it makes none
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from policykg.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--store",
            str(served),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        health = None
        give_up = time.monotonic() + 60
        while health is None and time.monotonic() < give_up and server.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None, server.communicate(timeout=5)[0]
        assert health.json()["dialect"] == "ladybug"
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert server.returncode == 0, output
