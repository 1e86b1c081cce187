"""The sample letter as two replies of one body, 2018 and 2021, and the BUILDS_ON the lineage
step would write between their platforms: the graph the view and page tests draw.

The 2021 reply is conftest's sample record (an invented Wuhu letter); :func:`letter_of_2018`
makes the 2018 one from it.
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import CENTRE as CENTRE_NAME
from conftest import ISSUER as ISSUER_NAME
from conftest import PLATFORM as PLATFORM_NAME

from policykg.extract.records import ReplyRecord
from policykg.graph.model import GraphDocument, GraphRelationship

DOC_NUMBER_2021 = "芜市监函〔2021〕18号"  # conftest's sample record
DOC_NUMBER_2018 = "芜市监函〔2018〕7号"
PROPOSAL_2021 = "20210157"
PROPOSAL_2018 = "20180083"
SOURCE_2021 = "letter-18.txt"
SOURCE_2018 = "letter-7.txt"
DATE_2018 = "2018-06-28"
PLATFORM_2018_NAME = "合同纠纷调解服务平台"  # the platform's older, shorter name

DOC_2021 = f"document:{DOC_NUMBER_2021}"
DOC_2018 = f"document:{DOC_NUMBER_2018}"
CENTRE = f"measure:{CENTRE_NAME}"
PLATFORM_2021 = f"measure:{PLATFORM_NAME}"
PLATFORM_2018 = f"measure:{PLATFORM_2018_NAME}"
ISSUER = f"agency:{ISSUER_NAME}"
CENTRE_2021 = f"commitment:{DOC_NUMBER_2021}|{CENTRE_NAME}"
CENTRE_2018 = f"commitment:{DOC_NUMBER_2018}|{CENTRE_NAME}"
PLATFORM_2021_COMMITMENT = f"commitment:{DOC_NUMBER_2021}|{PLATFORM_NAME}"
PLATFORM_2018_COMMITMENT = f"commitment:{DOC_NUMBER_2018}|{PLATFORM_2018_NAME}"
PLATFORM_SENTENCE = f"市商务局2021年安排资金30万元支持{PLATFORM_NAME}建设。"


def letter_of_2018(record_factory: Callable[..., ReplyRecord]) -> ReplyRecord:
    """The sample letter as a 2018 reply: the centre is planned, the platform has an older name."""
    record = record_factory(
        doc_number=DOC_NUMBER_2018,
        sha256="b" * 64,
        source=SOURCE_2018,
        proposal_number=PROPOSAL_2018,
    )
    centre, platform = record.measures
    return record.model_copy(
        update={
            "document": record.document.model_copy(update={"date": DATE_2018}),
            "measures": [
                centre.model_copy(update={"status": "planned", "year": 2018, "date": None}),
                platform.model_copy(
                    update={
                        "key": PLATFORM_2018_NAME,
                        "name": PLATFORM_2018_NAME,
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
                    "rationale": "shared key terms 合同纠纷, 调解服务平台",
                    "evidence_file": SOURCE_2021,
                    "evidence_sentence": PLATFORM_SENTENCE,
                    "evidence_start": 0,
                    "evidence_end": 10,
                },
            )
        ],
    )
