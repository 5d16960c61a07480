import io
import logging

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import path, reverse

from assessment.questionnaire import KIND_EXPERIENCE
from assessment.selectors import questionnaire_get
from config.request_id import RequestIdFilter, request_id_for
from config.urls import urlpatterns as project_urlpatterns
from tests.journeys import start_assessment, step_answers

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "Sup3r-Secret-Passw0rd-9931"
EMAIL = "kim.private-9931@example.org"
USERNAME = "kim-9931"
PORTFOLIO = "https://kim-portfolio-9931.example.org/projects"


def boom(request):
    raise RuntimeError("the page broke")


urlpatterns = [path("boom/", boom), *project_urlpatterns]


@pytest.fixture
def log_lines():
    """Every record production would write to stderr with LOG_LEVEL=DEBUG (axes at DEBUG too), formatted alike."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["line"]["format"]))
    loggers = [logging.getLogger(), logging.getLogger("axes")]
    levels = [logger.level for logger in loggers]
    loggers[0].addHandler(handler)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield stream
    loggers[0].removeHandler(handler)
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def kim():
    return get_user_model().objects.create_user(username=USERNAME, email=EMAIL, password=PASSWORD)


def test_failed_logins_and_a_lockout_log_no_password_username_or_email(log_lines, kim):
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": USERNAME, "password": PASSWORD + "x"})
    client.post(reverse("login"), {"username": EMAIL, "password": PASSWORD})

    text = log_lines.getvalue()
    assert ("AXES: Locking out" in text, "Too Many Requests: /accounts/login/" in text) == (True, True)
    assert [secret for secret in (PASSWORD, USERNAME, EMAIL) if secret in text] == []


def test_a_rejected_questionnaire_post_logs_the_path_only(log_lines, kim):
    client = Client()
    client.force_login(kim)
    assessment = start_assessment(client)
    step = next(s for s in questionnaire_get().steps if s.kind == KIND_EXPERIENCE)
    data = step_answers(step, years=4) | {"portfolio_url": PORTFOLIO, "years_experience": "4437", "nav": "next"}
    url = reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": step.slug})

    response = client.post(url, data, headers={"x-request-id": "lb-req-0001"})

    text = log_lines.getvalue()
    assert response.status_code == 400
    assert f"[request_id=lb-req-0001] Bad Request: {url}\n" in text
    assert [secret for secret in (PORTFOLIO, "4437", EMAIL, USERNAME) if secret in text] == []


@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_with_the_request_id_the_response_carries(log_lines):
    response = Client(raise_request_exception=False).get("/boom/")

    request_id = response["X-Request-ID"]
    first_line = next(line for line in log_lines.getvalue().splitlines() if "Internal Server Error" in line)
    assert (response.status_code, first_line.split(" ", 3)[3]) == (
        500,
        f"django.request [request_id={request_id}] Internal Server Error: /boom/",
    )


def test_responses_carry_a_fresh_request_id_when_none_or_a_bad_one_is_sent(client):
    fresh = client.get(reverse("healthz"))
    injected = client.get(reverse("healthz"), headers={"x-request-id": "x\nFAKE LOG LINE"})
    kept = client.get(reverse("healthz"), headers={"x-request-id": "edge-7f3a9c21"})

    assert (len(fresh["X-Request-ID"]), len(injected["X-Request-ID"]), kept["X-Request-ID"]) == (
        32,
        32,
        "edge-7f3a9c21",
    )
    assert fresh["X-Request-ID"] != injected["X-Request-ID"]


@pytest.mark.parametrize(
    ("header", "kept"),
    [
        ("abcd1234", True),
        ("a" * 128, True),
        ("req:1.2-3_4", True),
        ("short", False),
        ("a" * 129, False),
        ("has space 123", False),
        ("<script>1</script>", False),
        ("", False),
        (None, False),
    ],
)
def test_request_id_for_keeps_only_plain_tokens(header, kept):
    assert (request_id_for(header) == header) is kept
