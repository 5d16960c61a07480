"""Private share links: the owner creates and revokes them; anyone holding one reads the report."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from assessment import selectors, services
from assessment.forms import ShareLinkForm
from assessment.limits import limit_lookup_misses
from assessment.views import report_page_context, signed_in_owner


@require_POST
def share_create(request, pk):
    report = selectors.report_page_get_for_candidate(**signed_in_owner(request), pk=pk)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        context = report_page_context(request=request, report=report, share_form=form)
        return render(request, "assessment/report.html", context, status=400)
    services.report_share_link_create(
        report=report,
        label=form.cleaned_data["label"],
        expires_in_days=form.cleaned_data["expires_in_days"],
        show_portfolio=form.cleaned_data["show_portfolio"],
    )
    messages.success(
        request, "Share link created: anyone who has it can read this report until it expires or you revoke it."
    )
    return redirect("assessment:report", pk=report.pk)


@require_POST
def share_revoke(request, pk, link_id):
    link = selectors.share_link_get_for_owner(**signed_in_owner(request), report_pk=pk, pk=link_id)
    services.report_share_link_revoke(link=link)
    messages.success(request, "Share link revoked. It no longer opens this report.")
    return redirect("assessment:report", pk=link.report_id)


def _private_page(view):
    """Keep the page's address out of Referer headers and search engines."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


@require_safe
@never_cache
@_private_page
@limit_lookup_misses
def shared_report(request, token):
    try:
        link = selectors.share_link_get_live(token=token)
    except Http404:
        # One page for unknown, revoked and expired links: it must not say which.
        return render(request, "assessment/share_link_not_found.html", status=404)
    # The stored body, rendered from the snapshot; a report shown to others is never rendered per view.
    body = services.report_body_get(report=link.report)
    return render(request, "assessment/shared_report.html", {"report": link.report, "body": body, "link": link})
