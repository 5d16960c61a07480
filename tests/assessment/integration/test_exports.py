import csv
import io
import json
import re
import shutil
import socket
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from assessment import exports
from assessment.models import Report, ReportPdf
from career.models import SkillRequirement
from tests.journeys import answer_steps, as_schema_1, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

EXPORTS = ("report-pdf", "report-csv", "report-json")


def export_url(name: str, report: Report) -> str:
    return reverse(f"assessment:{name}", kwargs={"pk": report.pk})


def make_report(client, *, role: str = "ai-engineer", seniority: str = "mid", rating: int = 2, **experience) -> Report:
    assessment = start_assessment(client, role=role, seniority=seniority)
    answer_steps(client, assessment, rating=rating, **experience)
    return Report.objects.get(assessment=assessment)


def pdf_text(content: bytes) -> str:
    """The PDF's text, pages separated by form feeds, as poppler's pdftotext reads it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        result = subprocess.run(  # noqa: S603 (a fixed tool on a file we wrote)
            [shutil.which("pdftotext"), "-enc", "UTF-8", pdf.name, "-"], capture_output=True, check=True
        )
    return result.stdout.decode()


def words(text: str) -> str:
    return " ".join(text.split())


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def csv_sections(response) -> list[list[list[str]]]:
    """The CSV's sections: runs of rows separated by an empty row."""
    sections = [[]]
    for row in csv_rows(response):
        if row:
            sections[-1].append(row)
        else:
            sections.append([])
    return sections


@pytest.fixture
def report(client):
    return make_report(client)


# --- Download headers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "extension"),
    [
        ("report-pdf", "application/pdf", "pdf"),
        ("report-csv", "text/csv; charset=utf-8", "csv"),
        ("report-json", "application/json; charset=utf-8", "json"),
    ],
    ids=["pdf", "csv", "json"],
)
def test_export_is_an_attachment_with_a_readable_name_and_is_never_stored(
    client, report, name, content_type, extension
):
    ReportPdf.objects.create(report=report, content=b"%PDF-1.7 stored")
    day = timezone.localdate(report.created_at).isoformat()

    response = client.get(export_url(name, report))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="skills-gap-ai-engineer-mid-{day}.{extension}"'
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_export_links_partial_points_at_the_three_downloads(report):
    html = render_to_string("assessment/_export_links.html", {"report": report})

    assert re.findall(r'href="([^"]+)"', html) == [export_url(name, report) for name in EXPORTS]


# --- PDF ---------------------------------------------------------------------------


def test_pdf_export_shows_the_readiness_top_gaps_date_version_and_page_numbers(client, report):
    response = client.get(export_url("report-pdf", report))

    text = pdf_text(response.content)
    pages = text.count("\f")
    flat = words(text)
    readiness = f"{report.snapshot['score']['readiness']:.1f}%"
    gaps = [gap["label"] for gap in report.snapshot["top_gaps"]]
    gaps_section = flat[flat.index("Top gaps") : flat.index("Strengths")]
    assert response.content.startswith(b"%PDF-")
    assert flat.index(readiness) < flat.index("Your next three steps") < flat.index("Top gaps")
    assert len(gaps) == 5
    assert [label for label in gaps if label in gaps_section] == gaps
    assert sorted(gaps, key=gaps_section.index) == gaps
    assert [n for n in range(1, pages + 1) if f"Page {n} of {pages}" not in flat] == []
    assert flat.count(dateformat.format(report.created_at, "j F Y")) >= pages
    made = dateformat.format(report.created_at, "j F Y")
    footer = f"Scored against the role profiles of {made}"
    assert (flat.count(footer), report.catalogue_version in flat) == (pages, False)


def test_pdf_export_includes_the_svg_charts(report):
    html = exports.report_pdf_html(report)

    assert html.count('<svg class="chart-bar"') == len(report.snapshot["role_fit"]) + len(
        [item for item in report.snapshot["score"]["items"] if item["kind"] == "skill"]
    )


def test_pdf_export_is_rendered_once_then_served_from_the_stored_copy(client, report, django_assert_num_queries):
    first = client.get(export_url("report-pdf", report))
    stored = ReportPdf.objects.get(report=report)

    # session, then the report with its stored PDF in one query: no render, no write
    with django_assert_num_queries(2):
        second = client.get(export_url("report-pdf", report))

    assert ReportPdf.objects.count() == 1
    assert bytes(stored.content) == first.content
    assert second.content == first.content


def test_pdf_export_serves_the_stored_bytes_without_rendering_again(client, report):
    ReportPdf.objects.create(report=report, content=b"%PDF-1.7 rendered earlier")

    response = client.get(export_url("report-pdf", report))

    assert response.content == b"%PDF-1.7 rendered earlier"
    assert ReportPdf.objects.count() == 1


def test_pdf_cache_keeps_the_first_row_when_two_renders_race(report):
    ReportPdf.objects.create(report=report, content=b"%PDF-1.7 the other request won")

    row, created = ReportPdf.objects.get_or_create(report=report, defaults={"content": b"%PDF-1.7 late"})

    assert (created, bytes(row.content)) == (False, b"%PDF-1.7 the other request won")
    assert exports.report_pdf_get_or_create(report=report) == b"%PDF-1.7 the other request won"


def test_pdf_renderer_never_fetches_a_remote_url():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        origin = f"http://127.0.0.1:{listener.getsockname()[1]}"
        html = (
            f'<link rel="stylesheet" href="{origin}/evil.css"><p>Planted</p>'
            f'<img src="{origin}/tracker.png" alt=""><img src="file:///etc/hostname" alt="">'
        )

        content = exports.html_to_pdf(html)

        with pytest.raises(BlockingIOError):
            listener.accept()
    assert words(pdf_text(content)) == "Planted"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/static/css/report-print.css",
        "https://example.com/static/css/report-print.css",
        "ftp://example.com/x.css",
        "file:///etc/passwd",
        "file:///static/../etc/passwd",
        "file:///static/css/../../../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "file:///static/",
        "file:///static/css/no-such-file.css",
    ],
    ids=["http", "https", "ftp", "file", "dot-dot", "nested-dot-dot", "encoded-dot-dot", "directory", "missing"],
)
def test_pdf_url_fetcher_refuses_anything_but_static_files_and_data(url):
    with pytest.raises(exports.RefusedURLError):
        exports.StaticFilesURLFetcher().fetch(url)


def test_pdf_url_fetcher_serves_a_static_file_from_disk():
    response = exports.StaticFilesURLFetcher().fetch("file:///static/css/report-print.css")

    assert response.content_type == "text/css"
    assert response.read() == Path(finders.find("css/report-print.css")).read_bytes()


def test_pdf_url_fetcher_serves_data_uris():
    response = exports.StaticFilesURLFetcher().fetch("data:text/plain;base64,aGVsbG8=")

    assert response.read() == b"hello"


# --- CSV ---------------------------------------------------------------------------


def test_csv_export_has_one_row_per_requirement_matching_the_snapshot(client, report):
    response = client.get(export_url("report-csv", report))

    rows = csv_sections(response)[0]
    items = report.snapshot["score"]["items"]
    assert rows[0] == [
        "kind", "key", "label", "target", "rating", "gap", "weight", "earned", "possible", "contribution"
    ]  # fmt: skip
    assert rows[1:] == [
        [
            item["kind"], item["key"], item["label"], str(item["target"]), str(item["rating"]), str(item["gap"]),
            str(item["weight"]), str(item["earned"]), str(item["possible"]), str(item["contribution"]),
        ]
        for item in items
    ]  # fmt: skip
    assert len(rows) == len(items) + 1


def test_csv_export_neutralises_cells_a_spreadsheet_would_run(client, report):
    planted = ['=HYPERLINK("http://example.com","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tTab", "\rReturn"]
    snapshot = report.snapshot
    for item, label in zip(snapshot["score"]["items"], planted, strict=False):
        item["label"] = label
    report.save(update_fields=["snapshot"])
    untouched = [item["label"] for item in snapshot["score"]["items"][len(planted) :]]

    response = client.get(export_url("report-csv", report))

    labels = [row[2] for row in csv_sections(response)[0][1:]]
    assert labels == ["'" + label for label in planted] + untouched


def test_csv_export_is_utf8(client, report):
    snapshot = report.snapshot
    snapshot["score"]["items"][0]["label"] = "Modèle – entraînement"
    report.save(update_fields=["snapshot"])

    response = client.get(export_url("report-csv", report))

    assert csv_rows(response)[1][2] == "Modèle – entraînement"
    assert "Modèle – entraînement".encode() in response.content


def test_csv_export_has_the_plan_its_totals_and_the_date(client):
    report = make_report(client, role="ai-engineer", seniority="senior", rating=2, hours_per_week=9)
    roadmap, plan = report.snapshot["roadmap"], report.snapshot["plan"]

    sections = csv_sections(client.get(export_url("report-csv", report)))

    assert len(sections) == 3
    header, *rows = sections[1]
    assert header == [
        "section", "order", "phase", "action", "title", "kind", "key", "label",
        "level_from", "reaches_level", "effort_hours", "readiness_gain",
    ]  # fmt: skip
    next_rows = [row for row in rows if row[0] == "next"]
    plan_rows = [row for row in rows if row[0] == "plan"]
    assert [(row[1], row[3]) for row in next_rows] == [
        (str(n), step["action"]["slug"]) for n, step in enumerate(plan["next_actions"], start=1)
    ]
    assert len(next_rows) == 5
    assert [row[3] for row in plan_rows] == [
        entry["action"]["slug"] for phase in roadmap["phases"] for entry in phase["actions"]
    ]
    assert sum(int(row[10]) for row in plan_rows) == plan["skills_hours"]
    assert next_rows[0][8:] == [
        str(plan["next_actions"][0]["level_from"]),
        str(plan["next_actions"][0]["action"]["reaches_level"]),
        str(plan["next_actions"][0]["action"]["effort_hours"]),
        str(plan["next_actions"][0]["readiness_gain"]),
    ]
    assert dict(sections[2][1:]) == {
        "skills_plan_hours": str(plan["skills_hours"]),
        "readiness_gain": str(plan["readiness_gain"]),
        "readiness_after": str(plan["readiness_after"]),
        "long_term_hours": "0",
        "optional_hours": "0",
        "hours_per_week": "9",
        "weeks": str(-(-plan["skills_hours"] // 9)),
        "expected_date": plan["expected_date"],
    }
    assert sections[2][0] == ["total", "value"]


def test_csv_export_lists_a_required_degree_as_a_long_term_route_outside_the_hours(client):
    without = make_report(client, rating=0)

    sections = csv_sections(client.get(export_url("report-csv", without)))

    long_term = [row for row in sections[1] if row[0] == "long_term"]
    totals = dict(sections[2][1:])
    assert [row[:4] + row[8:11] for row in long_term] == [
        ["long_term", "1", "1", "degree-2-bachelors", "0", "2", "5400"]
    ]
    assert totals["long_term_hours"] == "5400"
    assert "degree-2-bachelors" not in [row[3] for row in sections[1] if row[0] in {"next", "plan"}]
    assert (totals["hours_per_week"], totals["weeks"], totals["expected_date"]) == ("", "", "")


def test_csv_export_neutralises_the_plans_text_cells(client):
    report = make_report(client, rating=1)
    snapshot = report.snapshot
    snapshot["plan"]["next_actions"][0]["action"]["title"] = "=HYPERLINK(1)"
    snapshot["plan"]["next_actions"][0]["label"] = "+label"
    report.save(update_fields=["snapshot"])

    rows = csv_sections(client.get(export_url("report-csv", report)))[1]

    assert rows[1][4] == "'=HYPERLINK(1)"
    assert rows[1][7] == "'+label"


def test_exports_of_a_report_made_before_the_plan_still_work(client, report):
    old = as_schema_1(report.snapshot)
    Report.objects.filter(pk=report.pk).update(snapshot=old)
    report.refresh_from_db()

    csv_response = client.get(export_url("report-csv", report))
    json_response = client.get(export_url("report-json", report))
    pdf_response = client.get(export_url("report-pdf", report))

    assert csv_sections(csv_response) == [csv_sections(csv_response)[0]]
    assert len(csv_sections(csv_response)[0]) == len(old["score"]["items"]) + 1
    data = json.loads(json_response.content)
    assert (data["schema_version"], data["snapshot"]) == (4, old)
    assert "plan" not in data["snapshot"]
    flat = words(pdf_text(pdf_response.content))
    assert f"Total effort: {old['roadmap']['total_hours']:,} h." in flat
    assert "Your next five actions" not in flat


def test_pdf_export_shows_the_next_steps_the_expected_date_and_each_next_action_once_in_the_roadmap(client):
    report = make_report(client, role="nlp-engineer", rating=1, hours_per_week=15)
    plan = report.snapshot["plan"]
    day = date.fromisoformat(plan["expected_date"])

    flat = words(pdf_text(client.get(export_url("report-pdf", report)).content))

    steps = flat[flat.index("Your next three steps") : flat.index("Top gaps")]
    plan_section = flat[flat.index("Your plan") : flat.index("Career context")]
    roadmap = flat[flat.index("Your roadmap") : flat.index("Career context")]
    assert "Your next five actions" not in flat  # on paper the roadmap lists them, with what each involves
    titles = [step["action"]["title"] for step in plan["next_actions"]]
    assert [title for title in titles[:2] if title not in steps] == []
    assert [title for title in titles if roadmap.count(title) != 1] == []
    assert f"you can expect to reach the target around {day.day} {day:%B %Y}" in plan_section
    assert f"Skills plan: {plan['skills_hours']:,} h" in flat


# --- JSON --------------------------------------------------------------------------


def test_json_export_has_the_documented_shape(client, report):
    response = client.get(export_url("report-json", report))

    data = json.loads(response.content)
    assert list(data) == ["schema_version", "report", "snapshot", "learning_plan"]
    assert data["schema_version"] == 4
    assert data["report"] == {
        "id": str(report.pk),
        "created_at": report.created_at.isoformat(),
        "role": "ai-engineer",
        "role_name": "AI Engineer",
        "seniority": "mid",
        "seniority_name": report.seniority_name,
        "readiness": float(report.readiness),
        "estimated_seniority_name": report.estimated_seniority_name,
        "catalogue_version": report.catalogue_version,
    }
    assert {key: type(value).__name__ for key, value in data["report"].items()} == {
        "id": "str",
        "created_at": "str",
        "role": "str",
        "role_name": "str",
        "seniority": "str",
        "seniority_name": "str",
        "readiness": "float",
        "estimated_seniority_name": "str",
        "catalogue_version": "str",
    }
    assert data["snapshot"] == report.snapshot
    assert data["snapshot"]["schema_version"] == 4
    assert data["snapshot"]["job_ad"] is None
    assert {"kind", "key", "label", "target", "rating", "gap", "weight", "earned", "possible", "contribution"} <= set(
        data["snapshot"]["score"]["items"][0]
    )


def test_json_export_has_the_plan_and_the_date(client):
    report = make_report(client, rating=1, hours_per_week=4, cloud="ibm")

    data = json.loads(client.get(export_url("report-json", report)).content)

    plan = data["snapshot"]["plan"]
    # A JSON object's keys have no order (PostgreSQL's jsonb stores them sorted its own way).
    assert set(plan) == {
        "next_actions", "skills_hours", "readiness_gain", "readiness_after", "long_term_hours",
        "optional_hours", "hours_per_week", "weeks", "expected_date",
    }  # fmt: skip
    assert (plan["hours_per_week"], plan["weeks"]) == (4, -(-plan["skills_hours"] // 4))
    assert plan["expected_date"] == (timezone.localdate(report.created_at) + timedelta(weeks=plan["weeks"])).isoformat()
    assert set(plan["next_actions"][0]) == {
        "action", "phase_number", "label", "level_from", "target", "readiness_gain", "gain_per_hour",
    }  # fmt: skip
    assert plan["skills_hours"] == data["snapshot"]["roadmap"]["total_hours"]
    assert [route["action"]["slug"] for route in data["snapshot"]["roadmap"]["long_routes"]] == ["degree-2-bachelors"]
    assert (plan["long_term_hours"], plan["optional_hours"]) == (5400, 0)
    assert data["snapshot"]["experience"]["preferred_cloud"] == "ibm"
    certifications = data["snapshot"]["certifications"]
    assert [rec["in_cloud"] for rec in certifications] == [
        rec["certification"]["provider_slug"] == "ibm" for rec in certifications
    ]


def test_json_export_is_pretty_printed_utf8(client, report):
    snapshot = report.snapshot
    snapshot["score"]["items"][0]["label"] = "Modèle – entraînement"
    report.save(update_fields=["snapshot"])

    response = client.get(export_url("report-json", report))

    body = response.content.decode("utf-8")
    assert body.startswith('{\n  "schema_version": 4,\n  "report": {\n    "id": ')
    assert body.endswith("}\n")
    assert '"label": "Modèle – entraînement"' in body
    assert "\\u" not in body


# --- Ownership ---------------------------------------------------------------------


def make_user(username: str):
    return get_user_model().objects.create_user(username=username, email=f"{username}@example.com", password="x")


@pytest.mark.parametrize("visitor", ["other-user", "anonymous"])
def test_exports_of_someone_elses_report_are_404(visitor):
    alice = Client()
    alice.force_login(make_user("alice"))
    report = make_report(alice, role="nlp-engineer")
    ReportPdf.objects.create(report=report, content=b"%PDF-1.7 alice's private PDF")
    stranger = Client()
    if visitor == "other-user":
        stranger.force_login(make_user("bob"))

    responses = [stranger.get(export_url(name, report)) for name in EXPORTS]
    own = [alice.get(export_url(name, report)) for name in EXPORTS]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert [r.status_code for r in own] == [200, 200, 200]
    assert [r for r in responses if b"NLP Engineer" in r.content or b"alice" in r.content] == []
    assert [r for r in responses if r.has_header("Content-Disposition")] == []


def test_exports_of_an_anonymous_candidates_report_are_404_in_another_browser(client, report):
    other = Client()

    statuses = [other.get(export_url(name, report)).status_code for name in EXPORTS]

    assert statuses == [404, 404, 404]
    assert ReportPdf.objects.count() == 0


def test_exports_refuse_post(client, report):
    statuses = [client.post(export_url(name, report)).status_code for name in EXPORTS]

    assert statuses == [405, 405, 405]


# --- Immutability ------------------------------------------------------------------


def test_exports_are_unchanged_after_an_admin_edits_the_catalogue(client, report):
    python = next(item for item in report.snapshot["score"]["items"] if item["key"] == "python")
    before = {name: client.get(export_url(name, report)).content for name in EXPORTS}
    requirement = SkillRequirement.objects.get_by_natural_key("ai-engineer", "mid", "python")
    requirement.target = 4 if python["target"] != 4 else 1
    requirement.weight = 5 if python["weight"] != 5 else 1
    requirement.save()

    after = {name: client.get(export_url(name, report)).content for name in EXPORTS}
    ReportPdf.objects.all().delete()
    rerendered = client.get(export_url("report-pdf", report)).content

    assert (requirement.target, requirement.weight) != (python["target"], python["weight"])
    assert after == before
    assert pdf_text(rerendered) == pdf_text(before["report-pdf"])
