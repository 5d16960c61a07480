"""Skill steps have clear noun-phrase titles however the shipped categories merge: today, and after one more
skill in any category splits or regroups the pages."""

import pytest

from assessment.questionnaire import Question, skill_steps
from assessment.selectors import questionnaire_get
from career.models import SkillCategory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Endings of English adjectives ("professional", "technical", "analytical", "creative", "scientific"...):
# a category name ending in one is an adjective with no noun, e.g. "Professional" alone as a page title.
ADJECTIVE_ENDINGS = ("al", "ive", "ic", "ous", "ful", "able", "ible", "ary", "ish")
# Certification levels: a step title reading like one ("Professional") is mistaken for the certificates step.
CERTIFICATION_LEVELS = {"foundational", "associate", "professional", "specialty"}


def shipped_categories(extra_in: str | None = None) -> list[tuple]:
    """The shipped categories as skill_steps takes them, with one more skill in `extra_in`."""
    categories = []
    for category in SkillCategory.objects.filter(skills__isnull=False).distinct().order_by("order", "name"):
        count = category.skills.count() + (category.slug == extra_in)
        questions = tuple(Question("skill", f"{category.slug}-{n}", "", "", ()) for n in range(count))
        categories.append((category.slug, category.name, category.description, questions))
    return categories


def title_problems(titles: list[str], names: list[str]) -> list[str]:
    problems = []
    for name in names:
        last = name.split()[-1].lower()
        if last.endswith(ADJECTIVE_ENDINGS) or last in CERTIFICATION_LEVELS:
            problems.append(f"category {name!r} ends in an adjective, so a page titled by it has no noun")
    lowered = [name[:1].lower() + name[1:] for name in names]
    for title in titles:
        rest = title
        for name in sorted({*names, *lowered}, key=len, reverse=True):
            rest = rest.replace(name, "")
        if rest.replace(",", "").replace(" and ", "").strip():
            problems.append(f"title {title!r} is not made of category names")
    return problems


def test_the_shipped_questionnaires_skill_steps_are_titled_by_noun_phrases():
    names = list(SkillCategory.objects.values_list("name", flat=True))
    titles = [step.title for step in questionnaire_get().steps if step.slug.startswith("skills-")]

    assert title_problems(titles, names) == []
    assert "Production engineering and workplace skills" in titles


def test_one_more_skill_in_any_category_never_leaves_a_step_with_an_adjective_title():
    categories = list(SkillCategory.objects.values_list("slug", "name"))
    names = [name for _, name in categories]
    found = {}
    for extra_in in [None, *(slug for slug, _ in categories)]:
        steps = skill_steps(shipped_categories(extra_in=extra_in))
        problems = title_problems([step.title for step in steps], names)
        # A merged step names each category before its description, so the page says which is which.
        for step in steps:
            merged = [slug for slug, _ in categories if any(q.key.startswith(f"{slug}-") for q in step.questions)]
            named = [name for slug, name in categories if slug in merged and step.intro.count(f"{name}: ") == 1]
            if len(merged) > 1 and len(named) != len(merged):
                problems.append(f"{step.title!r} does not name each category in its introduction")
        if problems:
            found[extra_in] = problems

    assert found == {}
