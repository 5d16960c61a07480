from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessment import services
from assessment.models import Answer, Assessment, Report
from career.models import Skill, SkillRequirement
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

User = get_user_model()


@pytest.fixture
def alice(client, questionnaire):
    user = User.objects.create_user("alice", "alice-secret@example.com", "irrelevant-password-1")
    client.force_login(user)
    return user


@pytest.fixture
def charlie_client(questionnaire):
    charlie = User.objects.create_user("charlie", "charlie@example.com", "irrelevant-password-2")
    other = Client()
    other.force_login(charlie)
    return other


def make_report(client, *, rating, role="ai-engineer", seniority="mid", days_ago=0) -> Report:
    assessment = start_assessment(client, role=role, seniority=seniority)
    answer_steps(client, assessment, rating=rating)
    report = Report.objects.get(assessment=assessment)
    if days_ago:
        Report.objects.filter(pk=report.pk).update(created_at=report.created_at - timedelta(days=days_ago))
        report.refresh_from_db()
    return report


def test_report_list_shows_each_report_with_its_change_since_the_previous_one(client, alice):
    first = make_report(client, rating=1, days_ago=30)
    second = make_report(client, rating=3)

    page = client.get(reverse("assessment:report-list")).content.decode()

    assert page.index(str(second.pk)) < page.index(str(first.pk))
    assert f"+{second.readiness - first.readiness:.1f}" in page
    assert "first" in page


def test_report_list_of_another_user_shows_nothing_of_alice(client, alice, charlie_client):
    report = make_report(client, rating=2)

    page = charlie_client.get(reverse("assessment:report-list")).content.decode()

    assert str(report.pk) not in page
    assert "No reports yet." in page


def test_report_list_needs_an_account():
    response = Client().get(reverse("assessment:report-list"))

    assert response["Location"] == reverse("login") + "?next=" + reverse("assessment:report-list")


def test_compare_shows_readiness_delta_gaps_closed_and_days_between(client, alice):
    before = make_report(client, rating=1, days_ago=45)
    after = make_report(client, rating=3)

    response = client.get(reverse("assessment:report-compare"), {"before": before.pk, "after": after.pk})

    page = response.content.decode()
    delta = float(after.readiness) - float(before.readiness)
    assert f"(<strong>+{delta:.1f} points</strong>) in 45 days" in page
    closed = [i["label"] for i in after.snapshot["score"]["items"] if i["gap"] == 0 and i["target"] > 1]
    assert all(label in page for label in closed)
    assert "The requirement profile changed" not in page


def test_compare_says_when_an_admin_changed_the_profile_between_reports(client, alice):
    before = make_report(client, rating=2, days_ago=10)
    requirement = SkillRequirement.objects.get(
        profile__role__slug="ai-engineer", profile__seniority__slug="mid", skill__slug="python"
    )
    old_target, old_weight = requirement.target, requirement.weight
    requirement.target, requirement.weight = 4, 5
    requirement.save()
    after = make_report(client, rating=2)

    page = client.get(reverse("assessment:report-compare"), {"before": before.pk, "after": after.pk}).content.decode()

    assert "The requirement profile changed between these reports" in page
    assert f"Python: target {old_target}, weight {old_weight} → target 4, weight 5" in page
    assert before.catalogue_version != after.catalogue_version


@pytest.mark.parametrize("bad", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"], ids=["malformed", "unknown"])
def test_compare_with_a_bad_id_is_404(client, alice, bad):
    report = make_report(client, rating=2)

    response = client.get(reverse("assessment:report-compare"), {"before": report.pk, "after": bad})

    assert response.status_code == 404


def test_compare_with_someone_elses_report_is_404_and_leaks_nothing(client, alice, charlie_client):
    alices = make_report(client, rating=2, role="nlp-engineer")
    charlies = make_report(charlie_client, rating=1)

    response = charlie_client.get(reverse("assessment:report-compare"), {"before": charlies.pk, "after": alices.pk})

    assert response.status_code == 404
    assert "NLP Engineer" not in response.content.decode()


def test_progress_draws_readiness_per_report_with_a_table_of_the_same_numbers(client, alice):
    first = make_report(client, rating=1, days_ago=60)
    second = make_report(client, rating=2, days_ago=30)
    third = make_report(client, rating=3)

    page = client.get(reverse("assessment:report-progress")).content.decode()

    assert page.count("<circle ") == 3
    for report in (first, second, third):
        assert f"{float(report.readiness):.1f}%</td>" in page
    assert '<th scope="row">Python</th>' in page


def test_delete_asks_for_confirmation_then_removes_the_report_and_its_answers(client, alice):
    report = make_report(client, rating=2)
    url = reverse("assessment:report-delete", kwargs={"pk": report.pk})

    confirm = client.get(url)
    response = client.post(url)

    assert "Delete this report?" in confirm.content.decode()
    assert Report.objects.filter(pk=report.pk).exists() is False
    assert Answer.objects.count() == 0
    assert response["Location"] == reverse("assessment:report-list")


def test_another_user_cannot_delete_or_open_the_report(client, alice, charlie_client):
    report = make_report(client, rating=2)
    url = reverse("assessment:report-delete", kwargs={"pk": report.pk})

    responses = [
        charlie_client.get(url),
        charlie_client.post(url),
        charlie_client.get(reverse("assessment:report", kwargs={"pk": report.pk})),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert Report.objects.filter(pk=report.pk).exists()
    assert all("alice" not in r.content.decode() for r in responses)


def test_retake_is_prefilled_with_the_latest_answers(client, alice, questionnaire):
    make_report(client, rating=3)

    response = client.post(
        reverse("assessment:start"), {"role": "nlp-engineer", "seniority": "senior", "prefill": "on"}
    )

    retake = Assessment.objects.get(role__slug="nlp-engineer")
    first_step = questionnaire.steps[0]
    assert response["Location"] == reverse("assessment:review", kwargs={"pk": retake.pk})
    assert (
        Answer.objects.filter(assessment=retake).count()
        == Answer.objects.filter(assessment__role__slug="ai-engineer").count()
    )
    step_page = client.get(reverse("assessment:step", kwargs={"pk": retake.pk, "slug": first_step.slug}))
    assert 'value="3" checked' in step_page.content.decode()


def test_retake_keeps_the_cloud_and_the_hours_a_week(client, alice, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=3, cloud="ibm", hours_per_week=5)

    client.post(reverse("assessment:start"), {"role": "nlp-engineer", "seniority": "senior", "prefill": "on"})

    retake = Assessment.objects.get(role__slug="nlp-engineer")
    assert (retake.preferred_cloud, retake.hours_per_week) == ("ibm", 5)


def test_saving_the_same_report_twice_creates_one(client, alice, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2, until="experience")
    last = questionnaire.step("experience")
    services.check_stop(assessment=assessment)  # the check, after experience, skipped
    url = reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": last.slug})
    body = {"years_experience": "2", "shipped_projects": "1", "portfolio_url": "", "nav": "next"}

    client.post(url, body)
    client.post(url, body)

    assert Report.objects.filter(user=alice).count() == 1


def test_report_page_is_unchanged_after_an_admin_edits_the_catalogue_and_a_new_one_uses_the_edit(client, questionnaire):
    report = make_report(client, rating=2)
    url = reverse("assessment:report", kwargs={"pk": report.pk})
    before = client.get(url).content
    requirement = SkillRequirement.objects.get(
        profile__role__slug="ai-engineer", profile__seniority__slug="mid", skill__slug="python"
    )
    requirement.target, requirement.weight = 4, 5
    requirement.save()
    Skill.objects.filter(slug="python").update(name="Python programming")

    after = client.get(url).content
    newer = make_report(client, rating=2)

    assert after == before
    python = next(i for i in newer.snapshot["score"]["items"] if i["key"] == "python")
    assert (python["label"], python["target"], python["weight"]) == ("Python programming", 4, 5)
    assert newer.readiness != report.readiness
