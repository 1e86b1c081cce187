"""The genre's forms, one at a time: frame, places, bodies, status, actions, amounts, script.

Every text here is the project's own writing (places are real divisions, everything else is
invented). Whole letters with gold are in tests/data/letters and tests/test_letters_gold.py.
"""

from __future__ import annotations

import pytest

from policykg.extract.actions import action_rules
from policykg.extract.bodies import body_finder
from policykg.extract.header import read_header
from policykg.extract.pipeline import extract_text
from policykg.extract.places import divisions
from policykg.extract.script import reading_of
from policykg.extract.status import status_rules

BODY = "我局已将该路段纳入明年养护计划，并安排专人巡查。感谢您对交通工作的关心和支持！"


def _letter(head: str, tail: str = "\n宁都县交通运输局\n2021年6月10日\n") -> str:
    return head + "\n" + BODY + tail


# --- places ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "prefix"),
    [
        ("石林县文化和旅游局", "石林彝族自治县"),  # an autonomous county written short
        ("红河州交通运输局", "红河哈尼族彝族自治州"),
        ("汇川区卫生健康局", "遵义市汇川区"),  # a district after its prefecture
        ("宁都县财政局", "宁都县"),
        ("江西省交通运输厅", "江西省"),
    ],
)
def test_a_written_name_finds_its_place(written: str, prefix: str):
    place, _ = divisions().place_of(written)
    assert place.prefix() == prefix


def test_level_words_mean_the_letters_own_divisions():
    district, _ = divisions().place_of("遵义市汇川区")
    assert (district.for_level("市"), district.for_level("区"), district.for_level("省")) == (
        "遵义市",
        "遵义市汇川区",
        "贵州省",
    )
    county_city, _ = divisions().place_of("延吉市")
    assert county_city.for_level("市") == "延吉市"  # a county-level city is its own 市


def test_ordinary_words_that_spell_a_division_are_not_places():
    assert divisions().mentioned("进出城区更加方便，郊区道路") == []


# --- the frame ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        (
            "宁都县交通运输局关于县十八届人大一次会议第12号建议的答复函\n\n刘明代表：",
            "宁都县交通运输局",
        ),
        (
            "宁都县交通运输局\n对县十八届人大一次会议第12号建议的答复\n\n刘明代表：",
            "宁都县交通运输局",
        ),
        (
            "关于县政协十届三次会议第12号提案的答复（宁都县交通运输局）\n\n刘明委员：",
            "宁都县交通运输局",
        ),
        ("宁都县交通运输局文件\n宁交函〔2021〕8号\n\n刘明委员：", "宁都县交通运输局"),
    ],
)
def test_the_issuer_in_each_title_form(head: str, issuer: str):
    h = read_header(_letter(head))
    assert h.fields["issuer_written"].value == issuer


def test_a_title_without_issuer_takes_the_signature():
    h = read_header(_letter("对县政协十届三次会议第12号提案的答复\n\n尊敬的刘明委员："))
    assert h.fields["issuer_written"].value == "宁都县交通运输局"


@pytest.mark.parametrize(
    ("salutation", "who", "title"),
    [
        ("尊敬的刘明委员：", "刘明", "委员"),
        ("刘明代表", "刘明", "代表"),  # no colon: the next line acknowledges the proposal
        ("刘明等3位代表:", "刘明", "代表"),
        ("县住房和城乡建设局：", "县住房和城乡建设局", None),
    ],
)
def test_salutation_forms(salutation: str, who: str, title: str | None):
    text = (
        f"关于第12号建议的答复\n\n{salutation}\n"
        "你提出的“关于修缮村道的建议”收悉，现答复如下：\n" + BODY
    )
    h = read_header(text)
    assert h.fields["recipient"].value == who
    assert (h.fields["recipient_title"].value if "recipient_title" in h.fields else None) == title


@pytest.mark.parametrize(
    ("ack", "title", "number"),
    [
        ("您提出的《关于修缮村道的建议》（第DH0271号）收悉。", "关于修缮村道的建议", "DH0271"),
        ("您提出的《关于修缮村道的建议》（第12号）收悉。", "关于修缮村道的建议", "12"),
        ("你提出的“关于修缮村道的建议”已交我局研究办理，现答复如下：", "关于修缮村道的建议", None),
        ("您提出的关于修缮村道的提案收悉。", "关于修缮村道", None),
        ("您提出的《关于修缮村道的提案》(20211203号)收悉。", "关于修缮村道的提案", "20211203"),
    ],
)
def test_the_acknowledgement_gives_title_and_number(ack: str, title: str, number: str | None):
    h = read_header("刘明委员：\n" + ack + "\n" + BODY)
    assert h.fields["title_written"].value == title
    assert (h.fields["number_written"].value if "number_written" in h.fields else None) == number


def test_a_number_right_after_the_title_and_a_proposer_named_with_the_cppcc():
    text = (
        "宁都县交通运输局对县政协提案第7号的答复\n\n刘明政协宁都县委员：\n"
        "你提出的《关于修缮村道的建议》7号提案，已转交我局研究办理，现答复如下：\n" + BODY
    )
    h = read_header(text)
    assert (h.fields["number_written"].value, h.fields["recipient"].value) == ("7", "刘明")


def test_a_co_handlers_opinion_names_the_proposer_in_its_first_sentence():
    text = (
        "对区政协五届二次会议第88号提案的会办意见\n\n区教育局：\n"
        "刘明委员提出的关于增设校车线路的提案收悉，经研究，现将会办意见答复如下：\n" + BODY
    )
    h = read_header(text)
    assert h.fields["recipient"].value == "区教育局"
    assert h.fields["proposer_written"].value == "刘明"
    assert h.fields["co_handling_opinion"].value == "yes"
    assert h.fields["number_written"].value == "88"


@pytest.mark.parametrize(
    ("signature", "date"),
    [
        ("二0一九年五月八日", "2019-05-08"),
        ("二〇二一年六月十日", "2021-06-10"),
        ("2021年6月10日", "2021-06-10"),
    ],
)
def test_signature_dates(signature: str, date: str):
    h = read_header(_letter("刘明委员：", f"\n宁都县交通运输局\n{signature}\n"))
    assert h.fields["date"].value == date


def test_a_damaged_signature_date_gives_the_page_date_never_a_wrong_one():
    text = (
        "关于第12号建议的答复\n发布日期:2021-06-15\n\n刘明代表：\n"
        + BODY
        + "\n宁都县交通运输局\n2021610\n"
    )
    assert read_header(text).fields["date"].value == "2021-06-15"
    assert "date" not in read_header("刘明代表：\n" + BODY + "\n2021610\n").fields


@pytest.mark.parametrize(
    "marker",
    [
        "办理结果:B",
        "(B)类",
        "类别:B",
        "类  别：B",
        "B类",
        "（B类）",
        "办理情况(B)",
        "办理结果:(B)",
        "_B_类",
        "分类标识【B】",
    ],
)
def test_every_evaluation_class_marker(marker: str):
    text = f"宁都县交通运输局关于第12号建议的答复函\n{marker}\n\n刘明代表：\n" + BODY
    assert read_header(text).fields["evaluation_class"].value == "B"


def test_site_metadata_fills_what_the_letter_lacks_and_furniture_is_not_the_letter():
    text = (
        "索引号：11360730/2021-00012\n发布机构：宁都县交通运输局\n成文日期：2021-06-10\n"
        "关于第12号建议的答复\n\n刘明代表：\n"
        + BODY
        + "\n上一篇：关于第11号建议的答复\n责任编辑：王五\n"
    )
    h = read_header(text)
    assert h.fields["date"].value == "2021-06-10"
    assert h.fields["issuer_written"].value == "宁都县交通运输局"
    assert text[h.page_end :].startswith("上一篇")


def test_a_page_without_header_or_end_is_read_with_warnings():
    record = extract_text(
        "我局已将该路段纳入明年养护计划，针对建议中提出的路灯问题，将于年内增设路灯\ufffd",
        "cut.txt",
    )
    assert record.warnings == [
        "no header: the page starts inside the letter",
        "cut off: the page ends mid-letter (U+FFFD)",
    ]
    assert [m.status for m in record.measures] == ["done", "planned"]


# --- bodies ------------------------------------------------------------------------------------


def _bodies(text: str, place: str) -> set[str]:
    p, _ = divisions().place_of(place)
    return {b.canonical for b in body_finder().find(text, p)}


@pytest.mark.parametrize(
    ("text", "place", "want"),
    [
        ("我局会同县财政局研究", "宁都县", "宁都县财政局"),
        ("与区文旅局、区市场监管局联合检查", "遵义市汇川区", "遵义市汇川区文化和旅游局"),
        ("与区文旅局、区市场监管局联合检查", "遵义市汇川区", "遵义市汇川区市场监督管理局"),
        ("已报市交通委审批", "遵义市汇川区", "遵义市交通委员会"),
        ("省农业厅认定", "宁都县", "江西省农业厅"),
        ("在县十八届人大一次会议上", "宁都县", "宁都县人民代表大会"),
        ("区政协五届二次会议", "遵义市汇川区", "政协遵义市汇川区委员会"),
        ("县委、政府高度重视", "宁都县", "中共宁都县委员会"),
        ("县委、政府高度重视", "宁都县", "宁都县人民政府"),
        ("黄陂镇政府组织施工", "宁都县", "宁都县黄陂镇人民政府"),
        ("高坪街道负责巡查", "遵义市汇川区", "遵义市汇川区人民政府高坪街道办事处"),
        ("协调东山村委会", "宁都县", "东山村民委员会"),
        ("按照公安部办公厅要求", "宁都县", "中华人民共和国公安部办公厅"),
        ("与建设银行签订协议", "宁都县", "中国建设银行"),
        ("由宁都县路桥建设有限公司施工", "宁都县", "宁都县路桥建设有限公司"),
        (
            "抄送：市人大常委会人代工委",
            "遵义市汇川区",
            "遵义市人民代表大会常务委员会人事代表工作委员会",
        ),
        ("由市公安局交警支队负责", "遵义市汇川区", "遵义市公安局交通警察支队"),
        ("由区公安分局交警大队负责", "遵义市汇川区", "遵义市公安局汇川分局交通警察大队"),
        (
            "赣州市章贡区人民政府赣江街道办事处：",
            "赣州市章贡区",
            "赣州市章贡区人民政府赣江街道办事处",
        ),
        ("在政协宁都县第十六届委员会第四次会议上", "宁都县", "政协宁都县委员会"),
        (
            "在赣州市章贡区第十三届人民代表大会第二次会议上",
            "赣州市章贡区",
            "赣州市章贡区人民代表大会",
        ),
        ("与市资规局对接", "赣州市章贡区", "赣州市自然资源和规划局"),
        ("县住房城乡建设局牵头", "宁都县", "宁都县住房和城乡建设局"),
        ("在政协赣州市章贡区十二届三次会议上", "赣州市章贡区", "政协赣州市章贡区委员会"),
        ("在章贡区第十八届人民代表大会第三次会议上", "赣州市章贡区", "赣州市章贡区人民代表大会"),
        ("区十九届人大第六次会议", "赣州市章贡区", "赣州市章贡区人民代表大会"),
    ],
)
def test_bodies_resolve_against_the_letters_place(text: str, place: str, want: str):
    assert want in _bodies(text, place)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("需要教育部门和财政部门协同", "宁都县"),  # 部门: a department in general, not a ministry
        ("我局会同县财政局研究", "宁都县"),  # 会同县 is a county of Hunan, here a verb
        ("区级医院和城市管理", "遵义市汇川区"),
        ("深化产业布局，加强队伍建设", "遵义市汇川区"),
        ("依据《汇川区停车管理中心建设方案》", "遵义市汇川区"),  # a name inside a document's title
        ("改造宁都县青塘镇中心学校操场", "宁都县"),  # a school named as an object
    ],
)
def test_words_that_look_like_bodies_are_not(text: str, place: str):
    found = _bodies(text, place)
    assert not any(
        n.startswith(("中华人民共和国教育部", "中华人民共和国财政部", "会同县")) for n in found
    )
    assert (
        not {
            "遵义市汇川区级医院",
            "遵义市汇川区停车管理中心",
            "遵义市汇川区人民政府队",
            "宁都县青塘镇中心",
        }
        & found
    )


# --- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "status"),
    [
        ("我局已将该路段纳入养护计划", "done"),  # 已将: the 将 marks the object
        ("已完成路面修补", "done"),
        ("目前正在组织施工", "in_progress"),
        ("下一步将增设路灯", "planned"),
        ("待上级资金下达后", "planned"),
        ("拟于年底前建成", "planned"),
        ("暂不能解决", "declined"),
        ("由于财力有限，一时难以实施", "declined"),
        ("该事项不属于我局职责", "declined"),
        ("目前尚不具备条件", "declined"),
        ("该建议留作参考", "declined"),
        ("无法在今年实施", "declined"),
        ("镇级财力无力承担", "declined"),
        ("2016年多次申请立项，后因规划调整被停止待定", None),  # 待定 is no condition
        ("目前部分工作已经启动", "in_progress"),  # begun, not finished
        ("项目已开工", "in_progress"),
        ("预计年底建成", "planned"),
    ],
)
def test_status_of_a_clause(clause: str, status: str | None):
    assert status_rules().of(clause) == status


def test_a_named_measure_that_continues_is_under_way():
    rules = status_rules()
    assert rules.of_named("将继续推进　　　　建设") == "in_progress"
    assert rules.of("将继续举办艺术节") == "planned"  # an action: the next step is planned


# --- actions -----------------------------------------------------------------------------------


def _actions(text: str, issuer: str = "宁都县交通运输局") -> list[tuple[str, str]]:
    scan = action_rules().scan(text, [], issuer, 2021)
    return [(a.status, a.name) for a in scan.find(0, len(text))]


def test_a_sentence_with_a_done_and_a_planned_step_is_two_measures():
    got = _actions(
        "我局已将该路段纳入明年大修项目并上报上级主管部门，待上级下达任务后，将及时组织实施。"
    )
    assert got == [
        ("done", "我局已将该路段纳入明年大修项目并上报上级主管部门"),
        ("planned", "待上级下达任务后，将及时组织实施"),
    ]


def test_a_decline_then_a_planned_step():
    got = _actions(
        "修缮该桥的要求目前暂不能解决。只能先放入储备库，待省级补助到位后，我们将安排施工。"
    )
    assert got == [
        ("declined", "修缮该桥的要求目前暂不能解决"),
        ("planned", "只能先放入储备库，待省级补助到位后，我们将安排施工"),
    ]


def test_thanks_praise_background_and_lead_ins_are_not_steps():
    text = (
        "您的提案提得很好，对我们改进工作很有帮助。随着车辆增多，停车难问题日益突出。"
        "感谢您对交通工作的关心和支持。下一步，我局将重点做好以下工作：\n"
        "1、增设停车泊位。\n2、加强巡查执法。"
    )
    assert _actions(text) == [("planned", "增设停车泊位"), ("planned", "加强巡查执法")]


def test_items_after_a_lead_in_take_its_status_and_a_topic_item_is_no_step():
    listed = "下一步，我局将重点做好以下工作。一是增设停车泊位。二是加强巡查执法。"
    assert _actions(listed) == [("planned", "增设停车泊位"), ("planned", "加强巡查执法")]
    topic = "一是挖潜增设泊位。县住建局已新增停车泊位126个。"
    assert _actions(topic) == [("done", "县住建局已新增停车泊位126个")]


def test_a_section_heading_gives_its_clauses_a_status():
    text = "一、已完成的工作\n组织人员实地查看。\n二、下一步打算\n协调资金修复路面。"
    assert _actions(text) == [("done", "组织人员实地查看"), ("planned", "协调资金修复路面")]


def test_the_owner_is_the_clauses_subject():
    text = "我局已完成勘察设计。4月12日，县财政局拨付资金20万元。"
    p, _ = divisions().place_of("宁都县")
    finder = body_finder()
    bodies = finder.find(text, p)
    from policykg.extract.actions import AgencyAt

    agencies = [AgencyAt(b.start, b.end, b.canonical) for b in bodies]
    scan = action_rules().scan(text, agencies, "宁都县交通运输局", 2021)
    assert [a.owner for a in scan.find(0, len(text))] == ["宁都县交通运输局", "宁都县财政局"]


# --- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value", "unit"),
    [
        ("拨付资金51.6万元", 516000, "CNY"),
        ("硬化道路3.5公里", 3.5, "km"),
        ("铺设管道800米", 800, "m"),
        ("改造面积160万平米", 1_600_000, "m2"),
        ("流转土地2800亩", 2800, "mu"),
        ("造林120公顷", 120, "ha"),
        ("覆盖率达到85%", 85, "percent"),
        ("平整四个路口", 4, "个"),
        ("申报两个项目", 2, "个"),
        ("连续举办30届", 30, "届"),
    ],
)
def test_amounts_in_every_common_unit(words: str, value: float, unit: str):
    record = extract_text(
        f"刘明代表：\n您提出的建议收悉。我局已{words}。\n宁都县交通运输局\n2021年6月10日\n"
    )
    assert [(a.value, a.unit) for a in record.amounts] == [(value, unit)]


def test_a_count_said_twice_is_one_count_and_a_discourse_count_is_none():
    record = extract_text(
        "刘明代表：\n您提出的建议收悉。四个路口没有硬化，我局已对四个路口作"
        "临时平整，并从三个方面加以改进。\n宁都县交通运输局\n2021年6月10日\n"
    )
    assert [(a.value, a.unit) for a in record.amounts] == [(4, "个")]


# --- traditional script ------------------------------------------------------------------------


def test_a_traditional_letter_is_read_through_a_simplified_copy_and_reported_as_written():
    text = (
        "寧都縣交通運輸局關於縣政協十屆三次會議第12號提案的答覆函\n\n尊敬的劉明委員：\n"
        "您提出的《關於修繕村道的提案》收悉，現答覆如下：\n我局已將該路段納入明年養護計劃。"
        "下一步，我局將會同縣財政局籌措資金。\n寧都縣交通運輸局\n二〇二一年六月十日\n"
    )
    assert reading_of(text).traditional
    record = extract_text(text, "trad.txt")
    assert record.document.issuer == "寧都縣交通運輸局"
    assert (record.proposal.number, record.proposal.title, record.proposal.proposer) == (
        "12",
        "關於修繕村道的提案",
        "劉明",
    )
    assert record.document.date == "2021-06-10"
    assert "寧都縣財政局" in {a.name for a in record.agencies}
    assert [(m.status, m.name) for m in record.measures] == [
        ("done", "我局已將該路段納入明年養護計劃"),
        ("planned", "下一步，我局將會同縣財政局籌措資金"),
    ]
    for m in record.measures:  # evidence points into the original text
        assert text[m.evidence.start : m.evidence.end] == m.evidence.sentence


def test_a_simplified_letter_is_read_as_it_is():
    assert not reading_of("宁都县交通运输局关于第12号建议的答复函").traditional


def test_the_issuer_written_short_is_the_issuer():
    text = (
        "宁都县农业农村和科学技术局关于县十八届人大二次会议第5号建议的答复函\n\n刘明代表：\n"
        "你提出的“关于修缮村道的建议”已交我局研究办理，现答复如下：\n"
        "县农科局已组织人员实地查看。下一步，县农科局将争取资金修复路面。\n"
        "宁都县农业农村和科学技术局\n2025年6月10日\n"
    )
    record = extract_text(text)
    assert [a.name for a in record.agencies] == ["宁都县农业农村和科学技术局", "宁都县人民代表大会"]
    assert {m.owner for m in record.measures} == {"宁都县农业农村和科学技术局"}
    assert "宁都县农科局" in record.agencies[0].aliases


def test_a_signature_line_that_goes_on_and_a_date_label_without_colon():
    text = (
        "关于第12号建议的答复\n发布日期2021-06-15\n\n刘明代表：\n"
        + BODY
        + "\n宁都县交通运输局    联系电话：0797-1234567\n2021610\n"
    )
    h = read_header(text)
    assert h.fields["issuer_written"].value == "宁都县交通运输局"
    assert h.fields["date"].value == "2021-06-15"


def test_a_number_before_the_answer_and_reasons_and_handover_are_no_steps():
    h = read_header(
        "宁都县交通运输局关于县十八届人大一次会议代表建议\n第0043号的答复\n\n刘明代表：\n" + BODY
    )
    assert h.fields["number_written"].value == "0043"
    steps = _actions(
        "该建议已转由我局办理。由于该路段是等级外公路，我局会同镇政府商讨了改造方案。"
        "第一步，组织人员实地查看。"
    )
    assert steps == [("done", "我局会同镇政府商讨了改造方案"), ("done", "组织人员实地查看")]


def test_clauses_that_each_report_a_finished_step_are_steps_of_their_own():
    got = _actions("目前，场地平整已完成，围墙砌筑已完成，水电管线开始安装。")
    assert got == [
        ("done", "场地平整已完成"),
        ("done", "围墙砌筑已完成"),
        ("in_progress", "水电管线开始安装"),
    ]
