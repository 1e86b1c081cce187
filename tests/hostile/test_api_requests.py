"""Requests the audit found answered with a 500, a leak or no limit, on both stores: each is
now a 4xx with the JSON error body, internals stay out of responses, and pages carry the
headers that keep them from being framed or sniffed."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from policykg.api.app import create_app
from policykg.graph.ingest import SeenLetters, ingest_letter
from policykg.graph.stores import open_store
from policykg.settings import Settings
from tests.letters import GUANGZHOU, HANGZHOU

API_KEY = "k-hostile-4f2a"
REQUEST_LIMIT = 64 * 1024


@pytest.fixture(scope="module", params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, str]]:
    if request.param == "ladybug":
        target = str(tmp_path_factory.mktemp("requests") / "graph.lbdb")
    else:
        target = request.getfixturevalue("neo4j_uri")
    settings = Settings(
        store=target, api_key=API_KEY, query_timeout_s=5.0, max_request_bytes=REQUEST_LIMIT
    )
    with open_store(target, settings) as store:
        store.clear()
        assert ingest_letter(GUANGZHOU, store, SeenLetters()).status == "ingested"
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, request.param


def _error(response: Any, status: int, error: str | None = None) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"}, body
    if error is not None:
        assert body["error"] == error, body
    return json.dumps(body, ensure_ascii=False)


def _cypher(client: TestClient, body: Any) -> Any:
    # json.dumps writes NaN and lone surrogates, as a hostile client would send them.
    return client.post(
        "/cypher", content=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )


# --- item 13: 4xx, never 500 -----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"query": "RETURN $x AS x", "parameters": {"x": [1, "a", None]}},
        {"query": "RETURN $x AS x", "parameters": {"x": 2**63}},
        {"query": "RETURN $x AS x", "parameters": {"x": "\ud800"}},
        {"query": "RETURN '\ud800' AS x"},
        {"query": "RETURN 1 AS x", "timeout_s": float("nan")},
        {"query": "RETURN 1 AS x", "limit": float("nan")},
        {"query": "RETURN 1 AS x", "timeout_s": float("inf")},
    ],
    ids=[
        "mixed-list",
        "int-2**63",
        "surrogate-param",
        "surrogate-query",
        "nan-timeout",
        "nan-limit",
        "inf-timeout",
    ],
)
def test_odd_cypher_requests_are_4xx(api, body):
    client, _ = api
    response = _cypher(client, body)
    if response.status_code == 200:  # a store that can hold the value answers it
        assert response.json()["rows"]
    else:
        assert 400 <= response.status_code < 500, response.text
        assert set(response.json()) == {"error", "detail"}
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/documents?skip=9223372036854775808",
        "/documents?skip=100000000",
        "/agencies?skip=9223372036854775807",
        "/measures?limit=nan",
    ],
)
def test_out_of_range_paging_is_422(api, path):
    client, _ = api
    _error(client.get(path), 422, "RequestValidationError")


def test_skip_past_the_end_is_an_empty_page(api):
    client, _ = api
    for path in ("/documents", "/agencies", "/measures", "/proposals"):
        response = client.get(path, params={"skip": 100_000})
        assert response.status_code == 200, response.text
        assert response.json()["rows"] == []


@pytest.mark.parametrize(
    "name", ["..", ".", "a" * 300 + ".txt", "深" * 100 + ".txt", "dir/..", "con\nnull.txt"]
)
def test_odd_upload_names_are_each_reported_and_the_rest_stored(api, name):
    client, _ = api
    files = [
        ("files", (name, HANGZHOU.read_bytes(), "text/plain")),
        ("files", ("second.txt", b"not a reply letter at all", "text/plain")),
    ]
    response = client.post(
        "/ingest", headers={"X-API-Key": API_KEY}, files=files, params={"link": "false"}
    )
    assert response.status_code == 200, response.text
    outcomes = response.json()["files"]
    assert [o["status"] for o in outcomes][1] == "rejected"
    assert outcomes[0]["status"] in ("ingested", "duplicate"), outcomes[0]
    assert "/" not in outcomes[0]["file"] and "\n" not in outcomes[0]["file"]


# --- item 14: no internals in responses --------------------------------------------------------


def test_no_server_paths_or_addresses_in_answers(api):
    client, _ = api
    upload = client.post(
        "/ingest",
        headers={"X-API-Key": API_KEY},
        params={"link": "false"},
        files=[("files", ("upload-name.txt", HANGZHOU.read_bytes(), "text/plain"))],
    )
    assert upload.status_code == 200, upload.text
    text = json.dumps([client.get(p).json() for p in ("/health", "/documents")], ensure_ascii=False)
    assert "policykg-upload-" not in text and "/tmp/" not in text
    health = client.get("/health").json()
    assert set(health) == {"status", "dialect"}


@pytest.mark.parametrize(
    "query",
    [
        "LOAD FROM '/etc/passwd' RETURN *",
        "LOAD FROM '/etc/no-such-file.csv' RETURN *",
        "IMPORT DATABASE '/etc'",
        "IMPORT DATABASE '/no/such/dir'",
        "CALL current_setting('home_directory') RETURN *",
    ],
)
def test_file_probes_get_one_neutral_answer(tmp_path, query):
    """LadybugDB's statements (Neo4j's LOAD CSV is refused by its plan before binding)."""
    settings = Settings(store=str(tmp_path / "probe.lbdb"))
    open_store(settings.store).close()
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        body = json.loads(_error(_cypher(client, {"query": query}), 403, "ReadOnlyViolationError"))
        assert "/etc" not in body["detail"] and "/no/such" not in body["detail"]
        assert "exist" not in body["detail"] and "found" not in body["detail"]


def test_an_unreachable_store_is_503_without_its_address(tmp_path):
    settings = Settings(store=str(tmp_path / "gone.lbdb"), api_key=API_KEY)
    open_store(settings.store).close()
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for suffix in ("", ".wal"):
            Path(settings.store + suffix).unlink(missing_ok=True)
        text = _error(client.get("/health"), 503, "StoreUnavailableError")
        assert str(tmp_path) not in text


# --- item 15: limits and headers ---------------------------------------------------------------


def test_request_bodies_over_the_limit_are_413(api):
    client, _ = api
    big = {"query": "RETURN 1 AS x", "parameters": {"x": "a" * (REQUEST_LIMIT + 1)}}
    _error(_cypher(client, big), 413, "PayloadTooLargeError")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"query": "RETURN 1 AS x", "parameters": {"x": "'
        for _ in range(REQUEST_LIMIT // 1024 + 2):
            yield b"a" * 1024
        yield b'"}}'

    streamed = client.post(
        "/cypher", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413, streamed.text


def test_pages_and_answers_carry_the_security_headers(api):
    client, _ = api
    for path in ("/health", "/view", "/docs", "/no-such-page"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path


def test_only_allowed_hosts_are_answered(tmp_path):
    store = str(tmp_path / "hosts.lbdb")
    open_store(store).close()
    settings = Settings(store=store, allowed_hosts=["policykg.example"])
    with TestClient(create_app(settings), base_url="http://policykg.example") as client:
        assert client.get("/health").status_code == 200
        assert client.get("/health", headers={"host": "evil.example"}).status_code == 400


# --- items 3 and 4: a long query does not hold the others up ---------------------------------


def test_health_and_reads_answer_while_a_long_query_runs(api):
    client, _ = api
    slow = {
        "query": "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
        "WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*) AS n",
        "timeout_s": 4,
    }
    answers: list[int] = []
    thread = threading.Thread(target=lambda: answers.append(_cypher(client, slow).status_code))
    thread.start()
    try:
        time.sleep(0.5)  # let it start
        assert client.get("/health").status_code == 200
        assert client.get("/documents").status_code == 200
        assert thread.is_alive()  # both answered while the long query still ran
    finally:
        thread.join()
    assert answers == [504]
