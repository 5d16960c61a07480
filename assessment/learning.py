"""The learning plan's arithmetic: what a report adopts, how a newer report merges in, the
planned weeks, progress, the burn-down, and which skills are ready for a re-check.

Pure functions over plain data; nothing here touches the database. All arguments are keyword-only.

Planned weeks: the items that count (every item but the skipped ones) are laid end to end
in plan order, so each ends at an hour of the plan (the hours up to and including it).
The hours are laid out at `hours_per_week` from the plan's baseline: a day and the hours
done on that day. The baseline is the start (no hours done) until the plan is re-planned:
adopting a newer report, changing the pace or skipping an item moves it to that day, with
the hours done by then. An item ending at hour h is due on the last day of week ⌈(h − hours done at the
baseline) ÷ hours per week⌉ (at least 1) counted from the baseline, `baseline_on + weeks ×
7 days − 1 day`; its planned week is the week of the plan (week 1 starts on `started_on`)
that day falls in. An item to do or in progress whose due day is past is overdue: from the
first day after its week.

Why a baseline: laid out from the start for ever, items merged from a newer report would
be overdue the day they arrive, a candidate who commits more hours a week would be shown
further behind (every due day moves earlier), and skipping an item would pull the items
after it into weeks already past. A re-plan lays the open work out from
that day, so neither happens; finishing items ahead of time never moves a due day, because
the hours done at the baseline are fixed until the next re-plan.

Planned finish: the last day of week ⌈planned hours ÷ hours per week⌉ from `started_on`: the
whole plan at today's pace, as if laid out from the start. Expected finish: the last day of
week ⌈hours still to do ÷ hours per week⌉ counted from today, a forecast at the stated pace,
so finishing or skipping an item, or raising the pace, brings it closer; falling behind
pushes it out. Next to it, the pace actually kept: hours finished in the last four weeks
(fewer for a younger plan) per week. Without hours per week there are no weeks and no dates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

TODO, DOING, DONE, SKIPPED = "todo", "doing", "done", "skipped"
OPEN = (TODO, DOING)
BURNDOWN_ROWS = 105  # about two years of weeks; longer plans are sampled
RECENT_PACE_WEEKS = 4  # the actual pace is measured over this many weeks
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
    the rest of the skills plan in roadmap order, with each recommended certification right after
    the last action for a gap it proves, so exam preparation follows the learning it tests.
    Certifications that prove no gap with an action come last, best first, as the report ranks them.

    Long routes (degrees) are not adopted: they are outside the skills plan and its date.
    """
    ranked = list((snapshot.get("plan") or {}).get("next_actions", []))
    roadmap = [entry for phase in snapshot["roadmap"]["phases"] for entry in phase["actions"]]
    actions: dict[tuple[str, str], AdoptedItem] = {}
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
        actions.setdefault(item.identity, item)
    ordered = list(actions.values())
    last_action_for = {(item.target_kind, item.target_key): n for n, item in enumerate(ordered)}
    after: dict[int, list[AdoptedItem]] = {}  # position of an action -> certifications that follow it
    last: list[AdoptedItem] = []
    seen: set[tuple[str, str]] = set()
    for recommendation in snapshot.get("certifications", []):
        certification = recommendation["certification"]
        gaps = recommendation["addresses"]
        gap = gaps[0] if gaps else None
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
        if item.identity in seen:
            continue
        seen.add(item.identity)
        positions = [
            last_action_for[key] for key in ((g.get("kind", "skill"), g["key"]) for g in gaps) if key in last_action_for
        ]
        (after.setdefault(max(positions), []) if positions else last).append(item)
    placed = [item for n, action in enumerate(ordered) for item in (action, *after.get(n, ()))]
    return (*placed, *last)


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
    planned_week: int | None  # None: skipped, no pace, or done within the hours done at the last re-plan
    due_on: date | None  # the last day of the item's week
    overdue: bool


@dataclass(frozen=True)
class BurndownWeek:
    week: int
    ends_on: date  # the last day of the week; the day before the start for week 0
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
    planned_finish: date | None  # the last day of week weeks_planned from started_on
    expected_finish: date | None  # at the stated pace from today; the last finish when none remain
    current_week: int  # the week of the plan today is in (1 on the first day)
    last_planned_week: int | None  # the week the last item is due in; later than weeks_planned after a re-plan
    recent_weeks: int  # the weeks the recent pace is measured over: 4, fewer for a younger plan
    recent_pace: float  # hours finished a week over those weeks, to one decimal
    burndown: tuple[BurndownWeek, ...]


def _last_day_of_week(start: date, weeks: int) -> date:
    return start + timedelta(weeks=weeks) - timedelta(days=1)


def schedule(
    *,
    items: Sequence[ItemState],
    hours_per_week: int | None,
    started_on: date,
    today: date,
    baseline_on: date | None = None,
    baseline_done_hours: int = 0,
) -> Schedule:
    """Planned weeks, progress and dates of a plan; see the module docstring for the rules.

    The baseline defaults to the start with nothing done: a plan never re-planned.
    """
    if hours_per_week is not None and hours_per_week < 1:
        raise ValueError(f"Hours per week must be at least 1, not {hours_per_week!r}.")
    baseline_on = started_on if baseline_on is None else max(baseline_on, started_on)
    counted = [item for item in items if item.status != SKIPPED]
    planned_hours = sum(item.hours for item in counted)
    done_hours = sum(item.hours for item in counted if item.status == DONE)
    remaining = planned_hours - done_hours
    scheduled = []
    ends_at = []  # (due day, the plan hour the item ends at) of the counted items, in plan order
    cumulative = 0
    for item in items:
        if item.status == SKIPPED or hours_per_week is None:
            scheduled.append(ScheduledItem(planned_week=None, due_on=None, overdue=False))
            continue
        cumulative += item.hours
        if item.status == DONE and 0 < cumulative <= baseline_done_hours:
            # Done and within the hours done at the last re-plan: its week belonged to an earlier
            # layout, and a due day from the new one (after it was finished) would mislead.
            scheduled.append(ScheduledItem(planned_week=None, due_on=None, overdue=False))
            continue
        weeks = max(1, math.ceil((cumulative - baseline_done_hours) / hours_per_week))
        due = _last_day_of_week(baseline_on, weeks)
        ends_at.append((due, cumulative))
        scheduled.append(
            ScheduledItem(
                planned_week=(due - started_on).days // 7 + 1,
                due_on=due,
                overdue=item.status in OPEN and due < today,
            )
        )
    current_week = max(0, (today - started_on).days) // 7 + 1
    recent_weeks = min(RECENT_PACE_WEEKS, current_week)
    recent_from = today - timedelta(weeks=recent_weeks)
    recent_hours = sum(
        item.hours
        for item in counted
        if item.status == DONE and item.finished_on and recent_from < item.finished_on <= today
    )
    weeks_planned = None if hours_per_week is None else math.ceil(planned_hours / hours_per_week)
    scheduled_weeks = [item.planned_week for item in scheduled if item.planned_week is not None]
    if hours_per_week is None:
        planned_finish = expected_finish = None
    else:
        planned_finish = _last_day_of_week(started_on, max(1, weeks_planned))
        finished = [item.finished_on for item in counted if item.finished_on is not None]
        expected_finish = (
            _last_day_of_week(today, math.ceil(remaining / hours_per_week))
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
        last_planned_week=scheduled_weeks[-1] if scheduled_weeks else None,
        recent_weeks=recent_weeks,
        recent_pace=round(recent_hours / recent_weeks, 1),
        burndown=()
        if hours_per_week is None
        else _burndown(
            items=items,
            ends_at=ends_at,
            planned_hours=planned_hours,
            # After a re-plan the last item may be due later than the plan laid out from the start.
            last_week=max(weeks_planned, current_week, scheduled_weeks[-1] if scheduled_weeks else 0),
            started_on=started_on,
            baseline_on=baseline_on,
            baseline_done_hours=min(baseline_done_hours, planned_hours),
            today=today,
            current_week=current_week,
        ),
    )


def _burndown(
    *, items, ends_at, planned_hours, last_week, started_on, baseline_on, baseline_done_hours, today, current_week
):
    """Hours left at the end of each week from week 0: as planned, and as it went up to this week.

    Planned: from the baseline on, the plan hour reached by the items due by the end of the week
    (at least the hours done at the baseline). Before a re-plan the schedule that held then is
    not stored, so those weeks are drawn straight from the start to the hours done at the
    baseline. As it went: the hours of today's done items finished by the end of the week, so a
    merge, a skip or a changed finished date redraws past weeks too (the page says so).

    A long plan is sampled every few weeks (at most BURNDOWN_ROWS rows, always with this week
    and the last one), so a page never draws thousands of points.
    """
    finished = sorted((item.finished_on, item.hours) for item in items if item.status == DONE and item.finished_on)
    step = max(1, math.ceil(last_week / (BURNDOWN_ROWS - 1)))
    weeks = sorted({*range(0, last_week + 1, step), min(current_week, last_week), last_week})
    baseline_days = (baseline_on - started_on).days
    rows = []
    reached = baseline_done_hours
    due_counted = 0  # ends_at is due-ordered: the items up to here are due by the week being drawn
    for week in weeks:
        ends_on = _last_day_of_week(started_on, week)
        if ends_on < baseline_on:
            days = (ends_on - started_on).days + 1
            planned_done = baseline_done_hours * max(0, days) // baseline_days if baseline_days else 0
        else:
            while due_counted < len(ends_at) and ends_at[due_counted][0] <= ends_on:
                reached = max(reached, ends_at[due_counted][1])
                due_counted += 1
            planned_done = reached
        actual = None
        if week <= current_week:
            cutoff = min(ends_on, today)
            actual = planned_hours - sum(hours for day, hours in finished if day <= cutoff)
        rows.append(
            BurndownWeek(
                week=week,
                ends_on=ends_on,
                planned_remaining=planned_hours - min(planned_done, planned_hours),
                actual_remaining=actual,
            )
        )
    return tuple(rows)


# --- Re-checks ---------------------------------------------------------------------


@dataclass(frozen=True)
class SkillItems:
    """A skill's items in the plan: their statuses, the levels they were adopted at, and when the
    last of them was marked done."""

    key: str
    label: str
    statuses: tuple[str, ...]
    level_from: int  # the lowest level an item of it was adopted at
    target_level: int  # the highest level a done item of it reaches; 0 while none is done
    last_done_at: datetime | None  # when its last done item was marked done; None while none is


def skills_of(items: Iterable[tuple[str, str, str, str, int, int, datetime | None]]) -> tuple[SkillItems, ...]:
    """Group (target_kind, key, label, status, level_from, target_level, done_at) rows by skill, in
    first-seen order.

    The target level counts done items only: a skipped level-3 item does not make a skill whose
    level-2 item was done one that "aims at level 3".
    """
    grouped: dict[str, list] = {}
    labels: dict[str, str] = {}
    for kind, key, label, status, level_from, target_level, done_at in items:
        if kind != "skill" or not key:
            continue
        labels.setdefault(key, label)
        grouped.setdefault(key, []).append((status, level_from, target_level, done_at))
    return tuple(
        SkillItems(
            key=key,
            label=labels[key],
            statuses=tuple(row[0] for row in rows),
            level_from=min(row[1] for row in rows),
            target_level=max((row[2] for row in rows if row[0] == DONE), default=0),
            last_done_at=max((row[3] for row in rows if row[0] == DONE and row[3] is not None), default=None),
        )
        for key, rows in grouped.items()
    )


def _finished(skill: SkillItems) -> bool:
    return DONE in skill.statuses and all(status in (DONE, SKIPPED) for status in skill.statuses)


def _rated_since(skill: SkillItems, rated_at: datetime) -> bool:
    return skill.last_done_at is not None and rated_at > skill.last_done_at


def recheck_due(*, skills: Sequence[SkillItems], ratings: dict[str, int], rated_at: datetime) -> tuple[SkillItems, ...]:
    """Skills worth re-rating: every item of them done or skipped, at least one done, the latest report
    (made at `rated_at`) still rates the skill below the level the done items reach, and that report
    is older than the last item marked done.

    Once a newer report (a re-check, a new assessment) has rated the skill, the offer goes: a rating
    still below is an answer, not a reason to ask again (see `rechecked_below`). The moment an item
    was marked done is used rather than its finished date: the candidate may backdate that, and a
    re-check on the day the work is finished is the usual case, which a day cannot order.
    """
    return tuple(
        skill
        for skill in skills
        if _finished(skill) and ratings.get(skill.key, 0) < skill.target_level and not _rated_since(skill, rated_at)
    )


@dataclass(frozen=True)
class StillBelow:
    skill: SkillItems
    rating: int  # in the latest report


def rechecked_below(
    *, skills: Sequence[SkillItems], ratings: dict[str, int], rated_at: datetime
) -> tuple[StillBelow, ...]:
    """Finished skills that a report made after their last item was done still rates below the level
    those items reach: the plan has nothing more for them, and says so instead of offering the
    re-check again."""
    return tuple(
        StillBelow(skill=skill, rating=ratings[skill.key])
        for skill in skills
        if _finished(skill)
        and skill.key in ratings
        and ratings[skill.key] < skill.target_level
        and _rated_since(skill, rated_at)
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
