"""A share link leaves the candidate's portfolio link out unless its owner chooses to show it."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from assessment import exports
from assessment.models import Report, ShareLink
from assessment.questionnaire import KIND_EXPERIENCE
from assessment.selectors import questionnaire_get
from tests.career.test_pages import page
from tests.journeys import start_assessment, step_answers

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PORTFOLIO = "https://portfolio.example/dana-4471"


@pytest.fixture
def owner():
    client = Client()
    client.force_login(get_user_model().objects.create_user("dana-4471", "dana-4471@example.org", "x"))
    return client


@pytest.fixture
def report(owner) -> Report:
    assessment = start_assessment(owner)
    for step in questionnaire_get().steps:
        data = step_answers(step)
        if step.kind == KIND_EXPERIENCE:
            data["portfolio_url"] = PORTFOLIO
        owner.post(reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": step.slug}), data)
    return Report.objects.get(assessment=assessment)


def share(owner, report, **extra) -> ShareLink:
    response = owner.post(
        reverse("assessment:share-create", kwargs={"pk": report.pk}), {"expires_in_days": "", **extra}
    )
    assert response.status_code == 302
    return report.share_links.order_by("-pk").first()


def shown_portfolio(response) -> list[str]:
    return page(response).texts("p", data_testid="portfolio")


def page_of(html: str):
    return page(HttpResponse(html))


def test_the_portfolio_link_is_kept_with_the_report_but_out_of_its_stored_body(report):
    assert (report.portfolio_url, report.snapshot["experience"]["portfolio_url"]) == (PORTFOLIO, PORTFOLIO)
    assert PORTFOLIO not in report.body_html


def test_the_owner_sees_the_portfolio_link_on_the_report_page(owner, report):
    response = owner.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    assert shown_portfolio(response) == [
        f"Portfolio: {PORTFOLIO} · shown to you; a share link shows it only if you choose so when you create it"
    ]


def test_a_new_share_link_leaves_the_portfolio_link_out(owner, report):
    link = share(owner, report, label="Mentor")

    response = Client().get(f"/s/{link.token}/")

    assert link.show_portfolio is False
    assert (response.status_code, shown_portfolio(response)) == (200, [])
    assert PORTFOLIO not in response.content.decode()


def test_a_share_link_made_to_show_it_shows_the_portfolio_link(owner, report):
    link = share(owner, report, label="Employer", show_portfolio="on")

    response = Client().get(f"/s/{link.token}/")

    assert link.show_portfolio is True
    assert shown_portfolio(response) == [f"Portfolio: {PORTFOLIO}"]


def test_each_link_of_one_report_keeps_its_own_choice(owner, report):
    hidden = share(owner, report, label="Mentor")
    shown = share(owner, report, label="Employer", show_portfolio="on")

    responses = [Client().get(f"/s/{link.token}/") for link in (hidden, shown)]
    listing = page(owner.get(reverse("assessment:report", kwargs={"pk": report.pk})))

    assert [shown_portfolio(r) for r in responses] == [[], [f"Portfolio: {PORTFOLIO}"]]
    assert [row.text.split(" · ")[-1] for row in listing.find("span", cls="small")[-2:]] == [
        "shows your portfolio link",
        "portfolio link left out",
    ]


def test_the_pdf_for_the_owner_keeps_the_portfolio_link(report):
    html = exports.report_pdf_html(report)

    assert page_of(html).texts("p", data_testid="portfolio") == [f"Portfolio: {PORTFOLIO}"]


def test_share_panel_promises_only_what_the_shared_page_keeps(owner, report):
    response = owner.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    assert page(response).texts("p", data_testid="share-promise") == [
        "A share link opens a read-only copy of this report, for a mentor or an employer: your ratings, gaps, "
        "recommendations and plan, and the years of experience and shipped projects you gave. It never shows "
        "your username or email address, and shows your portfolio link only if you tick “Show my portfolio link” "
        "for that link. Anyone who has the link can open it, so send it only to the person it is for, and revoke "
        "it when they no longer need it."
    ]


def test_the_data_download_says_which_links_show_the_portfolio(owner, report):
    share(owner, report, label="Mentor")
    share(owner, report, label="Employer", show_portfolio="on")

    response = owner.post(reverse("assessment:account-data"))

    links = json.loads(response.content)["share_links"]
    assert sorted((link["label"], link["show_portfolio"]) for link in links) == [("Employer", True), ("Mentor", False)]
