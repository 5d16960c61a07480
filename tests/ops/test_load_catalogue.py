import io

import pytest
from django.core.management import call_command

from career.models import Role

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


def test_load_catalogue_if_empty_keeps_curators_edits():
    Role.objects.filter(slug="nlp-engineer").update(name="Language Model Engineer")

    output = load("--if-empty")

    assert (output, Role.objects.get(slug="nlp-engineer").name) == (
        "The catalogue already has roles: nothing loaded (--if-empty).\n",
        "Language Model Engineer",
    )


def test_load_catalogue_if_empty_loads_an_empty_catalogue():
    Role.objects.all().delete()

    load("--if-empty")

    assert (Role.objects.count(), Role.objects.get(slug="nlp-engineer").name) == (11, "NLP Engineer")


def test_load_catalogue_without_the_option_refreshes_the_shipped_rows():
    Role.objects.filter(slug="nlp-engineer").update(name="Language Model Engineer")

    load()

    assert Role.objects.get(slug="nlp-engineer").name == "NLP Engineer"
