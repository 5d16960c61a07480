"""A candidate scores themselves against a job ad in a real browser: paste, review, adjust, report, export."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Page, expect

from assessment.models import JobAd, Report
from tests.e2e.accessibility import assert_accessible
from tests.job_ads.ads import corpus_ad
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.e2e]

AD = corpus_ad("14-senior-llm-engineer")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def signed_in_page(catalogue, page: Page, live_server) -> Page:
    """A candidate with one completed assessment, signed in in the browser."""
    user = get_user_model().objects.create_user(username="jo-jobs", email="jo@example.org", password="x")
    client = Client()
    client.force_login(user)
    answer_steps(client, start_assessment(client, role="nlp-engineer", seniority="mid"), rating=2)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def screenshots(page: Page, *, name: str, artifacts_dir) -> None:
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=artifacts_dir / f"{name}-{label}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") == viewport["width"]
        assert_accessible(page)
    page.set_viewport_size(DESKTOP)


@pytest.mark.django_db(transaction=True)
def test_paste_an_ad_drop_a_requirement_change_a_target_get_the_report_and_export_it(signed_in_page, artifacts_dir):
    page = signed_in_page
    page.set_viewport_size(DESKTOP)
    page.goto("/job-ads/")
    screenshots(page, name="job-ad-paste", artifacts_dir=artifacts_dir)
    page.get_by_label("Job title").fill(AD.title)
    page.get_by_label("Company").fill(AD.company)
    page.get_by_label("The ad's text").fill(AD.text)
    page.get_by_role("button", name="Find the requirements").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Senior LLM Engineer at Atlas Legal AI")
    rows = page.get_by_test_id("job-ad-item")
    expect(rows).to_have_count(len(AD.expected))
    nlp = rows.filter(has=page.get_by_role("rowheader", name="NLP and large language models"))
    expect(nlp.locator("mark")).to_have_text(["LLM", "large language models", "LoRA"])
    screenshots(page, name="job-ad-review", artifacts_dir=artifacts_dir)

    page.get_by_label("Leave out Generative AI").check()
    page.get_by_label("Target for NLP and large language models").select_option("4")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes to the target are saved.")).to_be_visible()
    expect(rows.filter(has_text="Generative AI").get_by_text("left out")).to_be_visible()

    page.get_by_role("button", name="Score me with my answers of").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Senior LLM Engineer at Atlas Legal AI")
    section = page.get_by_test_id("job-ad-section")
    expect(section).to_contain_text("Left out by you: Generative AI.")
    expect(section.locator("mark").first).to_be_visible()
    screenshots(page, name="job-ad-report", artifacts_dir=artifacts_dir)
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON", exact=True).first.click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))

    report = Report.objects.get(job_ad=JobAd.objects.get())
    scored = {item["key"]: item for item in exported["snapshot"]["score"]["items"]}
    assert exported["report"]["id"] == str(report.pk)
    assert "generative-ai" not in scored
    assert scored["nlp-llms"]["target"] == 4
    assert [i["key"] for i in exported["snapshot"]["job_ad"]["items"] if i.get("removed")] == ["generative-ai"]
