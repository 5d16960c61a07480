"""Views, one module per area: the questionnaire, saved reports, exports, share links and accounts.

What every area needs to know about the request lives here: who is asking (a
signed-in user or an anonymous browser), the report page's context, and how a
file is sent. Sibling view modules import these from here, never from one another.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from assessment import selectors, services
from assessment.forms import ShareLinkForm

ANONYMOUS_TOKEN_SESSION_KEY = "candidate_token"  # noqa: S105 (a session key name, not a secret)


def anonymous_token_get(request, *, create: bool = False) -> str | None:
    """The random token that ties an anonymous candidate's rows to their browser session."""
    token = request.session.get(ANONYMOUS_TOKEN_SESSION_KEY)
    if token is None and create and not request.user.is_authenticated:
        token = secrets.token_urlsafe(32)
        request.session[ANONYMOUS_TOKEN_SESSION_KEY] = token
    return token


def anonymous_token_pop(request) -> str | None:
    """The anonymous token, removed from the session: its work now belongs to an account."""
    return request.session.pop(ANONYMOUS_TOKEN_SESSION_KEY, None)


def anonymous_work_claim(request, user) -> None:
    """Give a user who just signed in or up what they did anonymously in this browser."""
    if services.candidate_data_claim(user=user, anonymous_token=anonymous_token_pop(request)):
        messages.success(request, "Your assessments from this browser are now saved to your account.")


def candidate(request) -> dict:
    """Who is asking, in the form the access helpers take."""
    return {"user": request.user, "anonymous_token": anonymous_token_get(request)}


def signed_in_owner(request) -> dict:
    """Who is asking, for what needs an account (share links): anonymous visitors own nothing here.

    A link made from an anonymous browser could outlive its session, and then nobody could revoke it.
    """
    return {"user": request.user, "anonymous_token": None}


def report_page_context(*, request, report, share_form: ShareLinkForm | None = None) -> dict:
    """What templates/assessment/report.html needs: the report, its body cut where the change since
    the previous report for the same target goes, and for its signed-in owner the share links panel
    (for an anonymous one, how long the report is kept)."""
    body_head, body_rest = services.report_body_parts(services.report_body_get(report=report))
    previous = selectors.previous_report_get(report=report)
    context = {
        "report": report,
        "body_head": body_head,
        "body_rest": body_rest,
        # Rendered here, outside the stored body: it changes when an earlier report is deleted, and
        # a share link or the PDF shows this report alone.
        "previous": previous,
        "change": report.readiness - previous.readiness if previous else None,
    }
    if request.user.is_authenticated:
        context |= {
            "share_links": selectors.share_link_list(report=report),
            "share_form": share_form or ShareLinkForm(),
        }
    else:
        context["retention_days"] = settings.ANONYMOUS_RETENTION_DAYS
    return context


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A file download. It holds personal data: config.private_pages makes it no-store."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
