"""The questionnaire and the report run the same number of queries whatever the catalogue's size.

Every test runs twice: on the shipped catalogue, and on one ten times its size
(nine copies of every skill, duty, qualification, certification, roadmap action,
career step and role with its profiles, built in the test). The literals are
the measured counts; a change in either case means a query was added, or one
now runs per catalogue row.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from assessment import services
from assessment.models import Answer, Assessment, Report
from assessment.selectors import questionnaire_get
from career.models import (
    CareerStep,
    Certification,
    CertificationSkill,
    Duty,
    DutyRequirement,
    DutyScope,
    EducationRequirement,
    KnowledgeCheckItem,
    KnowledgeCheckOption,
    Qualification,
    RequirementProfile,
    RoadmapAction,
    Role,
    Skill,
    SkillLevel,
    SkillRequirement,
)
from tests.factories import make_catalogue_copies
from tests.journeys import start_assessment, step_answers

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

GROWN_MODELS = [
    Skill,
    SkillLevel,
    Duty,
    DutyScope,
    Qualification,
    Certification,
    CertificationSkill,
    RoadmapAction,
    CareerStep,
    Role,
    RequirementProfile,
    SkillRequirement,
    DutyRequirement,
    EducationRequirement,
    KnowledgeCheckItem,
    KnowledgeCheckOption,
]


@pytest.fixture(params=[1, 10], ids=["shipped", "tenfold"])
def catalogue_factor(request, db) -> int:
    """How many times the shipped catalogue the database holds."""
    if request.param > 1:
        make_catalogue_copies(copies=request.param - 1)
    return request.param


def step_url(assessment, slug):
    return reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": slug})


def answer_all_but_experience(assessment, questionnaire) -> None:
    """Save every step but experience through the service (faster than posting dozens of pages);
    the knowledge check, after experience, skipped."""
    services.check_stop(assessment=assessment)
    for step in questionnaire.steps:
        if step.slug not in ("experience", "check"):
            services.answers_save(
                assessment=assessment,
                step=step,
                cleaned_data={"certifications": ["aws-ai-practitioner"]},
                ratings={question.key: 2 for question in step.questions},
            )


def test_catalogue_copies_multiply_every_grown_model(db):
    shipped = {model.__name__: model.objects.count() for model in GROWN_MODELS}
    steps = len(questionnaire_get().steps)

    make_catalogue_copies(copies=2)

    grown = {model.__name__: model.objects.count() for model in GROWN_MODELS}
    assert grown == {name: 3 * count for name, count in shipped.items()}
    # Copy 1 joins the shipped categories (steps split where they pass eight questions); copy 2 brings its own.
    assert len(questionnaire_get().steps) == steps + 5


# Session, assessment, catalogue revision (the questionnaire is built once per revision) and
# answers; the education step also reads the certifications held.
STEP_GET_QUERIES = {"skills-production": 4, "duties": 4, "education": 5, "experience": 4}


def test_step_get_query_count_is_constant_in_catalogue_size(client, django_assert_num_queries, catalogue_factor):
    assessment = start_assessment(client)
    questionnaire = questionnaire_get()

    for slug, queries in STEP_GET_QUERIES.items():
        with django_assert_num_queries(queries, info=slug):
            response = client.get(step_url(assessment, slug))

        page = response.content.decode()
        step = questionnaire.step(slug)
        assert response.status_code == 200
        assert [q.label for q in step.questions if escape(q.label) not in page] == []
    # The shipped step's seven skills (production and professional); grown, the production category alone
    # holds its five skills and five from each of the four copies that join the shipped categories.
    assert len(questionnaire.step("skills-production").questions) == {1: 7, 10: 25}[catalogue_factor]


# Session, assessment, catalogue revision, then in one transaction the assessment row again
# (locked) and its answers, the changed answers written and the step's state saved.
STEP_POST_QUERIES = {"skills-production": 9, "duties": 9, "education": 19}


def test_step_post_query_count_is_constant_in_catalogue_size(client, django_assert_num_queries, catalogue_factor):
    assessment = start_assessment(client)
    questionnaire = questionnaire_get()

    for slug, queries in STEP_POST_QUERIES.items():
        step = questionnaire.step(slug)
        data = step_answers(step, rating=2, certifications=["aws-ai-practitioner"])

        with django_assert_num_queries(queries, info=slug):
            response = client.post(step_url(assessment, slug), data)

        next_slug = questionnaire.steps[questionnaire.index(slug) + 1].slug
        assert response["Location"] == step_url(assessment, next_slug)
    assessment.refresh_from_db()
    assert assessment.completed_steps == list(STEP_POST_QUERIES)
    answered = sum(len(questionnaire.step(slug).questions) for slug in STEP_POST_QUERIES) + 1  # + ai-certification
    assert Answer.objects.filter(assessment=assessment).count() == answered


def test_completion_post_query_count_is_constant_in_catalogue_size(client, django_assert_num_queries, catalogue_factor):
    assessment = start_assessment(client)
    questionnaire = questionnaire_get()
    answer_all_but_experience(assessment, questionnaire)
    last = questionnaire.step("experience")

    # 8 to load and save the step as any other (the assessment row locked, the answers read
    # under the lock), then 26 to score and store the snapshot and its rendered body: one query
    # per catalogue relation (the seniorities' usual years and the certificates held with the
    # skills they cover among them), and the knowledge check's answers (none: it was skipped);
    # the answers are not read again.
    with django_assert_num_queries(34):
        response = client.post(step_url(assessment, last.slug), step_answers(last))

    report = Report.objects.get()
    assert response["Location"] == reverse("assessment:report", kwargs={"pk": report.pk})
    assert len(report.snapshot["role_fit"]) == 11 * catalogue_factor
    assert Assessment.objects.get().is_completed is True


def test_report_page_query_count_is_constant_in_catalogue_size(client, django_assert_num_queries, catalogue_factor):
    assessment = start_assessment(client)
    questionnaire = questionnaire_get()
    answer_all_but_experience(assessment, questionnaire)
    report = services.assessment_complete(assessment=assessment, questionnaire=questionnaire)

    # The session, the report row (its stored body, not the snapshot) and the previous report for the
    # same target (its readiness only), for "since your previous report".
    with django_assert_num_queries(3):
        response = client.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"{report.readiness}%" in page
    assert [fit["role_name"] for fit in report.snapshot["role_fit"] if escape(fit["role_name"]) not in page] == []


def test_owner_report_page_query_count_is_constant_in_catalogue_size(
    client, django_assert_num_queries, catalogue_factor
):
    user = get_user_model().objects.create_user("owner", "owner@example.com", "irrelevant-pass-123")
    client.force_login(user)
    assessment = start_assessment(client)
    questionnaire = questionnaire_get()
    answer_all_but_experience(assessment, questionnaire)
    report = services.assessment_complete(assessment=assessment, questionnaire=questionnaire)
    for label in ("mentor", "employer", "friend"):
        services.report_share_link_create(report=report, label=label, expires_in_days=None)

    # Session, user, report row, the previous report for the same target and the share links:
    # constant however many links, reports or catalogue rows.
    with django_assert_num_queries(5):
        response = client.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    page = response.content.decode()
    assert page.count('data-testid="share-link"') == 3
    assert f"{report.readiness}%" in page


def test_start_page_query_count_is_constant_in_catalogue_size(client, django_assert_num_queries, catalogue_factor):
    start_assessment(client)

    # Session, the assessments in progress, then one query each for the role cards (with their typical
    # seniorities) and the seniority cards (with their salary bands).
    with django_assert_num_queries(4):
        response = client.get(reverse("assessment:start"))

    page = response.content.decode()
    assert page.count('data-testid="role-card"') == 11 * catalogue_factor
    assert page.count('data-testid="seniority-card"') == 4


def test_signed_in_start_page_query_count_is_constant_in_catalogue_size(
    client, django_assert_num_queries, catalogue_factor
):
    user = get_user_model().objects.create_user("owner", "owner@example.com", "irrelevant-pass-123")
    client.force_login(user)
    assessment = start_assessment(client)
    questionnaire = questionnaire_get()
    answer_all_but_experience(assessment, questionnaire)
    services.assessment_complete(assessment=assessment, questionnaire=questionnaire)
    start_assessment(client, role="mlops-engineer")

    # Session, user, the latest completed assessment (for "start from my latest answers"), the
    # assessments in progress, the role cards and the seniority cards.
    with django_assert_num_queries(6):
        response = client.get(reverse("assessment:start"))

    page = response.content.decode()
    assert page.count('data-testid="role-card"') == 11 * catalogue_factor
    assert "Start from my latest answers" in page
    assert "MLOps Engineer · Mid-level, last saved" in page
