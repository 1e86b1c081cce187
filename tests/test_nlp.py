"""The spaCy components one by one, on short texts."""

import pytest

from policykg.extract.nlp import analyse, build_nlp
from policykg.graph.build import doc_number_key


def run(
    text: str, city: str | None = "芜湖", date: str | None = "2018-08-15", issuer: str | None = None
):
    return analyse(text, source_file="t.txt", city=city, letter_date=date, issuer=issuer)


def test_pipeline_is_blank_chinese_with_registered_components():
    nlp = build_nlp()
    assert nlp.lang == "zh"
    assert nlp.pipe_names == [
        "policykg_sentences",
        "policykg_agencies",
        "policykg_bodies",
        "policykg_quantities",
        "policykg_dates",
        "policykg_references",
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("每家补助30万元。", 300000, "CNY", False),
        ("贷款规模近45亿，", 4.5e9, "CNY", True),
        ("投保金额高达12亿元。", 1.2e9, "CNY", False),
        ("金额35.6亿元。", 3.56e9, "CNY", False),
        ("培训人员达460余人。", 460, "人", True),
        ("为3842件样品复检", 3842, "件", False),
        ("新增网点17家，", 17, "家", False),
    ],
)
def test_money_and_counts(text, value, unit, approx):
    doc = run(text)
    spans = list(doc.spans["amounts"])
    assert len(spans) == 1
    span = spans[0]
    assert span._.value == pytest.approx(value)
    assert (span._.unit, span._.approximate) == (unit, approx)


@pytest.mark.parametrize(
    "text", ["《食品安全法》第136条", "连续9年位居", "国标2763、2762规定", "2019年度开展"]
)
def test_ordinals_years_and_bare_numbers_are_not_amounts(text):
    doc = run(text)
    assert list(doc.spans["amounts"]) == []


def test_dates_absolute_relative_periods_and_chinese_numerals():
    doc = run(
        "2016年4月，站点运行；9月，中心开业。今年5月获批。2018年2-5月抽检。二〇二〇年十一月十八日"
    )
    got = [(s.text, s._.iso, s._.iso_end) for s in doc.spans["dates"]]
    assert got == [
        ("2016年4月", "2016-04", None),
        ("9月", "2016-09", None),
        ("今年5月", "2018-05", None),
        ("2018年2-5月", "2018-02", "2018-05"),
        ("二〇二〇年十一月十八日", "2020-11-18", None),
    ]


def test_relative_year_needs_the_letter_date():
    doc = run("今年5月获批。", date=None)
    assert list(doc.spans["dates"]) == []
    doc = run("明年6月上线。", date="2022-07-15")
    assert doc.spans["dates"][0]._.iso == "2023-06"


@pytest.mark.parametrize(
    "written",
    [
        "芜市监函〔2021〕18号",
        "芜市监函[2021]18号",
        "芜市监函（2021）18号",
        "芜市监函［2021］18号",
        "芜市监函【2021】 18 号",
    ],
)
def test_document_numbers_are_kept_as_printed_and_identified_whatever_their_brackets(written):
    doc = run(f"{written}\n正文")
    printed = written.replace(" ", "")
    assert [s._.normalised for s in doc.spans["doc_numbers"]] == [printed]
    assert doc_number_key(printed) == "芜市监函〔2021〕18号"


def test_proposal_numbers_and_titles():
    doc = run("关于对20210157号提案的答复。您的《关于完善调解服务的提案》收悉。")
    assert [s.text for s in doc.spans["proposal_numbers"]] == ["20210157"]
    assert [s._.normalised for s in doc.spans["titles"]] == ["关于完善调解服务的提案"]


def test_short_agency_names_resolve_to_the_issuing_city():
    for city in ("芜湖", "广州"):
        doc = run("市人社局发布用工指引，市司法局组建队伍。", city=city)
        names = [s._.canonical for s in doc.spans["agencies"]]
        assert names == [f"{city}市人力资源和社会保障局", f"{city}市司法局"]


def test_full_city_name_is_taken_as_written():
    doc = run("结合广州市商务局意见。", city="芜湖")
    assert [(s.text, s._.canonical) for s in doc.spans["agencies"]] == [
        ("广州市商务局", "广州市商务局")
    ]


def test_gazetteer_aliases_give_canonical_names():
    doc = run("最高法与世界贸易组织（WTO）及市场监管总局")
    assert {s._.canonical for s in doc.spans["agencies"]} == {
        "最高人民法院",
        "世界贸易组织",
        "国家市场监督管理总局",
    }


def test_unknown_agency_matching_the_pattern_is_kept_with_its_surface_form():
    doc = run("经芜湖市江北新区管理局同意，", city="芜湖")
    spans = list(doc.spans["agencies"])
    assert [(s.text, s._.canonical, s._.known) for s in spans] == [
        ("芜湖市江北新区管理局", "芜湖市江北新区管理局", False)
    ]


def test_words_ending_in_ju_are_not_agencies():
    doc = run("建设芜湖市产业空间布局监测平台", city="芜湖")
    assert list(doc.spans["agencies"]) == []


def test_self_reference_resolves_to_the_issuer():
    doc = run("我委高度重视此事", issuer="芜湖市发展和改革委员会")
    assert [s._.canonical for s in doc.spans["agencies"]] == ["芜湖市发展和改革委员会"]


def test_sentences_end_at_chinese_punctuation_and_line_breaks():
    doc = run("第一句。第二句；第三\n第四")
    assert [s.text.strip() for s in doc.sents] == ["第一句。", "第二句；", "第三", "第四"]
