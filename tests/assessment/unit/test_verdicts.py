"""Must-haves and confidence: a high percentage never hides a missing essential; an estimate says how much to trust."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.scoring import (
    CONFIDENCE_HIGH,
    CONFIDENCE_LOW,
    CONFIDENCE_MEDIUM,
    KIND_DUTY,
    KIND_EDUCATION,
    KIND_SKILL,
    HeldCertificate,
    Profile,
    Requirement,
    SeniorityYears,
    assess_confidence,
    estimate_seniority,
    score_profile,
)

pytestmark = [pytest.mark.unit]

PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SENIORITIES = [
    SeniorityYears(1, "Junior", 0),
    SeniorityYears(2, "Mid-level", 2),
    SeniorityYears(3, "Senior", 5),
    SeniorityYears(4, "Lead", 8),
]
SKILLS = ("python", "mlops", "nlp", "cloud", "data", "ml", "dl", "security", "serving")


def requirement(kind, key, target, weight, *, essential=False, expectation=""):
    return Requirement(kind, key, key.title(), target, weight, essential=essential, expectation=expectation)


def profile(*requirements, seniority="mid", rank=2):
    return Profile("ai-engineer", "AI Engineer", seniority, seniority.title(), rank, requirements)


MID = profile(
    requirement(KIND_SKILL, "python", 3, 4, essential=True),
    requirement(KIND_SKILL, "mlops", 2, 3),
    requirement(KIND_SKILL, "nlp", 2, 3),
    requirement(KIND_SKILL, "cloud", 2, 3),
    requirement(KIND_SKILL, "data", 3, 4),
    requirement(KIND_SKILL, "ml", 3, 4),
    requirement(KIND_DUTY, "pipelines", 2, 3),
    requirement(KIND_EDUCATION, "degree", 2, 3, essential=True, expectation="required"),
)
ON_TARGET = {(r.kind, r.key): r.target for r in MID.requirements}


def test_a_missing_must_have_blocks_the_profile_whatever_the_percentage():
    score = score_profile(MID, ON_TARGET | {(KIND_SKILL, "python"): 0})

    assert score.readiness >= 80
    assert ([i.key for i in score.blocking], score.reaches(), score.meets_work(), score.meets()) == (
        ["python"],
        True,
        False,
        False,
    )


def test_an_essential_one_level_short_blocks_too():
    score = score_profile(MID, ON_TARGET | {(KIND_SKILL, "python"): 2})

    assert [(i.key, i.gap) for i in score.blocking] == [("python", 1)]


def test_a_missing_required_degree_is_a_formal_gap_not_a_blocking_one():
    score = score_profile(MID, ON_TARGET | {(KIND_EDUCATION, "degree"): 0})

    assert ([i.key for i in score.formal_gaps], score.blocking, score.meets_work(), score.meets()) == (
        ["degree"],
        (),
        True,
        False,
    )


def test_short_non_essential_items_do_not_block_above_the_threshold():
    score = score_profile(MID, ON_TARGET | {(KIND_SKILL, "nlp"): 1})

    assert (score.blocking, score.meets()) == ((), True)


def test_blocking_lists_the_largest_shortfall_first():
    ladder = profile(
        requirement(KIND_SKILL, "python", 3, 4, essential=True),
        requirement(KIND_SKILL, "ml", 3, 5, essential=True),
        requirement(KIND_DUTY, "pipelines", 3, 2, essential=True),
    )

    score = score_profile(ladder, {(KIND_SKILL, "python"): 2, (KIND_SKILL, "ml"): 1, (KIND_DUTY, "pipelines"): 0})

    assert [i.key for i in score.blocking] == ["ml", "pipelines", "python"]


def test_seniority_estimate_skips_a_level_whose_must_have_is_short():
    junior = profile(requirement(KIND_SKILL, "python", 2, 4, essential=True), seniority="junior", rank=1)
    mid = profile(requirement(KIND_SKILL, "python", 3, 4, essential=True), requirement(KIND_SKILL, "ml", 1, 1))

    estimate = estimate_seniority([junior, mid], {(KIND_SKILL, "python"): 2, (KIND_SKILL, "ml"): 4})

    assert estimate.seniority == "junior"
    assert [(row.seniority, row.meets, row.blocking) for row in estimate.readiness_by_seniority] == [
        ("junior", True, ()),
        ("mid", False, ("Python",)),
    ]


# --- Confidence -----------------------------------------------------------------------------------


def confidence(**overrides):
    arguments = {
        "estimated_rank": 3,
        "seniorities": SENIORITIES,
        "years_experience": 6,
        "shipped_projects": 3,
        "ratings": {(KIND_SKILL, key): rating for key, rating in zip(SKILLS, [3, 2, 4, 3, 2, 3, 1, 2, 3], strict=True)},
        "held": (),
    } | overrides
    return assess_confidence(**arguments)


def test_experience_that_fits_and_shipped_work_give_high_confidence():
    result = confidence()

    assert (result.level, result.shown_rank, result.supported_rank) == (CONFIDENCE_HIGH, 3, 3)
    assert result.reasons == (
        "Your 6 years of hands-on work support Senior.",
        "You have shipped 3 AI or ML projects.",
    )


def test_all_fours_with_no_experience_is_low_confidence_and_never_shown_as_lead():
    result = confidence(
        estimated_rank=4,
        years_experience=0,
        shipped_projects=0,
        ratings={(KIND_SKILL, key): 4 for key in SKILLS},
    )

    assert (result.level, result.points, result.estimated_rank, result.supported_rank, result.shown_rank) == (
        CONFIDENCE_LOW,
        4,
        4,
        1,
        1,
    )
    assert result.reasons[0] == (
        "Your ratings match Lead, which usually follows 8 or more years of hands-on work; you have 0 years."
    )


def test_one_level_ahead_of_experience_is_shown_with_medium_confidence():
    result = confidence(estimated_rank=3, years_experience=3)

    assert (result.level, result.shown_rank, result.supported_rank) == (CONFIDENCE_MEDIUM, 3, 2)


def test_no_shipped_project_above_junior_lowers_confidence():
    result = confidence(shipped_projects=0)

    assert result.level == CONFIDENCE_MEDIUM
    assert "You have not shipped an AI or ML project yet" in result.reasons[0]


def test_uniform_ratings_lower_confidence():
    result = confidence(ratings={(KIND_SKILL, key): 3 for key in SKILLS})

    assert (result.level, result.reasons[0]) == (
        CONFIDENCE_MEDIUM,
        "You rated every skill 3; ratings that never vary rarely describe strengths and gaps.",
    )


def test_an_exam_counts_as_knowledge_so_it_questions_only_ratings_far_below_level_two():
    exam = HeldCertificate("Cloud ML exam", is_exam=True, covers=(("mlops", "MLOps", 3), ("nlp", "NLP", 3)))
    ratings = {(KIND_SKILL, key): 3 for key in SKILLS[:4]} | {(KIND_SKILL, "mlops"): 0, (KIND_SKILL, "nlp"): 1}

    result = confidence(held=[exam], ratings=ratings)

    assert exam.evidence() == {("mlops", "MLOps"): 2, ("nlp", "NLP"): 2}
    assert (
        result.reasons[0]
        == "Some ratings are well below what your certificates show (MLOps: Cloud ML exam shows level 2); check them."
    )


def test_graded_projects_count_at_their_level():
    projects = HeldCertificate("Hands-on certificate", is_exam=False, covers=(("dl", "Deep learning", 3),))

    assert projects.evidence() == {("dl", "Deep learning"): 3}


ratings_strategy = st.dictionaries(
    st.sampled_from([(KIND_SKILL, key) for key in SKILLS]), st.integers(min_value=0, max_value=4)
)


@PROPERTY_SETTINGS
@given(
    estimated=st.integers(0, 4),
    years=st.integers(0, 30),
    more=st.integers(0, 30),
    shipped=st.integers(0, 20),
    ratings=ratings_strategy,
)
def test_more_experience_never_lowers_confidence_or_the_shown_seniority(estimated, years, more, shipped, ratings):
    fewer = confidence(estimated_rank=estimated, years_experience=years, shipped_projects=shipped, ratings=ratings)
    longer = confidence(
        estimated_rank=estimated, years_experience=years + more, shipped_projects=shipped, ratings=ratings
    )

    assert longer.points <= fewer.points
    assert longer.shown_rank >= fewer.shown_rank


@PROPERTY_SETTINGS
@given(estimated=st.integers(0, 4), years=st.integers(0, 30), shipped=st.integers(0, 20), ratings=ratings_strategy)
def test_the_shown_seniority_is_never_above_the_ratings_or_far_above_experience(estimated, years, shipped, ratings):
    result = confidence(estimated_rank=estimated, years_experience=years, shipped_projects=shipped, ratings=ratings)

    assert result.shown_rank <= result.estimated_rank
    assert result.shown_rank <= result.supported_rank + 1
    assert result.level == {0: CONFIDENCE_HIGH, 1: CONFIDENCE_MEDIUM}.get(result.points, CONFIDENCE_LOW)


@PROPERTY_SETTINGS
@given(ratings=ratings_strategy, raised=st.sampled_from(SKILLS))
def test_raising_a_rating_never_adds_a_blocking_gap(ratings, raised):
    before = score_profile(MID, ratings)
    after = score_profile(MID, ratings | {(KIND_SKILL, raised): min(4, ratings.get((KIND_SKILL, raised), 0) + 1)})

    assert {i.key for i in after.blocking} <= {i.key for i in before.blocking}
    assert after.readiness_fraction >= before.readiness_fraction
