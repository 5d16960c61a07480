"""For curators, in the admin: how the knowledge check's items perform over all answers."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessment import exports, knowledge_check, selectors
from assessment.views import attachment

VIEW_ITEMS_PERMISSION = "career.view_knowledgecheckitem"


@require_GET
def check_statistics(request):
    """The item statistics table (wrapped by admin.site.admin_view: staff only), or its CSV."""
    if not request.user.has_perm(VIEW_ITEMS_PERMISSION):
        raise PermissionDenied
    flagged = request.GET.get("flagged") == "1"
    rows = selectors.check_item_statistics(flagged_only=flagged)
    if request.GET.get("format") == "csv":
        return attachment(
            exports.item_statistics_csv(rows).encode(), content_type="text/csv", filename="item-statistics.csv"
        )
    context = admin.site.each_context(request) | {
        "title": "Knowledge check: item statistics",
        "rows": rows,
        "flagged": flagged,
        "too_easy": knowledge_check.TOO_EASY,
        "too_hard": knowledge_check.TOO_HARD,
        "share_minimum": knowledge_check.SHARE_MINIMUM,
        "discrimination_minimum": knowledge_check.DISCRIMINATION_MINIMUM,
        "negative": knowledge_check.NEGATIVE_DISCRIMINATION,
    }
    return render(request, "assessment/admin/check_statistics.html", context)
