"""The sample letter as two replies of one body, 2018 and 2021, and the BUILDS_ON the lineage
step would write between their platforms: the graph the view and page tests draw.

The 2021 reply is conftest's sample record; :func:`letter_of_2018` makes the 2018 one from it.
"""

from __future__ import annotations

from collections.abc import Callable

from policykg.extract.records import ReplyRecord
from policykg.graph.model import GraphDocument, GraphRelationship

DOC_2021 = "document:深市监政案函〔2021〕56号"
DOC_2018 = "document:深市质政案函〔2018〕44号"
CENTRE = "measure:国家海外知识产权纠纷应对指导中心深圳分中心"
PLATFORM_2021 = "measure:海外知识产权信息化服务平台"
PLATFORM_2018 = "measure:知识产权信息服务平台"
ISSUER = "agency:深圳市市场监督管理局"
CENTRE_2021 = "commitment:深市监政案函〔2021〕56号|国家海外知识产权纠纷应对指导中心深圳分中心"
CENTRE_2018 = "commitment:深市质政案函〔2018〕44号|国家海外知识产权纠纷应对指导中心深圳分中心"
PLATFORM_2021_COMMITMENT = "commitment:深市监政案函〔2021〕56号|海外知识产权信息化服务平台"
PLATFORM_SENTENCE = "市商务局2021年安排资金20万元支持海外知识产权信息化服务平台建设。"


def letter_of_2018(record_factory: Callable[..., ReplyRecord]) -> ReplyRecord:
    """The sample letter as a 2018 reply: the centre is planned, the platform has an older name."""
    record = record_factory(
        doc_number="深市质政案函〔2018〕44号",
        sha256="b" * 64,
        source="letter-44.txt",
        proposal_number="20180129",
    )
    centre, platform = record.measures
    return record.model_copy(
        update={
            "document": record.document.model_copy(update={"date": "2018-05-20"}),
            "measures": [
                centre.model_copy(update={"status": "planned", "year": 2018, "date": None}),
                platform.model_copy(
                    update={
                        "key": "知识产权信息服务平台",
                        "name": "知识产权信息服务平台",
                        "year": 2018,
                        "amounts": [],
                        "owner": None,
                        "partners": [],
                    }
                ),
            ],
            "amounts": [],
            "dates": [],
            "years": [2018],
        }
    )


def builds_on(later: str, earlier: str) -> GraphDocument:
    """What the lineage step writes: a BUILDS_ON edge between measures already stored."""
    return GraphDocument(
        document_id="lineage",
        relationships=[
            GraphRelationship(
                type="BUILDS_ON",
                start_id=later,
                end_id=earlier,
                properties={
                    "score": 0.8,
                    "rationale": "shared key terms 信息, 服务平台",
                    "evidence_file": "letter-56.txt",
                    "evidence_sentence": PLATFORM_SENTENCE,
                    "evidence_start": 0,
                    "evidence_end": 10,
                },
            )
        ],
    )
