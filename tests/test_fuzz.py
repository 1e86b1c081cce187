"""Property-based tests of the reader and the extractor on arbitrary and damaged input.

Properties: reading any bytes and extracting any text raise nothing but PolicyKGError
subclasses, and every evidence a record carries satisfies ``text[start:end] == sentence``
(mentions lie inside the text). Letters are also damaged edit by edit (deleted stretches,
inserted noise, lines swapped) so that the extractor's deeper paths run, not only its
"not a reply letter" refusal. Example counts are bounded to keep the suite fast.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ISSUER
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policykg.errors import NotAReplyLetterError, PolicyKGError
from policykg.extract.pipeline import extract_letter
from policykg.extract.reader import decode_bytes, letter_from_bytes, letter_from_text, read_letter
from policykg.extract.records import Evidence, ReplyRecord
from tests.letters import EXAMPLE_2018, EXAMPLE_2021, GUANGZHOU, HANGZHOU

LETTERS = [read_letter(p).text for p in (GUANGZHOU, HANGZHOU, EXAMPLE_2021, EXAMPLE_2018)]
FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces letters are made of, and characters that break layouts.
PIECES = st.sampled_from(
    list(
        "一二三四五六七八九十年月日号第届次会议提案建议答复函关于市局委员会：，。、；（）《》“”〔〕[]"
    )
    + list("0123456789 \t\n\r\u3000\ufeff\u200b\x00\x0c")
    + [
        ISSUER,
        "建议一，",
        "现答复如下：",
        "专此函复。",
        "联系人：",
        "2021年6月30日",
        "30万元",
        "第2022071号",
    ]
)


def letter_like(max_pieces: int) -> st.SearchStrategy[str]:
    return st.lists(PIECES, max_size=max_pieces).map("".join)


HEADER = f"{ISSUER}关于第123号提案的答复函\n民盟芜湖市委会：\n"
NOISE = letter_like(15) | st.text(max_size=30)


def _evidence(value: Any) -> list[Evidence]:
    if isinstance(value, Evidence):
        return [value]
    if isinstance(value, dict):
        return [e for v in value.values() for e in _evidence(v)]
    if isinstance(value, list | tuple):
        return [e for v in value for e in _evidence(v)]
    if hasattr(value, "__dict__") and hasattr(type(value), "model_fields"):
        return [e for name in type(value).model_fields for e in _evidence(getattr(value, name))]
    return []


def _check(record: ReplyRecord, text: str) -> None:
    evidence = _evidence(record)
    assert evidence, "a record without evidence"
    for ev in evidence:
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start : ev.end] == ev.sentence
        if ev.mention_start is not None:
            assert ev.mention_end is not None
            assert 0 <= ev.mention_start <= ev.mention_end <= len(text)


def _extract_or_refuse(text: str) -> ReplyRecord | None:
    letter = letter_from_text(text, "fuzz.txt")
    try:
        record = extract_letter(letter)
    except PolicyKGError:
        return None
    _check(record, letter.text)
    return record


# --- reader ----------------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_decode_or_raise_a_read_error(raw: bytes):
    try:
        text, encoding = decode_bytes(raw)
    except PolicyKGError:
        return
    assert isinstance(text, str) and text.strip() and encoding


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a"]))
def test_any_bytes_under_any_name_read_or_raise_a_read_error(raw: bytes, name: str):
    prefix = {"a.pdf": b"%PDF-1.4\n", "a.docx": b"PK\x03\x04"}.get(name, b"")
    for data in (raw, prefix + raw):
        try:
            letter = letter_from_bytes(data, name)
        except PolicyKGError:
            continue
        assert "\r" not in letter.text


@FAST
@given(
    st.sampled_from(LETTERS),
    st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"]),
    st.integers(min_value=0, max_value=20000),
)
@example(LETTERS[1], "utf-8", 14)  # cut inside a UTF-8 character once read as GB18030 mojibake
def test_letters_cut_anywhere_in_any_encoding(text: str, encoding: str, cut: int):
    raw = text.encode(encoding, errors="replace")[:cut]
    try:
        letter = letter_from_bytes(raw, "cut.txt")
    except PolicyKGError:
        return
    assert letter.text  # what was read is a prefix of the letter, or the whole of it
    if encoding in ("utf-8", "gb18030"):
        assert text.replace("\r\n", "\n").startswith(letter.text)


# --- extractor -------------------------------------------------------------------------------


@SLOW
@given(st.text(max_size=3000))
def test_arbitrary_text_never_crashes_the_extractor(text: str):
    _extract_or_refuse(text)


@SLOW
@given(letter_like(300).map(lambda body: HEADER + body))
def test_letter_like_noise_never_crashes_the_extractor(text: str):
    _extract_or_refuse(text)


@st.composite
def damaged_letters(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(LETTERS))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        kind = draw(st.sampled_from(["delete", "insert", "swap_lines", "newline"]))
        i = draw(st.integers(min_value=0, max_value=len(text)))
        if kind == "delete":
            j = draw(st.integers(min_value=i, max_value=min(len(text), i + 200)))
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + draw(NOISE) + text[i:]
        elif kind == "newline":
            text = text[:i] + draw(st.sampled_from(["\n", "\n\n", "\t", "\r\n", "\r"])) + text[i:]
        else:
            lines = text.split("\n")
            a = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            b = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


@SLOW
@given(damaged_letters())
def test_damaged_letters_give_a_record_with_true_offsets_or_a_clear_refusal(text: str):
    _extract_or_refuse(text)


@pytest.mark.parametrize(
    "text", LETTERS, ids=["guangzhou", "hangzhou", "example2021", "example2018"]
)
def test_the_undamaged_letters_pass_the_same_checks(text: str):
    assert _extract_or_refuse(text) is not None


def test_refusals_name_the_file():
    with pytest.raises(NotAReplyLetterError, match=r"fuzz\.txt"):
        extract_letter(letter_from_text("hello", "fuzz.txt"))
