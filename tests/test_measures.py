"""Measures and commitments on short invented letters: status cues, owners, tables."""

import pytest

from policykg.extract.pipeline import extract_text

HEADER = "广州市科学技术局关于市政协十三届六次会议第2022001号提案答复的函\n张三委员：\n"
FOOTER = "\n专此函复。\n广州市科学技术局\n2022年7月15日\n"


def measures(body: str):
    record = extract_text(HEADER + body + FOOTER, "invented.txt")
    return {m.key: m for m in record.measures}


@pytest.mark.parametrize(
    ("sentence", "key", "status"),
    [
        ("我局已建成科技成果转化公共服务平台。", "科技成果转化公共服务平台", "done"),
        ("我局正在推进科技金融服务站建设。", "科技金融服务站", "in_progress"),
        ("下一步，我局将建设科技成果转化数据库。", "科技成果转化数据库", "planned"),
        ("我局拟设立天使投资引导基金。", "天使投资引导基金", "planned"),
        (
            "设立区级概念验证中心的建议，因资金保障暂不具备条件，留作参考。",
            "区级概念验证中心",
            "declined",
        ),
    ],
)
def test_status_from_the_sentence(sentence, key, status):
    found = measures(sentence)
    assert key in found, list(found)
    assert found[key].status == status
    assert found[key].status_basis == "sentence"


def test_owner_is_the_clause_subject_and_carries_to_the_next_sentence():
    found = measures(
        "一是市财政局设立科技成果转化引导基金。同时组建专业投资管理团队。"
        "二是我局搭建技术转移服务平台。"
    )
    assert found["科技成果转化引导基金"].owner == "广州市财政局"
    assert found["专业投资管理团队"].owner == "广州市财政局"
    assert found["技术转移服务平台"].owner == "广州市科学技术局"


def test_agency_before_a_reported_name_owns_it():
    found = measures("2019年5月，科学技术部技术转移示范中心投入运行。")
    centre = next(m for m in found.values() if "技术转移示范中心" in m.name)
    assert centre.owner == "科学技术部" and centre.status == "done"
    assert centre.date == "2019-05"


def test_common_noun_heads_need_a_creating_verb():
    found = measures("我局不断完善科技评价机制，建立科技特派员制度。")
    assert "科技特派员制度" in found
    assert not any("评价机制" in k for k in found)


def test_repeated_mentions_and_short_forms_are_one_measure():
    found = measures(
        "我局获批建设国家技术转移南方中心广州工作站。依托“广州工作站”，开展技术转移服务。"
    )
    assert list(found) == ["广州工作站"]
    assert found["广州工作站"].name == "国家技术转移南方中心广州工作站"


def test_coordinated_names_are_one_measure():
    found = measures("建设科技成果库、专家库和案例库。")
    assert len(found) == 1
    assert next(iter(found.values())).name == "科技成果库、专家库和案例库"


def test_evidence_offsets_point_into_the_text():
    text = HEADER + "我局已建成科技成果转化公共服务平台，累计服务企业120家。" + FOOTER
    record = extract_text(text, "invented.txt")
    m = record.measures[0]
    assert text[m.evidence.start : m.evidence.end] == m.evidence.sentence
    assert text[m.evidence.mention_start : m.evidence.mention_end] == m.name
    assert [(a.value, a.unit, a.measure) for a in m.amounts] == [(120, "家", m.key)]
