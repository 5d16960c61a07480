"""Nothing lost under load and faults: candidates over real HTTP against gunicorn.

Each simulated candidate is a cookie-keeping HTTP client on its own thread. It
opens the start page, starts an assessment, answers every question of every
step with its own deterministic ratings (read from the form the page serves),
finishes and opens its report. Afterwards the server's database is read
directly and compared with what each candidate sent.
"""

import hashlib
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from http.client import HTTPException
from http.cookiejar import CookieJar
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, ProxyHandler, Request, build_opener

import pytest

from assessment import scoring, selectors
from career.models import Certification

pytestmark = [pytest.mark.load, pytest.mark.django_db]

CANDIDATES = 50
REQUEST_SECONDS = 60
RUN_SECONDS = 240
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
RESUME_PATH = re.compile(rf"/assess/(?P<pk>{UUID})/")
STEP_PATH = re.compile(rf"/assess/(?P<pk>{UUID})/(?P<slug>[a-z0-9-]+)/")
REPORT_PATH = re.compile(rf"/reports/(?P<pk>{UUID})/")
STEP_OR_REPORT_PATH = re.compile(rf"/assess/{UUID}/[a-z0-9-]+/|/reports/{UUID}/")
# What a request can raise when the server is killed under it.
CONNECTION_ERRORS = (URLError, HTTPException, ConnectionError, TimeoutError)


class UnexpectedResponse(Exception):
    pass


@dataclass(frozen=True)
class Response:
    status: int
    location: str | None
    body: str


class _KeepRedirects(HTTPRedirectHandler):
    """Hand 3xx responses back to the caller, which checks where they lead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """One candidate's browser: its own cookies, no proxy, no automatic redirects."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = build_opener(ProxyHandler({}), HTTPCookieProcessor(CookieJar()), _KeepRedirects())
        self.count = 0
        self.deadline = time.monotonic() + RUN_SECONDS

    def request(self, method: str, path: str, data: list[tuple[str, str]] | None = None) -> Response:
        if time.monotonic() > self.deadline:
            raise TimeoutError(f"the run took longer than {RUN_SECONDS} s")
        body = urlencode(data).encode() if data is not None else None
        request = Request(self.base_url + path, data=body, method=method)  # noqa: S310 (always http://127.0.0.1)
        self.count += 1
        try:
            with self.opener.open(request, timeout=REQUEST_SECONDS) as response:
                return Response(response.status, response.headers.get("Location"), response.read().decode())
        except HTTPError as error:
            with error:
                return Response(error.code, error.headers.get("Location"), error.read().decode(errors="replace"))


class PageParser(HTMLParser):
    """The form fields, select options and links of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.inputs: list[tuple[str, str, str]] = []  # (type, name, value)
        self.options: dict[str, list[str]] = {}
        self.links: list[str] = []
        self._select: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.inputs.append((attributes.get("type", "text"), attributes["name"], attributes.get("value") or ""))
        elif tag == "select":
            self._select = attributes.get("name")
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(attributes.get("value", ""))
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def value(self, name: str) -> str:
        return next(value for _, input_name, value in self.inputs if input_name == name)

    def choices(self, input_type: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for kind, name, value in self.inputs:
            if kind == input_type:
                found.setdefault(name, []).append(value)
        return found


@dataclass(frozen=True)
class StepPage:
    path: str
    slug: str
    data: list[tuple[str, str]]
    answers: dict[tuple[str, str], int]
    next_path: str | None  # None on the last step, which leads to the report


@dataclass
class Candidate:
    """A candidate with deterministic answers: the same index always gives the same ratings."""

    index: int
    browser: Browser
    role: str = ""
    seniority: str = ""
    assessment: str = ""
    report: str = ""
    certifications: list[str] = field(default_factory=list)
    experience: dict[str, str] = field(default_factory=dict)
    cloud: str = ""
    sent: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)  # step slug -> answers
    saved_steps: list[str] = field(default_factory=list)  # steps whose save the server acknowledged
    step_paths: list[str] = field(default_factory=list)

    def pick(self, name: str, values: list[str]) -> str:
        digest = hashlib.sha256(f"{self.index}:{name}".encode()).digest()
        return values[int.from_bytes(digest[:4]) % len(values)]

    def expect(self, response: Response, method: str, path: str, status: int, location: re.Pattern | None = None):
        if response.status != status or (location is not None and not location.fullmatch(response.location or "")):
            raise UnexpectedResponse(
                f"{method} {path} gave {response.status} {response.location or ''}, "
                f"expected {status} {location.pattern if location else ''}"
            )
        return response

    def get(self, path: str, status: int, location: re.Pattern | None = None) -> Response:
        return self.expect(self.browser.request("GET", path), "GET", path, status, location)

    def post(self, path: str, data, status: int, location: re.Pattern | None = None) -> Response:
        return self.expect(self.browser.request("POST", path, data), "POST", path, status, location)

    def start(self) -> str:
        """Open the start page, start an assessment and return the first step's path."""
        page = PageParser(self.get("/assess/", 200).body)
        cards = page.choices("radio")
        self.role = cards["role"][self.index % len(cards["role"])]
        self.seniority = cards["seniority"][self.index % len(cards["seniority"])]
        data = [
            ("csrfmiddlewaretoken", page.value("csrfmiddlewaretoken")),
            ("role", self.role),
            ("seniority", self.seniority),
        ]
        started = self.post("/assess/", data, 302, RESUME_PATH)
        self.assessment = RESUME_PATH.fullmatch(started.location)["pk"]
        return self.resume()

    def resume(self) -> str:
        """Where the app sends the candidate back to: a step, or the report once completed."""
        return self.get(f"/assess/{self.assessment}/", 302, STEP_OR_REPORT_PATH).location

    def open_step(self, path: str) -> StepPage:
        page = PageParser(self.get(path, 200).body)
        own_steps = [link for link in page.links if STEP_PATH.fullmatch(link) and self.assessment in link]
        self.step_paths = list(dict.fromkeys(own_steps))
        slug = STEP_PATH.fullmatch(path)["slug"]
        kind = "skill" if slug.startswith("skills-") else "duty" if slug == "duties" else "education"
        # The knowledge check after the last step is optional: these candidates skip it and finish.
        nav = "skip" if slug == "check" else "next"
        data = [("csrfmiddlewaretoken", page.value("csrfmiddlewaretoken")), ("nav", nav)]
        answers = {}
        for name, values in page.choices("radio").items():
            data.append((name, self.pick(name, values)))
            if name == "preferred_cloud":  # a choice on the experience step, not a rating
                self.cloud = data[-1][1]
            else:
                answers[(kind, name)] = int(data[-1][1])
        for name, values in page.choices("checkbox").items():
            self.certifications = [value for value in values if self.pick(f"{name}:{value}", ["", "", "held"])]
            data += [(name, value) for value in self.certifications]
        if slug == "experience":
            self.experience = {
                "years_experience": str(self.index % 21),
                "shipped_projects": str(self.index % 7),
                "portfolio_url": f"https://portfolio.example/candidate-{self.index}" if self.index % 2 else "",
            }
            data += list(self.experience.items())
        position = self.step_paths.index(path)
        next_path = self.step_paths[position + 1] if position + 1 < len(self.step_paths) else None
        return StepPage(path=path, slug=slug, data=data, answers=answers, next_path=next_path)

    def submit(self, page: StepPage) -> str:
        """Save one step; the app must send the candidate to the next step, or to the report after the last."""
        self.sent[page.slug] = page.answers
        leads_to = re.compile(re.escape(page.next_path)) if page.next_path else REPORT_PATH
        location = self.post(page.path, page.data, 302, leads_to).location
        self.saved_steps.append(page.slug)
        return location

    def finish(self, path: str) -> None:
        """Answer from `path` to the last step, then open the report."""
        while STEP_PATH.fullmatch(path):
            path = self.submit(self.open_step(path))
        self.report = REPORT_PATH.fullmatch(path)["pk"]
        self.get(path, 200)

    def run(self) -> None:
        self.finish(self.start())

    def answers(self, *, steps) -> dict[tuple[str, str], int]:
        """The ratings the candidate sent on `steps`."""
        answers = {}
        for slug in steps:
            answers |= self.sent.get(slug, {})
        return answers


def run_all(candidates: list[Candidate], job, *, all_at_once: bool = True) -> list[str]:
    """Run `job` for every candidate on its own thread; return the failures, one line each."""
    barrier = threading.Barrier(len(candidates)) if all_at_once else None

    def guarded(candidate: Candidate) -> str | None:
        try:
            if barrier is not None:
                barrier.wait(timeout=60)
            job(candidate)
        except (UnexpectedResponse, *CONNECTION_ERRORS, threading.BrokenBarrierError) as error:
            return f"candidate {candidate.index}: {error!r}"
        return None

    # Each browser gives up after RUN_SECONDS, so the run is bounded in time.
    with ThreadPoolExecutor(max_workers=len(candidates)) as pool:
        failures = list(pool.map(guarded, candidates))
    return [failure for failure in failures if failure is not None]


def expected_answers(candidate: Candidate, certification_levels: dict[str, int], *, steps=None) -> dict:
    """Answer rows as the app stores them for `steps` (default: every step sent): the ratings
    sent, plus on the education step the rating derived from the certifications held."""
    steps = list(candidate.sent) if steps is None else steps
    answers = candidate.answers(steps=steps)
    if "education" in steps:
        levels = [certification_levels[slug] for slug in candidate.certifications]
        answers[("education", "ai-certification")] = max(levels, default=0)
    return answers


@pytest.fixture
def certification_levels():
    """The level of the "AI certification" qualification each certification gives its holder."""
    return dict(Certification.objects.values_list("slug", "credential_level"))


@pytest.fixture
def expected_report():
    """The report figures recomputed here with the scoring module, from the candidate's own ratings."""
    profiles = {}

    def expected(*, role: str, seniority: str, ratings: dict) -> dict:
        if (role, seniority) not in profiles:
            profiles[(role, seniority)] = selectors.scoring_profiles_get(role_slug=role, seniority_slug=seniority)
        role_fit, ladder = profiles[(role, seniority)]
        target = next(profile for profile in role_fit if profile.role == role)
        readiness = scoring.score_profile(target, ratings).readiness
        return {
            "readiness": Decimal(str(readiness)).quantize(Decimal("0.1")),
            "snapshot_readiness": readiness,
            "estimated_seniority_name": scoring.estimate_seniority(ladder, ratings).seniority_name or "",
        }

    return expected


def report_figures(report: dict) -> dict:
    return {
        "readiness": report["readiness"],
        "snapshot_readiness": report["snapshot"]["score"]["readiness"],
        "estimated_seniority_name": report["estimated_seniority_name"],
    }


def snapshot_inputs(report: dict) -> dict:
    snapshot = report["snapshot"]
    return {
        "target": (snapshot["target"]["role"], snapshot["target"]["seniority"]),
        "answers": {(a["kind"], a["key"]): a["rating"] for a in snapshot["answers"]},
        "held_certifications": snapshot["held_certifications"],
        "experience": {key: snapshot["experience"][key] for key in EXPERIENCE_KEYS},
    }


def candidate_inputs(candidate: Candidate, answers: dict) -> dict:
    return {
        "target": (candidate.role, candidate.seniority),
        "answers": answers,
        "held_certifications": sorted(candidate.certifications),
        "experience": {
            "years": int(candidate.experience["years_experience"]),
            "shipped_projects": int(candidate.experience["shipped_projects"]),
            "portfolio_url": candidate.experience["portfolio_url"],
            "preferred_cloud": candidate.cloud,
        },
    }


EXPERIENCE_KEYS = ("years", "shipped_projects", "portfolio_url", "preferred_cloud")


# "database is locked" from SQLite, and any error or traceback that Django or gunicorn logged.
LOG_PROBLEM = re.compile(r"database is locked|Traceback|\bERROR\b|\bCRITICAL\b", re.IGNORECASE)


def problems_in_log(text: str) -> list[str]:
    return [line for line in text.splitlines() if LOG_PROBLEM.search(line)]


def test_fifty_concurrent_candidates_lose_nothing(app_server, certification_levels, expected_report):
    log_offset = app_server.log_offset()
    candidates = [Candidate(index=i, browser=Browser(app_server.base_url)) for i in range(CANDIDATES)]

    started = time.monotonic()
    failures = run_all(candidates, Candidate.run)
    elapsed = time.monotonic() - started

    requests = sum(candidate.browser.count for candidate in candidates)
    print(f"\n{CANDIDATES} candidates, {requests} requests in {elapsed:.1f} s: {requests / elapsed:.1f} requests/s")
    assert failures == []
    assert problems_in_log(app_server.log_since(log_offset)) == []
    stored = app_server.database.answers()
    reports = {report["assessment"]: report for report in app_server.database.reports()}
    answers = {c.assessment: expected_answers(c, certification_levels) for c in candidates}
    assert {c.assessment: stored[c.assessment] for c in candidates} == answers
    assert {c.assessment: reports[c.assessment]["id"] for c in candidates} == {
        c.assessment: c.report for c in candidates
    }
    assert {c.assessment: snapshot_inputs(reports[c.assessment]) for c in candidates} == {
        c.assessment: candidate_inputs(c, answers[c.assessment]) for c in candidates
    }
    assert {c.assessment: report_figures(reports[c.assessment]) for c in candidates} == {
        c.assessment: expected_report(role=c.role, seniority=c.seniority, ratings=answers[c.assessment])
        for c in candidates
    }


def _submit_twice(candidate: Candidate, page: StepPage) -> list[str]:
    """The same POST from the same browser twice at the same moment, as a double click does."""
    barrier = threading.Barrier(2)

    def submit(_):
        barrier.wait(timeout=30)
        return candidate.submit(page)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(submit, range(2)))


def test_double_submitted_saves_and_completion_store_once(app_server, certification_levels, expected_report):
    log_offset = app_server.log_offset()
    candidates = [Candidate(index=100 + i, browser=Browser(app_server.base_url)) for i in range(4)]
    locations: dict[int, list[list[str]]] = {}

    def double_submit_every_step(candidate: Candidate) -> None:
        path = candidate.start()
        locations[candidate.index] = []
        while STEP_PATH.fullmatch(path):
            page = candidate.open_step(path)
            both = _submit_twice(candidate, page)
            locations[candidate.index].append(both)
            path = both[0]
        candidate.report = REPORT_PATH.fullmatch(path)["pk"]
        candidate.get(path, 200)

    failures = run_all(candidates, double_submit_every_step)

    assert failures == []
    assert problems_in_log(app_server.log_since(log_offset)) == []
    for candidate in candidates:
        # Both submissions of every step lead to the same place: the next step, and finally the one report.
        assert [first == second for first, second in locations[candidate.index]] == [True] * len(candidate.step_paths)
        assert locations[candidate.index][-1] == [f"/reports/{candidate.report}/"] * 2
    reports = app_server.database.reports()
    row_counts = app_server.database.answer_row_counts()
    stored = app_server.database.answers()
    answers = {c.assessment: expected_answers(c, certification_levels) for c in candidates}
    assert sorted(r["assessment"] for r in reports if r["assessment"] in answers) == sorted(answers)
    assert {c.assessment: row_counts[c.assessment] for c in candidates} == {a: len(answers[a]) for a in answers}
    assert {c.assessment: stored[c.assessment] for c in candidates} == answers
    by_assessment = {r["assessment"]: r for r in reports}
    assert {c.assessment: report_figures(by_assessment[c.assessment]) for c in candidates} == {
        c.assessment: expected_report(role=c.role, seniority=c.seniority, ratings=answers[c.assessment])
        for c in candidates
    }


def test_sigkill_mid_questionnaire_loses_no_saved_answer(app_server, certification_levels, expected_report):
    """The server dies with SIGKILL while one candidate has a step open and others are saving.

    Every save acknowledged before the kill survives; a save in flight is stored
    whole or not at all; after a restart on the same database everyone resumes
    and finishes with a correct report.
    """
    candidate = Candidate(index=200, browser=Browser(app_server.base_url))
    path = candidate.start()
    for _ in range(4):
        path = candidate.submit(candidate.open_step(path))
    candidate.open_step(path)  # the fifth step is on screen when the server dies
    others = [Candidate(index=210 + i, browser=Browser(app_server.base_url)) for i in range(8)]
    acknowledged = threading.Semaphore(0)

    def answer_until_killed(other: Candidate) -> None:
        path = other.start()
        while STEP_PATH.fullmatch(path):
            path = other.submit(other.open_step(path))
            acknowledged.release()

    with ThreadPoolExecutor(max_workers=len(others)) as pool:
        futures = [pool.submit(answer_until_killed, other) for other in others]
        for _ in range(2 * len(others)):
            assert acknowledged.acquire(timeout=RUN_SECONDS)
        app_server.kill()
        done, _ = wait(futures, timeout=RUN_SECONDS)
    in_flight = [other for other in others if other.assessment and not other.report]
    stored = app_server.database.answers()

    # Before the kill nothing failed; after it, requests could only fail to connect.
    unexpected = [f.exception() for f in futures if not isinstance(f.exception(), (type(None), *CONNECTION_ERRORS))]
    assert (len(done), unexpected, in_flight != []) == (len(others), [], True)
    if app_server.database.vendor == "sqlite":
        assert app_server.database.sqlite_checks() == ([("ok",)], [])  # integrity_check, foreign_key_check
    assert stored[candidate.assessment] == expected_answers(candidate, certification_levels)
    # The steps each candidate's answers are stored for: the acknowledged ones, plus the one in flight when
    # the kill came if the server had stored it (whole, never in part).
    stored_steps = {}
    for other in in_flight:
        saved = expected_answers(other, certification_levels, steps=other.saved_steps)
        saved_or_in_flight = expected_answers(other, certification_levels)
        assert stored.get(other.assessment, {}) in (saved, saved_or_in_flight)
        in_flight_steps = [slug for slug in other.sent if slug not in other.saved_steps]
        stored_whole = stored.get(other.assessment, {}) == saved_or_in_flight
        stored_steps[other.assessment] = [*other.saved_steps, *(in_flight_steps if stored_whole else [])]
    statuses = app_server.database.assessment_statuses()
    completed = {r["assessment"] for r in app_server.database.reports()}
    assert {o.assessment for o in others if statuses.get(o.assessment) == "completed"} == {
        o.assessment for o in others if o.assessment in completed
    }

    log_offset = app_server.log_offset()
    app_server.start()
    resumed_at = candidate.resume()
    candidate.finish(resumed_at)
    failures = run_all([o for o in others if o.assessment], lambda o: o.finish(o.resume()), all_at_once=False)

    assert (resumed_at, failures) == (candidate.step_paths[4], [])
    assert problems_in_log(app_server.log_since(log_offset)) == []
    finished = [candidate, *(o for o in others if o.assessment)]
    stored = app_server.database.answers()
    reports = {report["assessment"]: report for report in app_server.database.reports()}
    # A save lost in flight is not stored: the candidate answers that step again when the app sends them
    # back to it, or the app moves on when nothing on it is required (optional specialisms).
    answers = {
        c.assessment: expected_answers(
            c, certification_levels, steps=[*stored_steps.get(c.assessment, []), *c.saved_steps]
        )
        for c in finished
    }
    assert {c.assessment: stored[c.assessment] for c in finished} == answers
    assert {c.assessment: report_figures(reports[c.assessment]) for c in finished} == {
        c.assessment: expected_report(role=c.role, seniority=c.seniority, ratings=answers[c.assessment])
        for c in finished
    }
