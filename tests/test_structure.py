from policykg.extract.structure import parse_layout
from tests.letters import EXAMPLE_2018, EXAMPLE_2021

# An invented reply on the CPPCC reply form: suggestions labelled 建议一/建议二, an evaluation
# class, a contact block, and the form's status table (a row per suggestion, then one
# tab-led cell per column: 已落实 | 正在落实 | 计划落实 | 未能落实及原因).
FORM_LETTER = (
    "芜湖市市场监督管理局关于市政协十届二次会议第20220088号提案的答复函\n\n"
    "民盟芜湖市委会：\n\n"
    "贵会提出的《关于提升小微企业计量检测服务的提案》收悉，结合市科技局的会办意见，"
    "现答复如下：\n\n"
    "建议一，完善计量检测服务网络，从站点布局、设备配置两个方面推进。"
    "我局已在三个开发区设立计量服务站。\n"
    "建议二，加大检测费用补贴力度。因涉及财政资金统筹，暂不具备条件。\n\n"
    "感谢贵会对市场监管工作的关心和支持。\n\n"
    "办理类别：B类\n\n"
    "芜湖市市场监督管理局\n"
    "2022年6月28日\n\n"
    "联系人：陈晓东\n"
    "联系电话：0553-3841207\n"
    "\t建议一，完善计量检测服务网络\n"
    "\t1. 已在三个开发区设立计量服务站\n"
    "\t1. 正在建设计量检测公共服务平台\n"
    "\t1. 计划明年新增两个计量服务站\n"
    "\t\n"
    "\t建议二，加大检测费用补贴力度\n"
    "\t\n"
    "\t\n"
    "\t\n"
    "\t1. 检测费用补贴涉及财政资金统筹，暂不具备条件\n"
)


def test_header_and_footer_fields_of_the_2021_example():
    layout = parse_layout(EXAMPLE_2021.read_text(encoding="utf-8"))
    fields = {k: v.value for k, v in layout.fields.items()}
    assert fields["issuer_written"] == "绵阳市市场监督管理局"
    assert fields["recipient"] == "民进绵阳市委会"
    assert fields["date"] == "2021-06-25"
    assert fields["session"] == "市政协八届一次会议"
    assert fields["contact_person"] == "张海峰"
    assert fields["contact_phone"] == "0816-2233445"  # inline, after a bare 电话 label
    assert "evaluation_class" not in fields


def test_header_and_footer_fields_of_a_reply_form():
    fields = {k: v.value for k, v in parse_layout(FORM_LETTER).fields.items()}
    assert fields["issuer_written"] == "芜湖市市场监督管理局"
    assert fields["recipient"] == "民盟芜湖市委会"
    assert fields["date"] == "2022-06-28"
    assert fields["evaluation_class"] == "B"
    assert fields["contact_person"] == "陈晓东"
    assert fields["contact_phone"] == "0553-3841207"


def test_every_field_span_points_at_its_words():
    texts = [p.read_text(encoding="utf-8") for p in (EXAMPLE_2021, EXAMPLE_2018)]
    for text in [*texts, FORM_LETTER]:
        fields = parse_layout(text).fields
        assert len(fields) >= 8
        for name, f in fields.items():
            if f.end > f.start and name not in ("date",):
                assert text[f.start : f.end].replace(" ", "") == f.value.replace(" ", ""), name


def test_suggestions_by_label_and_by_numbered_heading():
    labelled = parse_layout(FORM_LETTER).suggestions
    assert [(s.ordinal, s.key) for s in labelled] == [
        (1, "完善计量检测服务网络"),
        (2, "加大检测费用补贴力度"),
    ]
    numbered = parse_layout(EXAMPLE_2018.read_text(encoding="utf-8")).suggestions
    assert [(s.ordinal, s.key) for s in numbered] == [
        (1, "在农贸市场设立食品快速检测室"),
        (2, "建立食用农产品追溯体系"),
        (3, "加强基层监管力量"),
    ]
    # Each block runs from its heading to the next one.
    assert numbered[0].body_end <= numbered[1].heading.start


def test_numbered_headings_that_do_not_restate_the_proposal_are_not_suggestions():
    # 一、快速检测工作情况 / 三、下一步工作: the reply's own sections.
    assert parse_layout(EXAMPLE_2021.read_text(encoding="utf-8")).suggestions == []


def test_status_table_rows_and_columns():
    layout = parse_layout(FORM_LETTER)
    assert len(layout.table_rows) == 2
    first, second = layout.table_rows
    assert first.suggestion.text.startswith("建议一")
    assert set(first.cells) == {"done", "in_progress", "planned"}  # declined cell is empty
    assert "设立计量服务站" in first.cells["done"].text
    assert "公共服务平台" in first.cells["in_progress"].text
    assert set(second.cells) == {"declined"}
    assert "暂不具备条件" in second.cells["declined"].text
    for cell in (*first.cells.values(), *second.cells.values()):
        assert FORM_LETTER[cell.start : cell.end] == cell.text
    assert layout.body_end <= layout.table_start


def test_letter_without_table_or_contact_block():
    text = EXAMPLE_2018.read_text(encoding="utf-8")
    layout = parse_layout(text)
    assert layout.table_rows == [] and layout.table_start is None
    assert layout.get("session") == "市政协七届三次会议"
    assert layout.get("recipient") == "王立新" and layout.get("recipient_title") == "委员"
    assert layout.get("evaluation_class") is None
    assert layout.get("contact_person") == "李文静"
    # The same letter without its contact lines: no contact, and still no table.
    bare = parse_layout(text[: text.index("联系人")])
    assert bare.get("contact_person") is None and bare.get("contact_phone") is None
    assert bare.table_rows == [] and bare.get("recipient") == "王立新"


def test_chinese_numeral_date_and_inline_contact():
    text = (
        "某市某局关于某提案的答复\n张三委员：\n正文。\n某市某局\n二〇二二年七月十五日\n"
        "（联系人：李明，联系电话：020-83125678）\n"
    )
    layout = parse_layout(text)
    assert layout.get("date") == "2022-07-15"
    assert (layout.get("contact_person"), layout.get("contact_phone")) == ("李明", "020-83125678")
