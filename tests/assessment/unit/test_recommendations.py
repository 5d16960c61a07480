import dataclasses
import itertools
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.recommendations import (
    BUSINESS,
    BUSINESS_PROVES,
    CLOUD_BONUS,
    ENGINEERING,
    EXAM,
    PICK_ACTION_PREFIX,
    PICK_CLOUD,
    PICK_MOST_PER_HOUR,
    PROJECTS,
    PROVES,
    ActionOption,
    CareerStepOption,
    CertificationOption,
    CoveredGap,
    Gap,
    LongRoute,
    PhaseOption,
    SeniorityOption,
    UncoveredGap,
    action_gains,
    build_roadmap,
    career_context,
    certification_pick,
    recommend_certifications,
    strengths,
    top_gaps,
    with_certification_pick,
)
from assessment.scoring import KIND_DUTY, KIND_EDUCATION, KIND_SKILL, Profile, Requirement, score_profile

pytestmark = [pytest.mark.unit]

# No deadline and no speed health check: other suites share the machine, and a slow run is not a failure.
PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PHASES = tuple(
    PhaseOption(number, slug, slug.replace("-", " ").capitalize(), f"Phase {number}.")
    for number, slug in enumerate(
        [
            "academic-foundation",
            "core-technical-skills",
            "hands-on-projects",
            "interview-preparation",
            "strategic-positioning",
        ],
        start=1,
    )
)
SKILL_POOL = tuple(f"skill-{number}" for number in range(8))


def score_for(requirements, ratings):
    """Score (kind, key, target, weight) requirements against {key: rating}."""
    profile = Profile(
        role="ai-engineer",
        role_name="AI Engineer",
        seniority="mid",
        seniority_name="Mid-level",
        seniority_rank=2,
        requirements=tuple(
            Requirement(kind, key, key.title(), target, weight) for kind, key, target, weight in requirements
        ),
    )
    return score_profile(profile, {(kind, key): ratings[key] for kind, key, _, _ in requirements if key in ratings})


def cert(slug, level, covers, *, status="active", prep_hours=40, audience=ENGINEERING, evidence=EXAM, credential=0):
    """A certification whose provider is the slug's first word (aws-…, google-…, ibm-…)."""
    provider = slug.split("-")[0]
    return CertificationOption(
        slug,
        slug.title(),
        provider,
        level,
        status,
        prep_hours,
        "",
        tuple(covers),
        provider,
        audience,
        evidence,
        credential,
    )


def action(slug, kind, key, level, phase, hours):
    return ActionOption(slug, phase, PHASES[phase - 1].name, kind, key, level, slug.title(), "", hours)


def planned_slugs(roadmap):
    return [
        (plan.phase.number, [entry.action.slug for entry in plan.actions], plan.effort_hours) for plan in roadmap.phases
    ]


# --- Gaps and strengths -----------------------------------------------------------


def gaps_and_strengths_score():
    return score_for(
        [
            (KIND_SKILL, "python", 3, 3),  # rating 1: gap 2, shortfall 6
            (KIND_SKILL, "mlops", 4, 2),  # rating 1: gap 3, shortfall 6
            (KIND_DUTY, "build-data-pipelines", 2, 3),  # rating 0: gap 2, shortfall 6
            (KIND_EDUCATION, "degree", 2, 1),  # rating 0: gap 2, shortfall 2
            (KIND_SKILL, "nlp", 2, 4),  # rating 3: met
            (KIND_SKILL, "communication", 0, 5),  # nothing asked
            (KIND_SKILL, "data", 2, 1),  # rating 2: met
        ],
        {"python": 1, "mlops": 1, "nlp": 3, "data": 2},
    )


def test_top_gaps_ordered_by_shortfall_then_gap_then_requirement_order():
    anchors = {(KIND_SKILL, "python"): {2: "Writes scripts with help.", 3: "Ships Python on their own."}}

    gaps = top_gaps(score=gaps_and_strengths_score(), anchors=anchors)

    assert gaps == (
        Gap(KIND_SKILL, "mlops", "Mlops", 1, 4, 3, 2, 6, 2, "", ""),
        Gap(
            KIND_SKILL, "python", "Python", 1, 3, 2, 3, 6, 2, "Writes scripts with help.", "Ships Python on their own."
        ),
        Gap(KIND_DUTY, "build-data-pipelines", "Build-Data-Pipelines", 0, 2, 2, 3, 6, 1, "", ""),
        Gap(KIND_EDUCATION, "degree", "Degree", 0, 2, 2, 1, 2, 1, "", ""),
    )


def test_top_gaps_limit():
    gaps = top_gaps(score=gaps_and_strengths_score(), anchors={}, limit=2)

    assert [gap.key for gap in gaps] == ["mlops", "python"]


def test_top_gaps_none_when_all_met():
    score = score_for([(KIND_SKILL, "python", 2, 3)], {"python": 4})

    assert top_gaps(score=score, anchors={}) == ()


def test_strengths_most_important_first_without_empty_targets():
    found = strengths(score=gaps_and_strengths_score())

    assert [(item.key, item.weight, item.target) for item in found] == [("nlp", 4, 2), ("data", 1, 2)]


def test_strengths_limit():
    score = score_for([(KIND_SKILL, f"s{n}", 1, n) for n in range(1, 5)], {f"s{n}": 1 for n in range(1, 5)})

    assert [item.key for item in strengths(score=score, limit=2)] == ["s4", "s3"]


# --- Certifications ---------------------------------------------------------------

CERT_REQUIREMENTS = [(KIND_SKILL, "python", 3, 3), (KIND_SKILL, "mlops", 4, 2), (KIND_SKILL, "cloud", 3, 1)]
CERTIFICATIONS = (
    cert("aws-ml-specialty", "specialty", [("mlops", 4), ("cloud", 3)]),
    cert("google-foundations", "foundational", [("python", 2), ("mlops", 2)]),
    cert("ibm-python-course", "course", [("python", 3)]),
    cert("aws-retired", "professional", [("python", 4)], status="retired"),
    cert("google-held", "professional", [("mlops", 4)]),
    cert("aws-cloud-only", "associate", [("cloud", 4)]),
    cert("ibm-professional", "professional", [("python", 3), ("mlops", 3)], prep_hours=80),
)


def test_recommend_certifications_by_covered_weighted_gap_per_preparation_hour():
    # python 3·(3-1), mlops 2·(4-2), cloud met → earned 3 + 4 + 3 = 10 of 20
    score = score_for(CERT_REQUIREMENTS, {"python": 1, "mlops": 2, "cloud": 3})

    found = recommend_certifications(score=score, certifications=CERTIFICATIONS, held=frozenset({"google-held"}))

    # ibm-python-course: python 3·(3-1) = 6 in 40 h → 0.15 an hour
    # ibm-professional: python 3·(3-1) = 6 + mlops 2·(3-2) = 2 → 8 in 80 h → 0.1 an hour
    # aws-ml-specialty: mlops 2·(4-2) = 4, cloud 0 → 4 in 40 h → 0.1 an hour: a tie, and it covers less
    # google-foundations: python 3·(2-1) = 3 in 40 h → 0.075 an hour (below the limit of 3)
    assert [(rec.certification.slug, rec.covered, rec.prep_hours, rec.readiness_gain) for rec in found] == [
        ("ibm-python-course", 6, 40, 30.0),
        ("ibm-professional", 8, 80, 40.0),
        ("aws-ml-specialty", 4, 40, 20.0),
    ]
    assert found[1].addresses == (
        CoveredGap("python", "Python", 1, 3, 3, 3, 6),
        CoveredGap("mlops", "Mlops", 2, 4, 2, 3, 2),
    )
    assert found[2].addresses == (CoveredGap("mlops", "Mlops", 2, 4, 2, 4, 4),)
    assert [rec.in_cloud for rec in found] == [False, False, False]


def test_the_candidates_cloud_is_a_bounded_preference_not_the_first_sort_key():
    score = score_for([(KIND_SKILL, "python", 3, 2)], {"python": 0})  # 2·3 = 6 weighted levels to close
    options = [
        cert("aws-best", "associate", [("python", 3)], prep_hours=40),  # 6 in 40 h: 0.15 an hour
        cert("google-close", "associate", [("python", 3)], prep_hours=48),  # 0.125 an hour: 0.156 with the bonus
        cert("ibm-far", "associate", [("python", 3)], prep_hours=56),  # 0.107 an hour: 0.134 with the bonus
    ]

    def ranked(cloud):
        found = recommend_certifications(score=score, certifications=options, held=frozenset(), cloud=cloud)
        return [(rec.certification.slug, rec.in_cloud, rec.pick_reason) for rec in found]

    # Within the bonus (at least 80 % of the best per hour) the cloud wins, and the pick says why;
    # further behind it does not.
    assert ranked("google") == [("google-close", True, PICK_CLOUD), ("aws-best", False, ""), ("ibm-far", False, "")]
    assert ranked("ibm") == [
        ("aws-best", False, PICK_MOST_PER_HOUR),
        ("ibm-far", True, ""),
        ("google-close", False, ""),
    ]
    assert ranked("") == [("aws-best", False, PICK_MOST_PER_HOUR), ("google-close", False, ""), ("ibm-far", False, "")]


def test_a_junior_target_never_gets_a_professional_exam_as_the_pick_when_a_lower_one_closes_the_gap():
    score = score_for([(KIND_SKILL, "python", 3, 2), (KIND_EDUCATION, "ai-certification", 2, 1)], {"python": 0})
    options = [
        cert("google-professional", "professional", [("python", 3)], prep_hours=30, credential=4),  # 0.23 an hour
        cert("aws-specialty", "specialty", [("python", 3)], prep_hours=30, credential=4),
        cert("aws-associate", "associate", [("python", 3)], prep_hours=80, credential=3),  # 0.09 an hour
    ]

    def ranked(junior):
        found = recommend_certifications(
            score=score,
            certifications=options,
            held=frozenset(),
            cloud="google",
            junior=junior,
            credential_key="ai-certification",
            limit=None,
        )
        return [(rec.certification.slug, rec.suited) for rec in found]

    assert ranked(junior=True) == [
        ("aws-associate", True),
        ("google-professional", False),
        ("aws-specialty", False),
    ]
    assert ranked(junior=False)[0] == ("google-professional", True)


def test_a_certificate_below_the_certification_level_the_profile_expects_is_not_the_pick():
    score = score_for([(KIND_SKILL, "python", 3, 2), (KIND_EDUCATION, "ai-certification", 3, 1)], {"python": 0})
    options = [
        cert("ibm-course", "course", [("python", 2)], prep_hours=20, credential=2),
        cert("aws-associate", "associate", [("python", 3)], prep_hours=80, credential=3),
    ]

    found = recommend_certifications(
        score=score, certifications=options, held=frozenset(), cloud="ibm", credential_key="ai-certification"
    )

    assert [(rec.certification.slug, rec.suited, rec.pick_reason) for rec in found] == [
        ("aws-associate", True, PICK_MOST_PER_HOUR),
        ("ibm-course", False, ""),
    ]
    assert certification_pick(found) == found[0]


def test_retired_or_past_its_retirement_date_is_never_recommended():
    score = score_for([(KIND_SKILL, "python", 3, 2)], {"python": 0})
    options = [
        cert("aws-retired", "associate", [("python", 3)], status="retired"),
        dataclasses.replace(cert("aws-stale", "associate", [("python", 3)]), retired_on="2026-03-31"),
        dataclasses.replace(cert("aws-later", "associate", [("python", 3)]), retired_on="2026-04-01"),
    ]

    found = recommend_certifications(
        score=score, certifications=options, held=frozenset(), today=date(2026, 3, 31), limit=None
    )

    assert [rec.certification.slug for rec in found] == ["aws-later"]


def test_no_pick_when_nothing_suits_the_target():
    score = score_for([(KIND_SKILL, "python", 3, 2)], {"python": 0})
    options = [cert("google-leader", "foundational", [("python", 2)], audience=BUSINESS)]

    found = recommend_certifications(score=score, certifications=options, held=frozenset(), leadership=True)

    assert ([rec.suited for rec in found], certification_pick(found)) == ([False], None)


def test_recommend_certifications_the_level_matching_the_gap_beats_a_higher_one():
    score = score_for([(KIND_SKILL, "python", 2, 3)], {"python": 0})
    options = [
        cert("aws-professional", "professional", [("python", 4)], prep_hours=100),
        cert("aws-awareness", "foundational", [("python", 1)], prep_hours=10),
        cert("aws-working", "associate", [("python", 2)], prep_hours=20),
    ]

    found = recommend_certifications(score=score, certifications=options, held=frozenset())

    # coverage stops at the target: professional 3·2 = 6 in 100 h; awareness 3·1 = 3 in 10 h; working 3·2 = 6 in 20 h
    assert [(rec.certification.slug, rec.covered) for rec in found] == [
        ("aws-working", 6),
        ("aws-awareness", 3),
        ("aws-professional", 6),
    ]


def test_recommend_certifications_business_ones_only_for_leadership_targets():
    score = score_for([(KIND_SKILL, "python", 3, 3), (KIND_SKILL, "mlops", 3, 1)], {"python": 0, "mlops": 0})
    options = [
        cert("google-leader", "foundational", [("python", 2)], prep_hours=10, audience=BUSINESS),
        cert("aws-engineer", "associate", [("python", 3), ("mlops", 3)], prep_hours=80),
    ]

    engineering = recommend_certifications(score=score, certifications=options, held=frozenset())
    leadership = recommend_certifications(score=score, certifications=options, held=frozenset(), leadership=True)

    assert [rec.certification.slug for rec in engineering] == ["aws-engineer"]
    # Listed for a lead target, but after the engineering one: a technical lead's pick is an engineering certificate.
    assert [(rec.certification.slug, rec.proves, rec.suited) for rec in leadership] == [
        ("aws-engineer", PROVES[EXAM], True),
        ("google-leader", BUSINESS_PROVES, False),
    ]


def test_recommend_certifications_say_what_they_prove():
    score = score_for([(KIND_SKILL, "python", 3, 1)], {"python": 0})
    options = [
        cert("ibm-course", "course", [("python", 2)], evidence=PROJECTS),
        cert("aws-exam", "associate", [("python", 2)], evidence=EXAM),
    ]

    found = recommend_certifications(score=score, certifications=options, held=frozenset())

    assert [rec.proves for rec in found] == [
        "Graded projects are evidence of guided hands-on work; independent work (level 3) takes projects of your own.",
        "An exam is evidence of knowledge, not of hands-on level: back it with projects of your own.",
    ]


def test_recommend_certifications_count_the_certification_qualification_they_give():
    score = score_for([(KIND_SKILL, "python", 3, 2), (KIND_EDUCATION, "ai-certification", 3, 1)], {"python": 1})
    options = [
        cert("aws-associate", "associate", [("python", 2)], credential=3),
        cert("ibm-course", "course", [("python", 2)], credential=2),
        cert("aws-credential-only", "associate", [("mlops", 3)], credential=3),
    ]

    found = recommend_certifications(
        score=score, certifications=options, held=frozenset(), credential_key="ai-certification"
    )
    without_key = recommend_certifications(score=score, certifications=options, held=frozenset())

    python = CoveredGap("python", "Python", 1, 3, 2, 2, 2)
    assert [(rec.certification.slug, rec.covered, rec.addresses) for rec in found] == [
        (
            "aws-associate",
            5,
            (python, CoveredGap("ai-certification", "Ai-Certification", 0, 3, 1, 3, 3, KIND_EDUCATION)),
        ),
        ("ibm-course", 4, (python, CoveredGap("ai-certification", "Ai-Certification", 0, 3, 1, 2, 2, KIND_EDUCATION))),
    ]
    assert [(rec.certification.slug, rec.covered) for rec in without_key] == [("aws-associate", 2), ("ibm-course", 2)]


def test_recommend_certifications_ties_prefer_less_preparation():
    score = score_for([(KIND_SKILL, "python", 4, 1)], {"python": 3})
    options = [
        cert("long", "associate", [("python", 4)], prep_hours=90),
        cert("short", "associate", [("python", 4)], prep_hours=20),
    ]

    found = recommend_certifications(score=score, certifications=options, held=frozenset())

    assert [rec.certification.slug for rec in found] == ["short", "long"]


def test_recommend_certifications_ignores_non_skill_items():
    score = score_for([(KIND_EDUCATION, "python", 4, 5)], {})

    assert recommend_certifications(score=score, certifications=CERTIFICATIONS, held=frozenset()) == ()


@st.composite
def certification_cases(draw):
    keys = draw(st.lists(st.sampled_from(SKILL_POOL), min_size=1, max_size=8, unique=True))
    requirements = [(KIND_SKILL, key, draw(st.integers(0, 4)), draw(st.integers(1, 5))) for key in keys]
    requirements.append((KIND_EDUCATION, "ai-certification", draw(st.integers(0, 4)), draw(st.integers(1, 5))))
    ratings = {key: draw(st.integers(0, 4)) for key in [*keys, "ai-certification"]}
    options = []
    for number in range(draw(st.integers(0, 12))):
        covers = draw(
            st.lists(st.tuples(st.sampled_from(SKILL_POOL), st.integers(1, 4)), max_size=4, unique_by=lambda c: c[0])
        )
        options.append(
            cert(
                f"{draw(st.sampled_from(['aws', 'google', 'ibm']))}-{number}",
                draw(st.sampled_from(["foundational", "associate", "professional", "specialty", "course"])),
                covers,
                status=draw(st.sampled_from(["active", "retired"])),
                prep_hours=draw(st.integers(0, 200)),
                audience=draw(st.sampled_from([ENGINEERING, BUSINESS])),
                evidence=draw(st.sampled_from([EXAM, PROJECTS])),
                credential=draw(st.integers(0, 4)),
            )
        )
    held = frozenset(draw(st.lists(st.sampled_from([option.slug for option in options] or ["none"]))))
    return score_for(requirements, ratings), options, held


@PROPERTY_SETTINGS
@given(
    case=certification_cases(),
    limit=st.integers(1, 5),
    cloud=st.sampled_from(["", "aws", "google", "ibm"]),
    leadership=st.booleans(),
)
def test_recommend_certifications_never_held_retired_useless_or_business_below_lead(case, limit, cloud, leadership):
    score, options, held = case

    found = recommend_certifications(
        score=score,
        certifications=options,
        held=held,
        cloud=cloud,
        leadership=leadership,
        credential_key="ai-certification",
        limit=limit,
    )

    assert len(found) <= limit
    assert [rec.certification.slug for rec in found if rec.certification.slug in held] == []
    assert {rec.certification.status for rec in found} <= {"active"}
    assert all(rec.covered == sum(gap.covered for gap in rec.addresses) for rec in found)
    assert [rec.certification.slug for rec in found if KIND_SKILL not in {gap.kind for gap in rec.addresses}] == []
    if not leadership:
        assert [rec.certification.slug for rec in found if rec.certification.audience == BUSINESS] == []
    assert [rec.suited for rec in found] == sorted((rec.suited for rec in found), reverse=True)
    for first, second in itertools.pairwise(found):
        if first.suited == second.suited:
            assert bonus_value(first) >= bonus_value(second)
    assert [rec.pick_reason != "" for rec in found] == [index == 0 and rec.suited for index, rec in enumerate(found)]


def bonus_value(rec) -> Fraction:
    return Fraction(rec.covered, max(rec.prep_hours, 1)) * (CLOUD_BONUS if rec.in_cloud else 1)


@PROPERTY_SETTINGS
@given(case=certification_cases(), cloud=st.sampled_from(["", "aws", "google", "ibm"]), leadership=st.booleans())
def test_recommend_certifications_deterministic(case, cloud, leadership):
    score, options, held = case
    arguments = {"score": score, "held": held, "cloud": cloud, "leadership": leadership, "limit": None}

    first = recommend_certifications(certifications=options, **arguments)
    again = recommend_certifications(certifications=list(options), **arguments)

    assert first == again


# --- Roadmap ----------------------------------------------------------------------

PREREQUISITES = {"deep-learning-frameworks": ("python",), "mlops": ("deep-learning-frameworks",), "data": ("python",)}
ROADMAP_ACTIONS = (
    action("python-basics", KIND_SKILL, "python", 1, 1, 10),
    action("python-l2", KIND_SKILL, "python", 2, 3, 20),
    action("python-l3", KIND_SKILL, "python", 3, 3, 30),
    action("python-l4", KIND_SKILL, "python", 4, 5, 50),
    action("mlops-l2", KIND_SKILL, "mlops", 2, 2, 25),
    action("mlops-l3", KIND_SKILL, "mlops", 3, 4, 40),
    action("dlf-l3", KIND_SKILL, "deep-learning-frameworks", 3, 2, 35),
    action("pipelines-l2", KIND_DUTY, "build-data-pipelines", 2, 3, 15),
    action("nlp-l2", KIND_SKILL, "nlp", 2, 2, 10),
    action("data-l1", KIND_SKILL, "data", 1, 2, 5),
)


def roadmap_score():
    return score_for(
        [
            (KIND_SKILL, "mlops", 3, 2),
            (KIND_SKILL, "python", 3, 3),
            (KIND_SKILL, "deep-learning-frameworks", 2, 2),
            (KIND_DUTY, "build-data-pipelines", 2, 1),
            (KIND_EDUCATION, "degree", 2, 1),
            (KIND_SKILL, "nlp", 4, 1),
            (KIND_SKILL, "data", 1, 1),
        ],
        {"mlops": 0, "python": 1, "deep-learning-frameworks": 2, "nlp": 1},
    )


def test_build_roadmap_worked_example():
    roadmap = build_roadmap(score=roadmap_score(), actions=ROADMAP_ACTIONS, phases=PHASES, prerequisites=PREREQUISITES)

    # python 1→3: python-l2, python-l3 (python-basics is below the rating, python-l4 past the first reaching 3)
    # mlops 0→3: mlops-l2 (phase 2) waits for python-l2 (phase 3: python is a prerequisite of a prerequisite);
    #   mlops-l3 stays in phase 4, after python-l3 and mlops-l2
    # data 0→1: data-l1 needs python at level 1 only, so it does not wait for python-l2 or python-l3
    # deep-learning-frameworks is met, so dlf-l3 is not planned; nlp 1→4 only has nlp-l2
    # order within a phase: depth in the prerequisite graph, then level, then requirement order
    assert planned_slugs(roadmap) == [
        (1, [], 0),
        (2, ["nlp-l2", "data-l1"], 15),
        (3, ["python-l2", "pipelines-l2", "python-l3", "mlops-l2"], 90),
        (4, ["mlops-l3"], 40),
        (5, [], 0),
    ]
    assert roadmap.total_hours == 145
    assert [(entry.action.slug, entry.moved) for entry in roadmap.phases[2].actions] == [
        ("python-l2", False),
        ("pipelines-l2", False),
        ("python-l3", False),
        ("mlops-l2", True),
    ]
    assert dataclasses.asdict(roadmap.phases[2].actions[3])["moved"] is True
    assert roadmap.uncovered == (
        UncoveredGap(KIND_EDUCATION, "degree", "Degree", 0, 2, 0),
        UncoveredGap(KIND_SKILL, "nlp", "Nlp", 1, 4, 2),
    )


def test_build_roadmap_python_before_frameworks_before_mlops_at_each_level():
    score = score_for(
        [(KIND_SKILL, "mlops", 2, 1), (KIND_SKILL, "deep-learning-frameworks", 2, 1), (KIND_SKILL, "python", 2, 1)], {}
    )
    actions = [
        action(f"{key}-l{level}", KIND_SKILL, key, level, phase, 1)
        for key, phase in [("mlops", 1), ("deep-learning-frameworks", 2), ("python", 3)]
        for level in (1, 2)
    ]

    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites=PREREQUISITES)

    assert planned_slugs(roadmap)[2] == (
        3,
        [
            "python-l1",
            "python-l2",
            "deep-learning-frameworks-l1",
            "deep-learning-frameworks-l2",
            "mlops-l1",
            "mlops-l2",
        ],
        6,
    )


def test_build_roadmap_phases_in_number_order_whatever_the_input_order():
    roadmap = build_roadmap(
        score=roadmap_score(), actions=ROADMAP_ACTIONS, phases=list(reversed(PHASES)), prerequisites=PREREQUISITES
    )

    assert [plan.phase.slug for plan in roadmap.phases] == [phase.slug for phase in PHASES]


def test_build_roadmap_lower_level_in_later_phase_holds_back_higher_level():
    score = score_for([(KIND_SKILL, "python", 3, 1)], {"python": 0})
    actions = [action("python-l3", KIND_SKILL, "python", 3, 2, 30), action("python-l1", KIND_SKILL, "python", 1, 4, 5)]

    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites={})

    assert planned_slugs(roadmap)[1:4] == [(2, [], 0), (3, [], 0), (4, ["python-l1", "python-l3"], 35)]


def test_build_roadmap_nothing_to_do_when_all_met():
    score = score_for([(KIND_SKILL, "python", 2, 3)], {"python": 2})

    roadmap = build_roadmap(score=score, actions=ROADMAP_ACTIONS, phases=PHASES, prerequisites=PREREQUISITES)

    assert (roadmap.total_hours, roadmap.uncovered) == (0, ())
    assert [plan.actions for plan in roadmap.phases] == [(), (), (), (), ()]


def test_build_roadmap_prerequisite_cycle_raises():
    cycle = {"python": ("mlops",), "mlops": ("deep-learning-frameworks",), "deep-learning-frameworks": ("python",)}

    with pytest.raises(ValueError, match="cycle: python → mlops → deep-learning-frameworks → python"):
        build_roadmap(score=roadmap_score(), actions=ROADMAP_ACTIONS, phases=PHASES, prerequisites=cycle)


def test_build_roadmap_action_in_unknown_phase_raises():
    with pytest.raises(ValueError, match="phase 5, which is not given"):
        build_roadmap(
            score=roadmap_score(),
            actions=(*ROADMAP_ACTIONS[:1], action("x", KIND_SKILL, "python", 2, 5, 1)),
            phases=PHASES[:4],
            prerequisites={},
        )


def ancestors_of(skill, prerequisites):
    found, pending = set(), list(prerequisites.get(skill, ()))
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(prerequisites.get(current, ()))
    return found


@st.composite
def roadmap_cases(draw):
    prerequisites = {
        skill: tuple(draw(st.lists(st.sampled_from(SKILL_POOL[:index]), max_size=3, unique=True)))
        for index, skill in enumerate(SKILL_POOL)
        if index
    }
    keys = draw(st.lists(st.sampled_from(SKILL_POOL), min_size=1, max_size=8, unique=True))
    requirements = [(KIND_SKILL, key, draw(st.integers(0, 4)), draw(st.integers(1, 5))) for key in keys]
    ratings = {key: draw(st.integers(0, 4)) for key in keys}
    actions = [
        action(
            f"action-{number}",
            KIND_SKILL,
            draw(st.sampled_from(SKILL_POOL)),
            draw(st.integers(1, 4)),
            draw(st.integers(1, 5)),
            draw(st.integers(1, 40)),
        )
        for number in range(draw(st.integers(0, 25)))
    ]
    return score_for(requirements, ratings), actions, prerequisites


@PROPERTY_SETTINGS
@given(case=roadmap_cases())
def test_build_roadmap_respects_prerequisites_phases_and_totals(case):
    score, actions, prerequisites = case

    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites=prerequisites)
    flat = [entry for plan in roadmap.phases for entry in plan.actions]

    assert [plan.phase.number for plan in roadmap.phases] == [1, 2, 3, 4, 5]
    assert all(entry.phase_number == plan.phase.number for plan in roadmap.phases for entry in plan.actions)
    assert all(entry.phase_number >= entry.action.phase_number for entry in flat)
    for position, entry in enumerate(flat):
        later = flat[position + 1 :]
        assert not any(
            other.action.key in ancestors_of(entry.action.key, prerequisites)
            and other.action.reaches_level <= entry.action.reaches_level
            for other in later
        )
        assert not any(
            other.action.key == entry.action.key and other.action.reaches_level < entry.action.reaches_level
            for other in later
        )
    assert all(plan.effort_hours == sum(entry.action.effort_hours for entry in plan.actions) for plan in roadmap.phases)
    assert roadmap.total_hours == sum(entry.action.effort_hours for entry in flat)


@PROPERTY_SETTINGS
@given(case=roadmap_cases())
def test_build_roadmap_closes_each_gap_or_says_so(case):
    score, actions, prerequisites = case

    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites=prerequisites)
    flat = [entry for plan in roadmap.phases for entry in plan.actions]
    uncovered = {gap.key: gap for gap in roadmap.uncovered}

    for item in score.items:
        planned = sorted(entry.action.slug for entry in flat if entry.action.key == item.key)
        levels = [entry.action.reaches_level for entry in flat if entry.action.key == item.key]
        above = [a for a in actions if a.key == item.key and a.reaches_level > item.rating]
        reached = max([item.rating, *levels])
        if item.gap == 0:
            assert (levels, item.key in uncovered) == ([], False)
        elif reached < item.target:
            assert uncovered[item.key] == UncoveredGap(
                KIND_SKILL, item.key, item.label, item.rating, item.target, reached
            )
            assert planned == sorted(a.slug for a in above)
        else:
            # every action of each level up to the first level reaching the target, and nothing above it
            stop = min(a.reaches_level for a in above if a.reaches_level >= item.target)
            assert item.key not in uncovered
            assert planned == sorted(a.slug for a in above if a.reaches_level <= stop)


@PROPERTY_SETTINGS
@given(case=roadmap_cases(), kind=st.sampled_from([KIND_SKILL, KIND_DUTY, KIND_EDUCATION]))
def test_build_roadmap_every_action_is_reachable_when_its_gap_exists(case, kind):
    _, actions, prerequisites = case
    actions = [dataclasses.replace(a, kind=kind) for a in actions]

    for wanted in actions:
        score = score_for([(kind, wanted.key, wanted.reaches_level, 1)], {wanted.key: wanted.reaches_level - 1})
        same_level = [a for a in actions if (a.key, a.reaches_level) == (wanted.key, wanted.reaches_level)]

        roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites=prerequisites)
        found = [entry.action for plan in roadmap.phases for entry in plan.actions]
        found += [route.action for route in roadmap.long_routes]

        if kind == KIND_EDUCATION:
            # the one action of the level, the fewest hours first
            assert found == [min(same_level, key=lambda a: (a.effort_hours, a.slug))]
        else:
            assert sorted(a.slug for a in found) == sorted(a.slug for a in same_level)


def test_build_roadmap_takes_every_action_of_a_level():
    score = score_for([(KIND_SKILL, "problem-solving", 3, 2)], {"problem-solving": 1})
    actions = [
        action("ps-2-puzzles", KIND_SKILL, "problem-solving", 2, 2, 20),
        action("ps-3-mock-interviews", KIND_SKILL, "problem-solving", 3, 4, 60),
        action("ps-3-system-design", KIND_SKILL, "problem-solving", 3, 4, 40),
        action("ps-4-lead-reviews", KIND_SKILL, "problem-solving", 4, 5, 100),
    ]

    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites={})

    # level 2 adds 100·2·1/6 = 33.3 points; level 3 another 33.3, shared 60:40 by hours
    assert [
        [(entry.action.slug, entry.level_from, entry.readiness_gain, entry.moved) for entry in plan.actions]
        for plan in roadmap.phases
    ] == [
        [],
        [("ps-2-puzzles", 1, 33.3, False)],
        [],
        [("ps-3-mock-interviews", 2, 20.0, False), ("ps-3-system-design", 2, 13.3, False)],
        [],
    ]
    assert roadmap.total_hours == 120


CERTIFICATION_ACTIONS = [
    action("cert-1-literacy", KIND_EDUCATION, "ai-certification", 1, 1, 30),
    action("cert-2-hands-on", KIND_EDUCATION, "ai-certification", 2, 2, 130),
    action("cert-4-professional", KIND_EDUCATION, "ai-certification", 4, 5, 120),
]


@pytest.mark.parametrize(
    ("rating", "target", "planned"),
    [(0, 2, ["cert-2-hands-on"]), (0, 3, ["cert-4-professional"]), (1, 1, []), (0, 1, ["cert-1-literacy"])],
    ids=["direct", "next-level-up", "met", "lowest"],
)
def test_build_roadmap_plans_one_action_reaching_an_education_target_directly(rating, target, planned):
    score = score_for([(KIND_EDUCATION, "ai-certification", target, 1)], {"ai-certification": rating})

    roadmap = build_roadmap(score=score, actions=CERTIFICATION_ACTIONS, phases=PHASES, prerequisites={})

    assert [entry.action.slug for plan in roadmap.phases for entry in plan.actions] == planned
    assert roadmap.uncovered == ()


def test_build_roadmap_education_short_of_every_action_takes_the_highest():
    score = score_for([(KIND_EDUCATION, "portfolio", 4, 1)], {"portfolio": 0})
    actions = [action("portfolio-2", KIND_EDUCATION, "portfolio", 2, 3, 120), CERTIFICATION_ACTIONS[0]]
    actions.append(action("portfolio-3", KIND_EDUCATION, "portfolio", 3, 3, 200))

    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites={})

    assert planned_slugs(roadmap)[2] == (3, ["portfolio-3"], 200)
    assert roadmap.uncovered == (UncoveredGap(KIND_EDUCATION, "portfolio", "Portfolio", 0, 4, 3),)


DEGREE_ACTIONS = [
    action("degree-2-bachelors", KIND_EDUCATION, "degree", 2, 1, 5400),
    action("degree-3-masters", KIND_EDUCATION, "degree", 3, 1, 1800),
    action("degree-4-phd", KIND_EDUCATION, "degree", 4, 5, 9000),
]


def degree_score(target, expectation, rating=0):
    profile = Profile(
        role="nlp-engineer",
        role_name="NLP Engineer",
        seniority="senior",
        seniority_name="Senior",
        seniority_rank=3,
        requirements=(
            Requirement(KIND_SKILL, "python", "Python", 3, 3),
            Requirement(KIND_EDUCATION, "degree", "Degree", target, 1, expectation=expectation),
        ),
    )
    return score_profile(profile, {(KIND_SKILL, "python"): 0, (KIND_EDUCATION, "degree"): rating})


def test_build_roadmap_a_missing_required_degree_is_a_long_route_outside_the_hours():
    score = degree_score(2, "required")
    actions = [*DEGREE_ACTIONS, action("python-3", KIND_SKILL, "python", 3, 3, 80)]

    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites={})

    # python adds 100·3·3/11 = 81.8 points, the degree 100·1·2/11 = 18.1
    assert planned_slugs(roadmap) == [(1, [], 0), (2, [], 0), (3, ["python-3"], 80), (4, [], 0), (5, [], 0)]
    assert roadmap.total_hours == 80
    assert roadmap.long_routes == (
        LongRoute(DEGREE_ACTIONS[0], "Degree", 0, 2, "required", optional=False, readiness_gain=18.1),
    )


def test_build_roadmap_a_preferred_degree_is_an_optional_long_route():
    score = degree_score(4, "preferred", rating=2)

    roadmap = build_roadmap(score=score, actions=DEGREE_ACTIONS, phases=PHASES, prerequisites={})

    assert (roadmap.total_hours, [plan.actions for plan in roadmap.phases]) == (0, [(), (), (), (), ()])
    assert roadmap.long_routes == (
        # 100·1·(4-2)/13 points
        LongRoute(DEGREE_ACTIONS[2], "Degree", 2, 4, "preferred", optional=True, readiness_gain=15.3),
    )


def test_action_gains_are_exact_and_shared_by_hours():
    score = score_for([(KIND_SKILL, "python", 3, 2), (KIND_SKILL, "mlops", 1, 1)], {"python": 1})
    python_2 = action("python-2", KIND_SKILL, "python", 2, 2, 30)
    python_3a = action("python-3a", KIND_SKILL, "python", 3, 3, 10)
    python_3b = action("python-3b", KIND_SKILL, "python", 3, 3, 30)
    mlops_4 = action("mlops-4", KIND_SKILL, "mlops", 4, 5, 10)

    gains = action_gains(score=score, actions=[(python_2, 1), (python_3a, 2), (python_3b, 2), (mlops_4, 0)])

    # Σ possible = 2·3 + 1·1 = 7; python 1 → 2 adds 100·2/7; 2 → 3 adds 100·2/7 shared 1:3; mlops stops at its target 1
    assert gains == {
        "python-2": Fraction(200, 7),
        "python-3a": Fraction(50, 7),
        "python-3b": Fraction(150, 7),
        "mlops-4": Fraction(100, 7),
    }


# --- Career context ---------------------------------------------------------------

SENIORITY_OPTIONS = (
    SeniorityOption("junior", "Junior", 1, "Entry", "$70K - $90K"),
    SeniorityOption("mid", "Mid-level", 2, "Mid", "$90K - $150K"),
    SeniorityOption("senior", "Senior", 3, "Senior", "$150K - $200K+"),
    SeniorityOption("lead", "Lead", 4, "Senior", "$150K - $200K+"),
)
CAREER_STEPS = (
    CareerStepOption("junior-engineer", "Junior AI Engineer", "core", "junior", ("mid-engineer",)),
    CareerStepOption("mid-engineer", "AI Engineer", "core", "mid", ("senior-engineer",)),
    CareerStepOption("senior-engineer", "Senior AI Engineer", "core", "senior", ("staff", "manager", "nlp")),
    CareerStepOption("staff", "Staff AI Engineer", "ic", "lead", ("principal",)),
    CareerStepOption("manager", "AI Engineering Manager", "management", "lead", ("director",)),
    CareerStepOption("nlp", "NLP Engineer", "specialism", None, ()),
    CareerStepOption("principal", "Principal AI Engineer", "ic", None, ()),
    CareerStepOption("director", "Director of AI", "management", None, ()),
)


def step_slugs(context):
    return [step.slug for step in context.next_steps]


def test_career_context_senior_estimate():
    context = career_context(estimated_rank=3, target_rank=4, seniorities=SENIORITY_OPTIONS, career_steps=CAREER_STEPS)

    assert (context.estimated, context.next_up, context.target) == (
        SENIORITY_OPTIONS[2],
        SENIORITY_OPTIONS[3],
        SENIORITY_OPTIONS[3],
    )
    assert step_slugs(context) == ["staff", "manager", "nlp"]


def test_career_context_nothing_met_points_at_the_first_rung():
    context = career_context(
        estimated_rank=None, target_rank=2, seniorities=reversed(SENIORITY_OPTIONS), career_steps=CAREER_STEPS
    )

    assert (context.estimated, context.next_up, context.target) == (None, SENIORITY_OPTIONS[0], SENIORITY_OPTIONS[1])
    assert step_slugs(context) == ["junior-engineer"]


def test_career_context_top_seniority_has_no_next_band():
    context = career_context(
        estimated_rank=4, target_rank=None, seniorities=SENIORITY_OPTIONS, career_steps=CAREER_STEPS
    )

    assert (context.estimated, context.next_up, context.target) == (SENIORITY_OPTIONS[3], None, None)
    assert step_slugs(context) == ["principal", "director"]


def test_career_context_without_ladder_steps_uses_the_next_seniority():
    steps = [step for step in CAREER_STEPS if step.seniority_slug != "mid"]

    context = career_context(estimated_rank=2, target_rank=2, seniorities=SENIORITY_OPTIONS, career_steps=steps)

    assert step_slugs(context) == ["senior-engineer"]


def test_career_context_unknown_rank_raises():
    with pytest.raises(ValueError, match="No seniority has rank 7"):
        career_context(estimated_rank=1, target_rank=7, seniorities=SENIORITY_OPTIONS, career_steps=CAREER_STEPS)


def test_career_context_unknown_next_step_raises():
    steps = (CareerStepOption("junior-engineer", "Junior AI Engineer", "core", "junior", ("astronaut",)),)

    with pytest.raises(ValueError, match="unknown steps: astronaut"):
        career_context(estimated_rank=1, target_rank=1, seniorities=SENIORITY_OPTIONS, career_steps=steps)


def test_career_context_accepts_plain_tuples_and_rank_zero_for_none_met():
    seniorities = [tuple(vars(option).values()) for option in SENIORITY_OPTIONS]
    steps = [tuple(vars(step).values()) for step in CAREER_STEPS]

    context = career_context(estimated_rank=0, target_rank=1, seniorities=seniorities, career_steps=steps)

    assert (context.estimated, context.next_up, context.target) == (None, SENIORITY_OPTIONS[0], SENIORITY_OPTIONS[0])
    assert context.next_steps == (CAREER_STEPS[0],)


# --- One certification pick -------------------------------------------------------------


def certification_actions():
    return [
        action("cert-1-foundational", KIND_EDUCATION, "ai-certification", 1, 1, 30),
        action("cert-2-hands-on", KIND_EDUCATION, "ai-certification", 2, 2, 130),
        action("cert-3-associate", KIND_EDUCATION, "ai-certification", 3, 5, 80),
        action("python-3", KIND_SKILL, "python", 3, 3, 60),
    ]


def test_the_certification_pick_replaces_the_generic_certification_actions_in_the_roadmap():
    score = score_for([(KIND_SKILL, "python", 3, 2), (KIND_EDUCATION, "ai-certification", 2, 1)], {"python": 1})
    [pick, *_] = recommend_certifications(
        score=score,
        certifications=[cert("aws-associate", "associate", [("python", 2)], credential=3, prep_hours=90)],
        held=frozenset(),
        credential_key="ai-certification",
    )

    actions = with_certification_pick(
        actions=certification_actions(), score=score, pick=pick, credential_key="ai-certification"
    )
    roadmap = build_roadmap(score=score, actions=actions, phases=PHASES, prerequisites={})

    picked = next(a for a in actions if a.slug == PICK_ACTION_PREFIX + "aws-associate")
    assert (picked.phase_number, picked.reaches_level, picked.effort_hours) == (5, 3, 90)
    assert picked.title == "Prepare for and pass Aws-Associate"
    assert [a.slug for a in actions if a.key == "ai-certification"] == [picked.slug]
    assert [slug for _, slugs, _ in planned_slugs(roadmap) for slug in slugs] == ["python-3", picked.slug]


def test_no_pick_or_a_met_qualification_leaves_the_generic_actions():
    short = score_for([(KIND_SKILL, "python", 3, 2), (KIND_EDUCATION, "ai-certification", 3, 1)], {"python": 1})
    met = score_for(
        [(KIND_SKILL, "python", 3, 2), (KIND_EDUCATION, "ai-certification", 2, 1)],
        {"python": 1, "ai-certification": 2},
    )
    [pick] = recommend_certifications(
        score=short,
        certifications=[cert("aws-professional", "professional", [("python", 3)], credential=4)],
        held=frozenset(),
        credential_key="ai-certification",
    )

    unchanged = [
        with_certification_pick(
            actions=certification_actions(), score=short, pick=None, credential_key="ai-certification"
        ),
        with_certification_pick(
            actions=certification_actions(), score=met, pick=pick, credential_key="ai-certification"
        ),
    ]

    assert unchanged == [tuple(certification_actions())] * 2


def test_a_pick_below_the_target_is_still_the_one_certificate_named_and_the_rest_of_the_gap_is_uncovered():
    short = score_for([(KIND_SKILL, "python", 3, 2), (KIND_EDUCATION, "ai-certification", 3, 1)], {"python": 1})
    [low] = recommend_certifications(
        score=short,
        certifications=[cert("ibm-course", "course", [("python", 2)], credential=2)],
        held=frozenset(),
        credential_key="ai-certification",
    )

    actions = with_certification_pick(
        actions=certification_actions(), score=short, pick=low, credential_key="ai-certification"
    )
    roadmap = build_roadmap(score=short, actions=actions, phases=PHASES, prerequisites={})

    assert [a.slug for a in actions if a.key == "ai-certification"] == [PICK_ACTION_PREFIX + "ibm-course"]
    assert [(gap.key, gap.reached) for gap in roadmap.uncovered] == [("ai-certification", 2)]
