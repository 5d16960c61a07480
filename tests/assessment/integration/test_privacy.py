"""The privacy page states what is stored where and for how long, with the figures the settings enforce."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.career.test_pages import by_id, page

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PRIVACY = reverse("assessment:privacy")


def text(response, section: str) -> str:
    return by_id(response, section).text


def test_privacy_page_states_the_anonymous_retention_the_settings_use(client, settings):
    settings.ANONYMOUS_RETENTION_DAYS = 30
    default = client.get(PRIVACY)
    settings.ANONYMOUS_RETENTION_DAYS = 7
    changed = client.get(PRIVACY)

    assert [page(r).texts("td", data_testid="anonymous-retention") for r in (default, changed)] == [
        [
            "Deleted 30 days after you last saved an answer, by the daily clean-up, unless you sign up or log in in "
            "this browser first: then they move to your account."
        ],
        [
            "Deleted 7 days after you last saved an answer, by the daily clean-up, unless you sign up or log in in "
            "this browser first: then they move to your account."
        ],
    ]
    assert "The 7-day clean-up never touches them." in text(changed, "account")


def test_privacy_page_reads_every_other_lifetime_from_the_settings(client, settings):
    settings.SESSION_COOKIE_AGE = 3 * 24 * 3600
    settings.SIGNUP_CONFIRM_HOURS = 2
    settings.PASSWORD_RESET_TIMEOUT = 24 * 3600
    settings.AXES_COOLOFF_TIME = timedelta(minutes=45)
    settings.RATE_LIMITS = {"a": "5/m", "b": "100/2h", "c": "10/h"}

    response = client.get(PRIVACY)

    everyone = text(response, "everyone")
    assert "3 days after it last changed, or until you clear your cookies." in text(response, "anonymous")
    assert "The link works for 2 hours;" in everyone
    assert "works once, for up to 1 day." in everyone
    assert "once its 45-minute cool-off has passed" in everyone
    assert "2 hours at most with the current settings" in everyone


def test_privacy_page_covers_every_kind_of_data_for_both_kinds_of_candidate(client):
    response = client.get(PRIVACY)

    content = page(response)
    assert response.status_code == 200
    assert content.texts("h2") == [
        "If you take the assessment without an account",
        "If you have an account",
        "For everyone",
    ]
    assert [row.find("th")[0].text.split(":")[0] for row in content.find("tr") if row.find("td")] == [
        "Your browser session",
        "Your assessments",
        "Your reports, and the PDF made the first time you download one",
        "Job ads you score yourself against",
        "Your account",
        "Your assessments, answers, reports and their PDFs",
        "Your job ads",
        "Your share links",
        "Your learning plans",
        "Your browser session",
    ]
    assert content.texts("dt") == [
        "Phrases from job ads that match nothing in our catalogue",
        "Signing up",
        "Password reset",
        "Protection against abuse",
        "Logs",
        "Email",
        "Cookies",
        "Who can see it",
    ]


def test_privacy_page_links_to_the_data_download_and_account_deletion(client):
    links = {a.attrs["href"] for a in by_id(client.get(PRIVACY), "account").find("a")}

    assert links == {reverse("assessment:account-data"), reverse("assessment:account-delete")}


def test_privacy_page_says_the_plan_digest_is_sent_only_to_those_who_turn_it_on(client):
    text = " ".join(page(client.get(PRIVACY)).text.split())

    assert "only if you turn it on, a weekly digest of your learning plans" in text
    assert "deletes your assessments, answers, reports, PDFs, share links, learning plans and job ads at once" in text
