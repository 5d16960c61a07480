"""Two tabs of one candidate: a page saves only what its candidate changed, and a real clash is shown, not lost."""

import html
import re

import pytest
from django.urls import reverse

from assessment.models import Answer, Assessment
from career.models import Certification
from tests.journeys import answer_steps, start_assessment, step_answers

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def step_url(assessment, slug):
    return reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": slug})


def open_tab(client, assessment, slug) -> dict:
    """What a browser tab holds after loading a step: the `shown` record the page will send back."""
    page = client.get(step_url(assessment, slug)).content.decode()
    return {"shown": html.unescape(re.search(r'name="shown" value="([^"]*)"', page).group(1))}


def rating(assessment, key) -> int:
    return Answer.objects.get(assessment=assessment, key=key).rating


@pytest.fixture
def on_machine_learning(client, questionnaire):
    """An assessment whose machine-learning step was answered at 2 throughout."""
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2, until="skills-production")
    return assessment, questionnaire.step("skills-programming")


def test_an_old_tab_saving_another_answer_keeps_what_the_first_tab_saved(client, on_machine_learning):
    assessment, step = on_machine_learning
    first, second = (question.key for question in step.questions[:2])
    tab_one, tab_two = open_tab(client, assessment, step.slug), open_tab(client, assessment, step.slug)

    client.post(step_url(assessment, step.slug), step_answers(step, rating=2) | {first: "4"} | tab_one)
    response = client.post(step_url(assessment, step.slug), step_answers(step, rating=2) | {second: "3"} | tab_two)

    assert response.status_code == 302
    assert (rating(assessment, first), rating(assessment, second)) == (4, 3)


def test_two_tabs_changing_the_same_answer_get_a_conflict_showing_both_and_nothing_is_saved(
    client, on_machine_learning
):
    assessment, step = on_machine_learning
    first, second = step.questions[0], step.questions[1]
    tab_one, tab_two = open_tab(client, assessment, step.slug), open_tab(client, assessment, step.slug)
    client.post(step_url(assessment, step.slug), step_answers(step, rating=2) | {first.key: "4"} | tab_one)

    response = client.post(
        step_url(assessment, step.slug), step_answers(step, rating=2) | {first.key: "1", second.key: "3"} | tab_two
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert (
        f"{first.label}: you chose <strong>1 · Awareness</strong>; saved meanwhile: <strong>4 · Expert</strong>."
        in page
    )
    assert (rating(assessment, first.key), rating(assessment, second.key)) == (4, 2)
    assert f'name="{first.key}" id="id_{first.key}_1" value="1" checked' in page


def test_after_a_conflict_saving_again_keeps_the_candidates_choice(client, on_machine_learning):
    assessment, step = on_machine_learning
    first = step.questions[0].key
    tab_one, tab_two = open_tab(client, assessment, step.slug), open_tab(client, assessment, step.slug)
    client.post(step_url(assessment, step.slug), step_answers(step, rating=2) | {first: "4"} | tab_one)
    conflict = client.post(step_url(assessment, step.slug), step_answers(step, rating=2) | {first: "1"} | tab_two)
    shown_now = html.unescape(re.search(r'name="shown" value="([^"]*)"', conflict.content.decode()).group(1))

    again = client.post(
        step_url(assessment, step.slug), step_answers(step, rating=2) | {first: "1", "shown": shown_now}
    )

    assert (conflict.status_code, again.status_code, rating(assessment, first)) == (409, 302, 1)


def test_both_tabs_choosing_the_same_new_answer_is_no_conflict(client, on_machine_learning):
    assessment, step = on_machine_learning
    first = step.questions[0].key
    tab_one, tab_two = open_tab(client, assessment, step.slug), open_tab(client, assessment, step.slug)

    client.post(step_url(assessment, step.slug), step_answers(step, rating=2) | {first: "4"} | tab_one)
    response = client.post(step_url(assessment, step.slug), step_answers(step, rating=2) | {first: "4"} | tab_two)

    assert (response.status_code, rating(assessment, first)) == (302, 4)


def test_experience_fields_from_an_old_tab_do_not_undo_another_tabs_change(client, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2, until="experience")
    step = questionnaire.step("experience")
    client.post(step_url(assessment, "experience"), step_answers(step, years=4, shipped=1) | {"nav": "back"})
    tab_one, tab_two = open_tab(client, assessment, "experience"), open_tab(client, assessment, "experience")
    back = {"nav": "back"}

    client.post(step_url(assessment, "experience"), step_answers(step, years=9, shipped=1) | back | tab_one)
    response = client.post(step_url(assessment, "experience"), step_answers(step, years=4, shipped=5) | back | tab_two)

    assessment.refresh_from_db()
    assert response.status_code == 302
    assert (assessment.years_experience, assessment.shipped_projects) == (9, 5)


def test_two_tabs_choosing_different_clouds_get_a_conflict_in_words_and_keep_the_other_fields(client, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2, until="experience")
    step = questionnaire.step("experience")
    back = {"nav": "back"}
    client.post(step_url(assessment, "experience"), step_answers(step, years=4, shipped=1) | back)
    tab_one, tab_two = open_tab(client, assessment, "experience"), open_tab(client, assessment, "experience")

    client.post(
        step_url(assessment, "experience"), step_answers(step, years=4, shipped=1, cloud="aws") | back | tab_one
    )
    response = client.post(
        step_url(assessment, "experience"),
        step_answers(step, years=4, shipped=1, cloud="ibm", hours_per_week=6) | back | tab_two,
    )

    assessment.refresh_from_db()
    assert response.status_code == 409
    assert (
        "Your cloud: you chose <strong>IBM Cloud</strong>; saved meanwhile: <strong>Amazon Web Services (AWS)</strong>."
        in response.content.decode()
    )
    assert (assessment.preferred_cloud, assessment.hours_per_week) == ("aws", None)


def test_certifications_from_an_old_tab_are_kept_when_it_changes_only_a_rating(client, questionnaire):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=2, until="experience")
    step = questionnaire.step("education")
    tab_one, tab_two = open_tab(client, assessment, "education"), open_tab(client, assessment, "education")
    degree = step.questions[0].key

    client.post(
        step_url(assessment, "education"),
        step_answers(step, rating=2, certifications=["aws-ai-practitioner"]) | tab_one,
    )
    response = client.post(step_url(assessment, "education"), step_answers(step, rating=2) | {degree: "3"} | tab_two)

    held = list(Assessment.objects.get(pk=assessment.pk).held_certifications.values_list("slug", flat=True))
    assert response.status_code == 302
    assert (held, rating(assessment, degree)) == (["aws-ai-practitioner"], 3)
    assert Certification.objects.filter(slug="aws-ai-practitioner").exists()


@pytest.mark.parametrize("shown", ["not json", "[1, 2]", '{"no-such-field": 1}'], ids=["text", "list", "unknown"])
def test_a_damaged_shown_record_is_refused_and_nothing_is_saved(client, on_machine_learning, shown):
    assessment, step = on_machine_learning
    first = step.questions[0].key

    response = client.post(step_url(assessment, step.slug), step_answers(step, rating=2) | {first: "4", "shown": shown})

    assert response.status_code == 400
    assert "damaged record of what it showed" in response.content.decode()
    assert rating(assessment, first) == 2
