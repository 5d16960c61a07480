import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment import services
from assessment.models import Answer, Assessment, CheckResponse, Report, ShareLink
from tests.journeys import answer_steps, start_assessment, take_check

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "correct horse battery"
DATA_URL = "/account/data/"
DELETE_URL = "/account/delete/"


def make_candidate(client, *, username: str, email: str, rating: int = 3):
    """A signed-in user with one completed report (and its assessment), one share link and one draft."""
    user = get_user_model().objects.create_user(username=username, email=email, password=PASSWORD)
    client.force_login(user)
    completed = start_assessment(client, role="nlp-engineer", seniority="senior")
    answer_steps(client, completed, rating=rating, certifications=["aws-ai-practitioner"])
    report = Report.objects.get(assessment=completed)
    link = services.report_share_link_create(report=report, label=f"for {username}'s mentor", expires_in_days=30)
    draft = start_assessment(client, role="mlops-engineer")
    answer_steps(client, draft, rating=rating, until="skills-production")
    return user, report, link


@pytest.fixture
def alice_client():
    return Client()


@pytest.fixture
def alice(alice_client):
    return make_candidate(alice_client, username="alice-9123", email="alice-9123@example.org")


@pytest.fixture
def charlie_client():
    return Client()


@pytest.fixture
def charlie(charlie_client):
    return make_candidate(charlie_client, username="charlie-9123", email="charlie-9123@example.org", rating=1)


def rows_of(user) -> dict:
    return {
        "assessments": set(Assessment.objects.filter(user=user).values_list("pk", flat=True)),
        "answers": Answer.objects.filter(assessment__user=user).count(),
        "reports": set(Report.objects.filter(user=user).values_list("pk", flat=True)),
        "links": set(ShareLink.objects.filter(report__user=user).values_list("token", flat=True)),
    }


# --- Download -----------------------------------------------------------------------------


def test_account_data_page_lists_what_we_hold(alice_client, alice, charlie):
    response = alice_client.get(DATA_URL)

    page = response.content.decode()
    data = response.context["data"]
    assert response.status_code == 200
    assert (len(data["assessments"]), len(data["reports"]), len(data["share_links"])) == (2, 1, 1)
    assert '<td data-testid="assessment-count">2</td>' in page
    assert '<td data-testid="report-count">1</td>' in page
    assert '<td data-testid="share-link-count">1</td>' in page
    assert "alice-9123@example.org" in page
    assert "charlie-9123" not in page


def test_account_data_download_is_a_json_attachment_of_exactly_the_users_rows(alice_client, alice, charlie):
    user, report, link = alice
    charlie_user, charlie_report, charlie_link = charlie
    expected = rows_of(user)
    user.refresh_from_db()

    response = alice_client.post(DATA_URL)

    raw = response.content.decode()
    data = json.loads(raw)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="skills-gap-data-{timezone.localdate():%Y-%m-%d}.json"'
    )
    assert data["profile"] == {
        "username": "alice-9123",
        "email": "alice-9123@example.org",
        "first_name": "",
        "last_name": "",
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat(),
    }
    assert {a["id"] for a in data["assessments"]} == {str(pk) for pk in expected["assessments"]}
    assert sum(len(a["answers"]) for a in data["assessments"]) == expected["answers"]
    assert [r["id"] for r in data["reports"]] == [str(report.pk)]
    assert data["reports"][0]["snapshot"] == report.snapshot
    assert [(s["report"], s["token"], s["label"]) for s in data["share_links"]] == [
        (str(report.pk), link.token, "for alice-9123's mentor")
    ]
    leaks = [text for text in (charlie_user.email, str(charlie_report.pk), charlie_link.token) if text in raw]
    assert leaks == []


def test_account_data_download_includes_a_drafts_answers_and_held_certifications(alice_client, alice):
    response = alice_client.post(DATA_URL)

    exported = {a["role"]: a for a in json.loads(response.content)["assessments"]}
    draft = Assessment.objects.get(role__slug="mlops-engineer")
    assert exported["mlops-engineer"]["status"] == "in_progress"
    assert exported["mlops-engineer"]["answers"] == [
        {"kind": a.kind, "key": a.key, "rating": a.rating} for a in Answer.objects.filter(assessment=draft)
    ]
    assert exported["nlp-engineer"]["held_certifications"] == ["aws-ai-practitioner"]


@pytest.mark.parametrize(
    ("method", "url"), [("get", DATA_URL), ("post", DATA_URL), ("get", DELETE_URL), ("post", DELETE_URL)]
)
def test_account_pages_send_anonymous_visitors_to_log_in(method, url):
    response = getattr(Client(), method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


# --- Delete -----------------------------------------------------------------------------------


def test_account_delete_page_asks_for_the_password(alice_client, alice):
    response = alice_client.get(DELETE_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'type="password" name="password"' in page
    assert "Delete my account and all its data" in page


def test_account_delete_removes_the_user_and_all_their_data_and_nobody_elses(alice_client, alice, charlie):
    user, report, link = alice
    charlie_user = charlie[0]
    charlie_rows = rows_of(charlie_user)

    response = alice_client.post(DELETE_URL, {"password": PASSWORD})

    assert get_user_model().objects.filter(pk=user.pk).exists() is False
    assert rows_of(user) == {"assessments": set(), "answers": 0, "reports": set(), "links": set()}
    assert Report.objects.filter(pk=report.pk).exists() is False
    assert ShareLink.objects.filter(pk=link.pk).exists() is False
    assert rows_of(charlie_user) == charlie_rows
    assert response["Location"] == reverse("career:home")
    assert "_auth_user_id" not in alice_client.session
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Your account and everything in it have been deleted."]
    assert Client().get(f"/s/{link.token}/").status_code == 404


def test_account_delete_with_the_wrong_password_deletes_nothing(alice_client, alice):
    user = alice[0]
    before = rows_of(user)

    response = alice_client.post(DELETE_URL, {"password": "not my password"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"password": ["That is not your password. Nothing was deleted."]}
    assert get_user_model().objects.filter(pk=user.pk).exists() is True
    assert rows_of(user) == before
    assert alice_client.session["_auth_user_id"] == str(user.pk)


def test_account_delete_with_no_password_deletes_nothing(alice_client, alice):
    user = alice[0]

    response = alice_client.post(DELETE_URL, {})

    assert response.status_code == 400
    assert response.context["form"].errors == {"password": ["This field is required."]}
    assert get_user_model().objects.filter(pk=user.pk).exists() is True


def test_account_delete_by_another_signed_in_user_deletes_only_that_user(alice_client, alice, charlie_client, charlie):
    alice_rows = rows_of(alice[0])

    charlie_client.post(DELETE_URL, {"password": PASSWORD})

    assert list(get_user_model().objects.values_list("username", flat=True)) == ["alice-9123"]
    assert rows_of(alice[0]) == alice_rows


def test_account_data_download_includes_the_knowledge_check_answers(alice_client, alice):
    assessment = start_assessment(alice_client, role="ai-developer", seniority="junior")
    answer_steps(alice_client, assessment, rating=2, until="check")
    take_check(alice_client, assessment, right=True)

    response = alice_client.post(DATA_URL)

    exported = next(a for a in json.loads(response.content)["assessments"] if a["id"] == str(assessment.pk))
    assert exported["knowledge_check"]["status"] == "finished"
    assert [(i["number"], i["item"], i["correct"]) for i in exported["knowledge_check"]["items"]] == [
        (r.number, r.item_slug, True) for r in CheckResponse.objects.filter(assessment=assessment).order_by("number")
    ]
