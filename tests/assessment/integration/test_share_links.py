import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment import selectors, services
from assessment.models import Report, ShareLink
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

OWNER_USERNAME = "dana-owner-4471"
OWNER_EMAIL = "dana.private-4471@example.org"
NOT_FOUND_TEXT = "This shared report is not available"
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def make_report(client, *, username: str, email: str, rating: int = 3) -> Report:
    user = get_user_model().objects.create_user(username=username, email=email, password="correct horse battery")
    client.force_login(user)
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=rating)
    return Report.objects.get(assessment=assessment)


@pytest.fixture
def owner_client():
    return Client()


@pytest.fixture
def report(owner_client):
    return make_report(owner_client, username=OWNER_USERNAME, email=OWNER_EMAIL)


@pytest.fixture
def other_client():
    return Client()


@pytest.fixture
def other_report(other_client):
    return make_report(other_client, username="charlie-4471", email="charlie-4471@example.org", rating=1)


def create_url(report):
    return reverse("assessment:share-create", kwargs={"pk": report.pk})


def revoke_url(link, *, report=None):
    return reverse("assessment:share-revoke", kwargs={"pk": (report or link.report).pk, "link_id": link.pk})


def shared_url(token):
    return f"/s/{token}/"


def report_url(report):
    return reverse("assessment:report", kwargs={"pk": report.pk})


def private_headers(response) -> dict:
    return {name: response.get(name) for name in ("Referrer-Policy", "Cache-Control", "X-Robots-Tag")}


# --- Create ------------------------------------------------------------------------


def test_share_create_makes_an_unguessable_expiring_link_and_returns_to_the_report(owner_client, report):
    before = timezone.now()

    response = owner_client.post(create_url(report), {"label": "For my mentor", "expires_in_days": "30"})

    link = ShareLink.objects.get()
    assert (link.report, link.label, link.revoked_at) == (report, "For my mentor", None)
    assert len(link.token) == 43
    assert re.fullmatch(r"[A-Za-z0-9_-]+", link.token) is not None
    assert before + timedelta(days=30) <= link.expires_at <= timezone.now() + timedelta(days=30)
    assert response.status_code == 302
    assert response["Location"] == report_url(report)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Share link created: anyone who has it can read this report until it expires or you revoke it."]


def test_share_create_without_an_expiry_makes_a_link_that_never_expires(owner_client, report):
    owner_client.post(create_url(report), {"label": "", "expires_in_days": ""})

    assert list(ShareLink.objects.values_list("label", "expires_at")) == [("", None)]


def test_share_create_twice_makes_two_different_tokens(owner_client, report):
    owner_client.post(create_url(report), {"expires_in_days": "7"})
    owner_client.post(create_url(report), {"expires_in_days": "7"})

    tokens = list(ShareLink.objects.values_list("token", flat=True))
    assert len(set(tokens)) == 2


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"label": "x" * 81}, {"label": ["Ensure this value has at most 80 characters (it has 81)."]}),
        ({"label": "bad\x00label"}, {"label": ["Null characters are not allowed."]}),
        (
            {"expires_in_days": "365"},
            {"expires_in_days": ["Choose when the link stops working: never, or after 7, 30 or 90 days."]},
        ),
    ],
    ids=["label-too-long", "label-with-nul", "unknown-expiry"],
)
def test_share_create_with_bad_input_is_refused_with_a_message(owner_client, report, data, errors):
    response = owner_client.post(create_url(report), data)

    assert response.status_code == 400
    assert response.context["share_form"].errors == errors
    assert ShareLink.objects.count() == 0


@pytest.mark.parametrize("visitor", ["other-user", "anonymous"])
def test_share_create_on_someone_elses_report_is_404_and_creates_nothing(report, other_client, other_report, visitor):
    client = other_client if visitor == "other-user" else Client()

    response = client.post(create_url(report), {"label": "mine now", "expires_in_days": ""})

    assert response.status_code == 404
    assert ShareLink.objects.count() == 0


def test_share_create_on_an_anonymous_candidates_own_report_is_404():
    client = Client()
    assessment = start_assessment(client)
    answer_steps(client, assessment)
    report = Report.objects.get(assessment=assessment)

    response = client.post(create_url(report), {"expires_in_days": ""})

    assert response.status_code == 404
    assert ShareLink.objects.count() == 0


def test_share_create_and_revoke_refuse_get(owner_client, report):
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)

    responses = [owner_client.get(create_url(report)), owner_client.get(revoke_url(link))]

    assert [(r.status_code, r["Allow"]) for r in responses] == [(405, "POST"), (405, "POST")]
    assert list(ShareLink.objects.values_list("pk", "revoked_at")) == [(link.pk, None)]


# --- The shared page ----------------------------------------------------------------


def test_shared_report_shows_the_report_and_nothing_of_the_owner(report):
    link = services.report_share_link_create(report=report, label="For the ACME panel", expires_in_days=None)

    response = Client().get(shared_url(link.token))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "assessment/shared_report.html"
    assert f"{report.snapshot['score']['readiness']:.1f}%" in page
    assert report.snapshot["target"]["role_name"] in page
    leaks = [text for text in (OWNER_USERNAME, OWNER_EMAIL, "For the ACME panel", "Revoke", "Delete") if text in page]
    assert leaks == []
    assert reverse("assessment:share-create", kwargs={"pk": report.pk}) not in page


def test_shared_report_sends_private_headers(report):
    link = services.report_share_link_create(report=report, label="", expires_in_days=7)

    response = Client().get(shared_url(link.token))

    assert response.status_code == 200
    assert private_headers(response) == {
        "Referrer-Policy": "no-referrer",
        "Cache-Control": NO_STORE,
        "X-Robots-Tag": "noindex",
    }


def test_shared_report_refuses_post(report):
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)

    response = Client().post(shared_url(link.token))

    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


def test_shared_report_with_a_revoked_link_is_404_at_once(owner_client, report):
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)
    assert Client().get(shared_url(link.token)).status_code == 200

    revoke = owner_client.post(revoke_url(link))
    response = Client().get(shared_url(link.token))

    assert revoke["Location"] == report_url(report)
    assert response.status_code == 404
    assert NOT_FOUND_TEXT in response.content.decode()
    assert private_headers(response) == {
        "Referrer-Policy": "no-referrer",
        "Cache-Control": NO_STORE,
        "X-Robots-Tag": "noindex",
    }


def test_shared_report_with_an_expired_link_is_404(report):
    link = services.report_share_link_create(report=report, label="", expires_in_days=7)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = Client().get(shared_url(link.token))

    assert response.status_code == 404
    assert NOT_FOUND_TEXT in response.content.decode()


def test_shared_report_does_not_tell_unknown_revoked_and_expired_links_apart(report):
    revoked = services.report_share_link_create(report=report, label="", expires_in_days=None)
    services.report_share_link_revoke(link=revoked)
    expired = services.report_share_link_create(report=report, label="", expires_in_days=7)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    unknown = "A" * 43

    responses = [Client().get(shared_url(token)) for token in (unknown, revoked.token, expired.token)]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert len({r.content for r in responses}) == 1


@pytest.mark.parametrize(
    "token",
    ["short", "a" * 42, "a" * 44, "a" * 42 + "!", "a" * 42 + "%00", "a" * 5000, "%E2%9C%93" * 10],
    ids=["short", "one-too-short", "one-too-long", "bad-character", "nul", "very-long", "non-ascii"],
)
def test_shared_report_with_a_malformed_token_is_404_without_a_query(django_assert_num_queries, token):
    client = Client()

    with django_assert_num_queries(0):
        response = client.get(shared_url(token))

    assert response.status_code == 404
    assert NOT_FOUND_TEXT in response.content.decode()


# --- Revoke ---------------------------------------------------------------------------


def test_share_revoke_marks_the_link_revoked_with_a_message(owner_client, report):
    link = services.report_share_link_create(report=report, label="For my mentor", expires_in_days=None)

    response = owner_client.post(revoke_url(link))

    link.refresh_from_db()
    assert link.revoked_at is not None
    assert response["Location"] == report_url(report)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Share link revoked. It no longer opens this report."]


def test_share_revoke_twice_keeps_the_first_revocation_time(owner_client, report):
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)
    owner_client.post(revoke_url(link))
    first = ShareLink.objects.get().revoked_at

    response = owner_client.post(revoke_url(link))

    assert response.status_code == 302
    assert ShareLink.objects.get().revoked_at == first


@pytest.mark.parametrize("visitor", ["other-user", "anonymous"])
def test_share_revoke_of_someone_elses_link_is_404_and_changes_nothing(report, other_client, other_report, visitor):
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)
    client = other_client if visitor == "other-user" else Client()

    response = client.post(revoke_url(link))

    assert response.status_code == 404
    assert list(ShareLink.objects.values_list("pk", "revoked_at")) == [(link.pk, None)]
    assert Client().get(shared_url(link.token)).status_code == 200


def test_share_revoke_through_ones_own_report_of_someone_elses_link_is_404(report, other_client, other_report):
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)

    response = other_client.post(revoke_url(link, report=other_report))

    assert response.status_code == 404
    assert list(ShareLink.objects.values_list("pk", "revoked_at")) == [(link.pk, None)]


@pytest.mark.parametrize("link_id", [987654, 10**30], ids=["unknown", "beyond-integer-range"])
def test_share_revoke_of_an_unknown_link_is_404(owner_client, report, link_id):
    url = reverse("assessment:share-revoke", kwargs={"pk": report.pk, "link_id": link_id})

    response = owner_client.post(url)

    assert response.status_code == 404


# --- Selectors ----------------------------------------------------------------------------


def test_share_link_get_for_owner_returns_only_the_owners_link(report, other_report):
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)
    owner, other = report.user, other_report.user

    found = selectors.share_link_get_for_owner(user=owner, anonymous_token=None, report_pk=report.pk, pk=link.pk)

    assert found == link
    with pytest.raises(Http404):
        selectors.share_link_get_for_owner(user=other, anonymous_token=None, report_pk=report.pk, pk=link.pk)
    with pytest.raises(Http404):
        selectors.share_link_get_for_owner(user=other, anonymous_token=None, report_pk=other_report.pk, pk=link.pk)


def test_share_link_list_gives_each_link_its_status(report):
    live = services.report_share_link_create(report=report, label="live", expires_in_days=30)
    expired = services.report_share_link_create(report=report, label="expired", expires_in_days=7)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    revoked = services.report_share_link_create(report=report, label="revoked", expires_in_days=None)
    services.report_share_link_revoke(link=revoked)

    rows = selectors.share_link_list(report=report)

    assert [(row.link.pk, row.status) for row in rows] == [
        (revoked.pk, "revoked"),
        (expired.pk, "expired"),
        (live.pk, "live"),
    ]
