"""The weekly plan digest: what is due, what was finished, what comes next, by email to those who asked.

Sent by `manage.py send_plan_digests` (meant for cron, any day of the week) through the
default mailer of Django's MAILERS setting. A subscription remembers the Monday of the
week it was last sent, and is claimed for this week before its email is built, so running
the command twice in a week (or twice at once) sends each digest once.

Every digest carries a signed unsubscribe link that works without logging in.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from assessment import learning
from assessment.models import DigestSubscription, LearningPlan
from assessment.plan_selectors import PlanPage, plan_page_get

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "assessment.digest.unsubscribe"


def unsubscribe_token(*, user) -> str:
    """A signed token naming the user; it never expires, so an old digest's link still works."""
    return signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_user_id(token: str) -> int:
    """The user id a token was signed for; signing.BadSignature for a tampered or made-up token."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(value, dict) or not isinstance(value.get("user"), int):
        raise signing.BadSignature("Not an unsubscribe token.")
    return value["user"]


def digest_unsubscribe(*, user_id: int) -> None:
    """Stop the digest for this user; nothing happens for a user who has none (or no longer exists)."""
    DigestSubscription.objects.filter(user_id=user_id).update(active=False)


def digest_resubscribe(*, user_id: int) -> None:
    """Undo an unsubscribe from its page; a user who never turned the digest on stays without it."""
    DigestSubscription.objects.filter(user_id=user_id).update(active=True)


def week_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class PlanDigest:
    page: PlanPage
    due: tuple  # open items planned for this week of the plan
    overdue: tuple
    finished: tuple  # done in the last seven days
    url: str


def plan_digest(*, plan: LearningPlan, today: date) -> PlanDigest:
    page = plan_page_get(plan=plan, today=today)
    current = page.schedule.current_week
    return PlanDigest(
        page=page,
        due=tuple(
            row for row in page.rows if row.item.status in learning.OPEN and row.scheduled.planned_week == current
        ),
        overdue=page.overdue,
        finished=tuple(
            row
            for row in page.rows
            if row.item.finished_on is not None and row.item.finished_on > today - timedelta(days=7)
        ),
        url=settings.SITE_URL + reverse("assessment:plan", kwargs={"pk": plan.pk}),
    )


def digest_send_weekly(*, today: date) -> int:
    """Send this week's digest to every active subscriber who has not had it yet; returns how many were sent."""
    week = week_of(today)
    not_sent_this_week = Q(last_sent_week__isnull=True) | Q(last_sent_week__lt=week)
    sent = 0
    subscriptions = DigestSubscription.objects.filter(not_sent_this_week, active=True).select_related("user")
    for subscription in subscriptions:
        user = subscription.user
        plans = list(LearningPlan.objects.filter(user=user).order_by("role_name", "seniority_name"))
        if not user.email or not plans:
            continue
        # The claim: of two runs, only one moves the week forward and sends.
        claimed = DigestSubscription.objects.filter(not_sent_this_week, pk=subscription.pk, active=True)
        if not claimed.update(last_sent_week=week):
            continue
        try:
            _message(user=user, plans=plans, today=today).send()
        except Exception:
            # Not sent: give the week back so the next run tries again.
            DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_week=subscription.last_sent_week)
            logger.exception("The weekly plan digest could not be sent to user %s.", user.pk)
            continue
        sent += 1
    return sent


def _message(*, user, plans: list[LearningPlan], today: date) -> EmailMessage:
    unsubscribe_url = settings.SITE_URL + reverse(
        "assessment:digest-unsubscribe", kwargs={"token": unsubscribe_token(user=user)}
    )
    context = {
        "user": user,
        "digests": [plan_digest(plan=plan, today=today) for plan in plans],
        "unsubscribe_url": unsubscribe_url,
        "today": today,
    }
    return EmailMessage(
        subject="Your learning plan this week",
        body=render_to_string("assessment/plan/digest_email.txt", context),
        to=[user.email],
        # RFC 8058: mail clients may offer their own one-click unsubscribe, which POSTs to the link.
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
