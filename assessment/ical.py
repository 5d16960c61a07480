"""A plan's planned weeks as an iCalendar file (RFC 5545), built with the icalendar library.

One all-day event per planned week that still has work in it, spanning the week, naming
its items and their hours. Event UIDs are stable (plan and week), so importing the file
again updates the events instead of adding copies.
"""

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from assessment import learning
from assessment.plan_selectors import PlanPage

PRODUCT_ID = "-//Skills Gap//Learning plan//EN"


def plan_calendar(*, page: PlanPage, stamp: datetime) -> bytes:
    """The plan's open items grouped by planned week; empty (no events) without a pace."""
    plan = page.plan
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Learning plan: {plan.role_name} ({plan.seniority_name})")
    weeks: dict[int, list] = {}
    for row in page.rows:
        if row.item.status in learning.OPEN and row.scheduled.planned_week is not None:
            weeks.setdefault(row.scheduled.planned_week, []).append(row.item)
    for week, items in sorted(weeks.items()):
        starts = plan.started_on + timedelta(weeks=week - 1)
        hours = sum(item.hours for item in items)
        event = Event()
        event.add("uid", f"plan-{plan.pk}-week-{week}@skills-gap")
        event.add("dtstamp", stamp)
        event.add("dtstart", starts)
        event.add("dtend", starts + timedelta(weeks=1))
        event.add("summary", f"Learning plan week {week}: {hours} h ({plan.role_name})")
        event.add("description", "\n".join(f"- {item.title} ({item.hours} h)" for item in items))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
