"""The start page teaches the choice: role cards that say what sets each role apart, seniority with pay and years."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from assessment.models import Assessment
from career.models import Role
from tests.career.test_pages import Element, page
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

START = reverse("assessment:start")
SCRIPT = "<script>alert(1)</script>"


def cards(response, kind: str) -> list[dict]:
    """Each card's radio value, checked state, accessible name and descriptions, from the rendered page."""
    found = []
    for card in page(response).find("div", data_testid=f"{kind}-card"):
        label: Element = card.find("label")[0]
        found.append(
            {
                "value": label.attrs["for"].removeprefix(f"{kind}-"),
                "name": card.texts("span", cls="app-choice-name")[0],
                "texts": [
                    span.text
                    for span in label.find("span")
                    if span.attrs.get("class", "").startswith("app-choice-")
                    and span.attrs["class"] != "app-choice-name"
                ],
            }
        )
    return found


def checked(response) -> dict[str, str]:
    """The checked radio of each group, read from the inputs' markup."""
    html = response.content.decode()
    values = {}
    for name in ("role", "seniority"):
        for chunk in html.split("<input")[1:]:
            tag = chunk.split(">", 1)[0]
            if f'name="{name}"' in tag and " checked" in tag:
                values[name] = tag.split('value="', 1)[1].split('"', 1)[0]
    return values


def test_role_cards_name_every_role_with_what_sets_it_apart_and_its_typical_level(client):
    response = client.get(START)

    roles = Role.objects.select_related("typical_seniority_from", "typical_seniority_to").order_by("order")
    assert response.status_code == 200
    assert cards(response, "role") == [
        {
            "value": role.slug,
            "name": role.name,
            "texts": [role.distinction, f"{role.focus_area} · typically {role.experience_range}"],
        }
        for role in roles
    ]


def test_role_cards_tell_mlops_ml_platform_and_ai_systems_engineer_apart(client):
    by_slug = {card["value"]: card["texts"] for card in cards(client.get(START), "role")}

    assert [by_slug[slug] for slug in ("mlops-engineer", "ml-platform-engineer", "ai-systems-engineer")] == [
        [
            "Owns how models reach production and stay healthy: automated tests, releases, monitoring and "
            "retraining, on a platform others may build.",
            "Deployment and Operations · typically Senior",
        ],
        [
            "Builds the shared infrastructure many teams train and serve models on (compute, data access, "
            "registries, serving); MLOps works on top of it.",
            "AI Infrastructure · typically Senior",
        ],
        [
            "Joins AI to the systems a business already runs (interfaces, data flows, fixing integration faults), "
            "not the ML infrastructure itself.",
            "System Integration · typically Mid-level",
        ],
    ]


def test_a_role_without_a_distinction_falls_back_to_its_summary(client):
    Role.objects.filter(slug="ai-developer").update(distinction="")

    by_slug = {card["value"]: card["texts"] for card in cards(client.get(START), "role")}

    assert by_slug["ai-developer"][0] == Role.objects.get(slug="ai-developer").summary


def test_seniority_cards_give_pay_band_and_usual_years(client):
    response = client.get(START)

    assert [(card["name"], card["texts"][0]) for card in cards(response, "seniority")] == [
        ("Junior", "$70K – $90K a year, usually 0–2 years of experience"),
        ("Mid-level", "$90K – $150K a year, usually 2–5 years of experience"),
        ("Senior", "$150K – $200K+ a year, usually 5–8 years of experience"),
        ("Lead", "$150K – $200K+ a year, usually 8+ years of experience"),
    ]


def test_start_page_says_every_report_scores_all_roles_and_where_pay_figures_come_from(client):
    content = page(client.get(START))

    assert content.texts("p", data_testid="not-sure") == [
        "Not sure which? Pick the closest: every report also scores your answers against all 11 roles, "
        "so you will see which one fits you best."
    ]
    assert content.texts("p", data_testid="salary-source") == [
        "Salaries are US ranges from the 2026 job description for AI engineers that this catalogue is built on, "
        "which names no source of its own. The years are our own estimate: the description gives none."
    ]


def test_no_role_is_chosen_for_the_candidate_and_mid_level_is_the_default_seniority(client):
    assert checked(client.get(START)) == {"seniority": "mid"}


def test_the_query_string_chooses_both_cards(client):
    response = client.get(START + "?role=nlp-engineer&seniority=senior")

    assert checked(response) == {"role": "nlp-engineer", "seniority": "senior"}


def test_start_without_a_role_says_what_to_choose_and_keeps_the_seniority(client):
    response = client.post(START, {"seniority": "lead"})

    content = page(response)
    assert response.status_code == 400
    assert content.texts("p", id="role-error") == ["Choose the role you are aiming for."]
    assert checked(response) == {"seniority": "lead"}
    assert Assessment.objects.count() == 0


def test_anonymous_candidate_is_told_where_answers_are_kept_and_for_how_long(client, settings):
    settings.ANONYMOUS_RETENTION_DAYS = 12

    content = page(client.get(START))

    assert content.texts("p", data_testid="start-storage") == [
        "No account needed. Your answers are saved on our server at each step, tied to this browser, and deleted "
        "after 12 days unless you create an account or log in. What we store."
    ]


def test_signed_in_candidate_is_not_told_no_account_is_needed_and_may_start_from_the_latest_answers():
    client = Client()
    client.force_login(get_user_model().objects.create_user("ines", "ines@example.org", "x"))
    answer_steps(client, start_assessment(client))

    response = client.get(START)

    content = page(response)
    assert content.texts("p", data_testid="start-storage") == [
        "Your answers are saved to your account at each step. What we store."
    ]
    assert "No account needed" not in response.content.decode()
    assert content.texts("label", cls="form-check-label") == ["Start from my latest answers"]


def test_retake_from_the_latest_answers_still_posts_role_seniority_and_prefill():
    client = Client()
    client.force_login(get_user_model().objects.create_user("ines", "ines@example.org", "x"))
    answer_steps(client, start_assessment(client), rating=2)

    response = client.post(START, {"role": "mlops-engineer", "seniority": "senior", "prefill": "on"})

    latest = Assessment.objects.order_by("-created_at").first()
    assert response.status_code == 302
    assert (latest.role.slug, latest.seniority.slug, latest.answers.count() > 0) == ("mlops-engineer", "senior", True)


def test_role_card_text_typed_by_a_curator_is_shown_as_text(client):
    Role.objects.filter(slug="mlops-engineer").update(distinction=f"Ships {SCRIPT}", focus_area=f"Ops {SCRIPT}")

    html = client.get(START).content.decode()

    assert SCRIPT not in html
    assert (escape(f"Ships {SCRIPT}") in html, escape(f"Ops {SCRIPT}") in html) == (True, True)


@pytest.mark.parametrize("url", ["/", "/roles/", "/privacy/", "/accounts/login/"])
def test_every_page_offers_the_assessment_in_the_navigation(client, url):
    links = [a for a in page(client.get(url)).find("a") if a.text == "Take the assessment"]

    assert [(a.attrs["href"], a.attrs.get("aria-current")) for a in links] == [(START, None), (START, None)]


def test_the_start_page_marks_its_navigation_link_as_the_current_page(client):
    links = [a for a in page(client.get(START)).find("a") if a.text == "Take the assessment"]

    assert [a.attrs.get("aria-current") for a in links] == ["page", "page"]
