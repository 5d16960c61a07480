import re

import pytest
from playwright.sync_api import Page, expect

from career.models import SkillRequirement

pytestmark = [pytest.mark.e2e]

ROLE_PAGE = "/roles/nlp-engineer/"
SKILL = "NLP and large language models"


def skill_cell(page: Page, *, skill: str, seniority: str):
    row = page.locator("#skills tr").filter(has=page.get_by_role("rowheader", name=skill, exact=True))
    return row.locator(f'td[data-label="{seniority}"]')


@pytest.mark.django_db(transaction=True)
def test_admin_changes_a_skill_target_and_the_role_page_shows_it(
    page: Page, catalogue, django_user_model, artifacts_dir
):
    django_user_model.objects.create_superuser("curator", "curator@example.com", "curator-password-1")
    requirement = SkillRequirement.objects.get_by_natural_key("nlp-engineer", "senior", "nlp-llms")
    assert requirement.target != 1
    page.goto(ROLE_PAGE)
    expect(skill_cell(page, skill=SKILL, seniority="Senior").locator(".app-level")).to_have_text(
        str(requirement.target)
    )

    page.goto("/admin/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("curator-password-1")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Requirement profiles").click()
    page.locator("#searchbar").fill("NLP Engineer")
    page.locator("#searchbar").press("Enter")
    result = page.locator("#result_list tbody tr").filter(has=page.get_by_role("link", name="Senior", exact=True))
    result.get_by_role("link", name="NLP Engineer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change requirement profile")
    row_id = page.locator(f'input[name^="skill_requirements-"][name$="-id"][value="{requirement.pk}"]')
    prefix = re.fullmatch(r"(skill_requirements-\d+)-id", row_id.get_attribute("name")).group(1)
    page.locator(f'input[name="{prefix}-target"]').fill("1")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(ROLE_PAGE)

    cell = skill_cell(page, skill=SKILL, seniority="Senior")
    expect(cell.locator(".app-level")).to_have_text("1")
    expect(cell).to_contain_text("Awareness")
    requirement.refresh_from_db()
    assert requirement.target == 1
    page.screenshot(path=artifacts_dir / "admin-journey-role-page.png", full_page=True)
