"""Formatting filters for reports. They never query."""

from datetime import date

from django import template

from assessment.recommendations import PICK_ACTION_PREFIX

register = template.Library()

# Readiness bands, in percent; the top one is the seniority-estimate threshold.
READINESS_BANDS = ((80, "Ready"), (60, "Close"), (40, "Building"), (0, "Early"))
KIND_LABELS = {"skill": "Skill", "duty": "Duty", "education": "Education"}
LEVEL_NAMES = {0: "None", 1: "Awareness", 2: "Working", 3: "Proficient", 4: "Expert"}
SCOPE_NAMES = {0: "Not yet", 1: "Junior", 2: "Mid-level", 3: "Senior", 4: "Lead"}


@register.filter
def percent(value) -> str:
    if value is None:
        return "–"
    return f"{float(value):.1f}%"


@register.filter
def readiness_band(value) -> str:
    value = float(value or 0)
    return next(label for floor, label in READINESS_BANDS if value >= floor)


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@register.filter
def level_name(level, kind: str = "skill") -> str:
    names = SCOPE_NAMES if kind == "duty" else LEVEL_NAMES
    return names.get(level, str(level))


@register.filter
def bar_width(value, maximum) -> str:
    """A value as a share of `maximum`, in SVG user units out of 100."""
    if not maximum:
        return "0"
    return f"{max(0.0, min(100.0, 100 * float(value) / float(maximum))):.1f}"


@register.filter
def hours(value) -> str:
    return f"{int(value):,} h"


@register.filter
def isodate(value) -> date | None:
    """An ISO 8601 date string, as a snapshot stores dates, as a date for the `date` filter."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


NEXT_STEPS = 3


@register.filter
def certification_pick(snapshot: dict) -> dict | None:
    """The report's one certification pick: the first certification recommended when it suits the target.

    A snapshot made before `suited` existed took its first certification as the pick.
    """
    first = (snapshot.get("certifications") or [None])[0]
    return first if first is not None and first.get("suited", True) else None


def _roadmap_slugs(snapshot: dict) -> set[str]:
    phases = (snapshot.get("roadmap") or {}).get("phases") or []
    return {entry["action"]["slug"] for phase in phases for entry in phase.get("actions") or []}


@register.filter
def next_steps(snapshot: dict) -> list[dict]:
    """The report's "next three steps": the plan's first actions, with the certification pick among them.

    Each step is {"action": a plan.next_actions entry, "certification": the pick or None, "booked":
    True when the pick took a place the plan's ranking would have given a skills action}. The pick
    is a step only when the roadmap plans it (a `certification-pick-` action: the certification
    qualification has a gap). Then, when the plan's first actions do not already include it, it
    takes the last place: choosing a certificate and booking its exam is a decision to take now,
    even when its preparation ranks lower per hour than skills work. A candidate who already holds
    enough certification keeps the plan's skills actions; the pick stays in the Certifications section.
    """
    actions = list((snapshot.get("plan") or {}).get("next_actions") or [])
    pick = certification_pick(snapshot)
    planned = pick is not None and PICK_ACTION_PREFIX + pick["certification"]["slug"] in _roadmap_slugs(snapshot)
    steps = [
        {
            "action": entry,
            "certification": pick if planned and entry["action"]["slug"].startswith(PICK_ACTION_PREFIX) else None,
            "booked": False,
        }
        for entry in actions[:NEXT_STEPS]
    ]
    if planned and not any(step["certification"] for step in steps):
        steps = [*steps[: NEXT_STEPS - 1], {"action": None, "certification": pick, "booked": True}]
    return steps


@register.filter
def pick_in_next_steps(snapshot: dict) -> bool:
    """Whether the next steps show the certification pick (and say why it is the pick)."""
    return any(step["certification"] for step in next_steps(snapshot))
