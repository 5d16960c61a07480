"""A plan re-planned (a newer report merged, the pace changed) and re-checked, through the real services,
catalogue and pages: what is overdue, what is offered, and what the page says."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment import learning, plan_selectors, plan_services
from assessment.models import LearningPlan, PlanItem
from tests.journeys import report_made

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def plan_url(plan, name="assessment:plan"):
    return reverse(name, kwargs={"pk": plan.pk})


def finish(item, *, on, status="done"):
    plan_services.plan_item_update(
        item=item, status=status, note="", evidence_url="", finished_on=on if status == "done" else None, today=on
    )


def overdue_count(plan, *, today=None):
    plan.refresh_from_db()
    return plan_selectors.plan_page_get(plan=plan, today=today or timezone.localdate()).schedule.overdue_count


def overdue_from_the_start(plan, *, hours_per_week):
    """What the plan would show laid out from its start, as before re-plans existed."""
    items = plan_selectors.plan_items(plan=plan)
    return learning.schedule(
        items=plan_selectors.item_states(items),
        hours_per_week=hours_per_week,
        started_on=plan.started_on,
        today=timezone.localdate(),
    ).overdue_count


# --- D11: the baseline --------------------------------------------------------------------


@pytest.mark.parametrize("days_in", [15, 40])
def test_raising_the_pace_never_increases_the_overdue_count(user, days_in):
    today = timezone.localdate()
    start = today - timedelta(days=days_in)
    plan = plan_services.plan_adopt(user=user, report=report_made(user=user, hours_per_week=5), today=start).plan
    finish(plan.items.order_by("position").first(), on=start + timedelta(days=3))
    counts = [overdue_count(plan)]

    for pace in (10, 20, 40):
        plan_services.plan_pace_set(plan=plan, hours_per_week=pace, today=today)
        counts.append(overdue_count(plan))

    assert counts == sorted(counts, reverse=True)
    assert counts[1:] == [0, 0, 0]
    # The case is one where laying the plan out from its start would show the faster candidate behind.
    assert overdue_from_the_start(plan, hours_per_week=40) > overdue_from_the_start(plan, hours_per_week=5)


def test_a_new_pace_lays_the_open_items_out_from_today_with_the_hours_done(user):
    today = timezone.localdate()
    start = today - timedelta(weeks=6)
    plan = plan_services.plan_adopt(user=user, report=report_made(user=user, hours_per_week=5), today=start).plan
    first = plan.items.order_by("position").first()
    finish(first, on=start + timedelta(days=2))

    changed = plan_services.plan_pace_set(plan=plan, hours_per_week=8, today=today)
    unchanged = plan_services.plan_pace_set(plan=plan, hours_per_week=8, today=today + timedelta(days=1))

    plan.refresh_from_db()
    assert (changed, unchanged) == (True, False)
    assert (plan.started_on, plan.baseline_on, plan.baseline_done_hours) == (start, today, first.hours)


def test_items_merged_from_a_newer_report_are_not_overdue_on_the_day_they_arrive(user):
    today = timezone.localdate()
    start = today - timedelta(weeks=52)
    plan = plan_services.plan_adopt(user=user, report=report_made(user=user, rating=2, hours_per_week=5), today=start)
    plan = plan.plan
    finish(plan.items.order_by("position").first(), on=start + timedelta(weeks=1))
    before = set(plan.items.values_list("pk", flat=True))

    adoption = plan_services.plan_adopt(user=user, report=report_made(user=user, rating=1), today=today)

    page = plan_selectors.plan_page_get(plan=LearningPlan.objects.get(), today=today)
    arrived = [row for row in page.rows if row.item.pk not in before]
    assert adoption.added == len(arrived) > 0
    assert [row.scheduled.overdue for row in arrived] == [False] * len(arrived)
    assert page.schedule.overdue_count == 0
    first_open = next(row for row in page.rows if row.item.status == "todo")
    assert first_open.scheduled.due_on == today + timedelta(weeks=-(-first_open.item.hours // 5), days=-1)
    # Laid out from the start, some of them would have been overdue the moment they arrived.
    assert overdue_from_the_start(page.plan, hours_per_week=5) > 0


def test_skipping_an_item_never_makes_another_overdue(user):
    today = timezone.localdate()
    plan = plan_services.plan_adopt(user=user, report=report_made(user=user, hours_per_week=5), today=today).plan
    first, second = plan.items.order_by("position")[:2]
    # Started so that the second item's week ends yesterday once the first is gone, not before.
    start = today - timedelta(weeks=-(-second.hours // 5))
    LearningPlan.objects.filter(pk=plan.pk).update(started_on=start, baseline_on=start)
    before = overdue_count(plan)

    finish(first, on=today, status="skipped")

    plan.refresh_from_db()
    assert overdue_count(plan) <= before
    assert (plan.baseline_on, plan.baseline_done_hours) == (today, 0)
    # Laid out from the start, the second item would have fallen overdue the moment the first was skipped.
    assert overdue_from_the_start(plan, hours_per_week=5) > before


def test_the_plan_page_says_when_it_was_re_planned(signed_in, user):
    today = timezone.localdate()
    plan = plan_services.plan_adopt(
        user=user, report=report_made(user=user, hours_per_week=5), today=today - timedelta(weeks=3)
    ).plan

    signed_in.post(plan_url(plan, "assessment:plan-pace"), {"hours_per_week": "9"})

    page = signed_in.get(plan_url(plan))
    assert f"{today.day} {today:%B %Y}" in page.text
    assert "the items still open are due counting from that day, with the 0 h done by then" in page.text
    assert "the dashed line is drawn straight to the hours done that day" in page.text


# --- S6 and S7: the finish at the stated pace, the pace kept, the burn-down note ------------


def test_the_plan_page_forecasts_at_the_stated_pace_and_shows_the_pace_kept(signed_in, user):
    today = timezone.localdate()
    plan = plan_services.plan_adopt(
        user=user, report=report_made(user=user, hours_per_week=60), today=today - timedelta(weeks=6)
    ).plan
    first, second = plan.items.order_by("position")[:2]
    finish(first, on=today - timedelta(weeks=5))  # before the last four weeks
    finish(second, on=today - timedelta(days=3))

    page = signed_in.get(plan_url(plan))

    pace = round(second.hours / 4, 1)
    assert "Finish at 60 h a week from today</dt>" in page.text
    assert f"{pace:g} h a week over the last 4 weeks" in page.text
    assert "below the 60 h you planned" in page.text
    assert "Past weeks are recomputed from the items as they are today, not stored" in page.text


# --- D12 and D13: the re-check ------------------------------------------------------------


def skill_with_two_levels(plan):
    """A skill with action items at two levels or more above its rating of 1: (its lower items, its top item)."""
    by_skill: dict[str, list[PlanItem]] = {}
    for item in plan.items.filter(target_kind="skill", kind="action").order_by("position"):
        by_skill.setdefault(item.target_key, []).append(item)
    for items in by_skill.values():
        top = max(item.target_level for item in items)
        lower = [item for item in items if item.target_level < top]
        if lower and min(item.target_level for item in items) > 1:
            return lower, [item for item in items if item.target_level == top]
    raise AssertionError("The catalogue has no skill planned at two levels above 1.")


def test_skipped_items_set_neither_the_re_check_level_nor_the_finished_wording(signed_in, user):
    report = report_made(user=user, rating=1, hours_per_week=5)
    plan = plan_services.plan_adopt(user=user, report=report, today=timezone.localdate()).plan
    lower, top = skill_with_two_levels(plan)
    for item in plan.items.filter(target_kind="skill", target_key=lower[0].target_key):
        finish(item, on=timezone.localdate(), status="skipped" if item in top else "done")
    done_level = max(item.target_level for item in lower)

    page = signed_in.get(plan_url(plan))
    recheck = signed_in.get(plan_url(plan, "assessment:plan-recheck"))

    label = lower[0].target_label
    assert f"Every item for <strong>{label}</strong> is done or skipped, and at least one is done." in page.text
    assert "Every item is finished" not in page.text
    assert f"the items you finished aim at level {done_level}." in recheck.text
    assert f"aim at level {top[0].target_level}" not in recheck.text


def test_a_re_check_that_leaves_the_rating_below_ends_the_offer_and_says_what_happened(signed_in, user):
    report = report_made(user=user, rating=1, hours_per_week=5)
    plan = plan_services.plan_adopt(user=user, report=report, today=timezone.localdate()).plan
    key = plan.items.filter(target_kind="skill").order_by("position").first().target_key
    items = plan.items.filter(target_kind="skill", target_key=key)
    for item in items:
        finish(item, on=timezone.localdate())
    target = max(item.target_level for item in items)
    assert 'data-testid="recheck-due"' in signed_in.get(plan_url(plan)).text

    response = signed_in.post(plan_url(plan, "assessment:plan-recheck"), {key: "1"})

    assert response.status_code == 302
    page = signed_in.get(plan_url(plan))
    assert 'data-testid="recheck-due"' not in page.text
    latest = page.context["page"].latest_report
    assert latest.pk != report.pk
    rated = timezone.localtime(latest.created_at)
    assert (
        f"<strong>{items[0].target_label}</strong>: re-rated {rated.day} {rated:%b %Y}: still 1, below the level "
        f"{target} your done items aim at. Your plan has no further item for this skill; the next report's actions "
        "or a mentor can help."
    ) in page.text
    again = signed_in.get(plan_url(plan, "assessment:plan-recheck"), follow=True)
    assert "No skill is ready for a re-check" in again.text


def test_marking_a_skill_done_again_after_a_re_check_offers_it_again(signed_in, user):
    report = report_made(user=user, rating=1, hours_per_week=5)
    plan = plan_services.plan_adopt(user=user, report=report, today=timezone.localdate()).plan
    item = plan.items.filter(target_kind="skill").order_by("position").first()
    for same_skill in plan.items.filter(target_kind="skill", target_key=item.target_key):
        finish(same_skill, on=timezone.localdate())
    signed_in.post(plan_url(plan, "assessment:plan-recheck"), {item.target_key: "1"})
    item.refresh_from_db()
    finish(item, on=timezone.localdate())  # a note or a date changed on a done item: nothing new to rate
    assert 'data-testid="recheck-due"' not in signed_in.get(plan_url(plan)).text

    finish(item, on=timezone.localdate(), status="doing")
    item.refresh_from_db()
    finish(item, on=timezone.localdate())

    assert 'data-testid="recheck-due"' in signed_in.get(plan_url(plan)).text


def test_setting_the_same_pace_again_changes_nothing_and_says_so(signed_in, user):
    start = timezone.localdate() - timedelta(weeks=3)
    plan = plan_services.plan_adopt(user=user, report=report_made(user=user, hours_per_week=5), today=start).plan

    response = signed_in.post(plan_url(plan, "assessment:plan-pace"), {"hours_per_week": "5"}, follow=True)

    plan.refresh_from_db()
    assert "The pace is already 5 hours a week: nothing changed." in response.text
    assert (plan.hours_per_week, plan.baseline_on) == (5, start)
