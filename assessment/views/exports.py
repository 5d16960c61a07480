import json

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from assessment import exports, selectors
from assessment.limits import limit_lookup_misses
from assessment.views.questionnaire import candidate


def _attachment(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    # Personal data: config.private_pages makes it no-store.
    return response


@require_GET
@limit_lookup_misses
def report_pdf(request, pk):
    report = selectors.report_get_for_candidate(**candidate(request), pk=pk, for_pdf=True)
    content = exports.report_pdf_get_or_create(report=report)
    return _attachment(content, content_type="application/pdf", filename=exports.export_filename(report, "pdf"))


@require_GET
@limit_lookup_misses
def report_csv(request, pk):
    report = selectors.report_get_for_candidate(**candidate(request), pk=pk)
    return _attachment(
        exports.report_csv(report).encode(),
        content_type="text/csv; charset=utf-8",
        filename=exports.export_filename(report, "csv"),
    )


@require_GET
@limit_lookup_misses
def report_json(request, pk):
    report = selectors.report_get_for_candidate(**candidate(request), pk=pk)
    content = json.dumps(exports.report_json(report), indent=2, ensure_ascii=False) + "\n"
    return _attachment(
        content.encode(),
        content_type="application/json; charset=utf-8",
        filename=exports.export_filename(report, "json"),
    )
