"""The questionnaire is built once per catalogue revision: kept while the catalogue stands, rebuilt after any change."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.selectors import questionnaire_get
from career.models import Skill, SkillLevel
from career.revision import catalogue_changed, catalogue_revision
from tests.factories import make_skill
from tests.journeys import start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_questionnaire_is_reused_while_the_catalogue_is_unchanged(django_assert_num_queries):
    first = questionnaire_get()

    with django_assert_num_queries(1):  # the revision only
        second = questionnaire_get()

    assert second is first


def test_saving_a_catalogue_row_moves_the_revision_on_and_the_questionnaire_shows_it(client):
    assessment = start_assessment(client)
    before = catalogue_revision()
    questionnaire_get()
    python = Skill.objects.get(slug="python")

    python.name = "Python 3 programming"
    python.save()
    page = client.get(reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": "skills-programming"}))

    assert catalogue_revision() != before
    assert "Python 3 programming" in page.content.decode()


def test_deleting_an_anchor_text_is_seen_at_the_next_request():
    questionnaire_get()

    SkillLevel.objects.filter(skill__slug="python", level=4).delete()
    python = questionnaire_get().step("skills-programming").questions[0]

    assert [choice.anchor == "" for choice in python.choices] == [False, False, False, False, True]


def test_changing_prerequisites_moves_the_revision_on():
    before = catalogue_revision()

    Skill.objects.get(slug="mlops").prerequisites.add(Skill.objects.get(slug="python"))

    assert catalogue_revision() != before


def test_a_new_skill_appears_in_its_category_step():
    questionnaire_get()

    make_skill(slug="rust", name="Rust", category=Skill.objects.get(slug="python").category)

    # Programming (now two skills) shares its step with machine learning (three) and data (two).
    keys = [q.key for q in questionnaire_get().step("skills-programming").questions]
    assert keys[:2] == ["python", "rust"]
    assert len(keys) == 7


def test_load_catalogue_records_one_change():
    before = catalogue_revision()

    call_command("load_catalogue", verbosity=0)

    assert catalogue_revision() not in (None, before)


def test_revision_tokens_are_never_reused():
    tokens = {catalogue_changed() for _ in range(50)}

    assert len(tokens) == 50
