"""Pages that say how long the assessment takes show the figure measured from the questionnaire."""

import re

import pytest
from django.urls import reverse

from assessment.questionnaire import time_estimate
from assessment.selectors import questionnaire_get

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_home_page_shows_the_measured_time(client):
    minutes = time_estimate(questionnaire_get()).minutes

    html = client.get(reverse("career:home")).content.decode()

    assert re.findall(r'data-testid="time-estimate">About (\d+) minutes', html) == [str(minutes)]
    assert "10–15 minutes" not in html


def test_empty_report_list_shows_the_measured_time(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("new", "new@example.org", "irrelevant-pass-123"))
    minutes = time_estimate(questionnaire_get()).minutes

    html = client.get(reverse("assessment:report-list")).content.decode()

    assert f"it takes about {minutes} minutes." in html


def test_the_shipped_questionnaire_takes_longer_than_the_old_guess():
    estimate = time_estimate(questionnaire_get())

    # The shipped questionnaire shows thousands of words: more than 15 minutes of reading alone.
    assert (estimate.words > 15 * 238, estimate.minutes > 15) == (True, True)
