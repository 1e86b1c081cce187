"""The spaCy components one by one, on short texts."""

import pytest

from policykg.extract.nlp import analyse, build_nlp
from policykg.graph.build import doc_number_key


def run(
    text: str, city: str | None = "深圳", date: str | None = "2018-08-15", issuer: str | None = None
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
        ("每家资助20万元。", 200000, "CNY", False),
        ("质押融资近78亿，", 7.8e9, "CNY", True),
        ("保险总额高达20亿元。", 2e9, "CNY", False),
        ("金额35.6亿元。", 3.56e9, "CNY", False),
        ("培养人员达230余人。", 230, "人", True),
        ("为5671件专利投保", 5671, "件", False),
        ("引进机构13家，", 13, "家", False),
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
    "text", ["《民事诉讼法》第265条", "连续16年成为", "美国301、337调查", "2020年度开展"]
)
def test_ordinals_years_and_bare_numbers_are_not_amounts(text):
    doc = run(text)
    assert list(doc.spans["amounts"]) == []


def test_dates_absolute_relative_periods_and_chinese_numerals():
    doc = run(
        "2017年3月，窗口运行；7月，大厅开业。今年6月获批。2018年1-6月融资。二〇二一年九月二十九日"
    )
    got = [(s.text, s._.iso, s._.iso_end) for s in doc.spans["dates"]]
    assert got == [
        ("2017年3月", "2017-03", None),
        ("7月", "2017-07", None),
        ("今年6月", "2018-06", None),
        ("2018年1-6月", "2018-01", "2018-06"),
        ("二〇二一年九月二十九日", "2021-09-29", None),
    ]


def test_relative_year_needs_the_letter_date():
    doc = run("今年6月获批。", date=None)
    assert list(doc.spans["dates"]) == []
    doc = run("明年6月上线。", date="2022-07-15")
    assert doc.spans["dates"][0]._.iso == "2023-06"


@pytest.mark.parametrize(
    "written",
    [
        "深市监政案函〔2021〕56号",
        "深市监政案函[2021]56号",
        "深市监政案函（2021）56号",
        "深市监政案函［2021］56号",
        "深市监政案函【2021】 56 号",
    ],
)
def test_document_numbers_are_kept_as_printed_and_identified_whatever_their_brackets(written):
    doc = run(f"{written}\n正文")
    printed = written.replace(" ", "")
    assert [s._.normalised for s in doc.spans["doc_numbers"]] == [printed]
    assert doc_number_key(printed) == "深市监政案函〔2021〕56号"


def test_proposal_numbers_and_titles():
    doc = run("关于对20210296号提案的答复。您的《关于加快建设的提案》收悉。")
    assert [s.text for s in doc.spans["proposal_numbers"]] == ["20210296"]
    assert [s._.normalised for s in doc.spans["titles"]] == ["关于加快建设的提案"]


def test_short_agency_names_resolve_to_the_issuing_city():
    for city in ("深圳", "广州"):
        doc = run("市人社局出台人才新政，市司法局组建队伍。", city=city)
        names = [s._.canonical for s in doc.spans["agencies"]]
        assert names == [f"{city}市人力资源和社会保障局", f"{city}市司法局"]


def test_full_city_name_is_taken_as_written():
    doc = run("结合广州市商务局意见。", city="深圳")
    assert [(s.text, s._.canonical) for s in doc.spans["agencies"]] == [
        ("广州市商务局", "广州市商务局")
    ]


def test_gazetteer_aliases_give_canonical_names():
    doc = run("最高法院与世界知识产权组织（WIPO）及国家知识产权局")
    assert {s._.canonical for s in doc.spans["agencies"]} == {
        "最高人民法院",
        "世界知识产权组织",
        "国家知识产权局",
    }


def test_unknown_agency_matching_the_pattern_is_kept_with_its_surface_form():
    doc = run("经深圳市前海管理局同意，", city="深圳")
    spans = list(doc.spans["agencies"])
    assert [(s.text, s._.canonical, s._.known) for s in spans] == [
        ("深圳市前海管理局", "深圳市前海管理局", False)
    ]


def test_words_ending_in_ju_are_not_agencies():
    doc = run("建设深圳市知识产权区域布局信息平台", city="深圳")
    assert list(doc.spans["agencies"]) == []


def test_self_reference_resolves_to_the_issuer():
    doc = run("我委经认真研究", issuer="深圳市市场和质量监督管理委员会")
    assert [s._.canonical for s in doc.spans["agencies"]] == ["深圳市市场和质量监督管理委员会"]


def test_sentences_end_at_chinese_punctuation_and_line_breaks():
    doc = run("第一句。第二句；第三\n第四")
    assert [s.text.strip() for s in doc.sents] == ["第一句。", "第二句；", "第三", "第四"]
