"""Relationships a hiring manager would expect of the shipped requirement profiles, over every role and seniority."""

import itertools
import math

import pytest

from career.models import DutyRequirement, EducationRequirement, RequirementProfile, Role, SkillRequirement

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SENIORITIES = ["junior", "mid", "senior", "lead"]


def requirements() -> dict[tuple[str, str], dict[tuple[str, str], object]]:
    """{(role, seniority): {(kind, item): requirement row}}"""
    found = {}
    for kind, model, item in (
        ("skill", SkillRequirement, "skill"),
        ("duty", DutyRequirement, "duty"),
        ("education", EducationRequirement, "qualification"),
    ):
        for row in model.objects.select_related("profile__role", "profile__seniority", item):
            key = (row.profile.role.slug, row.profile.seniority.slug)
            found.setdefault(key, {})[(kind, getattr(row, item).slug)] = row
    return found


def test_targets_never_fall_as_seniority_rises():
    rows = requirements()

    falls = [
        f"{role}: {item} {low}→{high}"
        for role in Role.objects.values_list("slug", flat=True)
        for low, high in itertools.pairwise(SENIORITIES)
        for item, row in rows[(role, low)].items()
        if rows[(role, high)][item].target < row.target
    ]

    assert falls == []


def test_python_and_the_roles_focus_skill_are_must_haves_at_every_seniority():
    rows = requirements()

    missing = [
        f"{role.slug}/{seniority}: {skill}"
        for role in Role.objects.select_related("focus_skill")
        for seniority in SENIORITIES
        for skill in ("python", role.focus_skill.slug)
        if not rows[(role.slug, seniority)][("skill", skill)].essential
    ]

    assert missing == []


def test_the_heaviest_skills_and_duties_of_every_profile_are_must_haves():
    missing = []
    for (role, seniority), items in requirements().items():
        work = {item: row for item, row in items.items() if item[0] != "education"}
        heaviest = max(row.weight for row in work.values())
        missing += [
            f"{role}/{seniority}: {item}" for item, row in work.items() if row.weight == heaviest and not row.essential
        ]

    assert missing == []


def test_lead_profiles_ask_for_at_least_two_lead_scope_duties_as_must_haves():
    rows = requirements()

    counts = {
        role: sum(
            1 for (kind, _), row in rows[(role, "lead")].items() if kind == "duty" and row.target == 4 and row.essential
        )
        for role in Role.objects.values_list("slug", flat=True)
    }

    assert {role: count for role, count in counts.items() if count < 2} == {}


def test_a_bachelors_or_masters_is_a_required_must_have_in_every_profile():
    degrees = EducationRequirement.objects.filter(qualification__slug="degree")

    assert sorted({(row.target, row.expectation, row.essential) for row in degrees}) == [(2, "required", True)]
    assert degrees.count() == RequirementProfile.objects.count() == 44


def test_a_specialists_focus_skill_is_asked_at_least_as_high_as_the_generalist_asks_it():
    rows = requirements()

    below = [
        f"{role.slug}/{seniority}"
        for role in Role.objects.select_related("focus_skill").exclude(slug="ai-engineer")
        for seniority in SENIORITIES
        if (generalist := rows[("ai-engineer", seniority)].get(("skill", role.focus_skill.slug))) is not None
        and rows[(role.slug, seniority)][("skill", role.focus_skill.slug)].target < generalist.target
    ]

    assert below == []


def test_no_two_mid_level_profiles_are_more_than_95_percent_alike():
    rows = requirements()

    def vector(role):
        return {item: row.target * row.weight for item, row in rows[(role, "mid")].items()}

    def cosine(a, b):
        dot = sum(a[k] * b.get(k, 0) for k in a)
        return dot / math.sqrt(sum(v * v for v in a.values())) / math.sqrt(sum(v * v for v in b.values()))

    roles = list(Role.objects.values_list("slug", flat=True))
    alike = [(a, b) for a, b in itertools.combinations(roles, 2) if cosine(vector(a), vector(b)) > 0.95]

    assert alike == []


@pytest.mark.parametrize(
    ("role", "seniority", "item", "target"),
    [
        ("ai-engineer", "lead", ("skill", "data-preprocessing-pipelines"), 4),
        ("ai-engineer", "lead", ("skill", "scalable-cloud-systems"), 4),
        ("ai-engineer", "lead", ("skill", "mlops"), 4),
        ("ai-engineer", "senior", ("skill", "python"), 3),
        ("mlops-engineer", "senior", ("skill", "edge-deployment"), 2),
        ("computer-vision-engineer", "senior", ("skill", "computer-vision"), 3),
        ("nlp-engineer", "mid", ("skill", "mlops"), 2),
        ("nlp-engineer", "mid", ("skill", "scalable-cloud-systems"), 2),
    ],
)
def test_the_profile_errors_found_in_review_stay_fixed(role, seniority, item, target):
    assert requirements()[(role, seniority)][item].target == target
