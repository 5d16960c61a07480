import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessment import digest, plan_services
from assessment.models import DigestSubscription, LearningPlan, PlanItem
from tests.journeys import report_made

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MONDAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _memory_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.SITE_URL = "https://skills.example.org"


def candidate(username, *, digest_on: bool | None = True, email=None):
    user = get_user_model().objects.create_user(username=username, email=email or f"{username}@example.org")
    report = report_made(user=user, rating=1, hours_per_week=10)
    plan = plan_services.plan_adopt(user=user, report=report, today=MONDAY - timedelta(weeks=1)).plan
    if digest_on is not None:
        plan_services.digest_subscription_set(user=user, active=digest_on)
    return user, plan


def send(today=MONDAY) -> int:
    return digest.digest_send_weekly(today=today)


def test_only_candidates_who_opted_in_get_the_digest():
    candidate("ada")
    candidate("bob", digest_on=None)
    candidate("cy", digest_on=False)

    sent = send()

    assert sent == 1
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]


def test_the_digest_says_what_is_due_finished_and_next(settings):
    _user, plan = candidate("ada")
    first, second = plan.items.order_by("position")[:2]
    plan_services.plan_item_update(item=first, status="done", note="", evidence_url="", finished_on=None, today=MONDAY)

    send()

    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Your learning plan this week"
    assert f"Progress: {first.hours} of " in body
    assert f"Finished in the last seven days:\n- {first.title}" in body
    assert f"Next: {second.title} ({second.hours} h)" in body
    assert f"Open the plan: https://skills.example.org/plans/{plan.pk}/" in body
    assert "Overdue:" not in body


def test_the_digest_lists_overdue_items_with_the_day_they_were_due():
    _user, plan = candidate("ada")
    LearningPlan.objects.filter(pk=plan.pk).update(started_on=MONDAY - timedelta(weeks=10))
    first = plan.items.order_by("position").first()
    due = MONDAY - timedelta(weeks=10) + timedelta(weeks=-(-first.hours // 10))

    send()

    assert f"Overdue:\n- {first.title} (was due {due.day} {due:%b %Y})" in mail.outbox[0].body


def test_running_the_command_twice_in_a_week_sends_once():
    candidate("ada")
    out = io.StringIO()

    call_command("send_plan_digests", stdout=out)
    call_command("send_plan_digests", stdout=out)

    assert len(mail.outbox) == 1
    assert out.getvalue() == "Sent 1 weekly plan digest.\nSent 0 weekly plan digests.\n"


def test_later_in_the_same_week_nothing_is_sent_and_the_next_week_it_is_again():
    candidate("ada")

    counts = [send(MONDAY), send(MONDAY + timedelta(days=6)), send(MONDAY + timedelta(days=7))]

    assert counts == [1, 0, 1]
    assert DigestSubscription.objects.get().last_sent_week == MONDAY + timedelta(days=7)


def test_a_digest_that_cannot_be_sent_is_tried_again_on_the_next_run(settings):
    candidate("ada")
    settings.MAILERS = {"default": {"BACKEND": "tests.assessment.integration.test_plan_digest.FailingBackend"}}

    assert send() == 0
    assert DigestSubscription.objects.get().last_sent_week is None

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert send() == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("The mail server is down.")


def test_a_candidate_without_a_plan_or_an_email_gets_nothing():
    lone = get_user_model().objects.create_user(username="lone", email="lone@example.org")
    plan_services.digest_subscription_set(user=lone, active=True)
    candidate("mute", email=" ")
    get_user_model().objects.filter(username="mute").update(email="")

    assert send() == 0
    assert mail.outbox == []


def unsubscribe_link() -> str:
    return re.search(r"https://skills\.example\.org(/plans/digest/unsubscribe/\S+/)", mail.outbox[-1].body).group(1)


def test_one_click_on_the_unsubscribe_link_stops_the_digest_without_logging_in():
    candidate("ada")
    send()

    page = Client().get(unsubscribe_link())

    assert "You are unsubscribed" in page.text
    assert DigestSubscription.objects.get().active is False
    assert send(MONDAY + timedelta(days=7)) == 0


def test_a_mail_clients_one_click_post_unsubscribes_too():
    candidate("ada")
    send()

    response = Client(enforce_csrf_checks=True).post(unsubscribe_link(), {"List-Unsubscribe": "One-Click"})

    assert (response.status_code, DigestSubscription.objects.get().active) == (200, False)


def test_an_unsubscribe_by_mistake_can_be_undone_from_its_page():
    candidate("ada")
    send()
    link = unsubscribe_link()
    Client().get(link)

    response = Client().post(link, {"action": "resubscribe"})

    assert "The weekly digest is on again." in response.text
    assert DigestSubscription.objects.get().active is True


def test_the_undo_never_subscribes_someone_who_never_opted_in():
    user, _ = candidate("bob", digest_on=None)
    link = reverse("assessment:digest-unsubscribe", kwargs={"token": digest.unsubscribe_token(user=user)})

    Client().post(link, {"action": "resubscribe"})

    assert DigestSubscription.objects.count() == 0


def test_the_digest_offers_mail_clients_one_click_unsubscribe():
    candidate("ada")
    send()

    message = mail.outbox[0]

    assert message.extra_headers["List-Unsubscribe"] == f"<https://skills.example.org{unsubscribe_link()}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.split(":")[0] + ":forged",
        lambda token: "eyJ1c2VyIjoxfQ:1abc:forged",
        lambda token: "not-a-token",
    ],
    ids=["last-character", "signature-replaced", "made-up-for-user-1", "garbage"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_gives_400_and_changes_nothing(mangle, method):
    user, _ = candidate("ada")
    token = digest.unsubscribe_token(user=user)

    response = getattr(Client(), method)(reverse("assessment:digest-unsubscribe", kwargs={"token": mangle(token)}))

    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.text
    assert DigestSubscription.objects.get().active is True


def test_one_users_token_never_unsubscribes_another():
    ada, _ = candidate("ada")
    _bob, _ = candidate("bob")

    Client().post(reverse("assessment:digest-unsubscribe", kwargs={"token": digest.unsubscribe_token(user=ada)}))

    assert dict(DigestSubscription.objects.values_list("user__username", "active")) == {"ada": False, "bob": True}


def test_the_plans_page_turns_the_digest_on_and_off(client):
    user, _ = candidate("ada", digest_on=None)
    client.force_login(user)

    on = client.post(reverse("assessment:digest-settings"), {"active": "on"}, follow=True)
    assert DigestSubscription.objects.get(user=user).active is True
    off = client.post(reverse("assessment:digest-settings"), {}, follow=True)

    assert DigestSubscription.objects.get(user=user).active is False
    assert "You will get a weekly digest" in on.text
    assert "Weekly digest turned off" in off.text
    assert PlanItem.objects.filter(plan__user=user).exists()
