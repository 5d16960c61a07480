"""A saved report as a file to download: PDF, CSV or JSON.

Every export reads only the report row and its snapshot, never the live
catalogue, so a report exports the same way for as long as it exists.

CSV
    UTF-8, up to three sections separated by an empty row, each with its own
    header row. First, one row per requirement of the target profile, in the
    order the report lists them::

        kind, key, label, target, rating, gap, weight, earned, possible, contribution

    ``earned`` is w·min(r, t), ``possible`` is w·t and ``contribution`` is the
    percentage points of readiness the row adds.

    Then the plan, one row per action: the next five actions (``next``, in the
    order to do them), every action of the skills plan (``plan``, in roadmap
    order), a degree the profile requires (``long_term``) and optional long
    routes (``optional``)::

        section, order, phase, action, title, kind, key, label, level_from, reaches_level, effort_hours,
        readiness_gain

    ``readiness_gain`` is in percentage points of readiness. Last, the totals
    as ``total, value`` rows: ``skills_plan_hours``, ``readiness_gain``,
    ``readiness_after``, ``long_term_hours``, ``optional_hours``,
    ``hours_per_week``, ``weeks`` and ``expected_date`` (ISO 8601; empty, like
    ``hours_per_week`` and ``weeks``, when the candidate gave no hours per
    week). Long routes are never in ``skills_plan_hours`` nor in the date.
    Reports made before the plan existed (snapshot schema 1) have no plan and
    totals sections.

    A report with a knowledge check (snapshot schema 3) adds two sections: one
    row per checked skill, then one row per answered item, in the order asked::

        section, skill, name, claimed, checked, items, correct, outcome
        section, number, item, skill, level, correct, seconds

    ``section`` is ``check_skill`` and ``check_item`` respectively;
    ``outcome`` is ``confirmed`` (the questions at the rated level answered
    right: 2 of 2 or 2 of 3), ``under`` (confirmed, and the question one level
    above answered right too: may be higher), ``over`` (both questions at the
    rated level missed) or ``unsettled`` (too few or too mixed answers to
    confirm or correct the rating; ``checked`` is then the rating);
    ``checked`` is the level the figures as checked use. ``correct`` is ``1``
    or ``0`` for an item, a count for a skill; ``seconds`` is the time between
    the item being shown and answered.

    Last, when the report's owner has a learning plan for its target, one row
    per plan item as it stands at the time of the export (``section`` is
    ``learning_plan``)::

        section, position, status, kind, source, title, target_kind, target_key, target_label,
        level_from, target_level, hours, planned_week, due_on, overdue, finished_on, note, evidence_url

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading single quote, so a spreadsheet shows it as text
    instead of running it.

JSON (``"schema_version": 4``)
    One object, documented in docs/report-json.md::

        {
          "schema_version": 4,            # this export's shape
          "report": {
            "id": "<uuid>",
            "created_at": "<ISO 8601 with offset>",
            "role": "<role slug>",
            "role_name": "<role name>",
            "seniority": "<seniority slug>",
            "seniority_name": "<seniority name>",
            "readiness": <number, 0–100, one decimal>,
            "estimated_seniority_name": "<name, or empty>",
            "catalogue_version": "<12 hex digits>"
          },
          "snapshot": { ... },            # the whole stored snapshot, unchanged
          "learning_plan": { ... } | null # the owner's plan for the target, as it stands now
        }

    The snapshot keeps its own ``schema_version`` (1 to 3: a report keeps the
    one it was made with). A change that removes, renames or changes the
    meaning of a key raises EXPORT_SCHEMA_VERSION; adding keys does not.
    Version 2: snapshots of schema 2 carry the plan (``snapshot.plan``), the
    long routes (``snapshot.roadmap.long_routes``), and
    ``snapshot.roadmap.total_hours`` counts the skills plan only, no degree.
    Version 3: snapshots of schema 3 carry the knowledge check
    (``snapshot.knowledge_check``: items, answers, claimed and checked levels,
    the figures as claimed and as checked).
    Version 4: ``learning_plan``, the candidate's adopted plan for the report's
    target. It is the one part of an export that is not a snapshot: it shows
    the plan as it stands on the day of the export.

PDF
    A4, rendered by WeasyPrint from templates/assessment/report_pdf.html with
    the print stylesheet static/css/report-print.css. Resources come only from
    local static files and ``data:`` URIs (StaticFilesURLFetcher); anything
    else, above all the network, is refused. A snapshot never changes, so the
    PDF is rendered once and kept in ReportPdf.
"""

import csv
import io
import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessment.models import Report, ReportPdf
from assessment.selectors import report_metadata

EXPORT_SCHEMA_VERSION = 4

CSV_COLUMNS = ("kind", "key", "label", "target", "rating", "gap", "weight", "earned", "possible", "contribution")
CSV_PLAN_COLUMNS = (
    "section",
    "order",
    "phase",
    "action",
    "title",
    "kind",
    "key",
    "label",
    "level_from",
    "reaches_level",
    "effort_hours",
    "readiness_gain",
)
CSV_TOTALS = (
    ("skills_plan_hours", "skills_hours"),
    ("readiness_gain", "readiness_gain"),
    ("readiness_after", "readiness_after"),
    ("long_term_hours", "long_term_hours"),
    ("optional_hours", "optional_hours"),
    ("hours_per_week", "hours_per_week"),
    ("weeks", "weeks"),
    ("expected_date", "expected_date"),
)
CSV_LEARNING_PLAN_COLUMNS = (
    "section",
    "position",
    "status",
    "kind",
    "source",
    "title",
    "target_kind",
    "target_key",
    "target_label",
    "level_from",
    "target_level",
    "hours",
    "planned_week",
    "due_on",
    "overdue",
    "finished_on",
    "note",
    "evidence_url",
)
CSV_CHECK_SKILL_COLUMNS = ("section", "skill", "name", "claimed", "checked", "items", "correct", "outcome")
CSV_CHECK_ITEM_COLUMNS = ("section", "number", "item", "skill", "level", "correct", "seconds")
# A cell starting with one of these is a formula (or becomes one) in common spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Documents are rendered against this base, so that `{% static %}` URLs such as
# /static/css/report-print.css become file:///static/css/report-print.css, which
# the fetcher maps to the static file on disk. No real file: URL is ever opened.
PDF_BASE_URL = "file:///"


def export_filename(report: Report, extension: str) -> str:
    """For example skills-gap-nlp-engineer-mid-2026-11-28.pdf."""
    day = timezone.localdate(report.created_at).isoformat()
    return f"skills-gap-{report.role_slug}-{report.seniority_slug}-{day}.{extension}"


# --- CSV -------------------------------------------------------------------------


def report_csv(report: Report, *, learning_plan: dict | None = None) -> str:
    """One row per requirement of the target profile, then the plan and its totals, then the candidate's
    learning plan for the target when there is one; see the module docstring."""
    snapshot = report.snapshot
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in snapshot["score"]["items"]:
        writer.writerow([_neutralised(item[column]) for column in CSV_COLUMNS])
    plan = snapshot.get("plan")
    if plan is not None:  # None: made before the plan existed
        writer.writerow([])
        writer.writerow(CSV_PLAN_COLUMNS)
        for row in _plan_rows(snapshot):
            writer.writerow([_neutralised(value) for value in row])
        writer.writerow([])
        writer.writerow(("total", "value"))
        for name, key in CSV_TOTALS:
            writer.writerow((name, plan[key]))
    _check_rows(writer, snapshot.get("knowledge_check") or {})
    if learning_plan is not None:
        writer.writerow([])
        writer.writerow(CSV_LEARNING_PLAN_COLUMNS)
        for item in learning_plan["items"]:
            writer.writerow(
                ["learning_plan", *(_neutralised(item[column]) for column in CSV_LEARNING_PLAN_COLUMNS[1:])]
            )
    return buffer.getvalue()


def _check_rows(writer, check: dict) -> None:
    """The knowledge check's two sections, when the candidate answered any item."""
    if not check.get("items"):
        return
    writer.writerow([])
    writer.writerow(CSV_CHECK_SKILL_COLUMNS)
    for row in check["skills"]:
        values = (
            "check_skill",
            row["skill"],
            row["name"],
            row["claimed"],
            row["checked"],
            row["items"],
            row["correct"],
        )
        writer.writerow([_neutralised(value) for value in (*values, row["outcome"])])
    writer.writerow([])
    writer.writerow(CSV_CHECK_ITEM_COLUMNS)
    for item in check["items"]:
        values = ("check_item", item["number"], item["item"], item["skill"], item["level"], int(item["correct"]))
        writer.writerow([_neutralised(value) for value in (*values, item["seconds"])])


def _plan_rows(snapshot: dict):
    def row(section, order, entry, *, phase, level_from):
        action = entry["action"]
        return (
            section,
            order,
            phase,
            action["slug"],
            action["title"],
            action["kind"],
            action["key"],
            entry["label"],
            level_from,
            action["reaches_level"],
            action["effort_hours"],
            entry["readiness_gain"],
        )

    for order, step in enumerate(snapshot["plan"]["next_actions"], start=1):
        yield row("next", order, step, phase=step["phase_number"], level_from=step["level_from"])
    planned = [entry for phase in snapshot["roadmap"]["phases"] for entry in phase["actions"]]
    for order, entry in enumerate(planned, start=1):
        yield row("plan", order, entry, phase=entry["phase_number"], level_from=entry["level_from"])
    routes = snapshot["roadmap"]["long_routes"]
    for section, optional in (("long_term", False), ("optional", True)):
        chosen = [route for route in routes if route["optional"] == optional]
        for order, route in enumerate(chosen, start=1):
            yield row(section, order, route, phase=route["action"]["phase_number"], level_from=route["rating"])


def _neutralised(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# --- Knowledge check item statistics, for curators ---------------------------------------

CSV_STATISTICS_COLUMNS = (
    "item",
    "skill",
    "level",
    "active",
    "shown",
    "answered",
    "share_correct",
    "discrimination_claimed",
    "discrimination_other_skills",
    "flags",
)


def item_statistics_csv(rows) -> str:
    """One row per item (selectors.check_item_statistics): shares and correlations to three decimals,
    empty where undefined; flags joined by "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_STATISTICS_COLUMNS)
    for row in rows:
        stats = row.statistics
        writer.writerow(
            [
                row.slug,
                _neutralised(row.skill),
                row.level,
                int(row.is_active),
                stats.shown,
                stats.answered,
                _decimal(stats.share_correct),
                _decimal(stats.discrimination_claimed),
                _decimal(stats.discrimination_other_skills),
                "; ".join(stats.flags),
            ]
        )
    return buffer.getvalue()


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


# --- JSON ------------------------------------------------------------------------


def report_json(report: Report, *, learning_plan: dict | None = None) -> dict:
    """The whole snapshot with the report's metadata and the candidate's learning plan for its target
    (plan_selectors.plan_export_for_report; null without one); see the module docstring for the shape."""
    return {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "report": report_metadata(report),
        "snapshot": report.snapshot,
        "learning_plan": learning_plan,
    }


# --- PDF -------------------------------------------------------------------------


class RefusedURLError(ValueError):
    """A resource the PDF may not load: only local static files and data: URIs are allowed."""


class StaticFilesURLFetcher(URLFetcher):
    """Serves `data:` URIs and the project's static files from disk; refuses everything else.

    WeasyPrint has had server-side request forgery advisories, so a PDF must never
    make it fetch a URL, read an arbitrary file or follow a redirect.
    """

    def __init__(self):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_path(url)
        if path is None:
            raise RefusedURLError(f"Refused to fetch {url!r}: not a local static file.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def static_file_path(url: str) -> Path | None:
    """The file on disk behind a static URL of a PDF document, or None if there is none."""
    static_base = urljoin(PDF_BASE_URL, settings.STATIC_URL)
    if not url.startswith(static_base):
        return None
    name = unquote(urlsplit(url[len(static_base) :]).path)
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or "\\" in name or ".." in parts:
        return None
    try:
        found = finders.find(name) or _collected_path(name)
    except SuspiciousFileOperation:
        return None
    return Path(found) if found and Path(found).is_file() else None


def _collected_path(name: str) -> str | None:
    # With a manifest storage `{% static %}` names the hashed copy, which only
    # the collected files hold; remote storages have no local path at all.
    try:
        return staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None
    except NotImplementedError:
        return None


def report_pdf_html(report: Report) -> str:
    return render_to_string("assessment/report_pdf.html", {"report": report, "s": report.snapshot})


def html_to_pdf(html: str) -> bytes:
    """Render HTML to PDF with the restricted fetcher."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesURLFetcher()).write_pdf()


def report_pdf(report: Report) -> bytes:
    """Render the report as an A4 PDF (charts, page numbers, date and catalogue version)."""
    return html_to_pdf(report_pdf_html(report))


def report_pdf_get_or_create(*, report: Report) -> bytes:
    """The report's stored PDF, rendering and storing it on first use.

    No query when the report was read with its PDF (selectors.report_pdf_get_for_candidate),
    else one. Rendering happens outside any transaction; if two
    requests race, the one-to-one key lets only one row in and both serve that
    row's bytes.
    """
    try:
        return bytes(report.pdf.content)
    except ReportPdf.DoesNotExist:
        pass
    row, _ = ReportPdf.objects.get_or_create(report=report, defaults={"content": report_pdf(report)})
    return bytes(row.content)
