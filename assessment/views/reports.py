"""A candidate's saved reports: list, compare two, progress over time, delete."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from assessment import charts, comparison, plan_selectors, selectors, services
from assessment.limits import limit_lookup_misses
from assessment.views import candidate, report_page_context


@require_GET
@limit_lookup_misses
def report_detail(request, pk):
    report = selectors.report_page_get_for_candidate(**candidate(request), pk=pk)
    return render(request, "assessment/report.html", report_page_context(request=request, report=report))


@login_required
@require_GET
def report_list(request):
    rows = selectors.report_list_for_user(user=request.user)
    return render(request, "assessment/report_list.html", {"rows": rows})


@login_required
@require_GET
def report_compare(request):
    rows = selectors.report_list_for_user(user=request.user)
    before_id, after_id = request.GET.get("before"), request.GET.get("after")
    if not (before_id and after_id):
        return render(request, "assessment/report_compare.html", {"rows": rows, "result": None})
    first = selectors.report_get_for_candidate(**candidate(request), pk=before_id)
    second = selectors.report_get_for_candidate(**candidate(request), pk=after_id)
    before, after = sorted([first, second], key=lambda r: r.created_at)
    result = comparison.compare_snapshots(
        before=before.snapshot, after=after.snapshot, before_at=before.created_at, after_at=after.created_at
    )
    checked = comparison.checked_comparison(before=before.snapshot, after=after.snapshot)
    context = {
        "rows": rows,
        "result": result,
        "groups": comparison.change_groups(result.items),
        "before": before,
        "after": after,
        "checked": checked,
        "compare_columns": [before.created_at, after.created_at],
    }
    return render(request, "assessment/report_compare.html", context)


@login_required
@require_GET
def report_progress(request):
    reports = selectors.reports_with_snapshots_for_user(user=request.user, job_ad_key=request.GET.get("job_ad", ""))
    points, trends = comparison.progress(reports=[(r.pk, r.created_at, r.snapshot) for r in reports])
    finished = plan_selectors.finished_items_for_user(user=request.user)
    done_by_skill: dict[str, list] = {}
    for item in finished:
        if item.target_kind == "skill":
            done_by_skill.setdefault(item.target_key, []).append(item)
    chart = charts.readiness_line(points) if points else None
    checked = comparison.checked_trends(snapshots=[r.snapshot for r in sorted(reports, key=lambda r: r.created_at)])
    context = {
        "checked": checked,
        "checked_columns": [p.created_at for p in points],
        "points": points,
        "chart": chart,
        "markers": charts.finish_markers(chart, points, [(finished_at(i), i.title) for i in finished]) if chart else (),
        "finished": finished,
        "trends": [
            {"trend": t, "sparkline": charts.sparkline(t.ratings), "done": done_by_skill.get(t.key, ())} for t in trends
        ],
    }
    return render(request, "assessment/report_progress.html", context)


def finished_at(item) -> datetime:
    """When a done item was finished: the moment it was marked done when that was on its finished day
    (items finished between two reports of one day fall between them), else noon of the day given."""
    if timezone.localdate(item.updated_at) == item.finished_on:
        return item.updated_at
    return timezone.make_aware(datetime.combine(item.finished_on, time(12)))


@require_http_methods(["GET", "POST"])
def report_delete(request, pk):
    report = selectors.report_page_get_for_candidate(**candidate(request), pk=pk)
    if request.method == "POST":
        services.report_delete(report=report)
        messages.success(request, f"The report for {report.role_name} ({report.seniority_name}) was deleted.")
        return redirect("assessment:report-list" if request.user.is_authenticated else "career:home")
    return render(request, "assessment/report_delete.html", {"report": report})
