"""The report, the questionnaire and the saved-report pages at a desktop (1366 px) and a phone (390 px) width.

What a reader sees: the report's sections in verdict order, no page wider than the screen, chart
text at 11 px or more as rendered, answer options that never wrap into one word a line; axe clean.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Browser, Page

from assessment.models import Assessment, Report
from assessment.selectors import questionnaire_get
from tests.e2e.accessibility import assert_accessible
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.e2e]

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SECTION_ORDER = [
    "verdict",
    "next-steps",
    "change",
    "gaps",
    "certifications",
    "plan",
    "career",
    "role-fit",
    "calculation",
]
MIN_TEXT_PX = 11

# Rendered size of every text in the page's charts (SVG text, and the labels and values beside the bars).
CHART_TEXT_HEIGHTS = """() => [
  ...[...document.querySelectorAll('svg text')].map(t => ({
      text: t.textContent.trim(),
      px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
  })),
  ...[...document.querySelectorAll('.chart-label, .chart-label *, .chart-value, .chart-value *, .legend')].map(e => ({
      text: e.textContent.trim(), px: parseFloat(getComputedStyle(e).fontSize),
  })),
]"""

# For every answer option: its words and the number of lines its text takes, counted from the
# rectangles of each word (one rectangle top per line).
OPTION_LINES = """() => [...document.querySelectorAll('.rating-anchor')].map(el => {
  const words = el.textContent.trim().split(/\\s+/);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const tops = new Set();
  let perLine = new Map();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const re = /\\S+/g; let m;
    while ((m = re.exec(node.textContent))) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const top = Math.round(range.getClientRects()[0].top);
      tops.add(top); perLine.set(top, (perLine.get(top) || 0) + 1);
    }
  }
  const byTop = [...perLine.entries()].sort((a, b) => a[0] - b[0]).map(([, count]) => count);
  return {text: el.textContent.trim().slice(0, 60), words: words.length, lines: tops.size,
          fullLineWords: byTop.slice(0, -1),
          // A last line of one word is an ordinary end of a paragraph; any other is a word squeezed alone.
          singleWordLines: byTop.slice(0, -1).filter(c => c === 1).length};
})"""


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return max(0, page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


@pytest.fixture
def candidate(transactional_db, catalogue):
    """A signed-in candidate with two MLOps reports (for "since your previous report" and compare) and a retake
    waiting on its review page."""
    user = get_user_model().objects.create_user("lee-layout", "lee@example.org", "irrelevant-pass-123")
    client = Client()
    client.force_login(user)
    answer_steps(client, start_assessment(client, role="mlops-engineer"), rating=2, hours_per_week=8, cloud="aws")
    answer_steps(client, start_assessment(client, role="mlops-engineer"), rating=3, hours_per_week=8, cloud="aws")
    client.post("/assess/", {"role": "mlops-engineer", "seniority": "mid", "prefill": "on"})
    retake = Assessment.objects.order_by("-created_at").first()
    fresh = start_assessment(client, role="conversational-ai-engineer")  # the longest role name
    before, after = Report.objects.filter(user=user).order_by("created_at")
    return {"client": client, "before": before, "after": after, "retake": retake, "fresh": fresh}


@pytest.fixture
def open_as(browser: Browser, base_url: str):
    """A page signed in as the candidate's client at a viewport; its browser context is closed after the test,
    passed or failed, so that no request is still running when the database is emptied."""
    contexts = []

    def opened(client: Client, viewport: dict) -> Page:
        context = browser.new_context(base_url=base_url, viewport=viewport)
        contexts.append(context)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
        return context.new_page()

    yield opened
    for context in contexts:
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS.keys())
def test_report_reads_in_verdict_order_fits_the_screen_and_its_charts_are_legible(open_as, candidate, width):
    page = open_as(candidate["client"], WIDTHS[width])
    page.goto(f"/reports/{candidate['after'].pk}/")

    sections = page.locator("[data-report-section]").evaluate_all("els => els.map(e => e.dataset.reportSection)")
    # In reading order on screen too: each section starts below the one before it.
    tops = page.locator("[data-report-section]").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    small = [t for t in page.evaluate(CHART_TEXT_HEIGHTS) if t["px"] < MIN_TEXT_PX]

    assert sections == SECTION_ORDER
    assert tops == sorted(tops)
    assert overflow(page) == 0
    assert small == []
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS.keys())
def test_compare_progress_and_review_pages_fit_the_screen_with_legible_charts(open_as, candidate, width):
    page = open_as(candidate["client"], WIDTHS[width])
    urls = [
        f"/reports/compare/?before={candidate['before'].pk}&after={candidate['after'].pk}",
        "/reports/progress/",
        f"/assess/{candidate['retake'].pk}/review/",
    ]
    found = {}
    for url in urls:
        page.goto(url)
        found[url] = (overflow(page), [t for t in page.evaluate(CHART_TEXT_HEIGHTS) if t["px"] < MIN_TEXT_PX])
        assert_accessible(page)

    assert found == {url: (0, []) for url in urls}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS, ids=WIDTHS.keys())
def test_every_step_fits_its_options_without_single_word_lines(open_as, candidate, width):
    page = open_as(candidate["client"], WIDTHS[width])
    assessment = candidate["fresh"]
    problems = {}
    for step in questionnaire_get().steps:
        page.goto(f"/assess/{assessment.pk}/{step.slug}/")
        options = page.evaluate(OPTION_LINES)
        # One word alone on a line, or full lines (all but the last) of fewer than four words on average:
        # the old five-column layout wrapped to three words a line.
        cramped = [
            o
            for o in options
            if o["singleWordLines"] or (o["fullLineWords"] and sum(o["fullLineWords"]) < 4 * len(o["fullLineWords"]))
        ]
        if overflow(page) > 0 or cramped:
            problems[step.slug] = (overflow(page), cramped[:3])

    assert problems == {}
