import statistics

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import knowledge_check as kc

pytestmark = [pytest.mark.unit]

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SKILLS = tuple(f"skill-{n}" for n in range(8))
ITEMS_PER_LEVEL = 3


def bank_for(skills=SKILLS, per_level=ITEMS_PER_LEVEL) -> dict[tuple[str, int], list[int]]:
    """Item ids numbered skill × level × n, so that an id says where it belongs."""
    return {
        (skill, level): [1000 * s + 100 * level + n for n in range(per_level)]
        for s, skill in enumerate(skills)
        for level in range(1, 5)
    }


def level_of(item: int) -> int:
    return item % 1000 // 100


def run_check(planned, bank, answers_right, *, seed="seed", seen_before=frozenset()) -> list[kc.Response]:
    """Ask until the rule stops; `answers_right(item)` says whether the candidate gets it right."""
    responses: list[kc.Response] = []
    while (pick := kc.next_pick(planned, responses, bank, seed=seed, seen_before=seen_before)) is not None:
        responses.append(kc.Response(pick.skill, pick.level, pick.item, answers_right(pick.item)))
    return responses


def checked_by_skill(planned, responses) -> dict[str, int | None]:
    return {p.skill: kc.checked_level([r for r in responses if r.skill == p.skill]) for p in planned}


requirements_strategy = st.lists(
    st.builds(
        kc.Requirement,
        skill=st.sampled_from(SKILLS),
        name=st.just("A skill"),
        target=st.integers(0, 4),
        weight=st.integers(0, 5),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda r: r.skill,
)
ratings_strategy = st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4))
claims_strategy = st.lists(st.integers(1, 4), min_size=1, max_size=6)


def planned_from(claims) -> tuple[kc.PlannedSkill, ...]:
    return tuple(kc.PlannedSkill(skill=SKILLS[i], name=SKILLS[i], claimed=c) for i, c in enumerate(claims))


@PROPERTY_SETTINGS
@given(requirements=requirements_strategy, ratings=ratings_strategy)
def test_skills_to_check_never_include_a_skill_rated_0(requirements, ratings):
    planned = kc.skills_to_check(requirements, ratings)

    assert [p.skill for p in planned if ratings.get(p.skill, 0) == 0] == []
    assert len(planned) <= kc.CAP // kc.ITEMS_PER_SKILL


@PROPERTY_SETTINGS
@given(requirements=requirements_strategy, ratings=ratings_strategy, right=st.sets(st.integers(0, 9999)))
def test_a_skill_rated_0_is_never_asked(requirements, ratings, right):
    planned = kc.skills_to_check(requirements, ratings)

    responses = run_check(planned, bank_for(), lambda item: item in right)

    assert {r.skill for r in responses if ratings.get(r.skill, 0) == 0} == set()


@PROPERTY_SETTINGS
@given(claims=claims_strategy, right=st.sets(st.integers(0, 9999)), cap=st.integers(0, 20))
def test_the_item_count_never_exceeds_the_cap(claims, right, cap):
    planned = planned_from(claims)
    responses: list[kc.Response] = []

    while (pick := kc.next_pick(planned, responses, bank_for(), seed="s", cap=cap)) is not None:
        responses.append(kc.Response(pick.skill, pick.level, pick.item, pick.item in right))

    assert len(responses) <= min(cap, kc.max_items(planned, cap=cap))
    assert len({r.item for r in responses}) == len(responses)  # no item twice


@PROPERTY_SETTINGS
@given(claims=claims_strategy, right=st.sets(st.integers(0, 9999)), more=st.sets(st.integers(0, 9999)), seed=st.text())
def test_more_correct_answers_never_lower_a_checked_level(claims, right, more, seed):
    planned = planned_from(claims)

    fewer = checked_by_skill(planned, run_check(planned, bank_for(), lambda item: item in right, seed=seed))
    most = checked_by_skill(planned, run_check(planned, bank_for(), lambda item: item in right | more, seed=seed))

    # A skill the cap left unasked in either run has no checked level to compare.
    both = [skill for skill in fewer if fewer[skill] is not None and most[skill] is not None]
    assert [skill for skill in both if most[skill] < fewer[skill]] == []


@PROPERTY_SETTINGS
@given(claimed=st.integers(1, 4), ability=st.integers(0, 4))
def test_a_consistent_candidate_is_checked_at_their_level_within_two_levels_of_the_claim(claimed, ability):
    planned = planned_from([claimed])

    responses = run_check(planned, bank_for(), lambda item: level_of(item) <= ability)

    checked = kc.checked_level(responses)
    if abs(claimed - ability) <= kc.ITEMS_PER_SKILL - 1:
        assert checked == ability
    else:  # out of the staircase's reach: as far as it got
        assert checked == (claimed + kc.ITEMS_PER_SKILL - 1 if ability > claimed else claimed - kc.ITEMS_PER_SKILL)


@PROPERTY_SETTINGS
@given(claims=claims_strategy, right=st.sets(st.integers(0, 9999)), seed=st.text())
def test_the_same_seed_and_answers_draw_the_same_items(claims, right, seed):
    planned = planned_from(claims)

    first = run_check(planned, bank_for(), lambda item: item in right, seed=seed)
    second = run_check(planned, bank_for(), lambda item: item in right, seed=seed)

    assert first == second


def test_the_staircase_starts_at_the_claim_and_follows_the_answers():
    planned = planned_from([2])
    answers = {200: True, 300: True, 400: False}  # item ids of skill 0: level × 100 + n

    responses = run_check(planned, bank_for(per_level=1), lambda item: answers[item])

    assert [(r.level, r.correct) for r in responses] == [(2, True), (3, True), (4, False)]
    assert kc.checked_level(responses) == 3


@pytest.mark.parametrize(
    ("answers", "checked"),
    [
        ([(3, True), (4, True)], 4),
        ([(3, True), (4, False)], 3),
        ([(3, False), (2, True)], 2),
        ([(3, False), (2, False), (1, True)], 1),
        ([(3, False), (2, False), (1, False)], 0),
        ([(4, False), (3, False), (2, False)], 1),
        ([], None),
    ],
    ids=["up-to-top", "bracketed-up", "one-down", "two-down", "all-wrong-to-1", "all-wrong-from-4", "nothing"],
)
def test_checked_level_is_the_highest_level_the_answers_support(answers, checked):
    responses = [kc.Response("python", level, n, correct) for n, (level, correct) in enumerate(answers)]

    assert kc.checked_level(responses) == checked


def test_a_retake_draws_items_not_seen_before_while_the_bank_has_them():
    planned = planned_from([3])
    bank = bank_for(per_level=3)
    first = run_check(planned, bank, lambda item: True, seed="first")

    retake = run_check(planned, bank, lambda item: True, seed="first", seen_before=frozenset(r.item for r in first))

    assert [r.level for r in retake] == [r.level for r in first]
    assert {r.item for r in retake} & {r.item for r in first} == set()


def test_a_retake_repeats_an_item_only_when_the_level_has_no_other():
    planned = planned_from([4])
    bank = bank_for(per_level=1)
    first = run_check(planned, bank, lambda item: True, seed="a")

    retake = run_check(planned, bank, lambda item: True, seed="b", seen_before=frozenset(r.item for r in first))

    assert [r.item for r in retake] == [r.item for r in first] == [400]


def test_a_level_without_items_ends_that_skill():
    planned = planned_from([2, 3])
    bank = {key: items for key, items in bank_for().items() if key != (SKILLS[0], 3)}

    responses = run_check(planned, bank, lambda item: True)

    assert [(r.skill, r.level) for r in responses] == [(SKILLS[0], 2), (SKILLS[1], 3), (SKILLS[1], 4)]


def test_skills_to_check_are_the_heaviest_rated_ones():
    requirements = [
        kc.Requirement("light", "Light", target=3, weight=1),
        kc.Requirement("heavy", "Heavy", target=2, weight=5),
        kc.Requirement("unrated", "Unrated", target=3, weight=5),
        kc.Requirement("not-asked", "Not asked", target=0, weight=5),
        kc.Requirement("heavy-high", "Heavy, high target", target=4, weight=5),
        *(kc.Requirement(f"mid-{n}", f"Mid {n}", target=2, weight=3) for n in range(5)),
    ]
    ratings = {"light": 4, "heavy": 2, "unrated": 0, "not-asked": 3, "heavy-high": 9} | {
        f"mid-{n}": 1 for n in range(5)
    }

    planned = kc.skills_to_check(requirements, ratings)

    assert [(p.skill, p.claimed) for p in planned] == [
        ("heavy-high", 4),
        ("heavy", 2),
        ("mid-0", 1),
        ("mid-1", 1),
        ("mid-2", 1),
    ]


@given(options=st.sets(st.integers(1, 10_000), min_size=3, max_size=5), seed=st.text(), item=st.integers(1, 10_000))
def test_option_order_is_a_stable_permutation(options, seed, item):
    order = kc.option_order(options, seed=seed, item=item)

    assert sorted(order) == sorted(options)
    assert kc.option_order(sorted(options, reverse=True), seed=seed, item=item) == order


def test_option_order_differs_between_candidates():
    orders = {tuple(kc.option_order([1, 2, 3, 4], seed=f"candidate-{n}", item=7)) for n in range(20)}

    assert len(orders) > 1


def test_minutes_estimate_rounds_up():
    assert [kc.minutes_estimate(n) for n in (0, 1, 3, 15)] == [0, 1, 2, 10]


def results(*pairs) -> tuple[kc.SkillResult, ...]:
    return tuple(
        kc.SkillResult(skill=f"s{n}", name=f"S{n}", claimed=claimed, checked=checked, items=2, correct=1)
        for n, (claimed, checked) in enumerate(pairs)
    )


def test_calibration_summary_counts_confirmed_and_over_rated_skills():
    summary = kc.calibration(results((3, 3), (2, 2), (4, 2), (3, 2), (1, 1), (2, 2), (3, 3))).summary

    assert summary == (
        "Your ratings were confirmed on 5 of 7 skills; on 2 you rated yourself higher than your answers support."
    )


@pytest.mark.parametrize(
    ("level", "pairs", "after", "direction"),
    [
        ("medium", [(4, 1), (4, 2), (3, 3)], "low", "lowered"),
        ("low", [(4, 1), (4, 2)], "low", "unchanged"),
        ("medium", [(3, 3), (2, 3)], "high", "raised"),
        ("high", [(3, 3), (2, 2)], "high", "unchanged"),
        ("medium", [(3, 3)], "medium", "unchanged"),
        ("medium", [(3, 2), (3, 3)], "medium", "unchanged"),
    ],
    ids=["mostly-over", "already-low", "all-confirmed", "already-high", "too-few", "mixed"],
)
def test_the_check_moves_confidence_by_one_step(level, pairs, after, direction):
    change = kc.confidence_after_check(level, kc.calibration(results(*pairs)))

    assert (change.after, change.direction) == (after, direction)


def test_checked_ratings_replace_only_the_checked_skills():
    ratings = {("skill", "s0"): 4, ("skill", "other"): 3, ("duty", "s0"): 2}

    checked = kc.checked_ratings(ratings, results((4, 1)), kind="skill")

    assert checked == {("skill", "s0"): 1, ("skill", "other"): 3, ("duty", "s0"): 2}


def test_item_statistics_share_correct_and_discrimination():
    rows = [
        kc.AnswerRow(item=1, correct=True, claimed=4, rest_correct=4, rest_items=4),
        kc.AnswerRow(item=1, correct=True, claimed=3, rest_correct=3, rest_items=4),
        kc.AnswerRow(item=1, correct=False, claimed=2, rest_correct=1, rest_items=4),
        kc.AnswerRow(item=1, correct=False, claimed=1, rest_correct=0, rest_items=4),
        kc.AnswerRow(item=1, correct=False, claimed=1, rest_correct=0, rest_items=4),
        *(kc.AnswerRow(item=2, correct=True, claimed=c, rest_correct=0, rest_items=2) for c in (1, 1, 2, 2, 3)),
        *(kc.AnswerRow(item=3, correct=c < 3, claimed=c, rest_correct=0, rest_items=0) for c in (1, 2, 3, 4, 4)),
    ]

    stats = kc.item_statistics(rows, shown={1: 6, 2: 5, 3: 5, 4: 2})

    assert (stats[1].shown, stats[1].answered, stats[1].share_correct) == (6, 5, 0.4)
    correct = [1, 1, 0, 0, 0]
    assert stats[1].discrimination_claimed == pytest.approx(statistics.correlation(correct, [4, 3, 2, 1, 1]))
    assert stats[1].discrimination_rest == pytest.approx(statistics.correlation(correct, [1, 0.75, 0.25, 0, 0]))
    assert stats[1].flags == ()
    assert (stats[2].share_correct, stats[2].discrimination_claimed, stats[2].flags) == (1.0, None, ("too easy",))
    assert stats[3].discrimination_rest is None
    assert stats[3].flags == ("negative discrimination",)
    assert (stats[4].shown, stats[4].answered, stats[4].share_correct, stats[4].flags) == (2, 0, None, ())


OVER_RATED_REASON = "on 2 of 2 checked skills your answers support a lower level than your rating."


@pytest.mark.parametrize(
    ("level", "pairs", "reason"),
    [
        (
            "medium",
            [(4, 1), (4, 2)],
            "Lowered by the knowledge check: " + OVER_RATED_REASON,
        ),
        (
            "low",
            [(4, 1), (4, 2)],
            "Low, and the knowledge check agrees: " + OVER_RATED_REASON,
        ),
        (
            "medium",
            [(3, 3), (2, 2)],
            "Raised by the knowledge check: your answers support your rating on all 2 checked skills.",
        ),
        (
            "high",
            [(3, 3), (2, 2)],
            "High, and the knowledge check agrees: your answers support your rating on all 2 checked skills.",
        ),
    ],
    ids=["lowered", "stays-low", "raised", "stays-high"],
)
def test_the_confidence_reason_says_what_the_check_did(level, pairs, reason):
    assert kc.confidence_after_check(level, kc.calibration(results(*pairs))).reason == reason
