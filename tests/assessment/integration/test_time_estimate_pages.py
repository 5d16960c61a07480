"""Pages that say how long the assessment takes show the range computed from the questionnaire, the optional
knowledge check's own figure, and say that it is an estimate."""

import re

import pytest
from django.urls import reverse

from assessment.knowledge_check import longest_minutes
from assessment.questionnaire import time_estimate
from assessment.selectors import questionnaire_get

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_home_page_shows_the_estimated_range_the_check_and_how_it_was_estimated(client):
    estimate = time_estimate(questionnaire_get())

    html = client.get(reverse("career:home")).content.decode()

    shown = re.search(r'data-testid="time-estimate">(.*?)</p>', html, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", shown).split())
    assert text.startswith(
        f"About {estimate.minutes_low}–{estimate.minutes_high} minutes for the questionnaire, plus an optional "
        f"knowledge check of up to about {longest_minutes()} minutes; no account needed. "
        "Your answers are saved at each step."
    )
    assert "an estimate from typical reading speed and self-rating response times, not a measurement" in text
    assert "10–15 minutes" not in html


def test_empty_report_list_shows_the_estimated_range(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("new", "new@example.org", "irrelevant-pass-123"))
    estimate = time_estimate(questionnaire_get())

    html = client.get(reverse("assessment:report-list")).content.decode()

    assert (
        f"it takes about {estimate.minutes_low}–{estimate.minutes_high} minutes, plus an optional knowledge check "
        f"of up to about {longest_minutes()} minutes"
    ) in html


def test_the_shipped_questionnaire_takes_longer_than_the_old_guess():
    estimate = time_estimate(questionnaire_get())

    # The shipped questionnaire shows thousands of words: more than 15 minutes of reading alone.
    assert (estimate.words > 15 * 238, estimate.minutes_low > 15) == (True, True)
