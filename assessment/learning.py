"""The learning plan's arithmetic: what a report adopts, how a newer report merges in, the
planned weeks, progress, the burn-down, and which skills are ready for a re-check.

Pure functions over plain data; nothing here touches the database. All arguments are keyword-only.

Planned weeks: the items that count (every item but the skipped ones) are laid end to end
in plan order at `hours_per_week`; an item's planned week is ⌈hours up to and including it
÷ hours per week⌉ (at least 1), and it is due at the end of that week, `started_on +
week × 7 days` (the same rule as the report's expected date, plan.expected_date). An item
to do or in progress whose due day is past is overdue.

Expected finish: today + ⌈hours still to do ÷ hours per week⌉ weeks, so finishing or
skipping an item, or raising the pace, brings it closer; falling behind pushes it out.
Without hours per week there are no weeks and no dates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

TODO, DOING, DONE, SKIPPED = "todo", "doing", "done", "skipped"
OPEN = (TODO, DOING)
BURNDOWN_ROWS = 105  # about two years of weeks; longer plans are sampled
ACTION, CERTIFICATION = "action", "certification"


@dataclass(frozen=True)
class AdoptedItem:
    """An item as a report proposes it, with everything the plan keeps of it."""

    kind: str  # ACTION or CERTIFICATION
    source_slug: str
    title: str
    description: str
    target_kind: str  # skill, duty or education; "" for a certification that names no gap
    target_key: str
    target_label: str
    level_from: int
    target_level: int
    hours: int

    @property
    def identity(self) -> tuple[str, str]:
        return (self.kind, self.source_slug)


def items_from_snapshot(snapshot: dict) -> tuple[AdoptedItem, ...]:
    """What adopting a report puts in a plan: its ranked next actions first, in rank order, then
    the rest of the skills plan in roadmap order, then the recommended certifications, best first.

    Long routes (degrees) are not adopted: they are outside the skills plan and its date.
    """
    ranked = list((snapshot.get("plan") or {}).get("next_actions", []))
    roadmap = [entry for phase in snapshot["roadmap"]["phases"] for entry in phase["actions"]]
    items: dict[tuple[str, str], AdoptedItem] = {}
    for entry in [*ranked, *roadmap]:
        action = entry["action"]
        item = AdoptedItem(
            kind=ACTION,
            source_slug=action["slug"],
            title=action["title"],
            description=action.get("description", ""),
            target_kind=action["kind"],
            target_key=action["key"],
            target_label=entry["label"],
            level_from=entry.get("level_from", entry.get("rating", 0)),
            target_level=action["reaches_level"],
            hours=action["effort_hours"],
        )
        items.setdefault(item.identity, item)
    for recommendation in snapshot.get("certifications", []):
        certification = recommendation["certification"]
        gap = recommendation["addresses"][0] if recommendation["addresses"] else None
        item = AdoptedItem(
            kind=CERTIFICATION,
            source_slug=certification["slug"],
            title=f"Certification: {certification['name']}",
            description=recommendation.get("proves", ""),
            target_kind=(gap.get("kind", "skill") if gap else ""),
            target_key=gap["key"] if gap else "",
            target_label=gap["label"] if gap else "",
            level_from=gap["rating"] if gap else 0,
            target_level=gap["level"] if gap else 0,
            hours=recommendation.get("prep_hours") or certification.get("prep_hours") or 0,
        )
        items.setdefault(item.identity, item)
    return tuple(items.values())


@dataclass(frozen=True)
class ExistingItem:
    id: int
    kind: str
    source_slug: str
    status: str
    has_notes: bool  # a note or an evidence link: something the candidate wrote

    @property
    def identity(self) -> tuple[str, str]:
        return (self.kind, self.source_slug)


@dataclass(frozen=True)
class MergedItem:
    existing_id: int | None  # None: a new item
    content: AdoptedItem | None  # the newer report's text and hours; None: kept as it is


@dataclass(frozen=True)
class Merge:
    items: tuple[MergedItem, ...]  # in their new plan order
    dropped: tuple[int, ...]  # ids of items to delete


def merge(*, existing: Sequence[ExistingItem], adopted: Sequence[AdoptedItem]) -> Merge:
    """A plan after adopting a (newer) report: nothing duplicated, nothing the candidate did or wrote lost.

    - Done items stay done and as they are, first, in their order.
    - Items the report proposes follow in its order; one already in the plan keeps its id,
      status, note and evidence, and takes the report's text and hours.
    - An item the report no longer proposes (its gap closed) is kept when the candidate started
      it, skipped it or wrote about it, after the report's; an untouched one is dropped.
    """
    by_identity = {item.identity: item for item in existing}
    done = [item for item in existing if item.status == DONE]
    proposed = {item.identity for item in adopted}
    merged = [MergedItem(existing_id=item.id, content=None) for item in done]
    for item in adopted:
        before = by_identity.get(item.identity)
        if before is None:
            merged.append(MergedItem(existing_id=None, content=item))
        elif before.status != DONE:
            merged.append(MergedItem(existing_id=before.id, content=item))
    left = [item for item in existing if item.status != DONE and item.identity not in proposed]
    kept = [item for item in left if item.status != TODO or item.has_notes]
    merged += [MergedItem(existing_id=item.id, content=None) for item in kept]
    dropped = tuple(item.id for item in left if item not in kept)
    return Merge(items=tuple(merged), dropped=dropped)


# --- Pace, dates and progress ------------------------------------------------------


@dataclass(frozen=True)
class ItemState:
    """What the schedule needs of an item, in plan order."""

    hours: int
    status: str
    finished_on: date | None


@dataclass(frozen=True)
class ScheduledItem:
    planned_week: int | None  # None: skipped, or no pace
    due_on: date | None
    overdue: bool


@dataclass(frozen=True)
class BurndownWeek:
    week: int
    ends_on: date
    planned_remaining: int  # hours left at the end of the week if the schedule is kept
    actual_remaining: int | None  # hours left at the end of the week as it went; None for weeks to come


@dataclass(frozen=True)
class Schedule:
    items: tuple[ScheduledItem, ...]
    planned_hours: int  # every item but the skipped ones
    done_hours: int
    remaining_hours: int
    percent_done: int  # done ÷ planned hours, rounded down; 100 for a plan with nothing planned
    overdue_count: int
    weeks_planned: int | None  # ⌈planned hours ÷ hours per week⌉
    planned_finish: date | None  # started_on + weeks_planned weeks
    expected_finish: date | None  # today + ⌈remaining hours ÷ hours per week⌉ weeks; the last finish when none remain
    current_week: int  # the week of the plan today is in (1 on the first day)
    burndown: tuple[BurndownWeek, ...]


def schedule(*, items: Sequence[ItemState], hours_per_week: int | None, started_on: date, today: date) -> Schedule:
    """Planned weeks, progress and dates of a plan; see the module docstring for the rules."""
    if hours_per_week is not None and hours_per_week < 1:
        raise ValueError(f"Hours per week must be at least 1, not {hours_per_week!r}.")
    counted = [item for item in items if item.status != SKIPPED]
    planned_hours = sum(item.hours for item in counted)
    done_hours = sum(item.hours for item in counted if item.status == DONE)
    remaining = planned_hours - done_hours
    scheduled = []
    cumulative = 0
    for item in items:
        if item.status == SKIPPED or hours_per_week is None:
            scheduled.append(ScheduledItem(planned_week=None, due_on=None, overdue=False))
            continue
        cumulative += item.hours
        week = max(1, math.ceil(cumulative / hours_per_week))
        due = started_on + timedelta(weeks=week)
        scheduled.append(ScheduledItem(planned_week=week, due_on=due, overdue=item.status in OPEN and due < today))
    current_week = max(0, (today - started_on).days) // 7 + 1
    weeks_planned = None if hours_per_week is None else math.ceil(planned_hours / hours_per_week)
    if hours_per_week is None:
        planned_finish = expected_finish = None
    else:
        planned_finish = started_on + timedelta(weeks=weeks_planned)
        finished = [item.finished_on for item in counted if item.finished_on is not None]
        expected_finish = (
            today + timedelta(weeks=math.ceil(remaining / hours_per_week))
            if remaining
            else (max(finished) if finished else None)
        )
    return Schedule(
        items=tuple(scheduled),
        planned_hours=planned_hours,
        done_hours=done_hours,
        remaining_hours=remaining,
        percent_done=100 if planned_hours == 0 else done_hours * 100 // planned_hours,
        overdue_count=sum(1 for item in scheduled if item.overdue),
        weeks_planned=weeks_planned,
        planned_finish=planned_finish,
        expected_finish=expected_finish,
        current_week=current_week,
        burndown=_burndown(
            items=items,
            scheduled=scheduled,
            planned_hours=planned_hours,
            weeks_planned=weeks_planned,
            started_on=started_on,
            today=today,
            current_week=current_week,
        ),
    )


def _burndown(*, items, scheduled, planned_hours, weeks_planned, started_on, today, current_week):
    """Hours left at the end of each week from week 0: as planned, and as it went up to this week.

    A long plan is sampled every few weeks (at most BURNDOWN_ROWS rows, always with this week
    and the last one), so a page never draws thousands of points.
    """
    if weeks_planned is None:
        return ()
    last_week = max(weeks_planned, current_week)
    planned_by_week: dict[int, int] = {}
    for item, plan in zip(items, scheduled, strict=True):
        if plan.planned_week is not None:
            planned_by_week[plan.planned_week] = planned_by_week.get(plan.planned_week, 0) + item.hours
    finished = sorted((item.finished_on, item.hours) for item in items if item.status == DONE and item.finished_on)
    step = max(1, math.ceil(last_week / (BURNDOWN_ROWS - 1)))
    weeks = sorted({*range(0, last_week + 1, step), min(current_week, last_week), last_week})
    rows = []
    planned_done = 0
    week_counted = 0  # planned_by_week is summed up to and including this week
    for week in weeks:
        while week_counted < week:
            week_counted += 1
            planned_done += planned_by_week.get(week_counted, 0)
        ends_on = started_on + timedelta(weeks=week)
        actual = None
        if week <= current_week:
            cutoff = min(ends_on, today + timedelta(days=1))
            actual = planned_hours - sum(hours for day, hours in finished if day < cutoff)
        rows.append(
            BurndownWeek(
                week=week, ends_on=ends_on, planned_remaining=planned_hours - planned_done, actual_remaining=actual
            )
        )
    return tuple(rows)


# --- Re-checks ---------------------------------------------------------------------


@dataclass(frozen=True)
class SkillItems:
    """A skill's items in the plan: their statuses and the levels they were adopted at."""

    key: str
    label: str
    statuses: tuple[str, ...]
    level_from: int  # the lowest level an item of it was adopted at
    target_level: int  # the highest level an item of it reaches


def skills_of(items: Iterable[tuple[str, str, str, str, int, int]]) -> tuple[SkillItems, ...]:
    """Group (target_kind, key, label, status, level_from, target_level) rows by skill, in first-seen order."""
    grouped: dict[str, list] = {}
    labels: dict[str, str] = {}
    for kind, key, label, status, level_from, target_level in items:
        if kind != "skill" or not key:
            continue
        labels.setdefault(key, label)
        grouped.setdefault(key, []).append((status, level_from, target_level))
    return tuple(
        SkillItems(
            key=key,
            label=labels[key],
            statuses=tuple(status for status, _, _ in rows),
            level_from=min(level for _, level, _ in rows),
            target_level=max(level for _, _, level in rows),
        )
        for key, rows in grouped.items()
    )


def recheck_due(*, skills: Sequence[SkillItems], ratings: dict[str, int]) -> tuple[SkillItems, ...]:
    """Skills worth re-rating: every item of them done or skipped, at least one done, and the latest
    report still rates the skill below the level those items reach."""
    return tuple(
        skill
        for skill in skills
        if DONE in skill.statuses
        and all(status in (DONE, SKIPPED) for status in skill.statuses)
        and ratings.get(skill.key, 0) < skill.target_level
    )


@dataclass(frozen=True)
class SkillMove:
    key: str
    label: str
    level_from: int  # when the plan's items for it were adopted
    level_now: int  # in the latest report
    checked: int | None = None  # the level the latest report's knowledge check supports; None: not checked


def skills_moved(
    *, skills: Sequence[SkillItems], ratings: dict[str, int], checked: dict[str, int] | None = None
) -> tuple[SkillMove, ...]:
    """The plan's skills whose rating in the latest report differs from the level they were adopted at,
    and those the latest report's knowledge check checked, with the level it supports."""
    checked = checked or {}
    return tuple(
        SkillMove(
            key=skill.key,
            label=skill.label,
            level_from=skill.level_from,
            level_now=ratings[skill.key],
            checked=checked.get(skill.key),
        )
        for skill in skills
        if skill.key in ratings and (ratings[skill.key] != skill.level_from or skill.key in checked)
    )


def skill_ratings(snapshot: dict | None) -> dict[str, int]:
    """A snapshot's skill ratings by slug; none without a snapshot."""
    if snapshot is None:
        return {}
    return {answer["key"]: answer["rating"] for answer in snapshot["answers"] if answer["kind"] == "skill"}


def checked_levels(snapshot: dict | None) -> dict[str, int]:
    """The levels a snapshot's knowledge check supports, by skill slug; none when it had no check
    (snapshots before schema 3 have no "knowledge_check" key)."""
    if snapshot is None:
        return {}
    return {skill["skill"]: skill["checked"] for skill in snapshot.get("knowledge_check", {}).get("skills", [])}
