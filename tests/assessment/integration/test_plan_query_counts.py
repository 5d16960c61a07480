"""The plan page and its POSTs run the same number of queries whatever the number of plan items.

Every test runs with a plan of 10 items and one of 200. The literals are the measured counts; a
change in either case means a query was added, or one now runs per item.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from assessment.models import LearningPlan, PlanItem
from tests.journeys import report_made

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def signed_in_plan(client) -> LearningPlan:
    """Ada, signed in, with an empty plan from a report rating every skill 1, started three weeks ago at 6 h a week."""
    user = get_user_model().objects.create_user(username="ada", email="ada@example.org")
    client.force_login(user)
    report = report_made(user=user, rating=1)
    return LearningPlan.objects.create(
        user=user,
        role_slug=report.role_slug,
        role_name=report.role_name,
        seniority_slug=report.seniority_slug,
        seniority_name=report.seniority_name,
        source_report=report,
        hours_per_week=6,
        started_on=timezone.localdate() - timedelta(weeks=3),
        baseline_on=timezone.localdate() - timedelta(weeks=3),
    )


@pytest.fixture(params=[10, 200], ids=["10-items", "200-items"])
def plan(request, client):
    plan = signed_in_plan(client)
    today = timezone.localdate()
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            position=n,
            kind="action",
            source_slug=f"action-{n}",
            title=f"Action {n}",
            target_kind="skill",
            target_key=f"skill-{n % 7}",
            target_label=f"Skill {n % 7}",
            level_from=1,
            target_level=2,
            hours=4,
            status=("done", "skipped", "doing", "todo")[n % 4],
            finished_on=today - timedelta(days=n % 20) if n % 4 == 0 else None,
            note="A note" if n % 3 == 0 else "",
        )
        for n in range(1, request.param + 1)
    )
    return plan


def test_the_plan_page(client, plan, django_assert_num_queries):
    # Session and user; the plan; its items; the latest report for its target.
    with django_assert_num_queries(5):
        response = client.get(reverse("assessment:plan", kwargs={"pk": plan.pk}))

    assert response.text.count('data-testid="plan-item"') == plan.items.count()


def test_setting_the_pace(client, plan, django_assert_num_queries):
    # Session and user; the plan; the hours done (the new baseline); the update.
    with django_assert_num_queries(5):
        response = client.post(reverse("assessment:plan-pace", kwargs={"pk": plan.pk}), {"hours_per_week": "9"})

    assert (response.status_code, LearningPlan.objects.get().hours_per_week) == (302, 9)


def test_a_refused_pace_renders_the_plan_page(client, plan, django_assert_num_queries):
    # Session and user; the plan; its items; the latest report.
    with django_assert_num_queries(5):
        response = client.post(reverse("assessment:plan-pace", kwargs={"pk": plan.pk}), {"hours_per_week": "0"})

    assert (response.status_code, "Hours a week is at least 1." in response.text) == (400, True)


def test_updating_an_item(client, plan, django_assert_num_queries):
    item = plan.items.get(position=2)
    url = reverse("assessment:plan-item", kwargs={"pk": plan.pk, "item_id": item.pk})

    # Session and user; the item with its plan; a savepoint; the update; the savepoint released.
    with django_assert_num_queries(6):
        response = client.post(url, {"status": "done", "note": "ok", "evidence_url": "", "finished_on": ""})

    item.refresh_from_db()
    assert (response.status_code, item.status, item.finished_on) == (302, "done", timezone.localdate())


def test_skipping_an_item_re_plans(client, plan, django_assert_num_queries):
    item = plan.items.get(position=3)  # in progress
    url = reverse("assessment:plan-item", kwargs={"pk": plan.pk, "item_id": item.pk})

    # Session and user; the item with its plan; a savepoint; the update; the hours done; the plan's
    # new baseline; the savepoint released.
    with django_assert_num_queries(8):
        response = client.post(url, {"status": "skipped", "note": "", "evidence_url": "", "finished_on": ""})

    assert (response.status_code, LearningPlan.objects.get().baseline_on) == (302, timezone.localdate())


def test_a_refused_item_update_renders_the_plan_page(client, plan, django_assert_num_queries):
    item = plan.items.get(position=2)
    url = reverse("assessment:plan-item", kwargs={"pk": plan.pk, "item_id": item.pk})

    # Session and user; the item with its plan; the plan's items; the latest report.
    with django_assert_num_queries(5):
        response = client.post(url, {"status": "done", "evidence_url": "http://insecure.example.org"})

    assert (
        response.status_code,
        "An evidence link must be a full address starting with https://." in response.text,
    ) == (400, True)


def test_the_calendar(client, plan, django_assert_num_queries):
    # Session and user; the plan; its items; the latest report.
    with django_assert_num_queries(5):
        response = client.get(reverse("assessment:plan-ics", kwargs={"pk": plan.pk}))

    assert response.content.startswith(b"BEGIN:VCALENDAR")


@pytest.fixture(params=[10, 200], ids=["10-items", "200-items"])
def recheck_plan(request, client):
    """A plan of real skills whose first skill (Python) has every item done: it is due for a re-check."""
    plan = signed_in_plan(client)
    skills = ["python", "mlops", "deep-learning-frameworks", "data-preprocessing-pipelines"]
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            position=n,
            kind="action",
            source_slug=f"action-{n}",
            title=f"Action {n}",
            target_kind="skill",
            target_key=skills[n % 4],
            target_label=skills[n % 4],
            level_from=1,
            target_level=3,
            hours=4,
            status="done" if n % 4 == 0 else "todo",
            finished_on=timezone.localdate() if n % 4 == 0 else None,
            done_at=timezone.now() if n % 4 == 0 else None,
        )
        for n in range(1, request.param + 1)
    )
    return plan


def test_the_re_check_page(client, recheck_plan, django_assert_num_queries):
    # Session and user; the plan; its items; the latest report; the catalogue revision (questionnaire);
    # the target profile's skills for the check's offer; a check under way for the target.
    with django_assert_num_queries(8):
        response = client.get(reverse("assessment:plan-recheck", kwargs={"pk": recheck_plan.pk}))

    assert response.context["check"]["max_items"] == 3


def test_a_re_check_with_the_knowledge_check(client, recheck_plan, django_assert_num_queries):
    url = reverse("assessment:plan-recheck", kwargs={"pk": recheck_plan.pk})

    # Session and user; the plan; its items; the latest report; the catalogue revision; in a transaction
    # (two savepoints, two releases): the role and seniority, the new assessment, its answers, its held
    # certifications; starting the check: the locked assessment, its answers, the target profile, the
    # bank, the items seen before, the drawn item's options, the drawn item, the check's state.
    with django_assert_num_queries(23):
        response = client.post(url, {"python": "2", "nav": "check"})

    assert response["Location"].endswith("/check/")
