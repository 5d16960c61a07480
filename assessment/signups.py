"""Sign-up that does not tell who has an account.

A valid sign-up form gets the same answer whether or not its email address is
in use: "check your email". What differs goes only to that address: a new
address gets a link that creates the account once opened (so nobody can
create an account for an address they cannot read), and an address that
already has an account gets a note that someone tried to sign up with it.
Nothing is stored in the database until the link is used: the pending
sign-up waits in the shared cache, so a username is not reserved by a sign-up
that is never confirmed, and a later sign-up cannot tell whether an earlier
one created anything.
"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

PENDING_KEY = "signup-pending:{token}"


class SignupLinkInvalid(Exception):
    """The link is unknown, used or expired."""


class SignupConflict(Exception):
    """The username or the email address was taken between the sign-up and its confirmation."""


def signup_request(
    *,
    username: str,
    email: str,
    password: str,
    next_url: str,
    confirm_url_for: Callable[[str], str],
    urls: dict[str, str],
) -> None:
    """Mail `email` a confirmation link, or, if an account already uses it, a note saying someone tried.

    `confirm_url_for(token)` gives the link's absolute address; `urls` holds the
    absolute "login" and "password_reset" addresses. Both paths hash the
    password and send one message, so they take about as long.
    """
    password_hash = make_password(password)
    owner = get_user_model().objects.filter(email__iexact=email).first()
    if owner is not None:
        _send(
            to=owner.email,
            subject="Someone tried to sign up with your address",
            template="registration/signup_existing_email.txt",
            context={"login_url": urls["login"], "password_reset_url": urls["password_reset"]},
        )
        return
    token = secrets.token_urlsafe(32)
    pending = {"username": username, "email": email, "password_hash": password_hash, "next_url": next_url}
    cache.set(PENDING_KEY.format(token=token), pending, settings.SIGNUP_CONFIRM_HOURS * 3600)
    _send(
        to=email,
        subject="Confirm your Skills Gap account",
        template="registration/signup_confirm_email.txt",
        context={
            "username": username,
            "confirm_url": confirm_url_for(token),
            "hours": settings.SIGNUP_CONFIRM_HOURS,
        },
    )


def signup_pending_get(*, token: str) -> dict:
    """The pending sign-up behind a confirmation link; SignupLinkInvalid if there is none."""
    pending = cache.get(PENDING_KEY.format(token=token))
    if pending is None:
        raise SignupLinkInvalid
    return pending


def signup_confirm(*, token: str):
    """Create the account of a pending sign-up, once; returns (user, the page to go to next)."""
    pending = signup_pending_get(token=token)
    # Deleting is the claim: of two requests with one link, only one deletes the row.
    if not cache.delete(PENDING_KEY.format(token=token)):
        raise SignupLinkInvalid
    User = get_user_model()
    if User.objects.filter(email__iexact=pending["email"]).exists():
        raise SignupConflict("An account with this email address already exists: log in, or reset its password.")
    user = User(username=pending["username"], email=pending["email"], password=pending["password_hash"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise SignupConflict(
            f"Someone took the username “{pending['username']}” in the meantime: sign up again with another."
        ) from None
    return user, pending["next_url"]


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    EmailMessage(subject=subject, body=render_to_string(template, context), to=[to]).send()
