"""Letters in traditional characters: read through a simplified copy, reported as written.

Every rule and word list of the extractor is written in simplified characters. A letter in
traditional script is converted with OpenCC (``t2s``) for reading; the conversion of these
letters is character for character, so every offset into the copy is an offset into the
original, and evidence keeps pointing at what the file says. Values a letter writes (titles,
names, numbers, measure names) are then taken from the original at the same offsets, and
names the extractor composes (canonical agency names) are written back in the letter's script
(``s2t``), so a record reads like its letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@dataclass(frozen=True)
class Reading:
    """The text the rules read (``simplified``) beside the letter's own (``original``)."""

    original: str
    simplified: str

    @property
    def traditional(self) -> bool:
        return self.simplified is not self.original

    def as_written(self, value: str | None, near: int = 0) -> str | None:
        """``value`` (found in the simplified copy) as the letter writes it."""
        if not value or not self.traditional:
            return value
        pos = self.simplified.find(value, max(0, near))
        if pos < 0:
            pos = self.simplified.find(value)
        if pos < 0:
            return self.in_script(value)
        return self.original[pos : pos + len(value)]

    def in_script(self, name: str | None) -> str | None:
        """A name the extractor composed, in the letter's script: each character as the letter
        writes it where the letter has it (游仙 stays 游仙), else OpenCC's traditional form."""
        if not name or not self.traditional:
            return name
        pos = self.simplified.find(name)
        if pos >= 0:
            return self.original[pos : pos + len(name)]
        fallback = _to_traditional().convert(name)
        chars = self._characters()
        return (
            "".join(chars.get(a, b) for a, b in zip(name, fallback, strict=False))
            if len(fallback) == len(name)
            else fallback
        )

    def _characters(self) -> dict[str, str]:
        """Simplified character -> the letter's own, as the two texts align."""
        cached = self.__dict__.get("_chars")
        if cached is None:
            cached = {}
            for a, b in zip(self.simplified, self.original, strict=False):
                cached.setdefault(a, b)
            object.__setattr__(self, "_chars", cached)
        return cached


def reading_of(text: str) -> Reading:
    """A simplified copy when the letter is in traditional script (and the conversion keeps
    every character in its place); else the text itself."""
    sample = text[:3000]  # the opening tells the script; only then is the whole converted
    han = len(_HAN.findall(sample))
    if not han:
        return Reading(text, text)
    converted = _to_simplified().convert(sample)
    changed = sum(a != b for a, b in zip(sample, converted, strict=False))
    if len(converted) != len(sample) or changed < max(3, han // 50):
        return Reading(text, text)  # simplified (a few variant characters at most)
    simplified = _to_simplified().convert(text)
    if len(simplified) != len(text):  # a phrase conversion moved characters: read as it is
        return Reading(text, text)
    return Reading(text, simplified)
