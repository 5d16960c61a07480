"""A saved report as a file: PDF, CSV or JSON."""

import json

from django.utils import timezone
from django.views.decorators.http import require_GET

from assessment import exports, plan_selectors, selectors
from assessment.limits import limit_lookup_misses
from assessment.views import attachment, candidate


@require_GET
@limit_lookup_misses
def report_pdf(request, pk):
    report = selectors.report_pdf_get_for_candidate(**candidate(request), pk=pk)
    content = exports.report_pdf_get_or_create(report=report)
    return attachment(content, content_type="application/pdf", filename=exports.export_filename(report, "pdf"))


@require_GET
@limit_lookup_misses
def report_csv(request, pk):
    report = selectors.report_get_for_candidate(**candidate(request), pk=pk)
    learning_plan = plan_selectors.plan_export_for_report(report=report, today=timezone.localdate())
    return attachment(
        exports.report_csv(report, learning_plan=learning_plan).encode(),
        content_type="text/csv; charset=utf-8",
        filename=exports.export_filename(report, "csv"),
    )


@require_GET
@limit_lookup_misses
def report_json(request, pk):
    report = selectors.report_get_for_candidate(**candidate(request), pk=pk)
    learning_plan = plan_selectors.plan_export_for_report(report=report, today=timezone.localdate())
    content = json.dumps(exports.report_json(report, learning_plan=learning_plan), indent=2, ensure_ascii=False) + "\n"
    return attachment(
        content.encode(),
        content_type="application/json; charset=utf-8",
        filename=exports.export_filename(report, "json"),
    )
