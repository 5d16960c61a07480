"""The PDF of a typical report: at most four A4 pages, none of them (but the last) less than a third full.

Measured on WeasyPrint's own layout (Document.render()): for each page, how far down its content
area the lowest line of text or chart reaches.
"""

import pytest
from weasyprint import HTML

from assessment import exports
from assessment.models import Report
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MAX_PAGES = 4
MIN_FILL = 1 / 3


def page_fills(document) -> list[float]:
    """Per page, the share of the content area's height down to the bottom of its lowest line or image."""
    fills = []
    for page in document.pages:
        box = page._page_box  # WeasyPrint's laid-out page; no public API exposes the boxes
        top, height = box.content_box_y(), box.height
        lowest = top
        for child in box.children:
            if type(child).__name__ == "MarginBox":  # running header and footer
                continue
            for descendant in child.descendants():
                if type(descendant).__name__ == "LineBox" or type(descendant).__name__.endswith("ReplacedBox"):
                    lowest = max(lowest, descendant.position_y + descendant.margin_height())
        fills.append((lowest - top) / height)
    return fills


def rendered(report: Report):
    html = exports.report_pdf_html(report)
    return HTML(string=html, base_url=exports.PDF_BASE_URL, url_fetcher=exports.StaticFilesURLFetcher()).render()


@pytest.mark.parametrize(
    ("role", "experience"),
    [
        # The candidate: a mid-level ML engineer moving into MLOps, working ratings, 8 hours a week.
        ("mlops-engineer", {"hours_per_week": 8, "cloud": "aws"}),
        ("ai-engineer", {}),
    ],
)
def test_pdf_of_a_typical_report_fits_four_pages_with_no_near_empty_page(client, role, experience):
    assessment = start_assessment(client, role=role, seniority="mid")
    answer_steps(client, assessment, rating=2, **experience)
    report = Report.objects.get(assessment=assessment)

    fills = page_fills(rendered(report))

    assert len(fills) <= MAX_PAGES, [round(f, 2) for f in fills]
    assert [round(f, 2) for f in fills[:-1] if f < MIN_FILL] == []


def test_page_fill_measures_the_content_not_the_page(client):
    assessment = start_assessment(client, role="ai-engineer", seniority="mid")
    answer_steps(client, assessment, rating=4)
    report = Report.objects.get(assessment=assessment)

    fills = page_fills(rendered(report))

    # A candidate who meets everything has little to plan: the last page is far from full.
    assert 0 < fills[-1] < 1
