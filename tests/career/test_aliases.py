"""The shipped aliases: every catalogue item can be recognised, no phrase names two things, curators are guarded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from career.models import Alias, Certification, Duty, Qualification, Role, Skill
from career.recognition import normalise_phrase, phrase_variants
from career.selectors import alias_list

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_shipped_fixture_has_several_hundred_aliases():
    assert Alias.objects.count() >= 300


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Skill, "skill"),
        (Duty, "duty"),
        (Qualification, "qualification"),
        (Certification, "certification"),
        (Role, "role"),
    ],
    ids=["skills", "duties", "qualifications", "certifications", "roles"],
)
def test_every_catalogue_item_has_an_alias(model, field):
    named = set(Alias.objects.filter(**{f"{field}__isnull": False}).values_list(f"{field}__slug", flat=True))

    assert sorted(set(model.objects.values_list("slug", flat=True)) - named) == []


def test_no_two_aliases_match_the_same_words():
    owners: dict[str, set[str]] = {}
    for alias in alias_list():
        for form in phrase_variants(alias.phrase):
            owners.setdefault(form, set()).add(f"{alias.kind}:{alias.key}")

    assert {form: sorted(names) for form, names in owners.items() if len(names) > 1} == {}


@pytest.mark.parametrize(
    "phrase",
    ["edge", "CV", "cloud-based startup", "certified", "at scale", "Salesforce", "REST", "containers", "Lex"],
    ids=lambda p: p,
)
def test_no_alias_is_a_word_ads_use_for_something_else(phrase):
    assert [a.phrase for a in Alias.objects.all() if normalise_phrase(a.phrase) == normalise_phrase(phrase)] == []


def test_an_alias_names_exactly_one_thing():
    with transaction.atomic(), pytest.raises(IntegrityError):
        Alias.objects.create(phrase="two things", skill=Skill.objects.first(), duty=Duty.objects.first())


def test_a_curator_cannot_add_a_phrase_that_already_matches_the_same_words():
    alias = Alias(phrase="py-torch", skill=Skill.objects.get(slug="deep-learning-frameworks"))
    alias.phrase = "PYTORCH"

    with pytest.raises(ValidationError) as raised:
        alias.full_clean()

    assert raised.value.message_dict == {"phrase": ["“PyTorch” already matches the same words."]}


def test_an_alias_without_letters_or_digits_is_refused():
    with pytest.raises(ValidationError) as raised:
        Alias(phrase=" - / ", skill=Skill.objects.first()).full_clean()

    assert raised.value.message_dict["phrase"] == ["An alias needs at least one letter or digit."]


def test_loading_the_aliases_twice_changes_nothing():
    before = sorted(Alias.objects.values_list("phrase", "skill_id", "duty_id", "qualification_id", "certification_id"))

    call_command("loaddata", "aliases", verbosity=0, stdout=io.StringIO())

    after = sorted(Alias.objects.values_list("phrase", "skill_id", "duty_id", "qualification_id", "certification_id"))
    assert after == before
