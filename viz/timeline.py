"""A measure's history across years, as the timeline page draws it: one lane per measure
chain, the chain's steps placed by year, the BUILDS_ON links between them and the renames of
the agencies that carried them.

Everything comes from named queries, never from loading the graph:

- ``measure_evolution``: the chains of the measures whose id, key or name holds the text, one
  row per letter reporting a step (year, document, status, owner, date, evidence);
- ``measure_builds_on``: for each measure of a chain, the earlier measures it continues, with
  the link's score and rationale;
- ``agency_history``: for each owner, its SUCCEEDED_BY chain; a rename is drawn in a lane when
  both agencies own a step of it.

    with open_store("out/policykg.lbdb") as store:
        timeline = load_timeline(store, "追溯平台")
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from policykg.errors import NotFoundError, QueryParameterError
from policykg.graph.queries import run_query
from policykg.graph.stores import GraphStore

MAX_LANES = 40  # more chains than this are counted in the header, not drawn
MAX_EVOLUTION_ROWS = 5_000  # of measure_evolution: a text matching half the graph stops here
MAX_YEAR_SPAN = 40  # wider than this, only the years with a step get a column
STATUS_RANK = {"done": 0, "in_progress": 1, "planned": 2, "declined": 3}


@dataclass(frozen=True)
class TimelineStep:
    """One letter's report of one measure: a node of the timeline."""

    id: str  # "s0", "s1"… in drawing order
    lane: int
    row: int  # sub-row inside the lane (chains that branch need more than one)
    measure: str  # the Measure's key
    name: str
    year: int | None
    document: str | None
    status: str | None
    owners: tuple[str, ...]
    date: str | None  # the date the letter gives for the step (获批 2020-04-08), if any
    evidence_sentence: str | None
    evidence_file: str | None
    letter_date: str | None = None


@dataclass(frozen=True)
class TimelineLink:
    """A BUILDS_ON edge drawn from the later measure's step to the earlier measure's."""

    source: str  # step id (later)
    target: str  # step id (earlier)
    measure: str
    builds_on: str
    score: float | None
    rationale: str | None


@dataclass(frozen=True)
class TimelineRename:
    """A SUCCEEDED_BY edge between two agencies that own steps of the lane."""

    lane: int
    earlier: str
    later: str
    date: str | None
    rationale: str | None
    evidence_sentence: str | None


@dataclass(frozen=True)
class TimelineLane:
    index: int
    title: str  # the name of the chain's latest step
    asked: tuple[str, ...]  # the measures the text matched in this chain
    measures: tuple[str, ...]
    rows: int
    years: tuple[int, ...]


@dataclass
class Timeline:
    measure: str  # the text asked for
    lanes: list[TimelineLane]
    steps: list[TimelineStep]
    links: list[TimelineLink]
    renames: list[TimelineRename]
    years: list[int]  # the columns, left to right
    unknown_year: bool = False  # some step has no year: a last column for them
    hidden_lanes: int = 0  # chains beyond MAX_LANES, not drawn
    truncated: bool = False  # measure_evolution hit MAX_EVOLUTION_ROWS

    @property
    def title(self) -> str:
        return f"Timeline: {self.measure}"

    def lane_steps(self, lane: int) -> list[TimelineStep]:
        return [step for step in self.steps if step.lane == lane]


# --- Assembly -----------------------------------------------------------------------------


def _chains(rows: list[dict[str, Any]]) -> list[list[str]]:
    """The asked measures grouped into chains: two asked measures whose lineages share a
    measure are one chain (union-find over the measures)."""
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for row in rows:
        a, b = find(f"asked:{row['asked']}"), find(f"measure:{row['measure']}")
        if a != b:
            parent[a] = b
    groups: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        asked = row["asked"]
        root = find(f"asked:{asked}")
        if asked not in groups[root]:
            groups[root].append(asked)
    return list(groups.values())


def _steps_of(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One step per (measure, document): a letter's commitments to one measure merged, their
    owners listed, the most advanced status kept."""
    merged: dict[tuple[str, str | None], dict[str, Any]] = {}
    for row in rows:
        key = (row["measure"], row["document"])
        step = merged.get(key)
        if step is None:
            step = merged[key] = {**row, "owners": []}
        elif STATUS_RANK.get(row["status"], 9) < STATUS_RANK.get(step["status"], 9):
            step.update(
                {
                    k: row[k]
                    for k in ("status", "evidence_sentence", "evidence_file", "date", "name")
                }
            )
        if row["owner"] and row["owner"] not in step["owners"]:
            step["owners"].append(row["owner"])
    return sorted(
        merged.values(),
        key=lambda s: (s["year"] is None, s["year"] or 0, s["measure"], s["document"] or ""),
    )


def _assign_rows(steps: list[dict[str, Any]]) -> dict[int, int]:
    """A sub-row per step: a measure stays on its row across years when it can; otherwise the
    lowest row free in that year."""
    first_year: dict[str, int] = {}
    for step in steps:
        first_year.setdefault(step["measure"], step["year"] if step["year"] is not None else 9999)
    order = sorted(
        range(len(steps)),
        key=lambda i: (
            first_year[steps[i]["measure"]],
            steps[i]["measure"],
            steps[i]["year"] if steps[i]["year"] is not None else 9999,
            steps[i]["document"] or "",
        ),
    )
    taken: set[tuple[int, int | None]] = set()
    measure_row: dict[str, int] = {}
    rows: dict[int, int] = {}
    for index in order:
        step = steps[index]
        preferred = measure_row.get(step["measure"])
        if preferred is not None and (preferred, step["year"]) not in taken:
            row = preferred
        else:
            row = 0
            while (row, step["year"]) in taken:
                row += 1
        taken.add((row, step["year"]))
        measure_row.setdefault(step["measure"], row)
        rows[index] = row
    return rows


def _link_ends(
    later: list[TimelineStep], earlier: list[TimelineStep]
) -> tuple[TimelineStep, TimelineStep]:
    """The later measure's first step, and the earlier measure's last step not after it."""

    def when(step: TimelineStep) -> tuple[int, str]:
        return (step.year if step.year is not None else 9999, step.document or "")

    source = min(later, key=when)
    before = [step for step in earlier if when(step) <= when(source)]
    return source, max(before or earlier, key=when)


def _columns(years: set[int]) -> list[int]:
    if not years:
        return []
    low, high = min(years), max(years)
    if high - low > MAX_YEAR_SPAN:
        return sorted(years)
    return list(range(low, high + 1))


def load_timeline(store: GraphStore, measure: str, *, max_lanes: int = MAX_LANES) -> Timeline:
    """The timeline of every chain whose measures' id, key or name holds ``measure``; raises
    :class:`NotFoundError` when none does."""
    text = measure.strip()
    if not text:
        raise QueryParameterError("an empty text names no measure")
    evolution = run_query(
        store, "measure_evolution", {"measure": text}, max_rows=MAX_EVOLUTION_ROWS
    )
    rows = evolution.rows
    if not rows:
        raise NotFoundError(f"no measure's id, key or name contains {text!r}")

    rows_by_asked: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        rows_by_asked[row["asked"]].append(row)
    chains = []
    for asked in _chains(rows):
        chain_rows = [row for a in asked for row in rows_by_asked[a]]
        found = _steps_of(chain_rows)
        years = [s["year"] for s in found if s["year"] is not None]
        chains.append((min(years, default=9999), found[-1]["name"] or "", asked, found))
    chains.sort(key=lambda chain: (chain[0], chain[1]))

    lanes: list[TimelineLane] = []
    steps: list[TimelineStep] = []
    links: list[TimelineLink] = []
    renames: list[TimelineRename] = []
    builds_on: dict[str, list[dict[str, Any]]] = {}
    history: dict[str, list[dict[str, Any]]] = {}
    for lane_index, (_, title, asked, chain_steps) in enumerate(chains[:max_lanes]):
        rows_of = _assign_rows(chain_steps)
        lane_steps = [
            TimelineStep(
                id=f"s{len(steps) + i}",
                lane=lane_index,
                row=rows_of[i],
                measure=step["measure"],
                name=step["name"] or step["measure"],
                year=step["year"],
                document=step["document"],
                status=step["status"],
                owners=tuple(step["owners"]),
                date=step["date"],
                evidence_sentence=step["evidence_sentence"],
                evidence_file=step["evidence_file"],
                letter_date=step.get("letter_date"),
            )
            for i, step in enumerate(chain_steps)
        ]
        steps += lane_steps
        by_measure: dict[str, list[TimelineStep]] = defaultdict(list)
        for step in lane_steps:
            by_measure[step.measure].append(step)
        for key in by_measure:
            if key not in builds_on:
                builds_on[key] = run_query(store, "measure_builds_on", {"measure": key}).rows
            for edge in builds_on[key]:
                if edge["builds_on"] not in by_measure or edge["builds_on"] == key:
                    continue
                source, target = _link_ends(by_measure[key], by_measure[edge["builds_on"]])
                links.append(
                    TimelineLink(
                        source=source.id,
                        target=target.id,
                        measure=key,
                        builds_on=edge["builds_on"],
                        score=edge["score"],
                        rationale=edge["rationale"],
                    )
                )
        owners = sorted({owner for step in lane_steps for owner in step.owners})
        seen: set[tuple[str, str]] = set()
        for owner in owners:
            if owner not in history:
                history[owner] = run_query(store, "agency_history", {"agency": owner}).rows
            for row in history[owner]:
                pair = (row["name"], row["succeeded_by"])
                if row["succeeded_by"] and pair not in seen and set(pair) <= set(owners):
                    seen.add(pair)
                    renames.append(
                        TimelineRename(
                            lane=lane_index,
                            earlier=row["name"],
                            later=row["succeeded_by"],
                            date=row["date"],
                            rationale=row["rationale"],
                            evidence_sentence=row["evidence_sentence"],
                        )
                    )
        lanes.append(
            TimelineLane(
                index=lane_index,
                title=title,
                asked=tuple(asked),
                measures=tuple(by_measure),
                rows=max(rows_of.values(), default=0) + 1,
                years=tuple(sorted({s.year for s in lane_steps if s.year is not None})),
            )
        )

    known_years = {step.year for step in steps if step.year is not None}
    return Timeline(
        measure=text,
        lanes=lanes,
        steps=steps,
        links=links,
        renames=renames,
        years=_columns(known_years),
        unknown_year=any(step.year is None for step in steps),
        hidden_lanes=max(0, len(chains) - max_lanes),
        truncated=evolution.truncated,
    )
