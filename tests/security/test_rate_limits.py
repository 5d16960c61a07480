"""Limits on anonymous work, guessed links and account requests: 429 with Retry-After, logged once."""

import logging
import math
import uuid
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import services
from assessment.models import Assessment, Report
from tests.journeys import answer_steps, start_assessment
from tests.security.test_headers import EXPECTED, security_headers

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

HOUR = 3600
START = {"role": "ai-engineer", "seniority": "mid"}
PASSWORD = "a-long-and-unusual-passphrase-42"


def browser(address: str = "203.0.113.10") -> Client:
    return Client(REMOTE_ADDR=address)


def heading(response) -> str:
    return response.content.decode().split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0]


def refusal(response) -> tuple:
    """Status, heading and whether Retry-After is a wait within the hour that the page states in minutes."""
    retry_after = int(response["Retry-After"])
    minutes = math.ceil(retry_after / 60)
    stated = f"Try again in {minutes} minute{'s' if minutes != 1 else ''}." in response.content.decode()
    return response.status_code, heading(response), 0 < retry_after <= HOUR, stated


REFUSED = (429, "Too many requests", True, True)


@pytest.fixture
def report():
    client = Client()
    client.force_login(get_user_model().objects.create_user("rita", "rita@example.org", PASSWORD))
    assessment = start_assessment(client)
    answer_steps(client, assessment)
    return Report.objects.get(assessment=assessment)


# --- Anonymous assessments --------------------------------------------------------------------------------------


def test_one_anonymous_session_starts_only_the_limit_per_hour(rate_limits):
    rate_limits(100, assessment_starts_per_session="3/h")
    client = browser()

    responses = [client.post(reverse("assessment:start"), START) for _ in range(5)]

    assert [r.status_code for r in responses] == [302, 302, 302, 429, 429]
    assert refusal(responses[3]) == REFUSED
    assert Assessment.objects.count() == 3


def test_one_address_starts_only_the_limit_per_hour_whatever_its_sessions(rate_limits):
    rate_limits(100, assessment_starts_per_address="3/h")

    same_address = [browser().post(reverse("assessment:start"), START).status_code for _ in range(4)]
    other_address = browser("198.51.100.20").post(reverse("assessment:start"), START)

    assert (same_address, other_address.status_code, Assessment.objects.count()) == ([302, 302, 302, 429], 302, 4)


def test_signed_in_candidates_are_not_limited_as_anonymous_ones(rate_limits, report):
    rate_limits(1)
    client = browser()
    client.force_login(report.user)

    statuses = [client.post(reverse("assessment:start"), START).status_code for _ in range(3)]

    assert statuses == [302, 302, 302]


def test_the_start_page_itself_is_not_counted(rate_limits):
    rate_limits(1)
    client = browser()

    statuses = [client.get(reverse("assessment:start")).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


# --- Lookups that miss ----------------------------------------------------------------------------------------


def test_guessing_share_links_is_refused_after_the_limit_while_a_real_link_still_opens(rate_limits, report):
    rate_limits(100, lookup_misses_per_address="3/h")
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)
    guesser = browser()

    guesses = [guesser.get(f"/s/guess-{n}-aaaaaaaaaaaaaaaaaaaaaaaaaaaa/") for n in range(4)]
    real_from_guesser = guesser.get(f"/s/{link.token}/")
    real_elsewhere = browser("198.51.100.20").get(f"/s/{link.token}/")

    assert [g.status_code for g in guesses] == [404, 404, 404, 429]
    assert refusal(guesses[3]) == REFUSED
    assert (real_from_guesser.status_code, real_elsewhere.status_code) == (200, 200)


@pytest.mark.parametrize("url_name", ["assessment:report", "assessment:report-json", "assessment:report-pdf"])
def test_guessing_report_ids_is_refused_after_the_limit(rate_limits, url_name):
    rate_limits(100, lookup_misses_per_address="2/h")
    guesser = browser()

    statuses = [guesser.get(reverse(url_name, kwargs={"pk": uuid.uuid4()})).status_code for _ in range(4)]

    assert statuses == [404, 404, 429, 429]


def test_lookups_that_find_their_report_are_not_counted(rate_limits, report):
    rate_limits(1)
    client = browser()
    client.force_login(report.user)

    statuses = [client.get(reverse("assessment:report", kwargs={"pk": report.pk})).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 200]


def test_a_lookup_that_finds_its_report_costs_no_query(rate_limits, report, settings):
    client = browser()
    client.force_login(report.user)
    url = reverse("assessment:report", kwargs={"pk": report.pk})
    client.get(url)

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    settings.RATELIMIT_ENABLE = False
    without_limits = queries()
    rate_limits(1)
    with_limits = queries()

    # The session is read through the same cache table (cached_db sessions); nothing else may touch it.
    counter_reads = [sql for sql in with_limits if "django_cache" in sql and "django.contrib.sessions" not in sql]
    assert (len(with_limits), counter_reads) == (len(without_limits), [])


# --- Sign-up and password reset ---------------------------------------------------------------------------------


def test_sign_up_requests_are_limited_per_address(rate_limits):
    rate_limits(100, signups_per_address="2/h")

    posts = [
        browser().post(
            reverse("signup"),
            {"username": f"sam{n}", "email": f"sam{n}@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
        for n in range(3)
    ]
    page = browser().get(reverse("signup"))

    assert [p.status_code for p in posts] == [302, 302, 429]
    assert (refusal(posts[2]), page.status_code) == (REFUSED, 200)


def test_password_reset_requests_are_limited_per_address(rate_limits, mailoutbox):
    rate_limits(100, password_resets_per_address="2/h")
    get_user_model().objects.create_user("tess", "tess@example.org", PASSWORD)
    client = browser()

    posts = [client.post(reverse("password_reset"), {"email": "tess@example.org"}) for _ in range(3)]

    assert [p.status_code for p in posts] == [302, 302, 429]
    assert (refusal(posts[2]), len(mailoutbox)) == (REFUSED, 2)


def test_behind_a_proxy_the_address_it_appended_is_counted_not_one_the_client_sent(rate_limits, settings):
    rate_limits(100, signups_per_address="1/h")
    settings.CLIENT_IP_HEADERS = ["HTTP_X_FORWARDED_FOR"]
    proxy = "10.0.0.2"

    def post(forwarded_for: str) -> int:
        client = Client(REMOTE_ADDR=proxy, headers={"x-forwarded-for": forwarded_for})
        return client.post(reverse("signup"), {"username": "x"}).status_code

    statuses = [post("203.0.113.5"), post("1.1.1.1, 203.0.113.5"), post("203.0.113.6")]

    assert statuses == [400, 429, 400]


# --- The refusal itself ---------------------------------------------------------------------------------------


def test_a_refusal_is_logged_once_as_one_warning_line(rate_limits, caplog):
    rate_limits(100, signups_per_address="1/h")
    client = browser()
    client.post(reverse("signup"), {"username": "x"})
    caplog.clear()

    response = client.post(reverse("signup"), {"username": "x"})

    retry_after = int(response["Retry-After"])
    records = [(r.name, r.levelname, r.getMessage(), r.exc_info) for r in caplog.records if r.levelno >= logging.INFO]
    assert records == [
        (
            "django.security.RateLimited",
            "WARNING",
            f"Too Many Requests (rate limit signups-per-address, retry after {retry_after} s): /accounts/signup/",
            None,
        )
    ]
    assert caplog.records[0].request.request_id == response["X-Request-ID"]


def test_the_refusal_page_has_every_security_header(rate_limits):
    rate_limits(100, signups_per_address="1/h")
    client = browser()
    client.post(reverse("signup"), {"username": "x"})

    response = client.post(reverse("signup"), {"username": "x"})

    assert (response.status_code, security_headers(response)) == (429, EXPECTED)


# --- The shared cache's counter -------------------------------------------------------------------------------


def cache_expiry(key: str) -> datetime:
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM django_cache WHERE cache_key = %s", [cache.make_key(key)])
        value = cursor.fetchone()[0]
    return value if isinstance(value, datetime) else datetime.fromisoformat(value).replace(tzinfo=UTC)


def test_cache_increment_counts_and_keeps_the_expiry_it_was_added_with():
    cache.add("counter", 0, HOUR)
    expiry = cache_expiry("counter")

    counts = [cache.incr("counter") for _ in range(3)]

    assert (counts, cache.get("counter"), cache_expiry("counter")) == ([1, 2, 3], 3, expiry)


def test_cache_increment_of_a_missing_key_raises():
    with pytest.raises(ValueError, match="not found"):
        cache.incr("no-such-counter")
