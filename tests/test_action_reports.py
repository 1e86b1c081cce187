"""Step forms the action reader reads: reports written object first, items after a lead-in's
colon, steps moved to a later year, counted facilities, background that only looks like a step.

Every sentence here is the project's own writing (the place is a real division, the rest is
invented); each test names the measure and status it wants.
"""

from __future__ import annotations

import pytest

from policykg.extract.pipeline import extract_text
from policykg.extract.status import status_rules

ISSUER = "遵义市汇川区水务局"
HEAD = (
    f"{ISSUER}关于区人大十次会议第25号建议的答复\n\n王明代表：\n"
    "您提出的《关于加强农村水利设施建设的建议》收悉，现答复如下：\n"
)
TAIL = f"\n感谢您对水务工作的关心和支持！\n\n{ISSUER}\n2021年6月10日\n"


def _measures(body: str) -> list[tuple[str, str | None, str]]:
    record = extract_text(HEAD + body + TAIL)
    return [(m.kind, m.status, m.name) for m in record.measures]


@pytest.mark.parametrize(
    ("body", "status", "name"),
    [
        # a pointing-back clause (针对…问题) is no problem described
        (
            "针对您反映的问题，农贸市场改造工作正在加紧推进。",
            "in_progress",
            "农贸市场改造工作正在加紧推进",
        ),
        ("小型水库3座除险加固工程已完工。", "done", "小型水库3座除险加固工程已完工"),
        ("公共充电桩20个已开工建设。", "in_progress", "公共充电桩20个已开工建设"),
        # a problem word inside the object of work going on (破损) is no background
        (
            "目前，破损护栏30处更换工作正在有序推进。",
            "in_progress",
            "破损护栏30处更换工作正在有序推进",
        ),
    ],
)
def test_a_report_written_object_first_is_a_step(body: str, status: str, name: str):
    [(kind, got_status, got_name)] = _measures(body)
    assert (kind, got_status) == ("action", status)
    assert name in got_name


def test_the_first_item_after_a_lead_ins_colon_is_a_step():
    body = "下一步，我局将重点做好以下工作：一是新建农村水窖30口；二是建设防洪堤2.5公里。"
    assert _measures(body) == [
        ("action", "planned", "新建农村水窖30口"),
        ("action", "planned", "建设防洪堤2.5公里"),
    ]


def test_items_after_a_lead_in_are_the_lead_ins_body_s_and_take_its_status():
    record = extract_text(
        HEAD
        + "目前，我局已新建排涝站4座。\n"
        + "二、下一步，区农业农村局将重点做好以下工作：一是新建农村水窖30口。"
        + TAIL
    )
    last = record.measures[-1]
    assert (last.name, last.status, last.owner) == (
        "新建农村水窖30口",
        "planned",
        "遵义市汇川区农业农村局",
    )


def test_a_numbered_line_that_reports_a_step_is_no_heading():
    assert _measures("一、我局已新建排涝站4座。") == [("action", "done", "我局已新建排涝站4座")]


@pytest.mark.parametrize("moved", ["推迟至2023年实施", "调整至2024年实施"])
def test_a_step_moved_to_a_later_year_is_planned_and_keeps_the_steps_key(moved: str):
    record = extract_text(HEAD + f"因征地进度滞后，新建农贸市场2个工作{moved}。" + TAIL)
    [m] = record.measures
    assert m.status == "planned"
    assert f"新建农贸市场2个工作{moved}" in m.name
    assert m.key.endswith("新建农贸市场2个")  # links to the step first promised


def test_a_move_of_an_amount_is_no_postponement():
    rules = status_rules()
    assert rules.of("补贴标准调整至每人每月200元") is None
    assert rules.of("该工程已推迟至2023年实施") == "planned"


@pytest.mark.parametrize("store", ["小型水库", "冷库", "车库", "油库"])
def test_a_physical_store_is_no_database(store: str):
    got = _measures(f"我局已完成{store}6座加固改造。")
    assert [(kind, status) for kind, status, _ in got] == [("action", "done")]
    assert f"{store}6座加固改造" in got[0][2]


def test_when_a_road_was_built_and_how_it_wore_is_background():
    body = "环城路建成于2008年，受重载车辆通行影响，部分路段出现破损。"
    assert _measures(body) == []


def test_facilities_counted_after_their_name_are_a_step_not_a_named_measure():
    assert _measures("村级便民服务站7个已建成投用。") == [
        ("action", "done", "村级便民服务站7个已建成投用")
    ]
    # a count before the name (建立15家X基地) still names the measure
    assert _measures("我局于2020年建立15家护林员实训基地。") == [("base", "done", "护林员实训基地")]


def test_the_other_steps_of_a_sentence_that_names_a_measure_are_read():
    assert _measures("我局已建成农村供水调度中心，下一步将新建农村水窖30口。") == [
        ("centre", "done", "农村供水调度中心"),
        ("action", "planned", "下一步将新建农村水窖30口"),
    ]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("我局正在争取上级资金300万元。", "in_progress"),  # the seeking is under way
        ("我局将继续争取上级资金300万元。", "planned"),
        ("我局正积极将该项目纳入明年中小河流治理项目。", "in_progress"),  # 将 marks the object
        ("我局正在招聘护林员20名。", "in_progress"),
    ],
)
def test_work_under_way_is_in_progress(body: str, status: str):
    [(kind, got, _)] = _measures(body)
    assert (kind, got) == ("action", status)


def test_what_a_step_is_for_is_no_step_of_its_own():
    assert _measures("我们正在疏浚河道3公里，推动问题早日解决。") == [
        ("action", "in_progress", "我们正在疏浚河道3公里，推动问题早日解决")
    ]


def test_a_department_named_for_family_planning_plans_nothing():
    assert status_rules().of("县卫生和计划生育局继续改造乡镇卫生院5所") == "in_progress"
