"""Who may see and answer a knowledge check, and who may read the item statistics.

The owner's check (and its item waiting for an answer) exists before anyone else
asks: another candidate, signed in or anonymous, gets 404 for every request and
changes nothing; the item statistics are for staff with the permission to view
the bank; every page of the check is no-store.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from assessment.models import CheckResponse
from career.models import KnowledgeCheckItem
from tests.journeys import answer_steps, correct_option, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"
User = get_user_model()


@pytest.fixture
def owner_client():
    client = Client()
    client.force_login(User.objects.create_user(username="alice-check", email="alice.check@example.org"))
    return client


@pytest.fixture
def checking(owner_client):
    """Alice's assessment with the check started: one item waits for her answer."""
    assessment = start_assessment(owner_client)
    answer_steps(owner_client, assessment, rating=3, until="check")
    owner_client.post(reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": "check"}), {"nav": "start"})
    return assessment


def check_url(assessment) -> str:
    return reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": "check"})


def state(assessment) -> tuple:
    assessment.refresh_from_db()
    return assessment.check_status, list(CheckResponse.objects.filter(assessment=assessment).values())


@pytest.mark.parametrize("who", ["signed-in", "anonymous"])
def test_another_candidate_gets_404_and_changes_nothing(checking, who):
    charlie = Client()
    if who == "signed-in":
        charlie.force_login(User.objects.create_user(username="charlie-check", email="charlie.check@example.org"))
    else:
        charlie.post(reverse("assessment:start"), {"role": "ai-engineer", "seniority": "mid"})
    waiting = CheckResponse.objects.get(assessment=checking, answered_at__isnull=True)
    before = state(checking)

    responses = [
        charlie.get(check_url(checking)),
        charlie.post(
            check_url(checking), {"nav": "answer", "item": waiting.item_id, "option": correct_option(waiting.item_id)}
        ),
        charlie.post(check_url(checking), {"nav": "skip"}),
        charlie.post(check_url(checking), {"nav": "start"}),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert [KnowledgeCheckItem.objects.get(pk=waiting.item_id).stem in r.content.decode() for r in responses] == [
        False
    ] * 4
    assert state(checking) == before


def test_the_check_pages_are_no_store(owner_client, checking):
    waiting = CheckResponse.objects.get(assessment=checking, answered_at__isnull=True)

    page = owner_client.get(check_url(checking))
    refused = owner_client.post(check_url(checking), {"nav": "answer", "item": waiting.item_id, "option": "0"})

    assert (page.status_code, page["Cache-Control"]) == (200, NO_STORE)
    assert (refused.status_code, refused["Cache-Control"]) == (400, NO_STORE)


def test_item_statistics_refuse_anyone_but_curators(client):
    statistics = reverse("check-statistics")
    candidate = User.objects.create_user(username="dave-check", email="dave.check@example.org")
    staff_without_permission = User.objects.create_user(username="erin-staff", email="erin@example.org", is_staff=True)
    curator = User.objects.create_user(username="fay-curator", email="fay@example.org", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_knowledgecheckitem"))
    statuses = {}

    for name, user in [
        ("anonymous", None),
        ("candidate", candidate),
        ("staff", staff_without_permission),
        ("curator", curator),
    ]:
        browser = Client()
        if user is not None:
            browser.force_login(user)
        response = browser.get(statistics)
        statuses[name] = (response.status_code, response.get("Location", "").split("?")[0])

    assert statuses == {
        "anonymous": (302, reverse("admin:login")),
        "candidate": (302, reverse("admin:login")),
        "staff": (403, ""),
        "curator": (200, ""),
    }


def test_item_statistics_allow_only_get(admin_client):
    assert admin_client.post(reverse("check-statistics")).status_code == 405
