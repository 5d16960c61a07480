from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.plan import NextAction, Plan, build_plan, expected_date, next_actions, weeks_needed
from assessment.recommendations import action_gains, build_roadmap, skill_ancestors, waits_for
from assessment.scoring import KIND_DUTY, KIND_EDUCATION, KIND_SKILL, Profile, Requirement, score_profile
from tests.assessment.unit.test_recommendations import (
    PHASES,
    PROPERTY_SETTINGS,
    SKILL_POOL,
    action,
    roadmap_cases,
    score_for,
)

pytestmark = [pytest.mark.unit]

START = date(2026, 12, 1)


# --- Weeks and the expected date ---------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "hours_per_week", "weeks"),
    [(100, 10, 10), (101, 10, 11), (0, 5, 0), (1, 60, 1), (100, None, None)],
    ids=["exact", "rounded-up", "nothing-to-do", "one-week", "no-pace"],
)
def test_weeks_needed_rounds_up_to_whole_weeks(hours, hours_per_week, weeks):
    assert weeks_needed(hours=hours, hours_per_week=hours_per_week) == weeks


def test_weeks_needed_refuses_a_pace_below_one_hour():
    with pytest.raises(ValueError, match="at least 1, not 0"):
        weeks_needed(hours=10, hours_per_week=0)


def test_expected_date_is_whole_weeks_after_the_start():
    assert expected_date(hours=45, hours_per_week=10, start=START) == date(2027, 1, 5)


def test_expected_date_none_without_hours_per_week():
    assert expected_date(hours=45, hours_per_week=None, start=START) is None


@PROPERTY_SETTINGS
@given(hours=st.integers(0, 20000), slower=st.integers(1, 60), faster=st.integers(1, 60))
def test_expected_date_never_later_with_more_hours_per_week(hours, slower, faster):
    slower, faster = sorted((slower, faster))

    at_slower = expected_date(hours=hours, hours_per_week=slower, start=START)
    at_faster = expected_date(hours=hours, hours_per_week=faster, start=START)

    assert START <= at_faster <= at_slower


# --- The next actions ----------------------------------------------------------------------

PREREQUISITES = {"frameworks": ("python",), "mlops": ("frameworks",)}
ACTIONS = (
    action("python-1", KIND_SKILL, "python", 1, 1, 20),
    action("python-2", KIND_SKILL, "python", 2, 2, 60),
    action("frameworks-1", KIND_SKILL, "frameworks", 1, 2, 10),
    action("frameworks-2", KIND_SKILL, "frameworks", 2, 2, 40),
    action("mlops-1", KIND_SKILL, "mlops", 1, 2, 5),
    action("pipelines-1", KIND_DUTY, "pipelines", 1, 3, 40),
    action("portfolio-2", KIND_EDUCATION, "portfolio", 2, 3, 120),
    action("degree-2", KIND_EDUCATION, "degree", 2, 1, 5400),
)


def plan_score(*, degree: str = "required"):
    profile = Profile(
        role="ai-engineer",
        role_name="AI Engineer",
        seniority="mid",
        seniority_name="Mid-level",
        seniority_rank=2,
        requirements=(
            Requirement(KIND_SKILL, "python", "Python", 2, 3),
            Requirement(KIND_SKILL, "frameworks", "Frameworks", 2, 2),
            Requirement(KIND_SKILL, "mlops", "MLOps", 1, 4),
            Requirement(KIND_DUTY, "pipelines", "Pipelines", 1, 1),
            Requirement(KIND_EDUCATION, "portfolio", "Portfolio", 2, 1, expectation="recommended"),
            Requirement(KIND_EDUCATION, "degree", "Degree", 2, 3, expectation=degree),
        ),
    )
    # Σ possible = 6 + 4 + 4 + 1 + 2 + 6 = 23, nothing earned
    return score_profile(profile, {})


def roadmap_for(score):
    return build_roadmap(score=score, actions=ACTIONS, phases=PHASES, prerequisites=PREREQUISITES)


def test_next_actions_most_readiness_per_hour_once_their_prerequisites_are_done():
    score = plan_score()

    found = next_actions(score=score, roadmap=roadmap_for(score), prerequisites=PREREQUISITES)

    # per hour, in points: python-1 100·3/23/20 = 0.65, frameworks-1 100·2/23/10 = 0.86 (waits for python-1),
    # mlops-1 100·4/23/5 = 3.47 (waits for frameworks-1), pipelines-1 100/23/40 = 0.10,
    # python-2 0.21, frameworks-2 0.21 (waits for python-2), portfolio-2 100·2/23/120 = 0.07; the degree is never here
    assert [(step.action.slug, step.level_from, step.readiness_gain, step.gain_per_hour) for step in found] == [
        ("python-1", 0, 13.0, 0.652),
        ("frameworks-1", 0, 8.6, 0.869),
        ("mlops-1", 0, 17.3, 3.478),
        ("python-2", 1, 13.0, 0.217),
        ("frameworks-2", 1, 8.6, 0.217),
    ]
    assert found[0] == NextAction(ACTIONS[0], 1, "Python", 0, 2, 13.0, 0.652)


def test_next_actions_fewer_when_the_plan_is_short():
    score = plan_score()

    found = next_actions(score=score, roadmap=roadmap_for(score), prerequisites=PREREQUISITES, limit=10)

    assert [step.action.slug for step in found] == [
        "python-1",
        "frameworks-1",
        "mlops-1",
        "python-2",
        "frameworks-2",
        "pipelines-1",
        "portfolio-2",
    ]


def test_build_plan_totals_date_and_a_required_degree_apart():
    score = plan_score()

    plan = build_plan(
        score=score, roadmap=roadmap_for(score), prerequisites=PREREQUISITES, hours_per_week=10, start=START
    )

    # skills plan: 20 + 60 + 10 + 40 + 5 + 40 + 120 = 295 h → 30 weeks; it adds 17 of the 23 weighted levels
    assert plan == Plan(
        next_actions=plan.next_actions,
        skills_hours=295,
        readiness_gain=73.9,
        readiness_after=73.9,
        long_term_hours=5400,
        optional_hours=0,
        hours_per_week=10,
        weeks=30,
        expected_date=date(2027, 6, 29),
    )
    assert "degree-2" not in [step.action.slug for step in plan.next_actions]


def test_build_plan_a_preferred_degree_is_optional_and_without_a_pace_there_is_no_date():
    score = plan_score(degree="preferred")

    plan = build_plan(
        score=score, roadmap=roadmap_for(score), prerequisites=PREREQUISITES, hours_per_week=None, start=START
    )

    assert (plan.skills_hours, plan.long_term_hours, plan.optional_hours) == (295, 0, 5400)
    assert (plan.hours_per_week, plan.weeks, plan.expected_date) == (None, None, None)


def test_build_plan_nothing_to_do():
    score = score_for([(KIND_SKILL, "python", 2, 3)], {"python": 2})

    plan = build_plan(score=score, roadmap=roadmap_for(score), prerequisites={}, hours_per_week=5, start=START)

    assert plan == Plan((), 0, 0.0, 100.0, 0, 0, 5, 0, START)


@st.composite
def plan_cases(draw):
    score, actions, prerequisites = draw(roadmap_cases())
    degree = (KIND_EDUCATION, "degree", draw(st.integers(0, 4)), draw(st.integers(1, 5)))
    expectation = draw(st.sampled_from(["required", "recommended", "preferred"]))
    degree_actions = [
        action(f"degree-{level}", KIND_EDUCATION, "degree", level, draw(st.integers(1, 5)), draw(st.integers(1, 9000)))
        for level in draw(st.lists(st.integers(1, 4), unique=True))
    ]
    requirements = [Requirement(item.kind, item.key, item.label, item.target, item.weight) for item in score.items]
    requirements.append(Requirement(*degree[:2], "Degree", *degree[2:], expectation=expectation))
    profile = Profile("ai-engineer", "AI Engineer", "mid", "Mid-level", 2, tuple(requirements))
    ratings = {(item.kind, item.key): item.rating for item in score.items}
    ratings[(KIND_EDUCATION, "degree")] = draw(st.integers(0, 4))
    return score_profile(profile, ratings), [*actions, *degree_actions], prerequisites


@PROPERTY_SETTINGS
@given(case=plan_cases(), limit=st.integers(1, 8))
def test_next_actions_never_a_degree_prerequisites_first_best_ready_first(case, limit):
    score, actions, prerequisites = case
    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites=prerequisites)
    planned = [entry for plan in roadmap.phases for entry in plan.actions]
    gains = action_gains(score=score, actions=[(entry.action, entry.level_from) for entry in planned])
    ancestors = skill_ancestors(prerequisites)

    found = next_actions(score=score, roadmap=roadmap, prerequisites=prerequisites, limit=limit)

    slugs = [step.action.slug for step in found]
    assert [slug for slug in slugs if slug.startswith("degree-")] == []
    assert len(found) == min(limit, len(planned))
    done: set[str] = set()
    for step in found:
        ready = [
            entry.action
            for entry in planned
            if entry.action.slug not in done
            and all(other.action.slug in done for other in planned if waits_for(entry.action, other.action, ancestors))
        ]
        best = max(Fraction(gains[a.slug]) / max(a.effort_hours, 1) for a in ready)
        assert step.action in ready
        assert gains[step.action.slug] / max(step.action.effort_hours, 1) == best
        done.add(step.action.slug)
    assert found == next_actions(score=score, roadmap=roadmap, prerequisites=prerequisites, limit=limit)


@PROPERTY_SETTINGS
@given(case=plan_cases(), hours_per_week=st.integers(1, 60))
def test_build_plan_hours_outside_the_skills_plan_are_the_long_routes(case, hours_per_week):
    score, actions, prerequisites = case
    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites=prerequisites)

    plan = build_plan(
        score=score, roadmap=roadmap, prerequisites=prerequisites, hours_per_week=hours_per_week, start=START
    )

    in_phases = [entry.action for phase in roadmap.phases for entry in phase.actions]
    assert [a.slug for a in in_phases if a.key == "degree"] == []
    assert plan.skills_hours == sum(a.effort_hours for a in in_phases) == roadmap.total_hours
    assert plan.long_term_hours + plan.optional_hours == sum(route.action.effort_hours for route in roadmap.long_routes)
    assert plan.weeks == -(-plan.skills_hours // hours_per_week)
    assert score.readiness <= plan.readiness_after <= 100
    assert set(SKILL_POOL) >= {step.action.key for step in plan.next_actions}
