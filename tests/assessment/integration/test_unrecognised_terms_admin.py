"""Curators see the phrases ads ask for that match no alias, with counts and nothing else; they cannot edit them."""

import pytest
from django.urls import reverse

from assessment.job_ads import unrecognised_terms_count
from assessment.models import UnrecognisedTerm

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = reverse("admin:assessment_unrecognisedterm_changelist")


def test_the_list_shows_each_phrase_with_its_ad_count_most_asked_first(admin_client, django_assert_num_queries):
    unrecognised_terms_count(phrases=["rust", "flink"])
    unrecognised_terms_count(phrases=["rust", "rust"])

    with django_assert_num_queries(5):
        response = admin_client.get(URL)

    assert [(t.phrase, t.ad_count) for t in response.context["cl"].result_list] == [("rust", 2), ("flink", 1)]


def test_curators_cannot_add_or_change_a_count(admin_client):
    unrecognised_terms_count(phrases=["rust"])
    term = UnrecognisedTerm.objects.get()

    add = admin_client.get(reverse("admin:assessment_unrecognisedterm_add"))
    change = admin_client.post(reverse("admin:assessment_unrecognisedterm_change", args=[term.pk]), {"ad_count": 99})

    term.refresh_from_db()
    assert (add.status_code, change.status_code, term.ad_count) == (403, 403, 1)


def test_candidates_cannot_see_the_list(client):
    response = client.get(URL)

    assert (response.status_code, response["Location"].startswith(reverse("admin:login"))) == (302, True)
