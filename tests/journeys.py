"""A candidate's journey through the app as plain functions: start, answer the questionnaire, sign up.

Shared by the integration, security, ops and browser tests; fixtures stay in the conftest files.
"""

import copy
import re

from django.core import mail
from django.urls import reverse

from assessment import services
from assessment.models import Assessment
from assessment.questionnaire import KIND_CHECK, KIND_EDUCATION, KIND_EXPERIENCE
from assessment.selectors import questionnaire_get
from career.models import KnowledgeCheckOption, Role, SeniorityLevel


def step_answers(
    step,
    *,
    rating: int = 3,
    certifications=(),
    years: int = 4,
    shipped: int = 3,
    cloud: str | None = None,
    hours_per_week: int | None = None,
) -> dict:
    """A complete, valid POST body for one questionnaire step; the optional cloud and pace only when given.
    The knowledge check is skipped (tests of the check answer it themselves)."""
    if step.kind == KIND_CHECK:
        return {"nav": "skip"}
    data = {question.key: str(min(rating, max(c.value for c in question.choices))) for question in step.questions}
    if step.kind == KIND_EDUCATION:
        data["certifications"] = list(certifications)
    if step.kind == KIND_EXPERIENCE:
        data |= {"years_experience": str(years), "shipped_projects": str(shipped), "portfolio_url": ""}
        if cloud is not None:
            data["preferred_cloud"] = cloud
        if hours_per_week is not None:
            data["hours_per_week"] = str(hours_per_week)
    return data | {"nav": "next"}


def start_assessment(client, *, role: str = "ai-engineer", seniority: str = "mid") -> Assessment:
    response = client.post(reverse("assessment:start"), {"role": role, "seniority": seniority})
    assert response.status_code == 302
    return Assessment.objects.order_by("-created_at").first()


def answer_steps(client, assessment, *, rating: int = 3, until: str | None = None, certifications=(), **experience):
    """Answer every step in order (or up to, not including, `until`); returns the last response.

    `experience` goes to step_answers for the experience step (cloud, hours_per_week, years, shipped).
    """
    response = None
    for step in questionnaire_get().steps:
        if step.slug == until:
            break
        url = reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": step.slug})
        response = client.post(url, step_answers(step, rating=rating, certifications=certifications, **experience))
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


CHECK_ITEM = re.compile(r'name="item" value="(\d+)"')
CHECK_OPTION = re.compile(r'name="option" id="option-\d+" value="(\d+)"')


def check_question_on(page: str) -> tuple[int, list[int]] | None:
    """The item id and the option ids, in order, of the check question on a page; None when there is none."""
    item = CHECK_ITEM.search(page)
    return (int(item.group(1)), [int(option) for option in CHECK_OPTION.findall(page)]) if item else None


def correct_option(item_id: int) -> int:
    """The key, read from the bank as the fixtures loaded it: the page never tells."""
    return KnowledgeCheckOption.objects.get(item_id=item_id, is_correct=True).pk


def take_check(client, assessment, *, right=True):
    """Start the knowledge check and answer every item it asks from the page, right or wrong
    (`right` may also be a function of the item id); returns the last response."""
    url = reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": "check"})
    response = client.post(url, {"nav": "start"})
    while response["Location"] == url:
        question = check_question_on(client.get(url).content.decode())
        if question is None:
            break
        item, options = question
        answer_right = right(item) if callable(right) else right
        key = correct_option(item)
        option = key if answer_right else next(option for option in options if option != key)
        response = client.post(url, {"nav": "answer", "item": str(item), "option": str(option)})
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def sign_up(client, *, username: str, email: str, password: str, **extra):
    """Sign up and use the link from the confirmation email, as a person would; returns the last response."""
    fields = {"username": username, "email": email, "password1": password, "password2": password, **extra}
    response = client.post(reverse("signup"), fields)
    assert (response.status_code, response["Location"]) == (302, reverse("signup-done")), response.text[:2000]
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    return client.post(link)


def as_schema_1(snapshot: dict) -> dict:
    """A snapshot as reports made before schema 2 stored it: no plan, no long routes, no cloud or pace,
    certification advice without readiness gained, cloud or what each proves."""
    old = copy.deepcopy(snapshot)
    old["schema_version"] = 1
    for key in ("plan", "leadership_target"):
        old.pop(key, None)
    for key in ("preferred_cloud", "preferred_cloud_name", "hours_per_week"):
        old["experience"].pop(key, None)
    old["roadmap"].pop("long_routes", None)
    for phase in old["roadmap"]["phases"]:
        for entry in phase["actions"]:
            entry.pop("level_from", None)
            entry.pop("readiness_gain", None)
    for recommendation in old["certifications"]:
        for key in ("readiness_gain", "in_cloud", "proves"):
            recommendation.pop(key, None)
        for gap in recommendation["addresses"]:
            gap.pop("kind", None)
        for key in ("provider_slug", "audience", "evidence", "credential_level"):
            recommendation["certification"].pop(key, None)
    return old


def report_made(
    *, user, rating: int = 1, hours_per_week: int | None = None, role: str = "ai-engineer", seniority: str = "mid"
):
    """A signed-in candidate's completed report, made through the services (faster than posting every page)."""
    questionnaire = questionnaire_get()
    assessment = services.assessment_start(
        user=user,
        anonymous_token=None,
        role=Role.objects.get(slug=role),
        seniority=SeniorityLevel.objects.get(slug=seniority),
    )
    for step in questionnaire.steps:
        experience = {
            "years_experience": 3,
            "shipped_projects": 1,
            "portfolio_url": "",
            "preferred_cloud": "",
            "hours_per_week": hours_per_week,
        }
        services.answers_save(
            assessment=assessment,
            step=step,
            cleaned_data={"certifications": [], **(experience if step.kind == KIND_EXPERIENCE else {})},
            ratings={q.key: min(rating, max(c.value for c in q.choices)) for q in step.questions},
        )
    return services.assessment_complete(assessment=assessment, questionnaire=questionnaire)
