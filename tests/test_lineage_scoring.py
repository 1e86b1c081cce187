"""Linking's scoring and candidates on hand-made statements (no store): what pins two steps
to one another, and the bound on how many earlier steps a step is compared with."""

from __future__ import annotations

import json
from pathlib import Path

from policykg.graph.lineage import LineageConfig, find_links
from policykg.graph.lineage.scoring import _place_names
from policykg.graph.lineage.statements import Statement
from policykg.graph.link_eval import GoldLetters, GoldLinks, load_gold_links, score_store_links
from policykg.graph.model import GraphDocument, GraphNode, GraphRelationship
from policykg.graph.stores.ladybug import LadybugStore

BUREAU = "甲县交通运输局"


def step(n: int, date: str, written: str, *, agency: str = BUREAU, status: str = "planned"):
    """One step (a clause-level measure) of letter ``n`` of one county bureau."""
    key = "".join(ch for ch in written if ch not in "，。、已将正在")
    return Statement(
        document_id=f"document:{n}",
        document_name=f"甲交函〔{date[:4]}〕{n}号",
        document_date=date,
        city="乙",
        place_code="360730000000",
        commitment_id=f"commitment:{n}:{key}",
        measure_id=f"measure:{key}",
        measure_key=f"乙市·{key}",
        measure_name=written,
        written=written,
        kind="action",
        agency=agency,
        issuer=BUREAU,
        status=status,
        evidence_file=f"{n}.txt",
        evidence_sentence=written + "。",
        topic="关于改善县道通行条件的建议",
    )


def others() -> list[Statement]:
    """Steps of another county's bodies on other subjects: with them in the set, the words of
    one road's work are rare, as they are in a real store."""
    works = ("增设公共厕所", "更换破损路灯", "新建村级文化广场", "疏浚排水沟渠", "建设停车场")
    out = []
    for n in range(40):
        s = step(500 + n, f"20{12 + n % 10}-03-0{1 + n % 9}", f"将{works[n % 5]}{n}处")
        out.append(s.model_copy(update={"place_code": "510700000000", "issuer": "丙县民政局"}))
    return out


def test_the_same_road_and_the_same_work_link():
    earlier = step(1, "2021-05-10", "将实施柳溪路拓宽改造工程")
    later = step(2, "2022-06-01", "柳溪路拓宽改造工程已完工", status="done")
    links = find_links([earlier, later, *others()]).links
    assert [(lk.later.document_id, lk.earlier.document_id) for lk in links] == [
        ("document:2", "document:1")
    ]


def test_steps_sharing_only_the_place_they_are_at_do_not_link():
    """修复X路坑槽 and X路拓宽改造 are two pieces of work on one road."""
    earlier = step(1, "2021-05-10", "将实施柳溪路拓宽改造工程")
    later = step(2, "2022-06-01", "已修复柳溪路沿线坑槽800平方米", status="done")
    assert find_links([earlier, later, *others()]).links == []


def test_places_are_read_as_names_unless_the_word_is_a_kind():
    assert _place_names("编制塔山镇乡村旅游发展规划") == {"塔山镇"}
    assert _place_names("实施银城大道拓宽改造工程") == {"银城大道"}
    assert _place_names("实施谷石公路拓宽改造工程") == {"谷石公路"}
    assert _place_names("推进全县城镇污水管网建设") == frozenset()
    assert _place_names("硬化深山村道路") == frozenset()
    assert _place_names("修复仪马公路沿线坑槽") == {"仪马公路"}  # 马路 is a kind, 马公路 no word
    assert _place_names("编制金城镇乡村旅游发展规划") == {"金城镇"}
    assert _place_names("推进新型城镇化建设") == frozenset()


def test_a_step_is_compared_with_at_most_max_candidates_earlier_steps():
    # Thirty earlier letters of one bureau each name the same kind of work on another road.
    roads = [f"{a}{b}路" for a in "东西南北中" for b in "华兴安平新宁"]
    earlier = [
        step(i, f"20{15 + i % 5}-0{1 + i % 9}-1{i % 10}", f"将实施{road}拓宽改造工程")
        for i, road in enumerate(roads[:30], start=1)
    ]
    later = step(99, "2021-09-01", "东华路拓宽改造工程正在施工", status="in_progress")
    few = LineageConfig(max_candidates=5, block_size=0)
    many = LineageConfig(max_candidates=100, block_size=0)
    statements = [*earlier, later, *others()]
    capped = find_links(statements, config=few).candidates
    assert capped <= 5 * len(statements)
    assert capped < find_links(statements, config=many).candidates
    # the one that names the same road shares the rarest term, so it is still compared
    linked = find_links(statements, config=few).links
    assert [lk.earlier.written for lk in linked if lk.later.document_id == "document:99"] == [
        "将实施东华路拓宽改造工程"
    ]


def test_a_block_offers_only_the_steps_that_share_a_word_of_the_name():
    """One body's steps in a small block are compared without a rare shared word, but a
    step sharing no word of its name at all could never be the one continued."""
    earlier = [
        step(1, "2020-03-01", "将更换破损路灯20盏"),
        step(2, "2020-04-01", "将疏浚排水沟渠"),
        step(3, "2020-05-01", "将建设停车场"),
    ]
    later = step(4, "2021-06-01", "破损路灯20盏已全部更换", status="done")
    config = LineageConfig(block_size=60)
    result = find_links([*earlier, later, *others()], config=config)
    assert result.candidates - find_links(others(), config=config).candidates == 1
    assert [(lk.later.document_id, lk.earlier.document_id) for lk in result.links] == [
        ("document:4", "document:1")
    ]


def test_a_links_entry_marked_optional_is_neither_required_nor_wrong(tmp_path: Path):
    (tmp_path / "links.json").write_text(
        json.dumps(
            {
                "builds_on": [
                    {"later": "乙", "earlier": "甲"},
                    {"later": "丁", "earlier": "丙", "optional": True},
                ],
                "optional": [],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    gold = load_gold_links(tmp_path)
    assert gold is not None
    assert gold.required == {("乙", "甲")}
    assert gold.optional == {("丁", "丙")}


def test_a_reply_keeps_the_links_of_the_letter_it_follows_up():
    """The later letter reports on two steps of its 2020 letter; a third, recurring step
    (an inspection every year) also resembles one of a 2021 letter it does not follow up."""
    followed = [
        step(1, "2020-04-10", "将实施柳溪路拓宽改造工程"),
        step(1, "2020-04-10", "将新建柳溪路公交站台3座"),
    ]
    other = [step(2, "2021-04-10", "将开展汛期道路安全隐患排查12处")]
    later = [
        step(3, "2022-05-01", "柳溪路拓宽改造工程已完工", status="done"),
        step(3, "2022-05-01", "柳溪路公交站台3座已建成", status="done"),
        step(3, "2022-05-01", "汛期道路安全隐患排查12处已完成", status="done"),
    ]
    statements = [*followed, *other, *later, *others()]

    def letters_linked(config: LineageConfig) -> set[tuple[str, str]]:
        found = find_links(statements, config=config).links
        return {(lk.later.document_id, lk.earlier.document_id) for lk in found}

    assert letters_linked(LineageConfig()) == {("document:3", "document:1")}
    # with no share required, the recurring step links the letter not followed up too
    assert letters_linked(LineageConfig(letter_share=0)) == {
        ("document:3", "document:1"),
        ("document:3", "document:2"),
    }


def _measures_store(path: Path, edges: list[tuple[str, str]]) -> LadybugStore:
    store = LadybugStore(path)
    ids = sorted({m for edge in edges for m in edge})
    store.write(
        GraphDocument(
            document_id="lineage:test",
            nodes=[GraphNode(id=m, label="Measure", properties={"name": m}) for m in ids],
            relationships=[
                GraphRelationship(type="BUILDS_ON", start_id=a, end_id=b, properties={"score": 0.9})
                for a, b in edges
            ],
        )
    )
    return store


def test_a_gold_pair_is_found_through_a_chain_of_right_links(tmp_path: Path):
    """2014 and 2013 both report on a 2012 step: 2014 -> 2013 -> 2012 says 2014 -> 2012."""
    gold = GoldLinks(required={("乙", "甲"), ("丙", "乙"), ("丙", "甲")})
    letters = GoldLetters(
        keys_by_measure={"measure:c": {"丙"}, "measure:b": {"乙"}, "measure:a": {"甲"}}
    )
    edges = [("measure:c", "measure:b"), ("measure:b", "measure:a")]
    with _measures_store(tmp_path / "chain.lbdb", edges) as store:
        score, errors = score_store_links(store, gold, letters)
    assert (score.tp, score.fp, score.fn) == (3, 0, 0), errors


def test_a_chain_through_a_wrong_link_finds_nothing(tmp_path: Path):
    gold = GoldLinks(required={("丙", "甲")})
    letters = GoldLetters(
        keys_by_measure={"measure:c": {"丙"}, "measure:x": {"戊"}, "measure:a": {"甲"}}
    )
    edges = [("measure:c", "measure:x"), ("measure:x", "measure:a")]
    with _measures_store(tmp_path / "wrong.lbdb", edges) as store:
        score, errors = score_store_links(store, gold, letters)
    assert (score.tp, score.fp, score.fn) == (0, 2, 1)
    assert "links.json builds_on missing: 丙 -> 甲" in errors


def test_two_roads_are_two_places_whatever_each_is_called():
    """修复X公路坑槽 / 修复Y大道坑槽 with the same area: the same work on another road."""
    earlier = step(1, "2021-05-10", "将修复桐溪公路沿线坑槽3000平方米")
    later = step(2, "2022-06-01", "已修复凤鸣大道沿线坑槽3000平方米", status="done")
    assert find_links([earlier, later, *others()]).links == []
    same_road = step(3, "2022-06-01", "桐溪公路沿线坑槽3000平方米已修复", status="done")
    linked = find_links([earlier, same_road, *others()]).links
    assert [(lk.later.document_id, lk.earlier.document_id) for lk in linked] == [
        ("document:3", "document:1")
    ]


def test_a_long_place_name_is_not_shared_work():
    """环城东路 is read by 城东路; 环城 is part of the name, not of what is done there (two
    pieces of work on one road sharing only 改造)."""
    earlier = step(1, "2021-05-10", "将实施环城东路拓宽改造工程")
    later = step(2, "2022-06-01", "环城东路雨污分流改造已完成", status="done")
    assert find_links([earlier, later, *others()]).links == []


def test_figures_of_two_different_things_say_two_steps():
    earlier = step(1, "2021-05-10", "将安排柳溪路养护资金300万元")
    later = step(2, "2022-06-01", "已完成柳溪路养护路段12处", status="done")
    assert find_links([earlier, later, *others()]).links == []
