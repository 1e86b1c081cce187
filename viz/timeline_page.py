"""A :class:`~policykg.viz.timeline.Timeline` as one self-contained HTML page: an SVG drawn
here in Python (years left to right, one lane per chain), a small stylesheet and a script
that shows the hover cards. Nothing is loaded from anywhere, the page works from a file.

Positions are fixed: a year is a column ``COLUMN_WIDTH`` wide, a step a box in its year's
column on its lane's sub-row. Drawn, back to front: year columns, lanes, agency renames (a
dashed line at the rename's date), a grey line between the reports of one measure, BUILDS_ON
arrows (later → earlier, labelled with their score), the steps (filled by status, as on the
graph page). Every mark has a ``<title>``; the script turns it into a hover card.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from policykg.graph.model import node_id
from policykg.viz.render import EDGE_STYLES, STATUS_COLOURS, UNKNOWN_STATUS_COLOUR
from policykg.viz.timeline import Timeline, TimelineStep

LABEL_WIDTH = 240  # the lanes' titles, left of the first year
COLUMN_WIDTH = 270
BOX_WIDTH = 204
BOX_HEIGHT = 62
ROW_HEIGHT = 88
LANE_TOP = 30  # room above a lane's boxes for rename labels
LANE_BOTTOM = 10
RENAME_LINE = 16  # each further rename label of a lane
AXIS_HEIGHT = 34
RIGHT_MARGIN = 24
NAME_CHARS = 13  # a box's first line; the hover card has the whole name
LINE_CHARS = 18
TITLE_CHARS = 15  # per line of a lane title, three lines at most
BUILDS_ON = EDGE_STYLES["BUILDS_ON"]["color"]
RENAME = EDGE_STYLES["SUCCEEDED_BY"]["color"]
CONTINUES = "#8a8a8a"
_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2}))?")


def _short(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str, width: int, lines: int) -> list[str]:
    parts = [text[i : i + width] for i in range(0, len(text), width)] or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][:-1] + "…"
    return parts


def status_colour(status: str | None) -> str:
    return STATUS_COLOURS.get(str(status), UNKNOWN_STATUS_COLOUR)


def step_tip(step: TimelineStep) -> str:
    """The hover card of a step: what, when, where it is said, by whom, and the sentence."""
    lines = [
        step.name,
        f"measure: {step.measure}",
        f"status: {step.status or 'unknown'}",
        f"year: {step.year if step.year is not None else 'unknown'}",
        f"document: {step.document or 'unknown'}",
        f"owner: {', '.join(step.owners) or 'unknown'}",
        f"date: {step.date or 'none given'}",
    ]
    if step.letter_date:
        lines.append(f"letter date: {step.letter_date}")
    if step.evidence_sentence or step.evidence_file:
        lines += [
            f"evidence: “{step.evidence_sentence or ''}”",
            f"source: {step.evidence_file or 'unknown'}",
        ]
    else:
        lines.append("evidence: none")
    return "\n".join(lines)


@dataclass(frozen=True)
class Grid:
    """Where years and lanes are on the page."""

    columns: list[int | None]  # None: the column of steps without a year
    lane_tops: list[float]
    lane_heights: Sequence[float]
    lane_extra: Sequence[float]  # room for more than one rename label

    @property
    def width(self) -> float:
        return LABEL_WIDTH + COLUMN_WIDTH * max(len(self.columns), 1) + RIGHT_MARGIN

    @property
    def height(self) -> float:
        return AXIS_HEIGHT + sum(self.lane_heights) + 8

    def column_x(self, year: int | None) -> float:
        """The left edge of a year's column (a year without one: the nearest column)."""
        if year in self.columns:
            index = self.columns.index(year)
        else:
            known = [y for y in self.columns if y is not None]
            index = (
                self.columns.index(min(known, key=lambda y: abs(y - year)))
                if (known and year is not None)
                else len(self.columns) - 1
            )
        return LABEL_WIDTH + COLUMN_WIDTH * index

    def centre(self, step: TimelineStep) -> tuple[float, float]:
        x = self.column_x(step.year) + COLUMN_WIDTH / 2
        y = (
            self.lane_tops[step.lane]
            + LANE_TOP
            + self.lane_extra[step.lane]
            + ROW_HEIGHT * step.row
            + ROW_HEIGHT / 2
        )
        return x, y

    def date_x(self, date: str | None) -> float | None:
        """A date's place on the axis: its year's column, its month's twelfth of it."""
        match = _DATE.match(date or "")
        if match is None:
            return None
        year, month = int(match["year"]), int(match["month"] or 1)
        known = [y for y in self.columns if y is not None]
        if not known:
            return None
        if year < known[0]:
            return self.column_x(known[0])
        if year > known[-1]:
            return self.column_x(known[-1]) + COLUMN_WIDTH
        return self.column_x(year) + COLUMN_WIDTH * (min(max(month, 1), 12) - 1) / 12


def _rename_lines(timeline: Timeline) -> list[int]:
    """How many rename labels each lane stacks above its boxes."""
    lines = [0] * len(timeline.lanes)
    for rename in timeline.renames:
        lines[rename.lane] += 1
    return lines


def grid_of(timeline: Timeline) -> Grid:
    columns: list[int | None] = list(timeline.years)
    if timeline.unknown_year:
        columns.append(None)
    extra = [RENAME_LINE * max(0, n - 1) for n in _rename_lines(timeline)]
    heights = [
        LANE_TOP + more + ROW_HEIGHT * lane.rows + LANE_BOTTOM
        for lane, more in zip(timeline.lanes, extra, strict=True)
    ]
    tops, top = [], float(AXIS_HEIGHT)
    for height in heights:
        tops.append(top)
        top += height
    return Grid(columns=columns, lane_tops=tops, lane_heights=heights, lane_extra=extra)


def text_width(text: str, size: float = 12) -> float:
    """Rough drawn width: a CJK character is a square, a Latin one about half of it."""
    return sum(size if ord(char) > 0x2E80 else size * 0.6 for char in text)


def _link_path(
    start: tuple[float, float], end: tuple[float, float], lift: float
) -> tuple[str, tuple[float, float]]:
    """An SVG path from the later box's edge to the earlier box's, and its middle point."""
    (sx, sy), (tx, ty) = start, end
    if abs(sx - tx) < 1:  # the same year: from one box's top or bottom to the other's
        direction = 1 if ty > sy else -1
        p0 = (sx, sy + direction * BOX_HEIGHT / 2)
        p3 = (tx, ty - direction * BOX_HEIGHT / 2)
        p1, p2 = (p0[0] + 40, p0[1]), (p3[0] + 40, p3[1])
    else:
        direction = 1 if tx > sx else -1
        p0 = (sx + direction * BOX_WIDTH / 2, sy)
        p3 = (tx - direction * BOX_WIDTH / 2, ty)
        bend = min(60.0, abs(p3[0] - p0[0]) / 2)
        p1 = (p0[0] + direction * bend, p0[1] - lift)
        p2 = (p3[0] - direction * bend, p3[1] - lift)
    middle = tuple((a + 3 * b + 3 * c + d) / 8 for a, b, c, d in zip(p0, p1, p2, p3, strict=True))
    path = (
        f"M{p0[0]:.1f},{p0[1]:.1f} C{p1[0]:.1f},{p1[1]:.1f} "
        f"{p2[0]:.1f},{p2[1]:.1f} {p3[0]:.1f},{p3[1]:.1f}"
    )
    return path, (middle[0], middle[1])


def _between(steps: list[TimelineStep], a: TimelineStep, b: TimelineStep, grid: Grid) -> bool:
    """Whether a box of the same lane and row stands between two steps' columns."""
    if a.lane != b.lane or a.row != b.row:
        return False
    low, high = sorted((grid.column_x(a.year), grid.column_x(b.year)))
    return any(
        s.lane == a.lane and s.row == a.row and low < grid.column_x(s.year) < high for s in steps
    )


def layout(timeline: Timeline) -> dict[str, Any]:
    """Every mark of the drawing, with its position, text and hover card."""
    grid = grid_of(timeline)
    by_id = {step.id: step for step in timeline.steps}
    columns = [
        {
            "x": LABEL_WIDTH + COLUMN_WIDTH * i,
            "label": str(year) if year is not None else "year ?",
            "year": "" if year is None else year,
            "shade": i % 2 == 0,
        }
        for i, year in enumerate(grid.columns)
    ]
    lanes = []
    for lane, top, height in zip(timeline.lanes, grid.lane_tops, grid.lane_heights, strict=True):
        span = (
            f"{lane.years[0]}–{lane.years[-1]}"
            if len(lane.years) > 1
            else str(lane.years[0])
            if lane.years
            else "year unknown"
        )
        count = len(timeline.lane_steps(lane.index))
        lanes.append(
            {
                "index": lane.index,
                "y": top,
                "height": height,
                "title": _wrap(lane.title, TITLE_CHARS, 3),
                "sub": f"{count} report{'s' if count != 1 else ''} · {span}",
                "tip": "\n".join(
                    [
                        lane.title,
                        "matched: " + ", ".join(lane.asked),
                        "measures: " + ", ".join(lane.measures),
                    ]
                ),
            }
        )
    nodes = []
    for step in timeline.steps:
        x, y = grid.centre(step)
        nodes.append(
            {
                "id": step.id,
                "lane": step.lane,
                "row": step.row,
                "measure": step.measure,
                "measure_id": node_id("Measure", step.measure),
                "year": step.year,
                "status": step.status or "unknown",
                "colour": status_colour(step.status),
                "x": x - BOX_WIDTH / 2,
                "y": y - BOX_HEIGHT / 2,
                "cx": x,
                "cy": y,
                "lines": [
                    _short(step.name, NAME_CHARS),
                    _short(step.document, LINE_CHARS),
                    _short(
                        f"{step.status or 'unknown'} · {', '.join(step.owners) or '?'}", LINE_CHARS
                    ),
                ],
                "tip": step_tip(step),
            }
        )
    continues = []
    by_measure: dict[tuple[int, str], list[TimelineStep]] = {}
    for step in timeline.steps:
        by_measure.setdefault((step.lane, step.measure), []).append(step)
    for reports in by_measure.values():
        ordered = sorted(reports, key=lambda s: (s.year is None, s.year or 0, s.document or ""))
        for before, after in pairwise(ordered):
            path, _ = _link_path(
                grid.centre(after),
                grid.centre(before),
                34 if _between(timeline.steps, after, before, grid) else 0,
            )
            continues.append(
                {
                    "path": path,
                    "from": after.id,
                    "to": before.id,
                    "tip": f"{after.name}: reported again in {after.year} ({after.document}), "
                    f"first in {before.year} ({before.document})",
                }
            )
    links = []
    for link in timeline.links:
        source, target = by_id[link.source], by_id[link.target]
        path, (mx, my) = _link_path(
            grid.centre(source),
            grid.centre(target),
            40 if _between(timeline.steps, source, target, grid) else 0,
        )
        score = "?" if link.score is None else f"{link.score:.2f}"
        links.append(
            {
                "path": path,
                "x": mx,
                "y": my,
                "label": score,
                "from": link.source,
                "to": link.target,
                "score": "" if link.score is None else link.score,
                "tip": "\n".join(
                    [
                        f"{source.name} —BUILDS_ON→ {target.name}",
                        f"score: {score}",
                        f"rationale: {link.rationale or 'none'}",
                    ]
                ),
            }
        )
    renames = []
    stacked = [0] * len(timeline.lanes)
    for rename in timeline.renames:
        at = grid.date_x(rename.date)
        if at is None:  # an undated rename: at the start of the lane's later owner's first year
            later_years = [
                s.year
                for s in timeline.lane_steps(rename.lane)
                if rename.later in s.owners and s.year is not None
            ]
            at = grid.column_x(min(later_years)) if later_years else grid.column_x(None)
        top = grid.lane_tops[rename.lane]
        label = f"renamed {rename.date or '(undated)'}: {rename.earlier} → {rename.later}"
        anchor_end = at + 4 + text_width(label) > grid.width - 4 and at - 4 - text_width(label) > 0
        renames.append(
            {
                "x": at,
                "y1": top + 4,
                "y2": top + grid.lane_heights[rename.lane] - 4,
                "label": label,
                "label_x": at - 4 if anchor_end else at + 4,
                "anchor": "end" if anchor_end else "start",
                "label_y": top + 19 + RENAME_LINE * stacked[rename.lane],
                "lane": rename.lane,
                "date": rename.date or "",
                "tip": "\n".join(
                    [
                        f"{rename.earlier} —SUCCEEDED_BY→ {rename.later}",
                        f"date: {rename.date or 'unknown'}",
                        f"rationale: {rename.rationale or 'none'}",
                        f"evidence: {rename.evidence_sentence or 'none'}",
                    ]
                ),
            }
        )
        stacked[rename.lane] += 1
    return {
        "width": grid.width,
        "height": grid.height,
        "columns": columns,
        "axis_height": AXIS_HEIGHT,
        "label_width": LABEL_WIDTH,
        "column_width": COLUMN_WIDTH,
        "box_width": BOX_WIDTH,
        "box_height": BOX_HEIGHT,
        "lanes": lanes,
        "nodes": nodes,
        "continues": continues,
        "links": links,
        "renames": renames,
    }


@cache
def _static(name: str) -> str:
    text = (resources.files("policykg.viz") / "static" / name).read_text(encoding="utf-8")
    closing = {".js": "</script", ".css": "</style"}.get(Path(name).suffix)
    if closing and closing in text.lower():  # cannot be written inside the page's own tag
        raise ValueError(f"{name} contains {closing}>")
    return text


@cache
def _template() -> Any:
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_static("timeline.html.j2"))


def _notes(timeline: Timeline) -> list[str]:
    notes = []
    if timeline.hidden_lanes:
        notes.append(
            f"{timeline.hidden_lanes} more chains match and are not drawn: "
            "give more of the measure's name."
        )
    if timeline.truncated:
        notes.append(
            "the evolution query hit its row limit: some steps may be missing; "
            "give more of the measure's name."
        )
    return notes


def _counted(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def summary(timeline: Timeline) -> str:
    """``2 chains · 6 reports · 3 BUILDS_ON links · 1 rename · 2019–2022``"""
    years = timeline.years
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    parts = [
        _counted(len(timeline.lanes), "chain"),
        _counted(len(timeline.steps), "report"),
        _counted(len(timeline.links), "BUILDS_ON link"),
        _counted(len(timeline.renames), "rename"),
    ]
    return " · ".join(parts + ([span] if span else []))


def render_timeline(timeline: Timeline, *, graph_url: str | None = None) -> str:
    """The page. ``graph_url`` (the API's ``/view``) makes each step a link to its measure in
    the graph page; a file has no such link."""
    drawing = layout(timeline)
    legend = [{"status": status, "colour": colour} for status, colour in STATUS_COLOURS.items()]
    return _template().render(
        title=timeline.title,
        summary=summary(timeline),
        notes=_notes(timeline),
        legend=legend,
        unknown_colour=UNKNOWN_STATUS_COLOUR,
        builds_on_colour=BUILDS_ON,
        rename_colour=RENAME,
        continues_colour=CONTINUES,
        drawing=drawing,
        graph_url=graph_url,
        css=Markup(_static("policykg-timeline.css")),  # our own files, checked by _static
        js=Markup(_static("policykg-timeline.js")),
    )


def write_timeline(timeline: Timeline, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_timeline(timeline), encoding="utf-8")
    return path
