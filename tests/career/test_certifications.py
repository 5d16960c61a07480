"""Certifications as decisions: what each proves, how it is assessed, what it costs, and when that was checked."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from career.models import Certification
from tests import factories
from tests.career.test_admin import admin_url, form_data
from tests.career.test_pages import by_id, certification_card, main

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SCRIPT = "<script>alert(1)</script>"


def card(response, slug: str) -> dict:
    """The certification's card, with its "checked" line and its links."""
    article = by_id(main(response), slug)
    return certification_card(article) | {
        "checked": article.texts("p", data_testid="checked")[0],
        "links": article.find("a"),
    }


def test_certification_card_shows_what_it_proves_format_duration_fee_and_when_they_were_checked(client):
    response = client.get(reverse("career:certification-list"))

    aws = card(response, "aws-machine-learning-engineer-associate")
    assert {key: aws[key] for key in ("What it proves", "Format", "Duration", "Fee", "checked")} == {
        "What it proves": "Knowledge, tested in a proctored exam. It does not show hands-on work: "
        "back it with projects of your own.",
        "Format": "65 questions: multiple choice, multiple response, ordering and matching",
        "Duration": "130 minutes",
        "Fee": "USD 150",
        "checked": "Format, duration and fee checked on 30 November 2026. "
        "Official page for AWS Certified Machine Learning Engineer – Associate",
    }
    assert (
        aws["links"][-1].attrs["href"]
        == "https://aws.amazon.com/certification/certified-machine-learning-engineer-associate/"
    )


def test_business_and_project_certifications_say_what_they_prove(client):
    response = client.get(reverse("career:certification-list"))

    assert [
        card(response, slug)["What it proves"] for slug in ("google-cloud-generative-ai-leader", "ibm-ai-engineering")
    ] == [
        "AI literacy for business and leadership decisions, tested in an exam; not engineering skill.",
        "Guided hands-on work: it is earned by completing graded projects and labs.",
    ]


def test_a_fact_nobody_was_sure_of_sends_the_candidate_to_the_official_page(client):
    response = client.get(reverse("career:certification-list"))

    pro = card(response, "aws-generative-ai-developer-professional")
    assert (pro["Format"], pro["Duration"], pro["Fee"]) == (
        "75 questions: multiple choice, multiple response, ordering and matching",
        "see the official page",
        "USD 300",
    )


def test_certification_without_facts_or_link_says_so_rather_than_guessing(client):
    bare = factories.make_certification(name="Acme Bare Associate")
    linked = factories.make_certification(name="Acme Linked Associate", url="https://acme.example/cert")

    response = client.get(reverse("career:certification-list"))

    assert [
        (c["Format"], c["Duration"], c["Fee"], c["checked"])
        for c in (card(response, bare.slug), card(response, linked.slug))
    ] == [
        ("not recorded yet", "not recorded yet", "not recorded yet", "Format, duration and fee: not recorded yet."),
        (
            "see the official page",
            "see the official page",
            "see the official page",
            "Format, duration and fee: see the official page. Official page for Acme Linked Associate",
        ),
    ]


def test_certification_facts_typed_by_a_curator_are_shown_as_text(client):
    hostile = factories.make_certification(
        exam_format=f"Essays {SCRIPT}",
        duration=f"Forever {SCRIPT}",
        fee=f"USD 1 {SCRIPT}",
        facts_checked_on=date(2026, 1, 2),
    )

    response = client.get(reverse("career:certification-list"))

    page = response.content.decode()
    facts = card(response, hostile.slug)
    assert SCRIPT not in page
    assert [escape(f"{prefix} {SCRIPT}") in page for prefix in ("Essays", "Forever", "USD 1")] == [True, True, True]
    assert (facts["Format"], facts["Fee"]) == (f"Essays {SCRIPT}", f"USD 1 {SCRIPT}")


def test_every_active_shipped_certification_has_an_official_page_and_dated_facts():
    active = Certification.objects.active()

    assert [c.slug for c in active if not c.url.startswith("https://")] == []
    assert [c.slug for c in active if not (c.exam_format and c.fee and c.facts_checked_on)] == []
    assert {c.facts_checked_on for c in active} == {date(2026, 11, 30)}
    assert [c.slug for c in Certification.objects.exclude(pk__in=active) if c.has_facts] == []


def test_facts_without_the_date_they_were_checked_are_refused():
    certification = Certification.objects.get(slug="ibm-machine-learning")
    certification.facts_checked_on = None

    with pytest.raises(ValidationError) as error:
        certification.full_clean()

    assert error.value.messages == ["Give the date the format, duration and fee were checked."]


def test_curator_edits_the_exam_facts_in_the_admin(admin_client):
    certification = Certification.objects.get(slug="aws-data-engineer-associate")
    url = admin_url(Certification, "change", certification.pk)
    data = form_data(admin_client.get(url))
    data |= {"exam_format": "60 questions", "duration": "2 hours", "fee": "EUR 150", "facts_checked_on": "2027-01-15"}

    response = admin_client.post(url, data)

    certification.refresh_from_db()
    assert response.status_code == 302
    assert (certification.exam_format, certification.duration, certification.fee, certification.facts_checked_on) == (
        "60 questions",
        "2 hours",
        "EUR 150",
        date(2027, 1, 15),
    )


def test_admin_refuses_a_fee_without_the_date_it_was_checked(admin_client):
    certification = Certification.objects.get(slug="aws-data-engineer-associate")
    url = admin_url(Certification, "change", certification.pk)
    data = form_data(admin_client.get(url))
    data |= {"fee": "EUR 150"}
    data.pop("facts_checked_on")

    response = admin_client.post(url, data)

    certification.refresh_from_db()
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Give the date the format, duration and fee were checked."
    ]
    assert certification.fee == "USD 150"
