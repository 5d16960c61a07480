"""Two app servers on one database, as two hosts behind a load balancer that sends every request
to the other one: sessions, CSRF, the claim of anonymous work on sign-up, the rate limits and the
login lockout hold across both, and 50 candidates spread over both lose nothing."""

import re
import time

import pytest

from career.models import Certification
from tests.load.servers import latest_mail
from tests.load.test_concurrency_and_faults import (
    CANDIDATES,
    Browser,
    Candidate,
    PageParser,
    expected_answers,
    problems_in_log,
    run_all,
)

pytestmark = [pytest.mark.load, pytest.mark.django_db]

PASSWORD = "scale-out-passphrase-8816"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/signup/confirm/[A-Za-z0-9_-]+/)")


class AlternatingBrowser(Browser):
    """One browser whose every request goes to the next server in turn; it records which served what."""

    def __init__(self, base_urls: list[str], *, offset: int = 0):
        super().__init__(base_urls[0])
        self.base_urls = base_urls
        self.offset = offset
        self.served: list[str] = []

    def request(self, method, path, data=None):
        self.base_url = self.base_urls[(self.count + self.offset) % len(self.base_urls)]
        self.served.append(self.base_url)
        return super().request(method, path, data)


def csrf_token(browser: Browser, path: str) -> str:
    response = browser.request("GET", path)
    assert response.status == 200, f"GET {path} gave {response.status}"
    return PageParser(response.body).value("csrfmiddlewaretoken")


def test_a_journey_alternating_between_two_servers_keeps_session_csrf_claim_and_limits(app_servers):
    urls = [server.base_url for server in app_servers]
    log_offsets = [server.log_offset() for server in app_servers]

    # Anonymous: start, answer every step and open the report, each request on the other server.
    candidate = Candidate(index=400, browser=AlternatingBrowser(urls))
    candidate.run()

    # Sign up on both, confirm through the emailed link on both: the anonymous report comes along.
    browser = candidate.browser
    form = [
        ("csrfmiddlewaretoken", csrf_token(browser, "/accounts/signup/")),
        ("username", "casey-two-servers"),
        ("email", "casey.two-servers@example.org"),
        ("password1", PASSWORD),
        ("password2", PASSWORD),
    ]
    sent = browser.request("POST", "/accounts/signup/", form)
    link = CONFIRM_LINK.search(latest_mail(app_servers[0].env).get_content()).group(1)
    confirm = [("csrfmiddlewaretoken", csrf_token(browser, link))]
    created = browser.request("POST", link, confirm)
    reports = browser.request("GET", "/reports/")
    report = browser.request("GET", f"/reports/{candidate.report}/")

    assert (sent.status, sent.location, created.status, created.location) == (
        302,
        "/accounts/signup/sent/",
        302,
        "/reports/",
    )
    assert (reports.status, f"/reports/{candidate.report}/" in reports.body, report.status) == (200, True, 200)
    assert set(browser.served) == set(urls)

    # A new anonymous browser: its starts are counted in one place whichever server takes them.
    starter = AlternatingBrowser(urls)
    token = csrf_token(starter, "/assess/")
    start = [("csrfmiddlewaretoken", token), ("role", candidate.role), ("seniority", candidate.seniority)]
    statuses = [starter.request("POST", "/assess/", start).status for _ in range(11)]
    refused = starter.request("POST", "/assess/", start)

    assert statuses == [302] * 10 + [429]
    assert (refused.status, "Too many requests" in refused.body) == (429, True)
    assert {starter.served[n] for n in range(1, 12)} == set(urls)

    # Failed logins on both servers lock the account on both.
    guesser = AlternatingBrowser(urls)
    token = csrf_token(guesser, "/accounts/login/")

    def log_in(password: str) -> int:
        data = [("csrfmiddlewaretoken", token), ("username", "casey-two-servers"), ("password", password)]
        return guesser.request("POST", "/accounts/login/", data).status

    failures = [log_in("wrong") for _ in range(5)]
    right_password_on_each = [log_in(PASSWORD), log_in(PASSWORD)]

    assert (failures, right_password_on_each) == ([200, 200, 200, 200, 429], [429, 429])
    assert [problems_in_log(s.log_since(o)) for s, o in zip(app_servers, log_offsets, strict=True)] == [[], []]


def test_fifty_candidates_spread_over_two_servers_lose_nothing(app_servers):
    urls = [server.base_url for server in app_servers]
    log_offsets = [server.log_offset() for server in app_servers]
    candidates = [Candidate(index=500 + i, browser=AlternatingBrowser(urls, offset=i)) for i in range(CANDIDATES)]

    started = time.monotonic()
    failures = run_all(candidates, Candidate.run)
    elapsed = time.monotonic() - started

    requests = sum(c.browser.count for c in candidates)
    print(f"\n{CANDIDATES} candidates over 2 servers, {requests} requests in {elapsed:.1f} s")
    assert failures == []
    assert [problems_in_log(s.log_since(o)) for s, o in zip(app_servers, log_offsets, strict=True)] == [[], []]
    assert {len(set(c.browser.served)) for c in candidates} == {2}
    certification_levels = dict(Certification.objects.values_list("slug", "credential_level"))
    database = app_servers[0].database
    stored = database.answers()
    reports = {report["assessment"]: report["id"] for report in database.reports()}
    assert {c.assessment: stored[c.assessment] for c in candidates} == {
        c.assessment: expected_answers(c, certification_levels) for c in candidates
    }
    assert {c.assessment: reports[c.assessment] for c in candidates} == {c.assessment: c.report for c in candidates}
