"""Hostile requests to the API, on both stores: each gets a 4xx (or 504) with the JSON error
body, and the store is exactly as it was afterwards.

Oversized uploads (declared and undeclared length), wrong content types, writes and file
access through ``/cypher``, several statements in one, Cypher in parameter values and names,
path tricks in names, no or a wrong API key, and queries that would run for minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from policykg.api.app import create_app
from policykg.graph.ingest import SeenLetters, ingest_letter
from policykg.graph.stores import open_store
from policykg.settings import Settings
from tests.letters import GUANGZHOU, HANGZHOU

API_KEY = "s3cret-key"
UPLOAD_LIMIT = 64 * 1024
SLOW_QUERIES = [
    # Ten billion rows, each tested: minutes without a time limit.
    "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
    "WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*) AS n",
    # Every node with itself six times over, ordered (about 10^12 tuples).
    "MATCH (a), (b), (c), (d), (e), (f) WHERE a.id < b.id AND b.id < c.id AND c.id < d.id "
    "AND d.id < e.id AND e.id < f.id RETURN count(*) AS n",
]
WRITES = [
    "CREATE (n:Agency {id: 'agency:evil', name: 'evil'}) RETURN n.id AS id",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Agency) SET n.name = 'pwned' RETURN count(n) AS n",
    "MERGE (n:Year {id: 'year:1900'}) RETURN n.id AS id",
    "MATCH (n:Agency) REMOVE n.city RETURN count(n) AS n",
    "MATCH (a:Document), (b:Agency) CREATE (a)-[:ISSUED_BY]->(b) RETURN count(*) AS n",
]
FILE_ACCESS = {
    "neo4j": ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line"],
    "ladybug": [
        "LOAD FROM '/etc/passwd' RETURN *",
        "COPY (MATCH (n) RETURN n.id) TO '/tmp/policykg-hostile-out.csv'",
    ],
}
INJECTIONS = [
    "x' OR 1=1 //",
    "'}) MATCH (n) DETACH DELETE n //",
    '广州") DETACH DELETE n RETURN 1 //',
    "$text",
    "\u0000\u202e\ufeff",
]


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[TestClient, Any]]:
    """A client on an app over a store holding two letters, and that store."""
    if request.param == "ladybug":
        target = str(tmp_path / "graph.lbdb")
    else:
        target = request.getfixturevalue("neo4j_uri")
    settings = Settings(
        store=target,
        api_key=API_KEY,
        query_timeout_s=1.0,
        query_row_limit=100,
        max_upload_bytes=UPLOAD_LIMIT,
    )
    with open_store(target, settings) as store:
        store.clear()
        seen = SeenLetters()
        for letter in (GUANGZHOU, HANGZHOU):
            assert ingest_letter(letter, store, seen).status == "ingested"
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, client.app.state.store  # type: ignore[attr-defined]


def _snapshot(store: Any) -> tuple[list, list]:
    return store.nodes(), store.relationships()


def _assert_error(response: Any, status: int | tuple[int, ...], error: str | None = None) -> dict:
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"} and body["detail"]
    if error is not None:
        assert body["error"] == error, body
    return body


def _letter_upload(size: int = 0) -> list[tuple[str, tuple[str, bytes, str]]]:
    data = GUANGZHOU.read_bytes() + b"\n" * size
    return [("files", ("big.txt", data, "text/plain"))]


# --- uploads ---------------------------------------------------------------------------------


def test_oversized_upload_is_refused_before_parsing(api):
    client, store = api
    before = _snapshot(store)
    response = client.post(
        "/ingest", files=_letter_upload(UPLOAD_LIMIT), headers={"X-API-Key": API_KEY}
    )
    _assert_error(response, 413, "PayloadTooLargeError")

    def body() -> Iterator[bytes]:  # chunked: no Content-Length to trust
        boundary = b"--b\r\n"
        yield boundary + b'Content-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
        for _ in range(UPLOAD_LIMIT // 1024 + 2):
            yield "答".encode() * 341 + b"\n"
        yield b"\r\n--b--\r\n"

    response = client.post(
        "/ingest",
        content=body(),
        headers={"X-API-Key": API_KEY, "Content-Type": "multipart/form-data; boundary=b"},
    )
    _assert_error(response, 413, "PayloadTooLargeError")
    assert _snapshot(store) == before


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"files": ["letter.txt"]}'),
        ("text/plain", "穗科函[2022]118号".encode()),
        ("application/x-www-form-urlencoded", b"files=letter.txt"),
    ],
)
def test_upload_with_the_wrong_content_type(api, content_type: str, body: bytes):
    client, store = api
    before = _snapshot(store)
    response = client.post(
        "/ingest", content=body, headers={"X-API-Key": API_KEY, "Content-Type": content_type}
    )
    _assert_error(response, 415, "UnsupportedMediaTypeError")
    assert _snapshot(store) == before


def test_cypher_needs_json(api):
    client, _ = api
    response = client.post(
        "/cypher", content=b"MATCH (n) RETURN n", headers={"Content-Type": "text/plain"}
    )
    _assert_error(response, 422)


@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({}, 401, "AuthenticationError"),
        ({"X-API-Key": "wrong"}, 401, "AuthenticationError"),
        ({"X-API-Key": ""}, 401, "AuthenticationError"),
        ({"X-API-Key": (API_KEY + "\u00e9").encode("latin-1")}, 401, "AuthenticationError"),
    ],
)
def test_ingest_without_the_right_api_key(api, headers, status, error):
    client, store = api
    before = _snapshot(store)
    response = client.post("/ingest", files=_letter_upload(), headers=headers)
    body = _assert_error(response, status, error)
    assert API_KEY not in str(body)
    assert _snapshot(store) == before


def test_ingest_is_off_when_no_key_is_configured(tmp_path: Path):
    open_store(str(tmp_path / "g.lbdb")).close()  # served read-only, so it must exist
    settings = Settings(store=str(tmp_path / "g.lbdb"), api_key=None)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.post("/ingest", files=_letter_upload(), headers={"X-API-Key": ""})
        _assert_error(response, 403, "IngestDisabledError")
        assert client.app.state.store.counts()["nodes"]["Document"] == 0  # type: ignore[attr-defined]


def test_upload_names_cannot_escape_the_upload_folder(api):
    client, _ = api
    name = "../../../../tmp/policykg-escape.txt"
    response = client.post(
        "/ingest",
        headers={"X-API-Key": API_KEY},
        files=[("files", (name, HANGZHOU.read_bytes(), "text/plain"))],
    )
    assert response.status_code == 200, response.text
    assert response.json()["files"][0]["status"] == "duplicate"
    assert not Path("/tmp/policykg-escape.txt").exists()


# --- /cypher ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", WRITES)
def test_writes_through_cypher_are_refused_by_the_database(api, query: str):
    client, store = api
    before = _snapshot(store)
    response = client.post("/cypher", json={"query": query})
    if "REMOVE" in query and "://" not in store.target:
        _assert_error(response, 400, "QueryError")  # LadybugDB's Cypher has no REMOVE
    else:
        _assert_error(response, 403, "ReadOnlyViolationError")
    assert _snapshot(store) == before


def test_file_access_through_cypher_is_refused(api):
    client, store = api
    before = _snapshot(store)
    dialect = "neo4j" if "://" in store.target else "ladybug"
    for query in FILE_ACCESS[dialect]:
        body = _assert_error(client.post("/cypher", json={"query": query}), (400, 403))
        assert "root:" not in str(body)
    assert not Path("/tmp/policykg-hostile-out.csv").exists()
    assert _snapshot(store) == before


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (n) RETURN count(n) AS n; MATCH (n) DETACH DELETE n",
        "CALL dbms.components() YIELD name RETURN name; CREATE (:X)",
        "",
        " ",
        "RETURN 1 " + "x" * 20_001,
    ],
)
def test_several_statements_or_no_statement(api, query: str):
    client, store = api
    before = _snapshot(store)
    _assert_error(client.post("/cypher", json={"query": query}), (400, 403, 422))
    assert _snapshot(store) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_parameters_are_values_never_cypher(api, value: str):
    client, store = api
    before = _snapshot(store)
    response = client.post(
        "/cypher",
        json={
            "query": "MATCH (a:Agency) WHERE a.name = $name RETURN a.id AS id",
            "parameters": {"name": value},
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == []
    response = client.post("/queries/search", json={"text": value + "广州", "limit": 5})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["rows"] == []
    else:
        _assert_error(response, 422)
    response = client.get("/agencies/" + quote(value, safe=""))
    _assert_error(response, (404, 422))
    assert _snapshot(store) == before


def test_hostile_parameter_names_and_shapes(api):
    client, store = api
    before = _snapshot(store)
    for parameters in ({"name) DETACH DELETE (n": 1}, {"": "x"}, {"name": {"$gt": ""}}):
        response = client.post(
            "/cypher",
            json={
                "query": "MATCH (a:Agency) WHERE a.name = $name RETURN a.id AS id",
                "parameters": parameters,
            },
        )
        assert response.status_code in (200, 400, 422), response.text
        if response.status_code == 200:
            assert response.json()["rows"] == []
        else:
            _assert_error(response, (400, 422))
    response = client.post(
        "/queries/agency_commitments",
        json={"agency": "广州市科学技术局", "extra": "MATCH (n) DELETE n"},
    )
    _assert_error(response, 422)
    deep = '{"query": "RETURN $p AS p", "parameters": {"p": ' + "[" * 100_000 + "]" * 100_000
    response = client.post(
        "/cypher", content=deep + "}}", headers={"Content-Type": "application/json"}
    )
    _assert_error(response, (400, 413, 422))
    assert _snapshot(store) == before


@pytest.mark.parametrize(
    "path",
    [
        "/queries/..%2F..%2Fetc%2Fpasswd",
        "/queries/%00",
        "/nodes/agency:%27%20OR%201=1",
        "/static/viz/..%2F..%2F..%2Fpyproject.toml",
        "/documents/" + "9" * 5000,
    ],
)
def test_path_tricks_are_not_found(api, path: str):
    client, _ = api
    body = _assert_error(client.get(path), (404, 422))
    assert "[build-system]" not in str(body)


@pytest.mark.parametrize("query", SLOW_QUERIES)
def test_a_query_that_would_run_for_minutes_is_stopped(api, query: str):
    client, store = api
    before = _snapshot(store)
    body = _assert_error(
        client.post("/cypher", json={"query": query, "timeout_s": 600}), 504, "QueryTimeoutError"
    )
    assert "1 s" in body["detail"]  # the server's cap, not the 600 s asked for
    assert _snapshot(store) == before
    assert client.get("/health").status_code == 200  # and the service is still there
