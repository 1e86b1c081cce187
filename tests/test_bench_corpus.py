"""The synthetic corpus generator: deterministic, letters the extractor reads, valid gold."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench.corpus import main, write_corpus
from policykg.extract.evaluate import evaluate, load_gold
from policykg.extract.pipeline import extract_file
from policykg.extract.reader import read_letter

N = 30
STATUSES = {"done", "in_progress", "planned", "declined"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(N, out, seed=11)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_same_seed_same_corpus_and_a_prefix_of_a_larger_one(corpus, tmp_path):
    again, larger, other = tmp_path / "again", tmp_path / "larger", tmp_path / "other"
    main([str(N), str(again), "--seed", "11"])
    write_corpus(N + 5, larger, seed=11)
    write_corpus(N, other, seed=12)
    assert _files(corpus) == _files(again)
    big = _files(larger)
    for name, data in _files(corpus).items():
        if name.startswith("letters/"):  # links.json covers the whole corpus, so it grows
            assert big[name] == data
    assert _files(other)["letters/00000.txt"] != _files(corpus)["letters/00000.txt"]


def test_letters_are_long_varied_and_read_as_reply_letters(corpus):
    lengths, years, cities, issuers, encodings = [], set(), set(), set(), Counter()
    for path in sorted((corpus / "letters").glob("*.txt")):
        letter = read_letter(path)
        encodings[letter.encoding] += 1
        lengths.append(len(letter.text))
        record = extract_file(path)  # raises InputError if it is not read as a reply
        gold = json.loads((corpus / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        assert record.document.issuer == gold["document"]["issuer"]
        years.add(int(gold["document"]["date"][:4]))
        cities.add(record.document.city)
        issuers.add(gold["document"]["issuer"])
    assert min(lengths) >= 4500 and max(lengths) <= 20000
    assert len(years) >= 5 and years <= set(range(2016, 2025))
    assert len(cities) >= 5 and len(issuers) >= 10
    assert set(encodings) == {"utf-8", "gb18030"}  # some letters arrive as GB18030


def test_gold_files_are_valid_and_true_to_their_letters(corpus):
    gold = load_gold(corpus / "gold")
    assert len(gold) == N
    statuses, kinds = Counter(), Counter()
    for letter, data in gold:
        text = read_letter(letter).text
        assert data["source"] == f"letters/{letter.name}"
        assert data["document"]["kind"] in ("reply_to_proposal", "reply_to_suggestion")
        names = {a["name"] for a in data["agencies"]}
        assert data["document"]["issuer"] in names
        for agency in data["agencies"]:
            assert agency["name"] in text or any(a in text for a in agency["aliases"]) or (
                agency["name"] == data["document"]["issuer"])
        ordinals = {s["ordinal"] for s in data["suggestions"]}
        for m in data["measures"]:
            assert m["status"] in STATUSES
            assert m["key"] in text and all(s in text for s in m["match_any"])
            assert m["suggestion"] in ordinals
            assert m["owner"] is None or m["owner"] in names
            assert all(a in text for a in m.get("amounts", []))
            statuses[m["status"]] += 1
            kinds[m["kind"]] += 1
        for a in data["amounts"]:
            assert a["text"] in text
            assert a["unit"] == "CNY" or a["unit"] in a["text"]
            assert isinstance(a["value"], int | float) and a["value"] > 0
    assert set(statuses) == STATUSES
    assert len(kinds) >= 10
    # Departments renamed in 2019 appear under their earlier names in earlier letters.
    links = json.loads((corpus / "gold" / "links.json").read_text(encoding="utf-8"))
    renamed = links["agency_succession"]
    assert renamed and all(s["earlier"] != s["later"] and s["year"] == 2019 for s in renamed)
    issuers_then = {(data["document"]["issuer"], data["document"]["date"][:4])
                    for _, data in gold}
    assert any(name == s["earlier"] and int(year) <= 2018 for s in renamed
               for name, year in issuers_then) or any(
        s["earlier"] in {a["name"] for _, d in gold for a in d["agencies"]} for s in renamed)


def test_the_extractor_meets_the_synthetic_targets(corpus):
    report = evaluate(corpus / "gold", extract_file)
    assert report.scores["measures"].value >= 0.95, report.errors[:20]
    assert report.scores["status"].value >= 0.95, report.errors[:20]
