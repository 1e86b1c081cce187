"""The synthetic corpus generator: independent of the extractor, deterministic, every layout
variant of the genre, gold true to its letters."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench import vocab as V
from bench.corpus import LAYOUTS, STATUSES, letter, main, write_corpus

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = [ROOT / "bench" / "corpus.py", ROOT / "bench" / "vocab.py"]
N = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(N, out, seed=11)
    return out


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return text.replace("\r\n", "\n")


def _gold(corpus: Path) -> list[tuple[str, dict]]:
    out = []
    for path in sorted((corpus / "gold").glob("0*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((_text(corpus / data["source"]), data))
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- independent of the extractor --------------------------------------------------------------


def test_generator_imports_only_the_standard_library_and_its_vocabulary():
    allowed = set(sys.stdlib_module_names) | {"bench"}
    for path in GENERATOR:
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"
                assert not name.startswith("bench.") or name == "bench.vocab", name
        code = re.sub(r'""".*?"""', "", source, flags=re.S)  # docstrings may name things
        for word in (
            "policykg.",
            "import policykg",
            "agencies.toml",
            "extract/",
            "importlib",
            "resources.files",
            "open(",
        ):
            assert word not in code, f"{path.name} mentions {word}"


def test_generating_letters_neither_imports_nor_reads_the_extractor(tmp_path):
    script = f"""
import sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0]))
                 if event == "open" and args and isinstance(args[0], str) else None)
import bench.corpus
bench.corpus.write_corpus(40, __import__("pathlib").Path({str(tmp_path)!r}), seed=3)
print([m for m in sys.modules if m.startswith("policykg")])
print([p for p in opened if ("/extract/" in p or p.endswith(".toml"))
       and not p.startswith({str(tmp_path)!r})])  # what it writes is its own
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    modules, files = result.stdout.strip().splitlines()
    assert modules == "[]" and files == "[]"


# The places of the development letters (their provinces, prefectures and counties): the corpus
# is written in other real places.
DEVSET_PLACES = (
    "马关",
    "文山",
    "陕西",
    "咸阳",
    "甘泉",
    "延安",
    "淄博",
    "博山",
    "临湘",
    "岳阳",
    "怀远",
    "蚌埠",
    "福建",
    "晋江",
    "上海",
    "普陀",
    "静安",
    "嵊州",
    "绍兴",
    "达州",
    "通川",
)


def _vocabulary_places() -> set[str]:
    names = set()
    for p in V.PROVINCES:
        names |= {p.name, p.name + "省"}
        for c in p.prefectures:
            names |= {c.name, c.name + "市"}
            for k in c.counties:
                names |= {k.name, k.full, *k.towns, *k.streets, *k.villages, *k.roads}
    return names


def test_no_place_of_the_vocabulary_is_a_place_of_the_development_letters(corpus):
    names = _vocabulary_places()
    assert not {(n, d) for n in names for d in DEVSET_PLACES if d in n or n in d}
    for text, _ in _gold(corpus):
        assert not [d for d in DEVSET_PLACES if d in text], text


def test_the_places_are_real_divisions_in_their_hierarchy(corpus):
    """Three provinces, two prefecture-level cities each, three counties, districts or
    county-level cities each; a district's bodies are written after its prefecture, a county's
    alone."""
    assert len(V.PROVINCES) >= 3
    kinds = Counter()
    for p in V.PROVINCES:
        assert len(p.prefectures) >= 2
        for c in p.prefectures:
            assert len(c.counties) >= 3
            kinds.update(k.kind for k in c.counties)
    assert set(kinds) == {"县", "区", "市"}
    seen = 0
    for _, gold in _gold(corpus):
        for a in gold["agencies"]:
            name = a["name"]
            for p in V.PROVINCES:
                for c in p.prefectures:
                    for k in c.counties:
                        if k.full not in name:
                            continue
                        seen += 1
                        if k.kind == "区":
                            assert f"{c.name}市{k.full}" in name, name
                        else:
                            assert not name.startswith(c.name + "市"), name
    assert seen


def test_short_forms_resolve_against_the_letters_own_place(corpus):
    """区财政局 in a 章贡区 letter is 赣州市章贡区财政局, 市交通运输局 there 赣州市交通运输局;
    市 in a county-level city's letter is that city."""
    counties = [(p, c, k) for p in V.PROVINCES for c in p.prefectures for k in c.counties]
    cities = 0
    for _, gold in _gold(corpus):
        issuer = gold["document"]["issuer"] or ""
        own = next(
            (
                (p, c, k)
                for p, c, k in counties
                if issuer.startswith((k.full, f"{c.name}市{k.full}"))
            ),
            None,
        )
        for a in gold["agencies"]:
            for alias in a["aliases"]:
                ch = alias[0]
                if own is None or ch not in "省市区县" or alias[1:].startswith("政协"):
                    continue
                p, c, k = own
                want = {
                    "省": f"{p.name}省",
                    "区": f"{c.name}市{k.full}",
                    "县": k.full,
                    "市": k.full if k.kind == "市" else f"{c.name}市",
                }[ch]
                assert a["name"].startswith(want), (alias, a["name"], issuer)
                cities += ch == "市" and k.kind == "市"
    assert cities


# --- deterministic ----------------------------------------------------------------------------


def test_same_seed_same_corpus_and_a_prefix_of_a_larger_one(tmp_path):
    first, again, larger, other = (tmp_path / d for d in ("first", "again", "larger", "other"))
    write_corpus(30, first, seed=11)
    main(["30", str(again), "--seed", "11"])
    write_corpus(35, larger, seed=11)
    write_corpus(30, other, seed=12)
    assert _files(first) == _files(again)
    big = _files(larger)
    links = "gold/links.json"
    assert all(big[name] == data for name, data in _files(first).items() if name != links)
    # the links of 30 letters are those of 35 among the first 30
    small, large = (json.loads(files[links]) for files in (_files(first), big))
    inside = [e for e in large["builds_on"] if int(e["later_letter"][8:13]) < 30]
    assert sorted(map(str, inside)) == sorted(map(str, small["builds_on"]))
    assert _files(other)["letters/00000.txt"] != _files(first)["letters/00000.txt"]
    assert letter(11, 17) == letter(11, 17)  # letter i depends only on (seed, i)


# --- the variety of the genre -----------------------------------------------------------------


def test_every_layout_variant_occurs_in_200_letters(corpus):
    seen: dict[str, Counter] = {name: Counter() for name in LAYOUTS}
    for _, gold in _gold(corpus):
        assert set(gold["layout"]) == set(LAYOUTS)
        for name, value in gold["layout"].items():
            assert value in LAYOUTS[name], (name, value)
            seen[name][value] += 1
    for name, variants in LAYOUTS.items():
        assert set(seen[name]) == set(variants), (name, seen[name])


def test_layouts_are_written_as_they_say(corpus):
    markers = {
        "leibie": r"类别[：:][ABCD]",
        "lei": r"(?<![（(])[ABCD]类",
        "paren_lei": r"[（(][ABCD]类[）)]",
        "banli": r"办理情况\([ABCD]\)",
        "jieguo": r"办理结果[：:]\([ABCD]\)",
        "underscore": r"_[ABCD]_类",
    }
    for text, gold in _gold(corpus):
        layout = gold["layout"]
        assert text.endswith("\ufffd") == (layout["cut"] == "yes")
        if layout["punct"] == "half":
            assert not re.search("[，：（）；]", text)
        if layout["title"] == "none":
            assert re.match(r"(尊敬的)?\S+[：:]", text)  # the page starts at the salutation
        if layout["metadata"] in ("lines", "one_line"):
            assert "成文日期" in text and "发布机构" in text
        if layout["date"] == "cn_zero" and layout["cut"] == "no":
            assert re.search("二0[一二]", text)
        marker = layout["class_marker"]
        if gold["document"]["evaluation_class"]:
            assert re.search(markers[marker], text), marker
        if layout["cut"] == "no" and marker != "none":
            assert gold["document"]["evaluation_class"] in tuple("ABCD")


# --- gold true to its letters -----------------------------------------------------------------

UNITS = {"CNY", "km", "m", "m2", "mu", "ha", "percent"}
MEASURE_WORDS = set("个座户项家所届条处台场栋盏名人辆") | {"人次"}


def test_gold_files_have_the_devset_shape(corpus):
    for _, gold in _gold(corpus):
        assert set(gold) == {
            "source",
            "document",
            "proposal",
            "agencies",
            "measures",
            "amounts",
            "years",
            "layout",
        }
        assert set(gold["document"]) == {"doc_number", "issuer", "date", "evaluation_class"}
        assert set(gold["proposal"]) == {"number", "title", "proposer", "co_handling_agencies"}
        for a in gold["agencies"]:
            assert set(a) == {"name", "aliases"} and isinstance(a["aliases"], list)
        for m in gold["measures"]:
            assert set(m) == {"key", "match_any", "owner", "status", "year", "amounts"}
        for a in gold["amounts"]:
            assert set(a) == {"text", "value", "unit"}
        assert all(isinstance(y, int) for y in gold["years"])
    links = json.loads((corpus / "gold" / "links.json").read_text(encoding="utf-8"))
    assert links["builds_on"] and links["optional"] == []
    for e in links["builds_on"]:
        # corpus v5: a coincidence (one body naming the same specific step again) says so
        assert set(e) - {"optional"} == {
            "later",
            "earlier",
            "why",
            "later_letter",
            "earlier_letter",
        }
        assert e.get("optional", True) is True
    assert any("optional" not in e for e in links["builds_on"])


def test_gold_is_true_to_its_letter(corpus):
    statuses, units, owners = Counter(), Counter(), Counter()
    for text, gold in _gold(corpus):
        doc, prop = gold["document"], gold["proposal"]
        names = {a["name"] for a in gold["agencies"]}
        owned = {m["owner"] for m in gold["measures"]} - {None}
        for a in gold["agencies"]:
            assert (
                a["name"] in text
                or any(x in text for x in a["aliases"])
                or a["name"] in owned
                or a["name"].startswith("政协")
                or a["name"].endswith("人民代表大会")
            ), a
            assert all(x in text for x in a["aliases"])
        assert doc["issuer"] is None or doc["issuer"] in names
        assert doc["doc_number"] is None or doc["doc_number"] in text
        assert doc["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", doc["date"])
        assert doc["evaluation_class"] in (None, "A", "B", "C", "D")
        assert prop["number"] is None or f"第{prop['number']}号" in text
        assert prop["title"] is None or prop["title"] in text
        assert prop["proposer"] in text
        assert prop["co_handling_agencies"] is None or set(prop["co_handling_agencies"]) <= names
        body_amounts = Counter((a["value"], a["unit"]) for a in gold["amounts"])
        for m in gold["measures"]:
            assert m["status"] in STATUSES
            assert m["match_any"] and all(s in text for s in m["match_any"]), m
            assert m["owner"] is None or m["owner"] in names
            assert all(Counter([(a["value"], a["unit"])]) <= body_amounts for a in m["amounts"])
            statuses[m["status"]] += 1
            owners[m["owner"] == doc["issuer"]] += 1
        for a in gold["amounts"]:
            assert a["text"] in text
            assert isinstance(a["value"], int | float) and a["value"] > 0
            assert a["unit"] in UNITS | MEASURE_WORDS, a
            units[a["unit"]] += 1
        if gold["layout"]["cut"] == "no" and gold["layout"]["date"] != "none":
            assert doc["date"] is not None
    assert set(statuses) == set(STATUSES)
    assert set(units) >= UNITS and len(set(units) & MEASURE_WORDS) >= 8
    assert owners[True] and owners[False]  # the issuer and others own measures


def test_measures_and_background_are_told_apart(corpus):
    """Statistics, praise and thanks are in the letters but are not measures."""
    chinese, praise, stats = 0, 0, 0
    for text, gold in _gold(corpus):
        keys = " ".join(s for m in gold["measures"] for s in m["match_any"])
        if "高度重视" in text:
            praise += 1
            assert "高度重视" not in keys
        measure_amounts = sum(len(m["amounts"]) for m in gold["measures"])
        stats += len(gold["amounts"]) > measure_amounts
        chinese += any(re.match(r"[两二三四五六七八九十]", a["text"]) for a in gold["amounts"])
    assert praise >= 10 and stats >= 20 and chinese >= 20


# --- lineage across letters -------------------------------------------------------------------


def _links(corpus: Path) -> dict:
    return json.loads((corpus / "gold" / "links.json").read_text(encoding="utf-8"))


def _by_source(corpus: Path) -> dict[str, tuple[str, dict]]:
    return {gold["source"]: (text, gold) for text, gold in _gold(corpus)}


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("large")
    write_corpus(1000, out, seed=11)
    return out


def test_links_file_is_read_by_policykg_eval(corpus):
    from policykg.graph.link_eval import load_gold_links
    from policykg.graph.succession import load_reorganisations

    gold = load_gold_links(corpus / "gold")
    entries = _links(corpus)["builds_on"]
    pairs = {(e["later"], e["earlier"]) for e in entries if not e.get("optional")}
    coincidences = {(e["later"], e["earlier"]) for e in entries if e.get("optional")}
    assert gold is not None and gold.required == pairs and gold.optional == coincidences
    assert len(pairs) >= 0.3 * N  # about 30 % of the letters continue one or two measures
    renames = load_reorganisations(corpus / "gold" / "agency_succession.toml")
    assert {(r.earlier, r.later) for r in renames} == {
        (e["earlier"], e["later"]) for e in _links(corpus)["agency_succession"]
    }


def test_truth_pairs_name_gold_keys_of_earlier_and_later_letters(corpus):
    letters = _by_source(corpus)
    links = _links(corpus)
    successors = {(e["earlier"], e["later"]) for e in links["agency_succession"]}
    changed = Counter()
    for e in links["builds_on"]:
        later, earlier = letters[e["later_letter"]][1], letters[e["earlier_letter"]][1]
        assert e["later"] in {m["key"] for m in later["measures"]}, e
        assert e["earlier"] in {m["key"] for m in earlier["measures"]}, e
        # A coincidence (corpus v5) may name the same step in the same words.
        assert e.get("optional") or e["later"] != e["earlier"], e
        assert earlier["document"]["date"] < later["document"]["date"], e
        assert int(later["document"]["date"][:4]) - int(earlier["document"]["date"][:4]) <= 3 * 2
        a, b = earlier["document"]["issuer"], later["document"]["issuer"]
        assert a is None or b is None or a == b or (a, b) in successors, (a, b)
        status = {m["key"]: m["status"] for m in later["measures"] + earlier["measures"]}
        changed[status[e["earlier"]] != status[e["later"]]] += 1
    assert changed[True] and changed[False]  # planned becomes done; done stays done


def _unabbreviated(text: str) -> str:
    for full, short in V.ABBREVIATIONS.items():
        if short in text and full not in text:
            text = text.replace(short, full)
    return text


def _longest_common(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = j - i
    return best


def test_a_continuing_measure_says_the_earlier_subject_in_other_words(corpus):
    generic = {"工作", "项目", "推进", "完成", "建设", "资金"}
    links = _links(corpus)["builds_on"]
    for e in links:
        later, earlier = _unabbreviated(e["later"]), e["earlier"]
        assert _longest_common(later, earlier) >= 4, e  # 公共厕所2座, 高标准农田1500亩
        assert not all(w in generic for w in re.findall(r"[\u4e00-\u9fff]{2}", later))
    reworded = [e for e in links if e["earlier"] not in e["later"]]
    assert len(reworded) >= len(links) / 2  # 增设…→已建成…, 公共厕所→公厕


def test_agencies_are_named_as_they_were_before_a_reorganisation(large):
    links = _links(large)
    before = {e["earlier"]: e["year"] for e in links["agency_succession"]}
    after = {e["later"] for e in links["agency_succession"]}
    old_names = Counter()
    for _, gold in _gold(large):
        date = gold["document"]["date"]
        for a in gold["agencies"]:
            if a["name"] in before and date:
                assert int(date[:4]) <= before[a["name"]], (a["name"], date)
                old_names[a["name"]] += 1
            if a["name"] in after and date and int(date[:4]) < 2018:
                assert a["name"] not in before, a  # 文化和旅游局 is no name before 2018
    assert len(old_names) >= 10  # 国土资源局, 文化广电新闻出版局, 旅游局, 农业局 …
    assert any(name.endswith("国土资源局") for name in old_names)
    assert any(name.endswith(("文化广电新闻出版局", "旅游局")) for name in old_names)
    assert any(name.endswith("农业局") for name in old_names)
    letters = _by_source(large)
    successors = {(e["earlier"], e["later"]) for e in links["agency_succession"]}
    across = [
        e
        for e in links["builds_on"]
        if (
            letters[e["earlier_letter"]][1]["document"]["issuer"],
            letters[e["later_letter"]][1]["document"]["issuer"],
        )
        in successors
    ]
    assert len(across) >= 3  # continued by the renamed body


def test_lookalike_letters_share_place_and_words_but_no_subject(corpus):
    letters = _by_source(corpus)
    links = _links(corpus)
    pairs = {(e["later_letter"], e["earlier_letter"]) for e in links["builds_on"]}
    assert len(links["lookalikes"]) >= 0.05 * N
    for e in links["lookalikes"]:
        (text, gold), (like_text, like) = letters[e["letter"]], letters[e["like"]]
        assert (e["letter"], e["like"]) not in pairs
        assert like["document"]["date"] < gold["document"]["date"]
        assert (
            gold["document"]["issuer"] is None
            or like["document"]["issuer"] is None
            or gold["document"]["issuer"][:2] == like["document"]["issuer"][:2]
        )
        assert not {m["key"] for m in gold["measures"]} & {m["key"] for m in like["measures"]}
        assert any(w in text and w in like_text for w in ("推进", "加强", "项目", "工作"))
