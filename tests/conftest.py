"""Shared fixtures: hand-built reply records and the graph stores, each a real database.

``store`` runs a test once per store: LadybugDB in a temporary folder, and Neo4j from
``tests/neo4j_server.py``. Without a Neo4j the neo4j case is skipped, except under
``CI=true``, where a missing server is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from policykg.extract.records import (
    Agency,
    Amount,
    DateMention,
    Document,
    Evidence,
    Measure,
    Proposal,
    ReplyRecord,
    Suggestion,
)
from policykg.graph.stores import GraphStore, open_store
from policykg.graph.stores.ladybug import LadybugStore
from policykg.settings import Settings

# Starlette's TestClient sends ``Host: testserver``; the API answers only allowed hosts.
os.environ.setdefault("POLICYKG_ALLOWED_HOSTS", '["localhost", "127.0.0.1", "[::1]", "testserver"]')

# A small reply the project wrote (no real letter's text): an issuer, a co-handling bureau and
# an arbitration body, one suggestion, a centre set up and a funded platform.
LETTER_TEXT = (
    "芜市监函〔2021〕18号\n"
    "关于对20210157号提案的答复函\n"
    "民盟芜湖市委会：\n"
    "结合市商务局、芜湖仲裁委员会的会办意见，现答复如下：\n"
    "建议一，建立中小企业合同纠纷调解服务平台。\n"
    "2020年5月12日，我市获批设立长三角商事纠纷调解中心芜湖工作站。\n"
    "市商务局2021年安排资金30万元支持中小企业合同纠纷调解服务平台建设。\n"
    "芜湖市市场监督管理局\n"
    "2021年6月30日\n"
)
ISSUER = "芜湖市市场监督管理局"
COMMERCE = "芜湖市商务局"
ARBITRATION = "芜湖仲裁委员会"
CENTRE = "长三角商事纠纷调解中心芜湖工作站"
PLATFORM = "中小企业合同纠纷调解服务平台"


def evidence_for(sentence: str, file: str = "letter-18.txt", text: str = LETTER_TEXT) -> Evidence:
    """Evidence whose offsets really locate ``sentence`` in ``text``."""
    start = text.index(sentence)
    return Evidence(file=file, sentence=sentence, start=start, end=start + len(sentence))


def make_reply_record(
    *,
    doc_number: str | None = "芜市监函〔2021〕18号",
    sha256: str = "a" * 64,
    source: str = "letter-18.txt",
    proposal_number: str = "20210157",
    measure_status: str = "done",
) -> ReplyRecord:
    """One small reply letter: an issuer, a co-handler, a suggestion, two measures, amounts."""
    ev = lambda sentence: evidence_for(sentence, file=source)  # noqa: E731
    platform_sentence = "市商务局2021年安排资金30万元支持中小企业合同纠纷调解服务平台建设。"
    centre_sentence = "2020年5月12日，我市获批设立长三角商事纠纷调解中心芜湖工作站。"
    co_handlers = "结合市商务局、芜湖仲裁委员会的会办意见，现答复如下："
    funding = Amount(
        text="30万元",
        value=300000,
        unit="CNY",
        kind="money",
        measure=PLATFORM,
        evidence=ev(platform_sentence),
    )
    return ReplyRecord(
        document=Document(
            source=source,
            sha256=sha256,
            doc_number=doc_number,
            issuer=ISSUER,
            city="芜湖市",
            recipient="民盟芜湖市委会",
            date="2021-06-30",
            evidence={
                "doc_number": ev("芜市监函〔2021〕18号"),
                "issuer": ev(ISSUER),
                "date": ev("2021年6月30日"),
            },
        ),
        proposal=Proposal(
            number=proposal_number,
            title="关于完善中小企业合同纠纷调解服务的提案",
            proposer="民盟芜湖市委会",
            proposer_kind="organization",
            lead_agency=ISSUER,
            co_handling_agencies=[COMMERCE, ARBITRATION],
            evidence={
                "number": ev("关于对20210157号提案的答复函"),
                "proposer": ev("民盟芜湖市委会："),
                "co_handling_agencies": ev(co_handlers),
            },
        ),
        suggestions=[
            Suggestion(
                ordinal=1,
                key=PLATFORM,
                text="建立中小企业合同纠纷调解服务平台。",
                evidence=ev("建议一，建立中小企业合同纠纷调解服务平台。"),
            )
        ],
        agencies=[
            Agency(
                id=f"agency:{ISSUER}",
                name=ISSUER,
                aliases=["市市场监管局"],
                level="city",
                city="芜湖市",
                known=True,
                mentions=[ev(ISSUER)],
            ),
            Agency(
                id=f"agency:{COMMERCE}",
                name=COMMERCE,
                aliases=["市商务局"],
                level="city",
                city="芜湖市",
                known=True,
                mentions=[ev(co_handlers)],
            ),
            Agency(
                id=f"agency:{ARBITRATION}",
                name=ARBITRATION,
                level="organization",
                city="芜湖市",
                known=False,
                mentions=[ev(co_handlers)],
            ),
        ],
        measures=[
            Measure(
                key=CENTRE,
                name=CENTRE,
                kind="centre",
                status="done",
                suggestion=1,
                date="2020-05-12",
                year=2020,
                evidence=ev(centre_sentence),
            ),
            Measure(
                key=PLATFORM,
                name=PLATFORM,
                kind="platform",
                status=measure_status,  # type: ignore[arg-type]
                owner=COMMERCE,
                partners=[ARBITRATION],
                suggestion=1,
                year=2021,
                amounts=[funding.model_copy(update={"measure": None})],
                evidence=ev(platform_sentence),
            ),
        ],
        amounts=[funding],
        dates=[
            DateMention(text="2020年5月12日", value="2020-05-12", evidence=ev(centre_sentence)),
            DateMention(text="2021年", value="2021", evidence=ev(platform_sentence)),
            DateMention(text="2021年6月30日", value="2021-06-30", evidence=ev("2021年6月30日")),
        ],
        years=[2020, 2021],
    )


@pytest.fixture
def reply_record() -> ReplyRecord:
    return make_reply_record()


@pytest.fixture
def record_factory() -> Callable[..., ReplyRecord]:
    """Builds variants of the sample letter (another doc number, another proposal…)."""
    return make_reply_record


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    try:
        from neo4j_server import ensure_neo4j
    except ImportError:
        uri = None
    else:
        uri = ensure_neo4j()
    if uri is None:
        message = "no Neo4j server (set NEO4J_URI or run scripts/neo4j-test-server fetch)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {message}")
        pytest.skip(message)
    return uri


@pytest.fixture
def ladybug_store(tmp_path) -> Iterator[GraphStore]:
    with LadybugStore(tmp_path / "graph.lbdb") as store:
        yield store


@pytest.fixture
def neo4j_store(neo4j_uri: str) -> Iterator[GraphStore]:
    # The test server runs with auth off; NEO4J_* in the environment may say otherwise.
    settings = Settings(store=neo4j_uri)
    with open_store(neo4j_uri, settings) as store:
        store.clear()  # every test starts from an empty database
        yield store


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (tests/browser.py), one per test module."""
    from tests.browser import launch_chromium

    yield from launch_chromium()


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    return request.getfixturevalue(f"{request.param}_store")


def pytest_report_header(config: pytest.Config) -> str:
    """Say in the log which Neo4j the suite runs against, so CI shows it was live."""
    return f"policykg: neo4j at {os.environ.get('NEO4J_URI') or 'none (started on demand)'}"
