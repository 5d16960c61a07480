import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from assessment import services
from assessment.models import Answer, Assessment, AssessmentStatus, Report
from career.models import RequirementProfile
from tests.journeys import answer_steps, start_assessment, step_answers

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def step_url(assessment, slug):
    return reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": slug})


def test_start_creates_an_anonymous_assessment_and_opens_the_first_step(client, questionnaire):
    response = client.post(reverse("assessment:start"), {"role": "nlp-engineer", "seniority": "senior"})

    assessment = Assessment.objects.get()
    assert (assessment.role.slug, assessment.seniority.slug, assessment.user) == ("nlp-engineer", "senior", None)
    assert assessment.anonymous_token == client.session["candidate_token"]
    assert response["Location"] == reverse("assessment:resume", kwargs={"pk": assessment.pk})
    assert client.get(response["Location"])["Location"] == step_url(assessment, questionnaire.steps[0].slug)


def test_start_page_preselects_the_role_from_the_query_string(client):
    response = client.get(reverse("assessment:start") + "?role=mlops-engineer")

    checked = re.findall(r'<input[^>]*value="([a-z-]+)"[^>]*\schecked', response.content.decode())
    assert response.status_code == 200
    assert checked == ["mlops-engineer", "mid"]


@pytest.mark.parametrize(
    "data",
    [{"role": "astronaut", "seniority": "mid"}, {"role": "ai-engineer", "seniority": "emperor"}, {}],
    ids=["unknown-role", "unknown-seniority", "empty"],
)
def test_start_with_bad_input_is_refused_and_stores_nothing(client, data):
    response = client.post(reverse("assessment:start"), data)

    assert response.status_code == 400
    assert "Please correct the highlighted fields." in response.content.decode()
    assert Assessment.objects.count() == 0


def test_step_shows_each_skill_with_its_own_anchor_texts(client, questionnaire):
    assessment = start_assessment(client)
    python = next(q for s in questionnaire.steps for q in s.questions if q.key == "python")

    response = client.get(step_url(assessment, "skills-programming"))

    page = response.content.decode()
    assert response.status_code == 200
    assert [choice.anchor for choice in python.choices if escape(choice.anchor) not in page] == []
    assert "Step 1 of 7" in page  # six answer steps and the knowledge check
    # AI Engineer (mid) asks for four of the eight specialisms; the other four are optional.
    assert f"0 of {questionnaire.question_count - 4} answered" in page


def test_specialisms_the_target_does_not_ask_for_are_optional_and_say_so(client, questionnaire):
    assessment = start_assessment(client, role="mlops-engineer", seniority="senior")
    answer_steps(client, assessment, until="skills-specialisms")
    step = questionnaire.step("skills-specialisms")

    page = client.get(step_url(assessment, step.slug)).content.decode()
    response = client.post(step_url(assessment, step.slug), {"edge-deployment": "2", "nav": "next"})

    assessment.refresh_from_db()
    assert "7 of these 8 are optional: your target, MLOps Engineer (Senior), does not ask for them." in page
    assert page.count("optional for your target</span>") == 7
    assert (response.status_code, step.slug in assessment.completed_steps) == (302, True)


def test_a_step_names_its_target_from_the_catalogue_and_still_does_after_its_profile_is_deleted(client, questionnaire):
    assessment = start_assessment(client, role="mlops-engineer", seniority="senior")
    first = step_url(assessment, questionnaire.steps[0].slug)
    before = client.get(first).content.decode()

    RequirementProfile.objects.filter(role__slug="mlops-engineer", seniority__slug="senior").delete()
    after = client.get(first).content.decode()

    assert "Assessment for MLOps Engineer · Senior" in before
    assert "Assessment for MLOps Engineer · Senior" in after


def test_a_specialism_the_target_asks_for_is_still_required(client, questionnaire):
    assessment = start_assessment(client, role="nlp-engineer", seniority="mid")
    answer_steps(client, assessment, until="skills-specialisms")

    response = client.post(step_url(assessment, "skills-specialisms"), {"generative-ai": "2", "nav": "next"})

    assert response.status_code == 400
    assert "Choose a level for “NLP and large language models”" in response.content.decode()


def test_full_flow_stores_every_answer_and_lands_on_the_report(client, questionnaire):
    assessment = start_assessment(client, role="ai-engineer", seniority="mid")

    response = answer_steps(client, assessment, rating=2, certifications=["aws-ai-practitioner"])

    report = Report.objects.get()
    assessment.refresh_from_db()
    assert response["Location"] == reverse("assessment:report", kwargs={"pk": report.pk})
    assert assessment.status == AssessmentStatus.COMPLETED
    stored = {(a.kind, a.key): a.rating for a in Answer.objects.filter(assessment=assessment)}
    expected = {
        (q.kind, q.key): min(2, max(c.value for c in q.choices)) for s in questionnaire.steps for q in s.questions
    }
    assert {k: v for k, v in stored.items() if k != ("education", "ai-certification")} == expected
    assert stored[("education", "ai-certification")] == 1  # a foundational, business-literacy exam
    page = client.get(response["Location"]).content.decode()
    assert f"{report.readiness}%" in page


def test_resume_in_a_new_client_with_the_same_session_continues_at_the_first_unanswered_step(client, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=3, until="skills-production")
    returning = Client()
    returning.cookies = client.cookies

    response = returning.get(reverse("assessment:resume", kwargs={"pk": assessment.pk}))
    earlier = returning.get(step_url(assessment, "skills-programming")).content.decode()

    assert response["Location"] == step_url(assessment, "skills-production")
    assert 'name="python" id="id_python_3" value="3" checked' in earlier


def test_back_keeps_partial_answers_without_completing_the_step(client, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, until="skills-production")
    step = questionnaire.step("skills-production")
    first = step.questions[0].key

    response = client.post(step_url(assessment, step.slug), {first: "1", "nav": "back"})

    assessment.refresh_from_db()
    assert response["Location"] == step_url(assessment, "skills-programming")
    assert Answer.objects.get(assessment=assessment, key=first).rating == 1
    assert step.slug not in assessment.completed_steps


def _count_rows():
    return (Answer.objects.count(), Report.objects.count(), Assessment.objects.filter(completed_steps=[]).count())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"python": "7"}, "“7” is not a level for “Python”"),
        ({"python": "-1"}, "“-1” is not a level for “Python”"),
        ({"python": "abc"}, "“abc” is not a level for “Python”"),
        ({"python": ""}, "Choose a level for “Python”"),
        ({"no-such-skill": "2"}, "unknown field “no-such-skill”"),
        ({"mlops": "2"}, "unknown field “mlops”"),
        ({"implement-mlops": "2"}, "unknown field “implement-mlops”"),
    ],
    ids=["seven", "minus-one", "text", "missing", "unknown-id", "other-step-id", "duty-id-on-skill-step"],
)
def test_bad_answer_is_refused_with_a_message_and_nothing_is_stored(client, questionnaire, change, message):
    assessment = start_assessment(client)
    data = step_answers(questionnaire.step("skills-programming")) | change
    before = _count_rows()

    response = client.post(step_url(assessment, "skills-programming"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _count_rows() == before


def test_duplicated_answer_is_refused_and_nothing_is_stored(client, questionnaire):
    assessment = start_assessment(client)
    body = "python=1&python=4&nav=next"

    response = client.post(
        step_url(assessment, "skills-programming"), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert "“python” was sent 2 times" in response.content.decode()
    assert Answer.objects.count() == 0


def test_oversized_body_is_refused_with_400(client, questionnaire):
    assessment = start_assessment(client)
    body = "python=2&nav=next&padding=" + "x" * (300 * 1024)

    response = client.post(
        step_url(assessment, "skills-programming"), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert Answer.objects.count() == 0


def test_unknown_step_is_404(client, questionnaire):
    assessment = start_assessment(client)

    response = client.get(step_url(assessment, "skills-astrology"))

    assert response.status_code == 404


def test_another_session_cannot_open_or_continue_the_assessment_or_its_report(client, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=3)
    report = Report.objects.get()
    charlie = Client()
    charlie.post(reverse("assessment:start"), {"role": "ai-engineer", "seniority": "mid"})
    before = _count_rows()

    responses = [
        charlie.get(reverse("assessment:resume", kwargs={"pk": assessment.pk})),
        charlie.get(step_url(assessment, "skills-programming")),
        charlie.post(step_url(assessment, "skills-programming"), step_answers(questionnaire.steps[0], rating=0)),
        charlie.get(reverse("assessment:report", kwargs={"pk": report.pk})),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert all(report.role_name not in r.content.decode() for r in responses[3:])
    assert _count_rows() == before


def test_completing_twice_creates_one_report(client, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2, until="experience")
    last = questionnaire.step("experience")
    services.check_stop(assessment=assessment)  # the check, after experience, skipped

    first = client.post(step_url(assessment, last.slug), step_answers(last))
    second = client.post(step_url(assessment, last.slug), step_answers(last))

    report = Report.objects.get()
    assert first["Location"] == second["Location"] == reverse("assessment:report", kwargs={"pk": report.pk})


def test_finishing_with_a_skipped_step_leads_back_to_it(client, questionnaire):
    assessment = start_assessment(client)
    for step in questionnaire.steps:
        if step.slug != "duties":
            client.post(step_url(assessment, step.slug), step_answers(step))

    response = client.get(reverse("assessment:resume", kwargs={"pk": assessment.pk}))

    assert response["Location"] == step_url(assessment, "duties")
    assert Report.objects.count() == 0


# --- The experience step: cloud and pace ------------------------------------------------


def test_experience_step_stores_the_cloud_and_the_hours_a_week(client, questionnaire):
    assessment = start_assessment(client)

    answer_steps(client, assessment, rating=2, cloud="google", hours_per_week=8)

    assessment.refresh_from_db()
    report = Report.objects.get(assessment=assessment)
    assert (assessment.preferred_cloud, assessment.hours_per_week) == ("google", 8)
    assert {key: report.snapshot["experience"][key] for key in ("preferred_cloud", "preferred_cloud_name")} == {
        "preferred_cloud": "google",
        "preferred_cloud_name": "Google Cloud",
    }
    assert report.snapshot["plan"]["hours_per_week"] == 8


def test_experience_step_cloud_and_hours_are_optional(client, questionnaire):
    assessment = start_assessment(client)

    answer_steps(client, assessment, rating=2)

    assessment.refresh_from_db()
    assert (assessment.preferred_cloud, assessment.hours_per_week, assessment.status) == ("", None, "completed")


def test_experience_step_offers_the_four_clouds_and_shows_the_saved_answers(client, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2, until="experience")
    step = questionnaire.step("experience")
    client.post(
        step_url(assessment, "experience"), step_answers(step, cloud="aws", hours_per_week=12) | {"nav": "back"}
    )

    page = client.get(step_url(assessment, "experience")).content.decode()

    clouds = re.findall(r'name="preferred_cloud" value="([^"]*)"\s+id="[^"]+"( checked)?', page)
    assert clouds == [("aws", " checked"), ("google", ""), ("ibm", ""), ("", "")]
    assert re.search(r'<input type="number" name="hours_per_week" value="12" min="1" max="60"', page) is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("preferred_cloud", "azure", "“azure” is not one of the clouds listed."),
        ("hours_per_week", "0", "Ensure this value is greater than or equal to 1."),
        ("hours_per_week", "61", "Ensure this value is less than or equal to 60."),
    ],
    ids=["unknown-cloud", "no-hours", "too-many-hours"],
)
def test_experience_step_refuses_a_bad_cloud_or_pace_and_saves_nothing(client, questionnaire, field, value, message):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2, until="experience")
    step = questionnaire.step("experience")

    response = client.post(step_url(assessment, "experience"), step_answers(step, years=7) | {field: value})

    assessment.refresh_from_db()
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert (assessment.years_experience, assessment.preferred_cloud, assessment.hours_per_week) == (None, "", None)
    assert Report.objects.count() == 0
