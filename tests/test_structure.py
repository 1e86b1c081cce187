from policykg.extract.structure import parse_layout
from tests.letters import SEED_2018, SEED_2021


def test_header_and_footer_fields_of_the_2021_seed():
    layout = parse_layout(SEED_2021.read_text(encoding="utf-8"))
    fields = {k: v.value for k, v in layout.fields.items()}
    assert fields["issuer_written"] == "深圳市市场监督管理局"
    assert fields["recipient"] == "致公党深圳市委会"
    assert fields["date"] == "2021-09-29"
    assert fields["evaluation_class"] == "A"
    assert fields["contact_person"] == "曾伟荣"
    assert fields["contact_phone"] == "0755-83070661"


def test_every_field_span_points_at_its_words():
    text = SEED_2021.read_text(encoding="utf-8")
    for name, f in parse_layout(text).fields.items():
        if f.end > f.start and name not in ("date",):
            assert text[f.start : f.end].replace(" ", "") == f.value.replace(" ", ""), name


def test_suggestions_by_label_and_by_numbered_heading():
    labelled = parse_layout(SEED_2021.read_text(encoding="utf-8")).suggestions
    assert [(s.ordinal, s.key) for s in labelled] == [
        (1, "优化基础服务体系"),
        (2, "完善维权援助机制"),
    ]
    numbered = parse_layout(SEED_2018.read_text(encoding="utf-8")).suggestions
    assert [s.ordinal for s in numbered] == [1, 2, 3, 4]
    assert numbered[0].key == "企业知识产权的海外布局及预警分析"


def test_status_table_rows_and_columns():
    layout = parse_layout(SEED_2021.read_text(encoding="utf-8"))
    assert len(layout.table_rows) == 2
    first, second = layout.table_rows
    assert set(first.cells) == {"done", "in_progress", "planned"}  # declined cell is empty
    assert "深圳分中心" in first.cells["done"].text
    assert "337调查制度" in second.cells["declined"].text
    assert layout.body_end <= layout.table_start


def test_letter_without_table_or_contact_block():
    layout = parse_layout(SEED_2018.read_text(encoding="utf-8"))
    assert layout.table_rows == []
    assert layout.get("session") == "市政协六届四次会议"
    assert layout.get("recipient") == "杨浩勃" and layout.get("recipient_title") == "委员"
    assert layout.get("evaluation_class") is None


def test_chinese_numeral_date_and_inline_contact():
    text = (
        "某市某局关于某提案的答复\n张三委员：\n正文。\n某市某局\n二〇二二年七月十五日\n"
        "（联系人：李明，联系电话：020-83125678）\n"
    )
    layout = parse_layout(text)
    assert layout.get("date") == "2022-07-15"
    assert (layout.get("contact_person"), layout.get("contact_phone")) == ("李明", "020-83125678")
