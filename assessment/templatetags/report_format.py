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
def next_steps(snapshot: dict) -> list[dict]:
    """The report's "next three steps": the plan's first actions, with the certification pick among them.

    Each step is {"action": a plan.next_actions entry, "certification": the pick or None}. The pick
    (the first certification recommended) takes the last place when the plan's first actions do not
    already include it: choosing a certificate and booking its exam is a decision to take now, even
    when its preparation ranks lower per hour than skills work.
    """
    actions = list((snapshot.get("plan") or {}).get("next_actions") or [])
    pick = (snapshot.get("certifications") or [None])[0]
    steps = [
        {"action": entry, "certification": pick if entry["action"]["slug"].startswith(PICK_ACTION_PREFIX) else None}
        for entry in actions[:NEXT_STEPS]
    ]
    if pick is not None and not any(step["certification"] for step in steps):
        steps = [*steps[: NEXT_STEPS - 1], {"action": None, "certification": pick}]
    return steps
