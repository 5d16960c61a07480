"""The plan through the real catalogue: every roadmap action can be planned, degrees stay long routes,
and the candidate's weekly hours give the date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessment import recommendations
from assessment.models import Report
from assessment.scoring import KIND_EDUCATION, Profile, Requirement, score_profile
from assessment.selectors import questionnaire_get, recommendation_catalogue_get, scoring_profiles_get
from career.models import RoadmapAction, SeniorityLevel
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def catalogue(db):
    return recommendation_catalogue_get(questionnaire=questionnaire_get())


def planned(roadmap) -> set[str]:
    in_phases = {entry.action.slug for phase in roadmap.phases for entry in phase.actions}
    return in_phases | {route.action.slug for route in roadmap.long_routes}


def roadmap_for(catalogue, profile: Profile, ratings) -> recommendations.Roadmap:
    return recommendations.build_roadmap(
        score=score_profile(profile, ratings),
        actions=catalogue.actions,
        phases=catalogue.phases,
        prerequisites=catalogue.prerequisites,
    )


def test_every_roadmap_action_is_reachable_when_its_gap_exists(catalogue):
    unreachable = []
    for action in catalogue.actions:
        requirement = Requirement(action.kind, action.key, action.key, action.reaches_level, 1)
        profile = Profile("role", "Role", "mid", "Mid-level", 2, (requirement,))

        roadmap = roadmap_for(catalogue, profile, {(action.kind, action.key): action.reaches_level - 1})

        if action.slug not in planned(roadmap):
            unreachable.append(action.slug)

    assert len(catalogue.actions) == RoadmapAction.objects.count()
    assert unreachable == []


def all_profiles() -> list[Profile]:
    profiles = []
    for seniority in SeniorityLevel.objects.values_list("slug", flat=True):
        role_fit, _ = scoring_profiles_get(role_slug="ai-engineer", seniority_slug=seniority)
        profiles += role_fit
    return profiles


def test_every_roadmap_action_a_shipped_profile_asks_for_is_planned_by_some_ratings(catalogue):
    """For each profile and each requirement, rated one level below each level it asks (the rest on target): the plan
    takes every skill and duty action of that level, and for an education item the one action that
    reaches the profile's target directly."""
    by_item: dict[tuple[str, str], list] = {}
    for action in catalogue.actions:
        by_item.setdefault((action.kind, action.key), []).append(action)
    profiles = all_profiles()
    expected, found = set(), set()
    for profile in profiles:
        on_target = {(r.kind, r.key): r.target for r in profile.requirements}
        for requirement in profile.requirements:
            actions = by_item.get((requirement.kind, requirement.key), [])
            for level in range(1, requirement.target + 1):
                ratings = on_target | {(requirement.kind, requirement.key): level - 1}
                found |= planned(roadmap_for(catalogue, profile, ratings))
            if requirement.kind == KIND_EDUCATION:
                reaching = [a for a in actions if a.reaches_level >= requirement.target]
                if reaching:
                    expected.add(min(reaching, key=lambda a: (a.reaches_level, a.effort_hours, a.slug)).slug)
            else:
                expected |= {a.slug for a in actions if a.reaches_level <= requirement.target}

    assert len(profiles) == 44
    assert expected - found == set()
    # Levels above every shipped target: planned only for a profile asking them (the test above).
    assert len(expected) >= 100


def test_degree_actions_are_never_in_the_skills_plan(catalogue):
    degree = Requirement(KIND_EDUCATION, "degree", "Degree", 4, 3, expectation="required")
    profile = Profile("role", "Role", "mid", "Mid-level", 2, (degree,))

    roadmap = roadmap_for(catalogue, profile, {})

    assert (roadmap.total_hours, [phase.actions for phase in roadmap.phases]) == (0, [(), (), (), (), ()])
    assert [(route.action.slug, route.optional) for route in roadmap.long_routes] == [("degree-4-phd", False)]


def test_completed_report_dates_the_skills_plan_at_the_candidates_pace(client):
    assessment = start_assessment(client, role="nlp-engineer", seniority="mid")

    answer_steps(client, assessment, rating=1, hours_per_week=7)

    plan = Report.objects.get(assessment=assessment).snapshot["plan"]
    weeks = -(-plan["skills_hours"] // 7)
    assert (plan["hours_per_week"], plan["weeks"]) == (7, weeks)
    assert plan["expected_date"] == (timezone.localdate() + timedelta(weeks=weeks)).isoformat()
    assert len(plan["next_actions"]) == 5


def test_completed_report_without_hours_per_week_has_no_date(client):
    assessment = start_assessment(client)

    answer_steps(client, assessment, rating=1)

    plan = Report.objects.get(assessment=assessment).snapshot["plan"]
    assert (plan["hours_per_week"], plan["weeks"], plan["expected_date"]) == (None, None, None)
    assert plan["skills_hours"] > 0
