import dataclasses
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.scoring import (
    KIND_DUTY,
    KIND_EDUCATION,
    KIND_SKILL,
    KINDS,
    SENIORITY_THRESHOLD,
    ItemScore,
    KindSubtotal,
    Profile,
    Requirement,
    SeniorityReadiness,
    estimate_seniority,
    rank_role_fit,
    score_profile,
)

pytestmark = [pytest.mark.unit]

# No deadline and no speed health check: other suites share the machine, and a slow run is not a failure.
PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = tuple(f"item-{number}" for number in range(12))
ITEMS = tuple((kind, key) for kind in KINDS for key in KEYS)
SENIORITIES = (("junior", "Junior"), ("mid", "Mid-level"), ("senior", "Senior"), ("lead", "Lead"))


def make_profile(*requirements, role="ai-engineer", seniority="mid", rank=2):
    return Profile(
        role=role,
        role_name=role.replace("-", " ").title(),
        seniority=seniority,
        seniority_name=seniority.title(),
        seniority_rank=rank,
        requirements=tuple(
            Requirement(kind, key, key.title(), target, weight) for kind, key, target, weight in requirements
        ),
    )


@st.composite
def profiles(draw, role="role", seniority="mid", rank=2):
    items = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=30, unique=True))
    requirements = [
        (kind, key, draw(st.integers(min_value=0, max_value=4)), draw(st.integers(min_value=1, max_value=5)))
        for kind, key in items
    ]
    return make_profile(*requirements, role=role, seniority=seniority, rank=rank)


@st.composite
def role_sets(draw):
    count = draw(st.integers(min_value=1, max_value=11))
    return [draw(profiles(role=f"role-{number}")) for number in range(count)]


@st.composite
def seniority_ladders(draw):
    ranks = draw(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=4, unique=True))
    return [draw(profiles(seniority=SENIORITIES[rank - 1][0], rank=rank)) for rank in ranks]


ratings_strategy = st.dictionaries(st.sampled_from(ITEMS), st.integers(min_value=0, max_value=4))


def worked_example_profile():
    return make_profile(
        (KIND_SKILL, "python", 3, 3),
        (KIND_SKILL, "mlops", 2, 2),
        (KIND_EDUCATION, "degree", 2, 1),
    )


def test_score_profile_worked_example():
    ratings = {(KIND_SKILL, "python"): 2, (KIND_SKILL, "mlops"): 4, (KIND_EDUCATION, "degree"): 0}

    score = score_profile(worked_example_profile(), ratings)

    # possible: python 3·3 = 9, mlops 2·2 = 4, degree 1·2 = 2 → 15
    # earned:   python 3·min(2,3) = 6, mlops 2·min(4,2) = 4 (the surplus does not count), degree 0 → 10
    # readiness 10/15 = 66.66…% → 66.6 (rounded down); contributions 6/15 = 40.0, 4/15 = 26.66… → 26.6, 0.0
    assert score.items == (
        ItemScore(KIND_SKILL, "python", "Python", 3, 2, 1, 3, 6, 9, 40.0, 3),
        ItemScore(KIND_SKILL, "mlops", "Mlops", 2, 4, 0, 2, 4, 4, 26.6, 0),
        ItemScore(KIND_EDUCATION, "degree", "Degree", 2, 0, 2, 1, 0, 2, 0.0, 2),
    )
    assert (score.earned_total, score.possible_total, score.readiness) == (10, 15, 66.6)
    assert score.readiness_fraction == Fraction(200, 3)
    assert [dataclasses.asdict(item)["met"] for item in score.items] == [False, True, False]


def test_score_profile_subtotals_per_kind():
    ratings = {(KIND_SKILL, "python"): 2, (KIND_SKILL, "mlops"): 4, (KIND_EDUCATION, "degree"): 1}

    score = score_profile(worked_example_profile(), ratings)

    # skills: earned 6 + 4 = 10 of 13 → 76.9% of the skills, 10/15 → 66.6 points overall
    # education: earned 1 of 2 → 50.0%, 1/15 → 6.6 points overall; no duties in this profile
    assert score.subtotals == (
        KindSubtotal(KIND_SKILL, 10, 13, 76.9, 66.6),
        KindSubtotal(KIND_EDUCATION, 1, 2, 50.0, 6.6),
    )
    assert score.subtotal(KIND_DUTY) is None


def test_score_profile_missing_rating_counts_as_zero():
    profile = make_profile((KIND_SKILL, "python", 2, 1), (KIND_DUTY, "build-data-pipelines", 2, 1))

    score = score_profile(profile, {(KIND_SKILL, "python"): 2})

    assert [(item.key, item.rating, item.gap) for item in score.items] == [
        ("python", 2, 0),
        ("build-data-pipelines", 0, 2),
    ]
    assert score.readiness == 50.0


def test_score_profile_nothing_asked_is_fully_ready():
    profile = make_profile((KIND_SKILL, "python", 0, 3), (KIND_DUTY, "implement-mlops", 0, 1))

    score = score_profile(profile, {})

    assert (score.possible_total, score.readiness, score.gaps) == (0, 100.0, ())
    assert [item.contribution for item in score.items] == [0.0, 0.0]


def test_score_profile_readiness_rounds_down_and_agrees_with_the_threshold():
    # 323/404 = 79.95…%: rounding half up would show 80.0 while the candidate is below 80%.
    profile = make_profile((KIND_SKILL, "a", 4, 1), *((KIND_SKILL, f"k{n}", 4, 1) for n in range(100)))
    ratings = {(KIND_SKILL, "a"): 3} | {(KIND_SKILL, f"k{n}"): 4 for n in range(80)}
    ratings |= {(KIND_SKILL, f"k{n}"): 0 for n in range(80, 100)}

    score = score_profile(profile, ratings)

    assert (score.earned_total, score.possible_total) == (323, 404)
    assert (score.readiness, score.meets(80)) == (79.9, False)


@pytest.mark.parametrize(
    "rating",
    [5, -1, "3", 2.0, True],
    ids=["above-scale", "negative", "text", "float", "bool"],
)
def test_score_profile_bad_rating_raises(rating):
    with pytest.raises(ValueError, match="must be an integer from 0 to 4"):
        score_profile(worked_example_profile(), {(KIND_SKILL, "python"): rating})


@pytest.mark.parametrize(
    ("target", "weight", "message"),
    [(5, 1, "target"), (-1, 1, "target"), (2, 0, "weight"), (2, -3, "weight")],
    ids=["target-above-scale", "target-negative", "weight-zero", "weight-negative"],
)
def test_requirement_out_of_range_raises(target, weight, message):
    with pytest.raises(ValueError, match=message):
        Requirement(KIND_SKILL, "python", "Python", target, weight)


def test_requirement_unknown_kind_raises():
    with pytest.raises(ValueError, match="Unknown requirement kind 'hobby'"):
        Requirement("hobby", "chess", "Chess", 2, 1)


def test_profile_duplicate_requirement_raises():
    with pytest.raises(ValueError, match="lists skill 'python' twice"):
        make_profile((KIND_SKILL, "python", 2, 1), (KIND_SKILL, "python", 3, 2))


def test_rank_role_fit_best_first_and_ties_keep_given_order():
    ratings = {(KIND_SKILL, "python"): 2, (KIND_SKILL, "nlp"): 1}
    fits = [
        make_profile((KIND_SKILL, "python", 4, 1), role="first"),  # 2/4 = 50%
        make_profile((KIND_SKILL, "python", 2, 1), role="second"),  # 2/2 = 100%
        make_profile((KIND_SKILL, "nlp", 2, 3), role="third"),  # 3/6 = 50%
        make_profile((KIND_SKILL, "nlp", 4, 1), role="fourth"),  # 1/4 = 25%
    ]

    ranked = rank_role_fit(fits, ratings)

    assert [(score.role, score.readiness) for score in ranked] == [
        ("second", 100.0),
        ("first", 50.0),
        ("third", 50.0),
        ("fourth", 25.0),
    ]


def ladder(*targets):
    """One role's profiles at junior..lead, each asking python and mlops at the given targets (weight 1)."""
    return [
        make_profile((KIND_SKILL, "python", python, 1), (KIND_SKILL, "mlops", mlops, 1), seniority=slug, rank=rank)
        for rank, ((slug, _), (python, mlops)) in enumerate(zip(SENIORITIES, targets, strict=True), start=1)
    ]


def test_estimate_seniority_highest_met_at_threshold():
    profiles_by_rank = ladder((1, 1), (2, 3), (3, 2), (4, 4))
    ratings = {(KIND_SKILL, "python"): 3, (KIND_SKILL, "mlops"): 1}

    estimate = estimate_seniority(profiles_by_rank, ratings)

    # junior 2/2 = 100%, mid 3/5 = 60%, senior 4/5 = 80% (exactly the threshold: met), lead 4/8 = 50%
    assert (estimate.seniority, estimate.seniority_name, estimate.threshold) == ("senior", "Senior", 80)
    assert estimate.readiness_by_seniority == (
        SeniorityReadiness("junior", "Junior", 1, 100.0, True),
        SeniorityReadiness("mid", "Mid", 2, 60.0, False),
        SeniorityReadiness("senior", "Senior", 3, 80.0, True),
        SeniorityReadiness("lead", "Lead", 4, 50.0, False),
    )


def test_estimate_seniority_none_when_nothing_met():
    estimate = estimate_seniority(ladder((2, 2), (3, 3), (4, 4), (4, 4)), {(KIND_SKILL, "python"): 1})

    assert (estimate.seniority, estimate.seniority_name) == (None, None)
    assert [row.readiness for row in estimate.readiness_by_seniority] == [25.0, 16.6, 12.5, 12.5]


def test_estimate_seniority_profiles_in_any_order():
    profiles_by_rank = ladder((1, 1), (2, 2), (3, 3), (4, 4))
    ratings = {(KIND_SKILL, "python"): 2, (KIND_SKILL, "mlops"): 2}

    estimate = estimate_seniority(list(reversed(profiles_by_rank)), ratings)

    assert estimate.seniority == "mid"
    assert [row.seniority for row in estimate.readiness_by_seniority] == ["junior", "mid", "senior", "lead"]


def test_estimate_seniority_lower_threshold_raises_estimate():
    ratings = {(KIND_SKILL, "python"): 2, (KIND_SKILL, "mlops"): 2}

    estimate = estimate_seniority(ladder((1, 1), (2, 2), (3, 3), (4, 4)), ratings, threshold=50)

    # senior 4/6 = 66.6% ≥ 50, lead 4/8 = 50% ≥ 50
    assert estimate.seniority == "lead"


@pytest.mark.parametrize("threshold", [-1, 100.5], ids=["negative", "above-100"])
def test_estimate_seniority_bad_threshold_raises(threshold):
    with pytest.raises(ValueError, match="percentage from 0 to 100"):
        estimate_seniority(ladder((1, 1), (2, 2), (3, 3), (4, 4)), {}, threshold=threshold)


def test_estimate_seniority_mixed_roles_raises():
    mixed = [make_profile((KIND_SKILL, "python", 1, 1), role="a", rank=1), make_profile(role="b", rank=2)]

    with pytest.raises(ValueError, match="one role"):
        estimate_seniority(mixed, {})


def test_estimate_seniority_repeated_rank_raises():
    with pytest.raises(ValueError, match="one profile per seniority"):
        estimate_seniority([make_profile(rank=2), make_profile(rank=2)], {})


def test_seniority_threshold_is_eighty_percent():
    assert SENIORITY_THRESHOLD == 80


# --- Properties ------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(profile=profiles(), ratings=ratings_strategy)
def test_score_profile_is_deterministic(profile, ratings):
    reordered = dict(reversed(list(ratings.items())))

    assert score_profile(profile, ratings) == score_profile(profile, reordered)


@PROPERTY_SETTINGS
@given(role_set=role_sets(), ratings=ratings_strategy)
def test_score_profile_readiness_between_0_and_100(role_set, ratings):
    readiness = [score_profile(profile, ratings).readiness for profile in role_set]

    assert all(0.0 <= value <= 100.0 for value in readiness)


@PROPERTY_SETTINGS
@given(role_set=role_sets(), ratings=ratings_strategy, item=st.sampled_from(ITEMS))
def test_score_profile_raising_one_rating_never_lowers_readiness(role_set, ratings, item):
    raised = dict(ratings)
    raised[item] = min(4, ratings.get(item, 0) + 1)

    before = [score_profile(profile, ratings) for profile in role_set]
    after = [score_profile(profile, raised) for profile in role_set]

    assert all(new.readiness_fraction >= old.readiness_fraction for old, new in zip(before, after, strict=True))
    assert all(new.readiness >= old.readiness for old, new in zip(before, after, strict=True))


@PROPERTY_SETTINGS
@given(profile=profiles())
def test_score_profile_all_ratings_at_top_is_100_with_no_gaps(profile):
    score = score_profile(profile, dict.fromkeys(ITEMS, 4))

    assert (score.readiness, score.gaps) == (100.0, ())
    assert all(item.gap == 0 and item.shortfall == 0 for item in score.items)


@PROPERTY_SETTINGS
@given(profile=profiles())
def test_score_profile_all_ratings_zero_is_0_when_something_is_asked(profile):
    score = score_profile(profile, dict.fromkeys(ITEMS, 0))

    if score.possible_total > 0:
        assert score.readiness == 0.0
    else:
        assert score.readiness == 100.0


@PROPERTY_SETTINGS
@given(profile=profiles(), ratings=ratings_strategy)
def test_score_profile_totals_add_up(profile, ratings):
    score = score_profile(profile, ratings)
    tenths = round(score.readiness * 10) - sum(round(item.contribution * 10) for item in score.items)

    assert [(item.kind, item.key) for item in score.items] == [(r.kind, r.key) for r in profile.requirements]
    assert score.earned_total == sum(item.earned for item in score.items)
    assert score.possible_total == sum(item.possible for item in score.items)
    assert score.earned_total == sum(subtotal.earned for subtotal in score.subtotals)
    assert score.possible_total == sum(subtotal.possible for subtotal in score.subtotals)
    if score.possible_total > 0:
        # each contribution is rounded down by less than 0.1, so together they fall short by less than 0.1 each
        assert 0 <= tenths <= len(score.items)
    else:
        assert (score.readiness, tenths) == (100.0, 1000)


@PROPERTY_SETTINGS
@given(role_set=role_sets(), ratings=ratings_strategy)
def test_rank_role_fit_sorted_best_first(role_set, ratings):
    ranked = rank_role_fit(role_set, ratings)
    fractions = [score.readiness_fraction for score in ranked]

    assert fractions == sorted(fractions, reverse=True)
    assert sorted(score.role for score in ranked) == sorted(profile.role for profile in role_set)


@PROPERTY_SETTINGS
@given(profiles_by_rank=seniority_ladders(), ratings=ratings_strategy, threshold=st.integers(0, 100))
def test_estimate_seniority_never_above_a_seniority_not_met(profiles_by_rank, ratings, threshold):
    estimate = estimate_seniority(profiles_by_rank, ratings, threshold=threshold)
    met = {p.seniority for p in profiles_by_rank if score_profile(p, ratings).readiness_fraction >= threshold}
    rank_of = {p.seniority: p.seniority_rank for p in profiles_by_rank}

    if estimate.seniority is None:
        assert met == set()
    else:
        assert estimate.seniority in met
        assert all(rank_of[seniority] <= rank_of[estimate.seniority] for seniority in met)
