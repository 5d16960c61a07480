"""The question bank's models: natural keys and the constraints the database enforces."""

import json

import pytest
from django.core import serializers
from django.db import IntegrityError, transaction

from career.models import KnowledgeCheckItem, KnowledgeCheckOption, Skill
from tests import factories

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_check_item_and_option_natural_keys_are_the_slug_and_the_position():
    item = KnowledgeCheckItem.objects.get(slug="mlops-3-2")
    option = item.options.get(position=3)

    assert (item.natural_key(), option.natural_key()) == (("mlops-3-2",), ("mlops-3-2", 3))
    assert KnowledgeCheckItem.objects.get_by_natural_key("mlops-3-2") == item
    assert KnowledgeCheckOption.objects.get_by_natural_key("mlops-3-2", 3) == option


def test_check_item_natural_keys_round_trip_through_a_fixture_onto_the_same_rows():
    item = KnowledgeCheckItem.objects.get(slug="mlops-3-2")
    shipped = (item.stem, list(item.options.values_list("pk", "position", "text", "is_correct")))
    text = serializers.serialize(
        "json", [item, *item.options.all()], use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    KnowledgeCheckItem.objects.filter(pk=item.pk).update(stem="Edited", is_active=False)
    item.options.update(is_correct=False)

    for obj in serializers.deserialize("json", text, handle_forward_references=True):
        obj.save()

    objects = json.loads(text)
    assert [(obj["model"], "pk" in obj) for obj in objects] == [("career.knowledgecheckitem", False)] + [
        ("career.knowledgecheckoption", False)
    ] * 4
    assert objects[0]["fields"]["skill"] == ["mlops"]
    assert [obj["fields"]["item"] for obj in objects[1:]] == [["mlops-3-2"]] * 4
    item.refresh_from_db()
    assert (item.stem, list(item.options.values_list("pk", "position", "text", "is_correct"))) == shipped
    assert item.is_active is True


def _refused(create) -> str:
    with pytest.raises(IntegrityError) as refusal, transaction.atomic():
        create()
    return str(refusal.value)


@pytest.mark.parametrize("level", [0, 5])
def test_check_item_level_outside_1_to_4_is_refused(level):
    skill = Skill.objects.get(slug="python")

    error = _refused(
        lambda: KnowledgeCheckItem.objects.create(
            skill=skill, level=level, slug="python-x", stem="Out of range?", explanation="No."
        )
    )

    assert "career_knowledgecheckitem_level_in_range" in error
    assert not KnowledgeCheckItem.objects.filter(slug="python-x").exists()


def test_check_item_with_a_stem_its_skill_already_has_is_refused():
    existing = KnowledgeCheckItem.objects.get(slug="python-2-1")

    error = _refused(
        lambda: KnowledgeCheckItem.objects.create(
            skill=existing.skill, level=3, slug="python-3-99", stem=existing.stem, explanation="A copy."
        )
    )

    assert error.startswith(
        (
            "UNIQUE constraint failed: career_knowledgecheckitem.skill_id, career_knowledgecheckitem.stem",  # SQLite
            'duplicate key value violates unique constraint "career_knowledgecheckitem_unique_stem"',  # PostgreSQL
        )
    )


@pytest.mark.parametrize("position", [0, 6])
def test_check_option_position_outside_1_to_5_is_refused(position):
    item = factories.make_check_item(options=["A", "B", "C"])

    error = _refused(lambda: KnowledgeCheckOption.objects.create(item=item, position=position, text="D"))

    assert "career_knowledgecheckoption_position_in_range" in error
    assert item.options.count() == 3


def test_check_option_second_row_at_a_position_is_refused():
    item = factories.make_check_item(options=["A", "B", "C"])

    error = _refused(lambda: KnowledgeCheckOption.objects.create(item=item, position=2, text="Another B"))

    assert error.startswith(
        (
            "UNIQUE constraint failed: career_knowledgecheckoption.item_id, career_knowledgecheckoption.position",
            'duplicate key value violates unique constraint "career_knowledgecheckoption_unique"',
        )
    )
    assert list(item.options.values_list("position", "text")) == [(1, "A"), (2, "B"), (3, "C")]


def test_deleting_a_check_item_deletes_its_options():
    item = factories.make_check_item()

    item.delete()

    assert KnowledgeCheckOption.objects.filter(item_id=item.pk).count() == 0
