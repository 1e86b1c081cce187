"""Small text helpers shared by the extraction components: spans, sentences, numerals."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import numpy

# Characters that end a sentence in a letter; a line break ends one too because headers,
# table cells and list items are written one per line.
SENTENCE_END = "。！？；!?;"
CLAUSE_END = SENTENCE_END + "，,：:"

CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_ORDINALS = "一二三四五六七八九十"


def cn_number(s: str) -> int | None:
    """Chinese numerals to int: 十二 -> 12, 二十九 -> 29, 二〇二一 -> 2021, 12 -> 12."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s.translate(_FULLWIDTH_DIGITS))
    if "十" not in s:  # digit by digit: 二〇二一
        if all(c in CN_DIGITS for c in s):
            return int("".join(str(CN_DIGITS[c]) for c in s))
        return None
    head, _, tail = s.partition("十")
    tens = CN_DIGITS.get(head) if head else 1
    ones = CN_DIGITS.get(tail) if tail else 0
    if tens is None or ones is None:
        return None
    return tens * 10 + ones


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def halfwidth(s: str) -> str:
    """Full-width ASCII to half-width, one character for one, so offsets survive."""
    # As code points in one array: str.translate looks each character up in a dict.
    try:
        raw = s.encode("utf-32-le")
    except UnicodeEncodeError:  # a lone surrogate has no UTF-32 form
        return s.translate(_HALFWIDTH)
    codes = numpy.frombuffer(raw, dtype=numpy.uint32).copy()
    codes[(codes >= 0xFF01) & (codes <= 0xFF5E)] -= 0xFEE0
    return codes.tobytes().decode("utf-32-le")


class Segment(NamedTuple):
    """A stretch of the letter: ``text == letter[start:end]``. (A named tuple: letters are
    cut into thousands of these, and a tuple is several times cheaper to make than a frozen
    dataclass.)"""

    start: int
    end: int
    text: str


def split_segments(text: str, start: int, end: int, enders: str) -> list[Segment]:
    """Split ``text[start:end]`` after each ender or line break, trimming blanks at the edges."""
    # Each match is a piece already trimmed; tuple.__new__ skips the named tuple's Python
    # __new__ (letters are cut into thousands of these).
    return [
        _new_tuple(Segment, (*m.span(), m.group()))
        for m in _segment_pattern(enders).finditer(text, start, end)
    ]


_new_tuple = tuple.__new__


@lru_cache(maxsize=8)
def _segment_pattern(enders: str) -> re.Pattern[str]:
    """The trimmed words of a piece: from its first non-blank character up to and including
    an ender, or, where a line break (not included) or the end comes first, up to its last
    non-blank character. (``\\s`` and ``str.isspace`` accept the same characters.)"""
    e = re.escape(enders)
    return re.compile(rf"(?:[^{e}\s][^{e}\n]*)?[{e}]|[^{e}\s](?:[^{e}\n]*[^{e}\s])?")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Segment]:
    return split_segments(text, start, len(text) if end is None else end, SENTENCE_END)


def clauses(text: str, seg: Segment) -> list[Segment]:
    return split_segments(text, seg.start, seg.end, CLAUSE_END)
