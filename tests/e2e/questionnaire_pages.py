"""Finding questionnaire answers in the browser the way a candidate does: by the visible texts."""

from playwright.sync_api import Page

from assessment.models import AnswerKind
from assessment.selectors import NOT_YET_DUTY_TEXT
from career.models import Duty, DutyScope, Qualification, QualificationLevel, Skill, SkillLevel


def question_label(kind: str, key: str) -> str:
    model = {AnswerKind.SKILL: Skill, AnswerKind.DUTY: Duty, AnswerKind.EDUCATION: Qualification}[kind]
    return model.objects.get(slug=key).name


def anchor_text(kind: str, key: str, level: int) -> str:
    """The visible description of one answer, straight from the catalogue."""
    if kind == AnswerKind.SKILL:
        return SkillLevel.objects.get(skill__slug=key, level=level).description
    if kind == AnswerKind.DUTY:
        return NOT_YET_DUTY_TEXT if level == 0 else DutyScope.objects.get(duty__slug=key, scope=level).description
    return QualificationLevel.objects.get(qualification__slug=key, level=level).description


def answer_card(page: Page, *, kind: str, key: str, level: int):
    # An optional question's name ends with its badge: "Edge deployment optional for your target".
    label = question_label(kind, key)
    group = page.get_by_role("group", name=label, exact=True).or_(
        page.get_by_role("group", name=f"{label} optional for your target", exact=True)
    )
    return group.locator("label").filter(has_text=anchor_text(kind, key, level))


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue →").click()


def finish_without_the_check(page: Page) -> None:
    """From the experience step: save it, then skip the knowledge check offered next."""
    save_and_continue(page)
    page.get_by_role("heading", level=1, name="Knowledge check").wait_for()
    page.get_by_role("button", name="Skip the check and finish").click()


def choose_target(page: Page, *, role: str, seniority: str) -> None:
    """Pick the role and seniority cards on the start page by their names."""
    page.get_by_role("radio", name=role, exact=True).check()
    page.get_by_role("radio", name=seniority, exact=True).check()
