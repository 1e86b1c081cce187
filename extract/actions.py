"""Measures as actions: each step a letter reports as done, under way, committed to or declined.

Real replies rarely name a centre or a platform; they report what was done in verb–object
clauses (纳入…大中修项目, 召开专题协调会, 拨付资金). An *action* is a run of clauses of one
sentence that share one status: a sentence holding 已… and then 将… is two actions, and a
condition (待…后) opens the action it conditions. Clauses that thank, praise, acknowledge or
set out background are not actions. Section headings (二、下一步工作打算) give the clauses under
them a status when their own words give none.

Vocabulary is in ``data/actions.toml``; status words in ``data/status.toml`` (``status.py``).
A :class:`ActionScan` holds one letter's state; the compiled patterns (:class:`ActionRules`)
are shared and never change.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field

from policykg.extract.places import divisions
from policykg.extract.status import Status, StatusRules, status_rules
from policykg.extract.text import Segment, split_segments

HAN = r"\u4e00-\u9fa5"
# Sentence ends for actions: full- and half-width, and a line break (headings, list items).
_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = "，,：:"
# Item openers inside a paragraph: 1、 / 2. / （一） / 一是 / 第一，— also right after a
# lead-in's colon (将做好以下工作：一是…), so the first item is a sentence of its own.
_ITEM = re.compile(
    r"(?:(?<=[。；;！!？?：:\s])|^)(?:\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|"
    r"[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,2}(?:步|是)?[，,、]|第[一二三四五六七八九十]{1,2}步)"
)
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[、.．](?!\d))"
)
_LEAD = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|"
    r"[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,2}(?:步|是)?[，,、]?|首先[，,]?|"
    r"其次[，,]?)\s*"
)


# A time before the subject: 2011-2013年, / 4月12日, / 今年以来,
_TIME = re.compile(
    r"^(?:(?:19|20)\d{2}(?:\s*[-—至~]\s*(?:19|20)?\d{2,4})?年(?:度)?(?:\d{1,2}月(?:\d{1,2}日)?)?|"
    r"\d{1,2}月(?:\d{1,2}日)?|今年|去年|近年来|近几年来|目前|当前)(?:以来|起|底|初)?[，,]?"
)


# 关于“…”的建议 / 针对提案“…” standing alone: the proposal's ask, not a step taken.
_RESTATED_ASK = re.compile(
    r"^(?:关于|针对|对于|就)[^，,。]*(?:的(?:建议|提案|意见|问题)|”|建议回复|"
    r"答复|回复)$"
)


# Words that describe a problem; a sentence of them with nobody acting is background.
_PROBLEM = re.compile(
    r"存在|问题|不足|较多|严重|突出|困难|短板|矛盾|隐患|迫切|愿望|需求大|任务重|滞后|"
    r"薄弱|不统一|不高|缺失|难融资|难以满足|不便|不到位|晴通雨阻|坑洼|破损"
)


# Work reported going on now (破损护栏更换工作正在推进): a step, whatever problem word its
# object holds.
_WORK_NOW = re.compile(r"正在|正积极|正抓紧|正加快|有序推进|加紧推进")


# A clause giving a reason (由于…是等级外公路): no step, unless what it explains is declined.
_REASON = re.compile(r"^(?:由于|因为|鉴于|考虑到)")
# A clause saying what a step is for: 为确保…, 为进一步…, 为了…
_PURPOSE = re.compile(r"^(?:为了?|以便|以利于|旨在)(?!民|人|群众|企业|您|你)")


# The letter's own turn to its answer (现答复如下：) is no lead-in to a list of steps.
_ANSWER_OPENS = re.compile(r"答复如下|函告如下|函复如下|意见如下|报告如下|收悉|研究办理")


# An item opener that starts a section heading's line (一、工作开展情况) rather than an item.
_HEADING_LINE = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、")
# A clause that says in its own words that its step is finished.
_REPORTS_DONE = re.compile(
    r"已(?:经)?(?:完成|建成|竣工|办结|投入使用)|(?<![将拟])(?:完成|建成|竣工)(?:了)?$"
)
# Words that make a numbered line a report (已…, 正在…) or a promise (将…), not a topic.
_REPORTS = re.compile(r"已|正在|正积极|继续|将|拟")
_HEADING_WORDS = re.compile(r"(?:工作|情况|打算|措施|举措|计划|安排|方面|思路|进展)$")


# A clause pointing back to where a step was asked for or promised.
_POINTS_BACK = re.compile(
    r"^(?:关于|针对|按照|根据|对于|就)[^，,]*(?:事项|问题|安排|要求|建议|答复)$"
)
_FRAMES = re.compile(
    r"^(?:(?:待|等|如|若|一旦)[^，,]*(?:后|时)|(?:由于|因为?|鉴于|考虑到|受)[^，,]*"
    r"(?:有限|受限|紧张|较大|较多|影响|不足|原因))$"
)
# A clause saying what a step achieved or is for: 确保…, 切实…, 进一步满足…, 有效改善…
_RESULT = re.compile(
    r"(?:确保|切实|进一步|有效|取得|逐步补齐|满足|提升了|改善了|群众反映|助力|"
    r"助推|推动问题|"
    r"以便|以利|为群众|让群众|使群众|方便群众)"
)


def _problem_words(body: str) -> str:
    """The clauses of a sentence that could describe a problem: not one pointing back to the
    ask (针对您反映的问题，) nor one saying what a step is for (…，逐步补齐短板弱项)."""
    clauses = [c.strip() for c in re.split(r"[，,；;]", body) if c.strip()]
    return "，".join(
        c
        for i, c in enumerate(clauses)
        if not _POINTS_BACK.match(c) and not (i > 0 and _RESULT.match(c))
    )


class ActionVocabulary(BaseModel):
    """The words of ``data/actions.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    not_measure: tuple[str, ...] = Field(
        min_length=1, description="a clause holding one of these thanks, praises or acknowledges"
    )
    background: tuple[str, ...] = Field(
        min_length=1, description="a sentence opening with one of these sets out background"
    )
    praise: tuple[str, ...] = Field(
        min_length=1, description="a sentence holding one of these praises the proposal: no step"
    )
    action_verbs: tuple[str, ...] = Field(
        min_length=1, description="verbs of doing: a clause without one and without a cue is no act"
    )
    connectors: tuple[str, ...] = Field(
        default=(), description="words before an action that are not part of its name"
    )
    self_words: tuple[str, ...] = Field(
        min_length=1, description="the issuer speaking of itself (我局, 我委, 我们)"
    )
    place_words: tuple[str, ...] = Field(
        default=(), description="self-words that name the place (我市, 我县), not the body"
    )
    key_drop: tuple[str, ...] = Field(
        default=(), description="words left out of a measure's key (cue words, fillers)"
    )


@lru_cache(maxsize=1)
def load_action_vocabulary() -> ActionVocabulary:
    raw = resources.files("policykg.extract").joinpath("data/actions.toml").read_bytes()
    return ActionVocabulary.model_validate(tomllib.loads(raw.decode("utf-8")))


def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


@dataclass(frozen=True)
class AgencyAt:
    start: int
    end: int
    canonical: str


@dataclass
class Action:
    """One reported step: ``text[start:end]`` of the letter, with its status and owner."""

    start: int
    end: int
    name: str
    status: Status | None
    sentence: Segment
    owner: str | None = None
    owner_explicit: bool = False
    status_basis: str = "sentence"
    clauses: list[Segment] = field(default_factory=list)


class ActionRules:
    """Compiled vocabulary; immutable, shared by every scan."""

    def __init__(
        self, vocabulary: ActionVocabulary | None = None, status: StatusRules | None = None
    ) -> None:
        v = vocabulary or load_action_vocabulary()
        self.vocabulary = v
        self.status = status or status_rules()
        self.not_measure = _alternation(v.not_measure)
        self.background = re.compile("^(?:" + _alternation(v.background).pattern + ")")
        self.praise = _alternation(v.praise)
        self.verbs = _alternation(v.action_verbs)
        # A verb ending just before a name: the name is what it acts on. One-character verbs
        # (建, 修, 办 …) end too many words to count here.
        long_verbs = _alternation(tuple(w for w in v.action_verbs if len(w) > 1)).pattern
        self.verb_at_end = re.compile("(?:" + long_verbs + ")$")
        # A "body" named by a verb and its object (组建三个医疗集团) is the step, not who acts.
        self.verb_at_start = re.compile("^(?:" + long_verbs + ")")
        self.connector = (
            re.compile("^(?:" + _alternation(v.connectors).pattern + r")[，,]?")
            if v.connectors
            else None
        )
        self.self_word = re.compile("^(?:" + _alternation(v.self_words).pattern + ")")
        # The body speaking of itself (我镇, 我街道) is who acts, not what is done.
        drops = (*v.key_drop, *v.self_words, *v.place_words)
        self.key_drop = _alternation(drops) if drops else None

    def scan(
        self,
        text: str,
        agencies: list[AgencyAt],
        issuer: str | None,
        letter_year: int | None = None,
        place_government: str | None = None,
    ) -> ActionScan:
        return ActionScan(self, text, agencies, issuer, letter_year, place_government)


@lru_cache(maxsize=1)
def action_rules() -> ActionRules:
    return ActionRules()


class ActionScan:
    """The actions of one letter's answer text (all per-letter state lives here)."""

    def __init__(
        self,
        rules: ActionRules,
        text: str,
        agencies: list[AgencyAt],
        issuer: str | None,
        letter_year: int | None,
        place_government: str | None = None,
    ) -> None:
        self.r = rules
        self.place_government = place_government
        self.text = text
        self.agencies = sorted(agencies, key=lambda a: a.start)
        self.starts = [a.start for a in self.agencies]
        self.issuer = issuer
        self.letter_year = letter_year

    def find(self, start: int, end: int) -> list[Action]:
        out: list[Action] = []
        section_status: Status | None = None
        carried: Status | None = None  # what the sentence before items said (将做好以下工作)
        owner, paragraph = self.issuer, -1
        all_sentences = self._sentences(start, end)
        for index, sentence in enumerate(all_sentences):
            body = sentence.text
            line = self.text.rfind("\n", 0, sentence.start)
            if line != paragraph:
                owner, paragraph = self.issuer, line
            is_item = bool(_LEAD.match(body)) and not _HEADING_LINE.match(body)
            own = self.r.status.of(body)
            if not is_item:
                carried = own
            elif own is not None and carried is None:
                carried = own  # 一是正在…。二是…: the first item's state runs on
            default = (carried or section_status) if is_item else section_status
            if (
                is_item
                and self.r.status.of(body) is None
                and self._details_follow(all_sentences, index)
            ):
                continue  # 一是挖潜增设泊位。X局已新增泊位126个…: a topic its details follow
            if self._is_heading(sentence):
                section_status = self.r.status.of(body)
                continue
            if body.rstrip().endswith(("：", ":")) and not _ANSWER_OPENS.search(body):
                # 今后将重点做好以下工作: / 下一步打算: — a lead-in gives the items after it
                # their status and is no step itself
                section_status = self.r.status.of(body) or section_status
                # 3.下一步将做好以下工作：— itself numbered, so it set nothing above; its items
                # take its status, not the one of the sentence before it
                carried = self.r.status.of(body)
                # …市住建局将重点做好以下工作：its items are that body's
                for clause in split_segments(self.text, sentence.start, sentence.end, _CLAUSE_END):
                    if subject := self._subject(clause):
                        owner = subject
                        break
                continue
            if self.r.background.match(_LEAD.sub("", body)) or self.r.praise.search(body):
                continue
            # an item under 将做好以下工作： is a step by that status (一是更换破损护栏)
            problem_status = self.r.status.of(body.replace("了", "　")) or (
                default if is_item else None
            )
            if (
                _PROBLEM.search(_problem_words(_LEAD.sub("", body)))
                and not self._has_actor(sentence)
                and problem_status in (None, "in_progress")
                and not _WORK_NOW.search(body)
            ):
                continue  # a problem described, nobody acting on it: background
            for action in self._group(sentence, default):
                subject = next((x for c in action.clauses if (x := self._subject(c))), None)
                if subject is not None:
                    owner = subject
                    action.owner_explicit = subject != self.issuer
                action.owner = owner
                if self._is_action(action):
                    out.append(action)
        return out

    def _details_follow(self, sentences: list[Segment], index: int) -> bool:
        """The next sentence is on the same line and is no item of its own."""
        if index + 1 >= len(sentences):
            return False
        here, after = sentences[index], sentences[index + 1]
        same_line = "\n" not in self.text[here.end : after.start]
        return same_line and not _LEAD.match(after.text)

    def _has_actor(self, sentence: Segment) -> bool:
        """Someone acts in the sentence: the issuer speaking (我局, 我们) or a named body."""
        if re.search(self.r.self_word.pattern.lstrip("^"), sentence.text):
            return True
        i = bisect.bisect_left(self.starts, sentence.start)
        return i < len(self.agencies) and self.agencies[i].start < sentence.end

    # -- cutting ------------------------------------------------------------------------------

    def _sentences(self, start: int, end: int) -> list[Segment]:
        """Sentences, also cut before an item opener inside a line (…。2、引入…)."""
        out: list[Segment] = []
        for s in split_segments(self.text, start, end, _SENTENCE_END):
            cuts = [m.start() for m in _ITEM.finditer(s.text) if m.start() > 0]
            edges = [0, *cuts, len(s.text)]
            for a, b in pairwise(edges):
                piece = s.text[a:b]
                stripped = piece.strip()
                if stripped:
                    lead = len(piece) - len(piece.lstrip())
                    out.append(
                        Segment(s.start + a + lead, s.start + a + lead + len(stripped), stripped)
                    )
        return out

    def _is_heading(self, sentence: Segment) -> bool:
        """一、工作开展情况 / （二）下一步打算: a short numbered line without a sentence end."""
        body = sentence.text
        if not _HEADING.match(body):
            return False
        if body.endswith(("。", "；", ";")) and not (
            re.match(
                r"\s*(?:[一二三四五六七八九十]{1,3}、|"
                r"[（(][一二三四五六七八九十]{1,3}[)）])",
                body,
            )
            or _HEADING_WORDS.search(body.rstrip("。；;"))
        ):
            return False  # 1、增设停车泊位。 is an item; 一、已完成的工作。 a heading
        rest = _LEAD.sub("", body).rstrip("。：:")
        if (
            body.endswith(("。", "；", ";"))
            and (_REPORTS.search(rest) or self.r.self_word.match(rest))
            and not _HEADING_WORDS.search(rest.rstrip("；;"))
            and self.r.status.of(rest) is not None
            and self.r.verbs.search(rest)
        ):
            # 一、我局已新建X站5个。 reports a step; 一、推进X。 (a cue word as its verb) is
            # a topic, its details after it
            return False
        if len(rest) > 16 or re.search(r"[，,]", rest):
            return False
        line_end = self.text.find("\n", sentence.end)
        after = self.text[sentence.end : len(self.text) if line_end < 0 else line_end].strip()
        return not after or len(rest) <= 12

    def _group(self, sentence: Segment, section_status: Status | None) -> list[Action]:
        """Runs of clauses sharing one status; a condition opens the action it conditions."""
        rules = self.r.status
        actions: list[Action] = []
        current: Action | None = None
        pending_condition = False
        for clause in split_segments(self.text, sentence.start, sentence.end, _CLAUSE_END):
            words = clause.text
            reason = _REASON.match(words) and not rules.declines(sentence.text)
            if (
                self.r.not_measure.search(words)
                or reason
                or (_PURPOSE.match(words) and rules.of(words) in (None, "in_progress"))
            ):
                current, pending_condition = None, False
                continue  # thanks, praise…; or a purpose (为进一步…,) that the next clause serves
            status = rules.of(words)
            conditional = rules.is_conditional(words) and status in (None, "planned")
            if conditional and current is not None and current.status is None:
                # 只能纳入项目库,待上级投资后…: the condition belongs to the step before it
                self._extend(current, clause)
                current.status, pending_condition = "planned", True
                continue
            if conditional and not pending_condition:
                current = self._open(clause, sentence, "planned")
                actions.append(current)
                pending_condition = True
                continue
            if current is None:
                current = self._open(clause, sentence, status)
                actions.append(current)
            elif _RESULT.match(words.strip()):
                # …疏浚河道3公里，推动问题早日解决: what the step is for, whatever cue
                # word (推动, 进一步) it holds, is no step of its own
                self._extend(current, clause)
            elif pending_condition and status in (None, "planned"):
                self._extend(current, clause)
            elif (
                status == "done"
                and current.status == "done"
                and _REPORTS_DONE.search(words)
                and _REPORTS_DONE.search(self.text[current.start : current.end])
                and self.r.verbs.search(words)
            ):
                # 场地平整已完成,彩钢房搭设完成: each clause reports its own finished step
                current = self._open(clause, sentence, status)
                actions.append(current)
            elif current.status == "planned" and status == "in_progress":
                self._extend(current, clause)  # 将纳入项目库,分年度逐步实施: still the plan
            elif status is not None and current.status is not None and status != current.status:
                current = self._open(clause, sentence, status)
                actions.append(current)
            else:
                self._extend(current, clause)
                current.status = current.status or status
            pending_condition = False
        for a in actions:
            if a.status is None:
                a.status, a.status_basis = section_status, "section"
            if a.status is None and self._dated_before_letter(a):
                a.status, a.status_basis = "done", "date"
        return actions

    def _open(self, clause: Segment, sentence: Segment, status: Status | None) -> Action:
        return Action(
            start=clause.start,
            end=clause.end,
            name="",
            status=status,
            sentence=sentence,
            clauses=[clause],
        )

    @staticmethod
    def _extend(action: Action, clause: Segment) -> None:
        action.end = clause.end
        action.clauses.append(clause)

    def _dated_before_letter(self, action: Action) -> bool:
        if self.letter_year is None:
            return False
        years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})年", action.sentence.text)]
        dated = bool(re.search(r"(?<!\d)\d{1,2}月\d{1,2}日", action.sentence.text))
        return any(y <= self.letter_year for y in years) or (dated and not years)

    # -- deciding -----------------------------------------------------------------------------

    def _is_action(self, action: Action) -> bool:
        words = self.text[action.start : action.end]
        name = self._name(words)
        if len(re.sub(rf"[^{HAN}A-Za-z0-9]", "", name)) < 4:
            return False
        action.name = name
        if _RESTATED_ASK.match(name):
            return False  # the proposal's own point, restated as a heading
        has_verb = self.r.verbs.search(words) is not None
        return has_verb and action.status is not None

    def _name(self, words: str) -> str:
        name = _LEAD.sub("", words.strip())
        if self.r.connector is not None:
            while True:
                m = self.r.connector.match(name)
                if not m or m.end() == 0:
                    break
                name = name[m.end() :]
        return name.rstrip("。；;，,：:！!？? ")

    def _subject(self, clause: Segment) -> str | None:
        """The body a clause opens with: a named agency followed by a verb, or 我局/我们."""
        body = _LEAD.sub("", clause.text)
        offset = clause.start + (len(clause.text) - len(body))
        for pattern in (self.r.connector, _TIME):
            m = pattern.match(body) if pattern is not None else None
            if m:
                offset += m.end()
                body = body[m.end() :]
        m = self.r.self_word.match(body)
        if m:
            # 我局 is the issuer; 我市/我县 in a letter that never names its issuer is the
            # place's government.
            if self.issuer is None and m.group() in self.r.vocabulary.place_words:
                return self.place_government
            return self.issuer
        passive = body.find("被")  # 园区被省农业厅认定为…: the agent after 被 acts
        if 0 <= passive < 12:
            i = bisect.bisect_left(self.starts, offset + passive + 1)
            if i < len(self.agencies) and self.agencies[i].start == offset + passive + 1:
                return self.agencies[i].canonical
        i = bisect.bisect_left(self.starts, offset)
        if i < len(self.agencies) and self.agencies[i].start == offset:
            a = self.agencies[i]
            after = self.text[a.end : a.end + 1]
            written = self.text[a.start : a.end]
            if after and after not in "的、和与及等" and not self.r.verb_at_start.match(written):
                return a.canonical
        return None

    def _acted_on(self, agency: AgencyAt) -> bool:
        """The body is the object of a verb written just before it (实施, 改造, 新建…)."""
        before = self.text[max(0, agency.start - 4) : agency.start]
        return self.r.verb_at_end.search(before) is not None

    def key(self, name: str, start: int | None = None, end: int | None = None) -> str:
        """A key meant to survive across years: the action's words without who acts, dates,
        numbers, cue words and fillers (``start``/``end``: where the action is in the text,
        so that the bodies named inside it are left out)."""
        written = name
        if start is not None and end is not None:
            # Who acts (县交通运输局已…, 米公街道正在…) is the owner, kept apart from the key;
            # a body a verb acts on (实施X镇卫生院改扩建工程) is what the step is about.
            for agency in self.agencies:
                if agency.start < end and agency.end > start and not self._acted_on(agency):
                    name = name.replace(self.text[agency.start : agency.end], " ")
        # What it was done for (…，确保取得实效 / 切实保障群众出行安全) is not what was done.
        clauses = [c for c in re.split(r"[，,；;]", name) if c.strip()]
        kept = [c for i, c in enumerate(clauses) if i == 0 or not _RESULT.match(c.strip())]
        # A clause that only points back (关于上次答复中提到的事项，/按照…的工作安排，) says
        # where the step was promised, not what it is.
        while len(kept) > 1 and _POINTS_BACK.match(kept[0].strip()):
            kept = kept[1:]
        # When and why (待资金落实后，/由于财力有限，) frame a step; they are not the step.
        kept = [c for c in kept if not _FRAMES.match(c.strip())] or kept
        joined = "，".join(kept)
        if self.r.status.postponed is not None:  # 推迟至2024年实施: the step, moved
            joined = self.r.status.postponed.sub("", joined)
        key = re.sub(
            r"(?:于|在)?(?:19|20)\d{2}(?:\s*[-—至]\s*(?:19|20)?\d{2,4})?年(?:度)?"
            r"(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来|起|底|初|前|末)?"
            r"|(?:于|在)?\d{1,2}月\d{1,2}日",
            "",
            joined,
        )
        key = divisions().full_names.sub("", key)  # places: the same step elsewhere is the same
        if self.r.key_drop is not None:
            key = self.r.key_drop.sub("", key)
        key = re.sub(rf"[^{HAN}A-Za-z0-9]", "", key)
        return key[:40] or re.sub(r"\s+", "", written)[:40]
