"""Text that must not reach the store as it is (issue 17, items 10 and 12): control
characters are removed before extraction and every export of the stored graph is re-read
by its own format's reader; a letter too long to be one is refused for its length."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx
import pytest

from policykg.errors import ReadError
from policykg.extract.reader import read_letter
from policykg.graph.export import WRITERS
from policykg.graph.ingest import ingest_letter
from policykg.graph.model import GraphNode
from policykg.graph.stores import open_store
from policykg.settings import Settings
from tests.letters import EXAMPLE_2018

# The 2018 example letter, made longer than 4 kB with three more invented sections, so that
# control characters can sit past the bytes the reader sniffs for a binary file.
MORE_SECTIONS = (
    "四、关于加强食用农产品监督抽检的建议\n\n"
    "今年以来，我局在全市农贸市场开展食用农产品监督抽检，覆盖蔬菜、水果、畜禽肉、水产品和鲜蛋"
    "五大类，对抽检中发现问题较多的品种和市场组织专项复检和跟踪抽检，督促市场开办者落实进货查验"
    "和索证索票制度，不合格产品一律下架并依法处置，处置结果定期向社会公布。对连续抽检不合格的"
    "经营户，我局将依法从严处理，并通报市场开办者加强管理。\n\n"
    "五、关于开展市场开办者培训的建议\n\n"
    "我局正在编印农贸市场食品安全管理手册，分批组织市场开办者、食品安全管理员和检测人员参加"
    "培训，讲解快速检测操作规程、不合格产品处置流程和追溯信息录入要求，对培训考核不合格的人员"
    "安排补训，力争年底前实现城区农贸市场培训全覆盖。培训结束后，我局还将组织现场检查，查看"
    "培训内容在市场日常管理中的落实情况。\n\n"
    "六、关于推动社会共治的建议\n\n"
    "下一步，我局将在各农贸市场设置食品安全投诉举报公示牌，公开投诉举报电话和处理流程，聘请"
    "社会监督员定期对市场经营秩序、快速检测公示和追溯信息上传情况进行明察暗访，发现问题及时"
    "反馈属地监管所督促整改，让部门监管、经营者守法和群众监督相互配合。我局还将定期"
    "向社会通报投诉举报的办理情况，接受群众监督。\n\n"
    "七、关于提升市场硬件设施的建议\n\n"
    "市商务局正在指导各县市区制定农贸市场升级改造计划，对地面、排水、通风和冷链设施进行改造，"
    "划分生鲜、熟食和干货经营区域，推动市场环境整洁有序。我局将配合做好改造后市场的食品安全"
    "检查，督促开办者完善管理制度，确保改造成效长期保持。\n\n"
    "八、关于加强节假日市场监管的建议\n\n"
    "每逢元旦、春节、端午和中秋等节日，我局都组织开展节日市场专项检查，重点检查肉类、蛋类、"
    "水产品和节令食品，加大快速检测频次，对检测结果异常的产品及时送实验室复检。今后，我局将"
    "把节日专项检查与日常监管结合起来，提前发布消费提示，引导群众理性消费、放心消费。\n\n"
    "九、关于建立信息通报机制的建议\n\n"
    "我局将与市商务局、市农业局建立农贸市场食品安全信息通报机制，每月交换抽检监测、追溯管理"
    "和投诉举报等信息，对发现的问题共同研究处置措施，形成工作合力。信息通报的具体办法由三部门"
    "另行商定，力争今年内建立并运行，运行情况将在年底前进行一次评估，并根据评估结果加以完善。\n\n"
    "十、关于加强检测数据运用的建议\n\n"
    "我局正在整理各农贸市场快速检测室报送的检测数据，按品种、市场和时段进行汇总分析，找出问题"
    "多发的环节和时段，据此调整抽检计划和检查重点。下一步，我局将每季度形成一份检测数据分析"
    "报告，报送市政府并通报相关部门，为农贸市场食品安全监管提供参考。\n\n"
    "十一、关于做好宣传引导的建议\n\n"
    "我局将利用电视、报纸、政务新媒体和市场电子屏等渠道，宣传食品安全法律法规和科学消费知识，"
    "组织食品安全进市场、进社区活动，开展快速检测开放日，邀请市民现场观看检测过程，了解检测"
    "项目和结果判定方法，增强群众对农贸市场食品安全的信心，营造全社会共同关注食品安全的良好"
    "氛围。同时，我局将及时回应群众关切，对涉及农贸市场食品安全的舆情做到早发现、早处置。\n\n"
)
_EXAMPLE = read_letter(EXAMPLE_2018).text
LETTER = _EXAMPLE.replace("感谢您", MORE_SECTIONS + "感谢您", 1)
CONTROLS = "\x00\x01\x07\x1b\x7f\x85"


DIRTY_LINES = 3


def _with_controls(folder: Path) -> Path:
    """The letter with control characters inside a few words past its first 4 kB (NUL bytes
    there would make it a binary file, refused as one)."""
    lines = LETTER.split("\n")
    dirty, seen, dirtied = [], 0, 0
    for line in lines:
        if seen > 4096 and len(line) > 4 and dirtied < DIRTY_LINES:
            line, dirtied = line[:2] + CONTROLS + line[2:], dirtied + 1
        seen += len(line.encode("utf-8")) + 1
        dirty.append(line)
    assert dirtied == DIRTY_LINES
    # More than one control character in a hundred and the reader takes it for binary.
    assert DIRTY_LINES * len(CONTROLS) < len(LETTER) // 100
    path = folder / "controls.txt"
    path.write_text("\n".join(dirty), encoding="utf-8")
    return path


def test_control_characters_are_removed_and_said(tmp_path: Path):
    letter = read_letter(_with_controls(tmp_path))
    assert letter.text == LETTER
    assert letter.notes == [
        f"removed {DIRTY_LINES * len(CONTROLS)} control character(s) such as NUL"
    ]


def test_every_export_of_a_letter_with_controls_reads_back(tmp_path: Path):
    target = str(tmp_path / "store.lbdb")
    with open_store(target, Settings(store=target)) as store:
        outcome = ingest_letter(_with_controls(tmp_path), store)
        assert outcome.status == "ingested", outcome.reason
        nodes, relationships = store.nodes(), store.relationships()
    stored = json.dumps([n.model_dump() for n in nodes], ensure_ascii=False)
    assert not any(c in stored for c in CONTROLS)
    _assert_exports_read_back(nodes, relationships, tmp_path / "out")


def test_exports_stay_readable_when_the_store_already_holds_controls(tmp_path: Path):
    # A store written before the reader removed them: the writers themselves must cope.
    nodes = [
        GraphNode(
            id="agency:市\x00商务局",
            label="Agency",
            properties={"name": "市\x00商\x0c务局\x1b", "aliases": ["商\x00务局"]},
        )
    ]
    graph = _assert_exports_read_back(nodes, [], tmp_path / "out")
    assert graph.nodes["agency:市商务局"]["name"] == "市商务局"


def _assert_exports_read_back(nodes, relationships, folder: Path) -> networkx.DiGraph:
    graphml = WRITERS["graphml"](nodes, relationships, folder / "graph.graphml")[0]
    graph = networkx.read_graphml(graphml)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(nodes), len(relationships))

    written = WRITERS["csv"](nodes, relationships, folder / "csv")
    rows = 0
    for path in written:
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        assert all(len(row) == len(table[0]) for row in table)
        assert not any("\x00" in cell for row in table for cell in row)
        rows += len(table) - 1
    assert rows == len(nodes) + len(relationships)

    exported = json.loads(
        WRITERS["json"](nodes, relationships, folder / "graph.json")[0].read_text(encoding="utf-8")
    )
    assert [GraphNode(**n) for n in exported["nodes"]] == nodes
    return graph


def test_a_letter_of_1_77_million_characters_is_refused_for_its_length(tmp_path: Path):
    huge = tmp_path / "huge.txt"
    huge.write_text((LETTER * (1_770_000 // len(LETTER) + 1))[:1_770_000], encoding="utf-8")
    target = str(tmp_path / "store.lbdb")
    with open_store(target, Settings(store=target)) as store:
        outcome = ingest_letter(huge, store)
        assert store.nodes() == []
    assert outcome.status == "rejected"
    assert outcome.reason == (
        "text is 1,770,000 characters, over the 500,000-character limit "
        "(POLICYKG_MAX_LETTER_CHARS): a reply is a few thousand; is this several letters "
        "in one file?"
    )


def test_the_length_limit_is_the_settings(tmp_path: Path):
    path = tmp_path / "one.txt"
    path.write_text(LETTER, encoding="utf-8")
    assert read_letter(path).text == LETTER
    limit = len(LETTER) - 1
    with pytest.raises(ReadError, match=f"over the {limit:,}-character limit"):
        read_letter(path, settings=Settings(max_letter_chars=limit))
