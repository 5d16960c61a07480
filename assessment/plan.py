"""The plan: the next actions worth doing, and when the target is within reach at the candidate's pace.

Pure functions over a roadmap (recommendations.build_roadmap) and the profile score it
was built from; nothing here touches the database. All arguments are keyword-only.

Readiness gained by an action is the percentage points of the target profile's readiness
it adds (recommendations.action_gains): for an item of weight w and target t taken from
level L₀ to level L,

    gain = 100 · w · (min(t, L) − L₀) / Σ possible           percentage points

shared among the actions of one level in proportion to their hours.

The next actions are the skills-plan actions with the most gain per hour of effort, taken
one at a time: an action is ready when every planned action it waits for (a lower level of
its item, or a prerequisite skill's action at its level or below; recommendations.waits_for)
is done or already chosen. Among the ready ones the highest gain ÷ hours comes first (an
action of no effort counts as one hour), then the higher gain, then fewer hours, then the
roadmap's order. Long routes (degrees) are never among them.

The expected date: weeks = ⌈skills-plan hours ÷ hours per week⌉ and the date is that many
weeks after the start. Without hours per week there is no date. Long routes are outside the
skills plan, so never in the date.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from assessment.recommendations import ActionOption, Roadmap, action_gains, skill_ancestors, waits_for
from assessment.scoring import ProfileScore

NEXT_ACTIONS = 5


@dataclass(frozen=True)
class NextAction:
    action: ActionOption
    phase_number: int  # where the roadmap puts it
    label: str  # the skill, duty or qualification it improves
    level_from: int  # the item's level before it
    target: int
    readiness_gain: float  # percentage points, rounded down to one decimal
    gain_per_hour: float  # percentage points per hour, rounded down to three decimals


@dataclass(frozen=True)
class Plan:
    next_actions: tuple[NextAction, ...]
    skills_hours: int  # every action of the roadmap's phases; no long route
    readiness_gain: float  # percentage points the whole skills plan adds, rounded down to one decimal
    readiness_after: float  # readiness once the skills plan is done, rounded down to one decimal
    long_term_hours: int  # required long routes (a missing required degree): outside skills_hours
    optional_hours: int  # optional long routes: outside every total
    hours_per_week: int | None
    weeks: int | None  # ⌈skills_hours ÷ hours_per_week⌉; None without hours per week
    expected_date: date | None  # start + weeks; None without hours per week


def weeks_needed(*, hours: int, hours_per_week: int | None) -> int | None:
    """⌈hours ÷ hours_per_week⌉ weeks; None without hours per week."""
    if hours_per_week is None:
        return None
    if hours_per_week < 1:
        raise ValueError(f"Hours per week must be at least 1, not {hours_per_week!r}.")
    return math.ceil(hours / hours_per_week)


def expected_date(*, hours: int, hours_per_week: int | None, start: date) -> date | None:
    """The day `hours` of work end at `hours_per_week`, counted in whole weeks from `start`; None without a pace."""
    weeks = weeks_needed(hours=hours, hours_per_week=hours_per_week)
    return None if weeks is None else start + timedelta(weeks=weeks)


def next_actions(
    *,
    score: ProfileScore,
    roadmap: Roadmap,
    prerequisites: Mapping[str, tuple[str, ...]],
    limit: int = NEXT_ACTIONS,
) -> tuple[NextAction, ...]:
    """The skills-plan actions to do first: most readiness gained per hour, prerequisites respected."""
    planned = [entry for phase in roadmap.phases for entry in phase.actions]
    gains = action_gains(score=score, actions=[(entry.action, entry.level_from) for entry in planned])
    ancestors = skill_ancestors(prerequisites)
    blockers = {
        entry.action.slug: {other.action.slug for other in planned if waits_for(entry.action, other.action, ancestors)}
        for entry in planned
    }

    def rank(position: int) -> tuple[Fraction, Fraction, int, int]:
        action = planned[position].action
        gain = gains[action.slug]
        return (-gain / max(action.effort_hours, 1), -gain, action.effort_hours, position)

    done: set[str] = set()
    chosen = []
    while len(chosen) < limit:
        ready = [
            position
            for position, entry in enumerate(planned)
            if entry.action.slug not in done and blockers[entry.action.slug] <= done
        ]
        if not ready:
            break
        entry = planned[min(ready, key=rank)]
        done.add(entry.action.slug)
        gain = gains[entry.action.slug]
        chosen.append(
            NextAction(
                action=entry.action,
                phase_number=entry.phase_number,
                label=entry.label,
                level_from=entry.level_from,
                target=entry.target,
                readiness_gain=_round_down(gain, 10),
                gain_per_hour=_round_down(gain / max(entry.action.effort_hours, 1), 1000),
            )
        )
    return tuple(chosen)


def build_plan(
    *,
    score: ProfileScore,
    roadmap: Roadmap,
    prerequisites: Mapping[str, tuple[str, ...]],
    hours_per_week: int | None,
    start: date,
    limit: int = NEXT_ACTIONS,
) -> Plan:
    """The next actions, the totals and the expected date of the skills plan."""
    planned = [entry for phase in roadmap.phases for entry in phase.actions]
    gains = action_gains(score=score, actions=[(entry.action, entry.level_from) for entry in planned])
    gained = sum(gains.values(), Fraction(0))
    after = Fraction(100 * score.earned_total, score.possible_total) + gained if score.possible_total else Fraction(100)
    return Plan(
        next_actions=next_actions(score=score, roadmap=roadmap, prerequisites=prerequisites, limit=limit),
        skills_hours=roadmap.total_hours,
        readiness_gain=_round_down(gained, 10),
        readiness_after=_round_down(after, 10),
        long_term_hours=sum(route.action.effort_hours for route in roadmap.long_routes if not route.optional),
        optional_hours=sum(route.action.effort_hours for route in roadmap.long_routes if route.optional),
        hours_per_week=hours_per_week,
        weeks=weeks_needed(hours=roadmap.total_hours, hours_per_week=hours_per_week),
        expected_date=expected_date(hours=roadmap.total_hours, hours_per_week=hours_per_week, start=start),
    )


def _round_down(value: Fraction, scale: int) -> float:
    return math.floor(value * scale) / scale
