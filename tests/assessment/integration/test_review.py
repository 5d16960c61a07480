"""A retake or a pre-filled assessment ends on one review page: change what moved, finish."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from assessment.models import Answer, Assessment, Report
from assessment.questionnaire import KIND_CHECK
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


class FormValues(HTMLParser):
    """What a browser would submit from the review form: inputs, checked boxes, selected options."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._select = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("action", "").endswith("/review/"):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))
        elif tag == "button" and a.get("name"):
            self.values.append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form":
            self._in_form = False


def submitted(html: str, **changes: str) -> dict:
    parser = FormValues()
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    return {
        name: values if len(values) > 1 or name.endswith("certifications") else values[0]
        for name, values in data.items()
    } | changes


@pytest.fixture
def signed_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("rosa", "rosa@example.org", "irrelevant-pass-123"))
    return client


def test_a_retake_from_previous_answers_finishes_in_three_page_loads_after_the_start_page(signed_in):
    answer_steps(signed_in, start_assessment(signed_in, role="mlops-engineer"), rating=2, hours_per_week=8)
    signed_in.get(reverse("assessment:start"))  # the start page, with "Start from my latest answers"

    review = signed_in.post(
        reverse("assessment:start"), {"role": "mlops-engineer", "seniority": "mid", "prefill": "on"}, follow=True
    )
    check = signed_in.post(review.request["PATH_INFO"], submitted(review.content.decode()), follow=True)
    report = signed_in.post(check.request["PATH_INFO"], {"nav": "skip"}, follow=True)  # the check is optional

    loads = [review, check, report]
    assert [r.templates[0].name for r in loads] == [
        "assessment/review.html",
        "assessment/step.html",
        "assessment/report.html",
    ]
    assert check.context["step"].kind == KIND_CHECK
    assert len(loads) <= 3
    assert Report.objects.filter(assessment__role__slug="mlops-engineer").count() == 2


def test_review_shows_every_prefilled_answer_and_keeps_what_the_candidate_changed(signed_in, questionnaire):
    answer_steps(signed_in, start_assessment(signed_in, role="mlops-engineer"), rating=2)
    signed_in.post(reverse("assessment:start"), {"role": "mlops-engineer", "seniority": "mid", "prefill": "on"})
    retake = Assessment.objects.order_by("-created_at").first()
    url = reverse("assessment:review", kwargs={"pk": retake.pk})
    html = signed_in.get(url).content.decode()
    first = questionnaire.steps[0]
    python = f"{first.slug}-{first.questions[0].key}"

    response = signed_in.post(url, submitted(html, **{python: "4"}))

    rated = sum(len(step.questions) for step in questionnaire.steps)
    check = next(step for step in questionnaire.steps if step.kind == KIND_CHECK)
    assert html.count('<option value="2" selected>') == rated
    # Answers saved; the knowledge check is offered next, before the report.
    assert response["Location"] == reverse("assessment:step", kwargs={"pk": retake.pk, "slug": check.slug})
    assert Answer.objects.get(assessment=retake, key=first.questions[0].key).rating == 4


def test_review_with_a_required_answer_removed_saves_nothing_and_says_which(signed_in, questionnaire):
    answer_steps(signed_in, start_assessment(signed_in, role="mlops-engineer"), rating=2)
    signed_in.post(reverse("assessment:start"), {"role": "mlops-engineer", "seniority": "mid", "prefill": "on"})
    retake = Assessment.objects.order_by("-created_at").first()
    url = reverse("assessment:review", kwargs={"pk": retake.pk})
    first = questionnaire.steps[0]
    second = questionnaire.steps[1]
    data = submitted(
        signed_in.get(url).content.decode(),
        **{f"{first.slug}-{first.questions[0].key}": "4", f"{second.slug}-{second.questions[0].key}": ""},
    )

    response = signed_in.post(url, data)

    assert response.status_code == 400
    assert f"Choose a level for “{second.questions[0].label}”." in response.content.decode()
    assert Answer.objects.get(assessment=retake, key=first.questions[0].key).rating == 2
    assert Report.objects.filter(assessment=retake).exists() is False


def test_review_refuses_a_field_no_step_asks(signed_in):
    answer_steps(signed_in, start_assessment(signed_in, role="mlops-engineer"), rating=2)
    signed_in.post(reverse("assessment:start"), {"role": "mlops-engineer", "seniority": "mid", "prefill": "on"})
    retake = Assessment.objects.order_by("-created_at").first()
    url = reverse("assessment:review", kwargs={"pk": retake.pk})

    response = signed_in.post(url, submitted(signed_in.get(url).content.decode(), **{"skills-x-python": "4"}))

    assert (response.status_code, "unknown field “skills-x-python”" in response.content.decode()) == (400, True)
    assert Report.objects.filter(assessment=retake).exists() is False


def test_resuming_a_fully_answered_assessment_opens_the_review_page(client):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2, until="experience")
    Assessment.objects.filter(pk=assessment.pk).update(years_experience=3, shipped_projects=1)

    response = client.get(reverse("assessment:resume", kwargs={"pk": assessment.pk}))

    assert response["Location"] == reverse("assessment:review", kwargs={"pk": assessment.pk})


def test_review_of_a_completed_assessment_goes_to_its_report(client):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2)

    response = client.get(reverse("assessment:review", kwargs={"pk": assessment.pk}))

    assert response["Location"] == reverse("assessment:report", kwargs={"pk": assessment.report.pk})
