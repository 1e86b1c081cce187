"""Commitment status: the one place that decides whether a clause reports a step as done, under
way, planned or declined, and the one ``Status`` type every stage uses.

Cue words live in ``data/status.toml`` (validated on load). Two procedures read them. For an
action (:meth:`StatusRules.of`) the strongest cue of the clause decides, in this order: a
decline (暂不能解决, 无法, 不属于我局职责 …) wins, then a condition or a plan word (待…后, 将,
拟, 下一步), then a report of completion (已, 完成, 建成), then work under way (正在, 推进,
目前). ``已将`` is a past act (the 将 there is the object marker), and a plan word before
完成/建成 makes the completion a plan (将于年底建成). For a named measure
(:meth:`StatusRules.of_named`) the words around the name are read with the cue lists of
``[named]``: what continues (将继续推进X中心) is under way, since the thing exists.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["done", "in_progress", "planned", "declined"]
STATUSES: tuple[Status, ...] = ("done", "in_progress", "planned", "declined")


class NamedCues(BaseModel):
    """Cue words for named measures (``[named]`` in ``data/status.toml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    declined: tuple[str, ...] = Field(min_length=1)
    done: tuple[str, ...] = Field(min_length=1)
    in_progress: tuple[str, ...] = Field(min_length=1)
    planned: tuple[str, ...] = Field(min_length=1)
    future: tuple[str, ...] = Field(min_length=1)
    continuing: tuple[str, ...] = ()


class StatusCues(BaseModel):
    """The cue words of ``data/status.toml``: each list names words that set one status."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    declined: tuple[str, ...] = Field(min_length=1)
    conditional: tuple[str, ...] = Field(
        min_length=1, description="待…后: a step after a condition"
    )
    planned: tuple[str, ...] = Field(min_length=1)
    done: tuple[str, ...] = Field(min_length=1)
    in_progress: tuple[str, ...] = Field(min_length=1)
    started: tuple[str, ...] = Field(
        default=(), description="a start reported (已启动, 已开工): under way, not done"
    )
    soft_planned: tuple[str, ...] = Field(
        default=(), description="plan words that an under_way word before them makes current"
    )
    under_way: tuple[str, ...] = Field(
        default=(), description="words of work going on now (正在争取: the seeking is under way)"
    )
    postponed: tuple[str, ...] = Field(
        default=(), description="推迟至 before a year: the step moved to later, so planned"
    )
    not_planned: tuple[str, ...] = Field(
        default=(), description="words holding a plan word that are no plan (已将, 将近)"
    )
    not_done: tuple[str, ...] = Field(
        default=(), description="words holding a done word that report nothing (已经具备条件)"
    )
    named: NamedCues


@lru_cache(maxsize=1)
def load_cues() -> StatusCues:
    raw = resources.files("policykg.extract").joinpath("data/status.toml").read_bytes()
    return StatusCues.model_validate(tomllib.loads(raw.decode("utf-8")))


# 已将 / 正在将 / 正积极将: 将 there marks the object (已将该项目纳入…), it is no plan word.
_OBJECT_JIANG = re.compile(r"(已经|已|正在|正积极|正)将")


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


class StatusRules:
    """Compiled cue patterns (immutable: one instance may serve every letter and thread)."""

    def __init__(self, cues: StatusCues | None = None) -> None:
        c = cues or load_cues()
        self.cues = c
        self._masks = (
            re.compile(_alternation((*c.not_planned, *c.not_done)))
            if (c.not_planned or c.not_done)
            else None
        )
        self._declined = re.compile(_alternation(c.declined))
        self._conditional = re.compile(_alternation(c.conditional))
        self._planned = re.compile(_alternation(c.planned))
        self._done = re.compile(_alternation(c.done))
        self._in_progress = re.compile(_alternation(c.in_progress))
        self._started = re.compile(_alternation(c.started)) if c.started else None
        self._finished = re.compile("完成|建成|竣工|办结|投入使用")
        self._soft_planned = frozenset(c.soft_planned)
        self._under_way = re.compile(_alternation(c.under_way)) if c.under_way else None
        # Only before a year: 调整至每月200元 moves an amount, 调整至2024年实施 a step. (Public:
        # a measure's key leaves the move out, so the step links to the one first promised.)
        self.postponed = (
            re.compile(
                f"(?:{_alternation(c.postponed)})(?:19|20)\\d{{2}}年(?:度)?"
                "(?:实施|建设|开工|启动|完成)?"
            )
            if c.postponed
            else None
        )
        # Every occurrence of a named cue, overlapping ones too (a lookahead matches anywhere).
        n = c.named
        self._named = {
            status: re.compile(f"(?=({_alternation(words)}))")
            for status, words in (
                ("declined", n.declined),
                ("done", n.done),
                ("in_progress", n.in_progress),
                ("planned", n.planned),
                ("future", n.future),
            )
        }

    def _masked(self, text: str) -> str:
        """``text`` with false cues blanked (same length, so positions hold). In 已将 the 将
        marks the object, not a plan: only it is blanked, 已 still reports the act (正在将: under
        way)."""
        text = _OBJECT_JIANG.sub(lambda m: m.group(1) + "　", text)
        if self._masks is None:
            return text
        return self._masks.sub(lambda m: "　" * len(m.group()), text)

    def of(self, text: str) -> Status | None:
        """The status a clause's own words give it, or None when they say nothing."""
        masked = self._masked(text)
        if self._declined.search(masked):
            return "declined"
        if self.postponed is not None and self.postponed.search(masked):
            return "planned"  # 已推迟至2024年实施: whatever was done, the step is still ahead
        plan = self._plan(masked) or self._conditional.search(masked)
        started = self._started.search(masked) if self._started else None
        if started and not plan and not self._finished.search(masked, started.end()):
            return "in_progress"  # 部分工作已经启动: begun, not finished
        done = self._done.search(masked)
        if plan and (done is None or plan.start() <= done.start()):
            return "planned"
        if done:
            return "done"
        if self._in_progress.search(masked):
            return "in_progress"
        if plan:
            return "planned"
        return None

    def _plan(self, masked: str) -> re.Match[str] | None:
        """The first plan word, passing over one that work under way before it makes current
        (正在争取资金 / 继续推动: the work goes on now)."""
        for m in self._planned.finditer(masked):
            under_way = self._under_way
            soft = m.group() in self._soft_planned and under_way is not None
            if not (soft and under_way is not None and under_way.search(masked, 0, m.start())):
                return m
        return None

    # -- named measures -----------------------------------------------------------------------

    def named_declines(self, text: str) -> bool:
        return self._named["declined"].search(text) is not None

    def of_named(self, piece: str) -> Status | None:
        """The status of a named measure from the words of its clause (its name blanked):
        the first of done, in_progress, planned whose cue stands in the piece, where a
        completion or a speed-up written after a future word counts as a plan."""
        for status in ("done", "in_progress", "planned"):
            if self._named_cue(status, piece):
                return status
        return None

    def _named_cue(self, status: str, piece: str) -> bool:
        future_end = None  # where the first future word in the piece ends, once needed
        continuing = self.cues.named.continuing
        for m in self._named[status].finditer(piece):
            cue = m.group(1)
            if status == "done" or (status == "in_progress" and cue not in continuing):
                if future_end is None:
                    future_end = min(
                        (
                            f.start() + len(f.group(1))
                            for f in self._named["future"].finditer(piece)
                        ),
                        default=len(piece) + 1,
                    )
                if future_end <= m.start():
                    continue
            return True
        return False

    def is_conditional(self, text: str) -> bool:
        """A clause that sets a condition for the next (待环城路改造完成后)."""
        return bool(self._conditional.search(self._masked(text)))

    def declines(self, text: str) -> bool:
        return bool(self._declined.search(self._masked(text)))


@lru_cache(maxsize=1)
def status_rules() -> StatusRules:
    return StatusRules()
