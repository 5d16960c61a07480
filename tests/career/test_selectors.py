"""Reads behind the catalogue pages: what they return, and that nothing lazy-loads after them."""

import pytest
from django.core.exceptions import FieldFetchBlocked

from career import selectors
from career.enums import CareerTrack, CertificationStatus
from career.models import Role, SeniorityLevel, Skill
from tests import factories

pytestmark = [pytest.mark.integration]


@pytest.mark.django_db
def test_role_list_blocks_a_lazy_load_the_selector_did_not_select():
    role = selectors.role_list().get(slug="nlp-engineer")

    with pytest.raises(FieldFetchBlocked):
        role.typical_seniority_from.salary_band  # noqa: B018


@pytest.mark.django_db
def test_role_get_unknown_slug_raises_does_not_exist():
    with pytest.raises(Role.DoesNotExist):
        selectors.role_get(slug="no-such-role")


@pytest.mark.django_db
def test_role_requirements_runs_no_queries_after_role_get(django_assert_num_queries):
    role = selectors.role_get(slug="mlops-engineer")

    with django_assert_num_queries(0):
        requirements = selectors.role_requirements(role=role)

    assert [column.slug for column in requirements.columns] == ["junior", "mid", "senior", "lead"]
    assert [column.typical for column in requirements.columns] == [False, False, True, False]


@pytest.mark.django_db
def test_role_requirements_fills_a_gap_where_one_seniority_does_not_ask_for_a_skill():
    junior, mid = SeniorityLevel.objects.get(slug="junior"), SeniorityLevel.objects.get(slug="mid")
    python = Skill.objects.get(slug="python")
    extra = factories.make_skill(name="Extra")
    role = factories.make_role(typical_seniority_from=junior, typical_seniority_to=mid)
    factories.make_profile(role=role, seniority=junior, skills={python: (1, 4)})
    factories.make_profile(role=role, seniority=mid, skills={python: (2, 4), extra: (3, 2)})

    requirements = selectors.role_requirements(role=selectors.role_get(slug=role.slug))

    rows = [
        (row.name, [(cell.level, cell.weight) for cell in row.cells])
        for g in requirements.skill_groups
        for row in g.rows
    ]
    assert [group.name for group in requirements.skill_groups] == ["Programming", extra.category.name]
    assert rows == [("Python", [(1, 4), (2, 4)]), ("Extra", [(None, 0), (3, 2)])]


@pytest.mark.django_db
def test_role_next_moves_is_empty_without_a_core_step_at_the_role_top_seniority():
    role = factories.make_role()

    moves = selectors.role_next_moves(role=role, steps=selectors.career_step_list())

    assert moves == []


@pytest.mark.django_db
def test_role_next_moves_lists_where_each_next_step_leads():
    role = Role.objects.select_related("typical_seniority_to").get(slug="ai-engineer")

    moves = selectors.role_next_moves(role=role, steps=selectors.career_step_list())

    assert [(move.step.slug, [then.slug for then in move.then]) for move in moves] == [
        (
            "senior-ai-engineer",
            ["staff-engineer", "ai-engineering-manager", "nlp-specialist", "computer-vision-specialist"],
        ),
        ("nlp-specialist", ["staff-engineer"]),
        ("computer-vision-specialist", ["staff-engineer"]),
    ]


@pytest.mark.django_db
def test_career_ladder_groups_steps_by_track_in_declared_order():
    factories.make_career_step(name="Extra lateral", track=CareerTrack.SPECIALISM, order=0)

    tracks = selectors.career_ladder(steps=selectors.career_step_list())

    assert [(track.track, len(track.steps)) for track in tracks] == [
        ("core", 3),
        ("ic", 3),
        ("management", 3),
        ("specialism", 3),
    ]
    assert tracks[-1].steps[0].name == "Extra lateral"


@pytest.mark.django_db
def test_split_by_status_keeps_retired_certifications_apart():
    active, retired = selectors.split_by_status(selectors.certification_list())

    assert [c.slug for c in retired] == ["aws-machine-learning-specialty", "tensorflow-developer-certificate"]
    assert len(active) == 10
    assert {c.status for c in active} == {CertificationStatus.ACTIVE}


@pytest.mark.django_db
def test_catalogue_figures_salary_range_spans_the_lowest_floor_to_the_highest_ceiling():
    factories.make_salary_band(min_usd=50_000, max_usd=60_000)

    figures = selectors.catalogue_figures()

    assert figures.salary_range == "$50K \N{EN DASH} $400K+"
    assert (figures.role_count, figures.skill_count, figures.duty_count) == (11, 21, 8)
    assert figures.growth.percent == 26
