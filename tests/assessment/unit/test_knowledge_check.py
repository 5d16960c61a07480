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
    return {p.skill: kc.checked_level(p.claimed, [r for r in responses if r.skill == p.skill]) for p in planned}


def verdicts(planned, responses) -> dict[str, kc.Verdict | None]:
    return {p.skill: kc.verdict(p.claimed, [r for r in responses if r.skill == p.skill]) for p in planned}


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
# As many skills as skills_to_check ever plans: each can get all its items within the cap.
planned_claims_strategy = st.lists(st.integers(1, 4), min_size=1, max_size=kc.CAP // kc.ITEMS_PER_SKILL)


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
@given(
    claims=planned_claims_strategy,
    right=st.sets(st.integers(0, 9999)),
    more=st.sets(st.integers(0, 9999)),
    seed=st.text(),
)
def test_more_correct_answers_never_lower_a_checked_level(claims, right, more, seed):
    planned = planned_from(claims)

    fewer = checked_by_skill(planned, run_check(planned, bank_for(), lambda item: item in right, seed=seed))
    most = checked_by_skill(planned, run_check(planned, bank_for(), lambda item: item in right | more, seed=seed))

    assert None not in fewer.values() and None not in most.values()
    assert [skill for skill in fewer if most[skill] < fewer[skill]] == []


@PROPERTY_SETTINGS
@given(claims=planned_claims_strategy, seed=st.text())
def test_an_all_right_candidate_is_always_confirmed_and_an_all_wrong_one_never(claims, seed):
    planned = planned_from(claims)

    all_right = verdicts(planned, run_check(planned, bank_for(), lambda item: True, seed=seed))
    all_wrong = verdicts(planned, run_check(planned, bank_for(), lambda item: False, seed=seed))

    for skill in planned:
        assert all_right[skill.skill].outcome in kc.MATCHED
        assert all_right[skill.skill].checked == skill.claimed  # one right answer above never raises it
        assert (all_wrong[skill.skill].outcome, all_wrong[skill.skill].checked) == (
            kc.OVER_RATED,
            max(skill.claimed - 2, 0),  # missed twice at c and once at c − 1: c − 2 is not ruled out
        )


@PROPERTY_SETTINGS
@given(claims=planned_claims_strategy, right=st.sets(st.integers(0, 9999)), seed=st.text())
def test_a_skill_is_confirmed_only_on_two_right_answers_at_the_claim(claims, right, seed):
    planned = planned_from(claims)

    responses = run_check(planned, bank_for(), lambda item: item in right, seed=seed)

    for skill, found in verdicts(planned, responses).items():
        at_claim = [r for r in responses if r.skill == skill and r.level == level_of_claim(planned, skill)]
        right_at_claim = sum(1 for r in at_claim if r.correct)
        assert (found.outcome in kc.MATCHED) == (right_at_claim >= 2)
        assert len(at_claim) in (2, 3) and len([r for r in responses if r.skill == skill]) <= kc.ITEMS_PER_SKILL


def level_of_claim(planned, skill) -> int:
    return next(p.claimed for p in planned if p.skill == skill)


@PROPERTY_SETTINGS
@given(claims=claims_strategy, right=st.sets(st.integers(0, 9999)), seed=st.text())
def test_the_same_seed_and_answers_draw_the_same_items(claims, right, seed):
    planned = planned_from(claims)

    first = run_check(planned, bank_for(), lambda item: item in right, seed=seed)
    second = run_check(planned, bank_for(), lambda item: item in right, seed=seed)

    assert first == second


@pytest.mark.parametrize(
    ("claimed", "answers", "asked", "outcome", "checked"),
    [
        (2, [True, True, False], [2, 2, 3], kc.CONFIRMED, 2),
        (2, [True, True, True], [2, 2, 3], kc.UNDER_RATED, 2),
        (4, [True, True], [4, 4], kc.CONFIRMED, 4),
        (3, [True, False, True], [3, 3, 3], kc.CONFIRMED, 3),
        (3, [False, True, False], [3, 3, 3], kc.UNSETTLED, 3),
        (3, [False, False, True], [3, 3, 2], kc.OVER_RATED, 2),
        (3, [False, False, False], [3, 3, 2], kc.OVER_RATED, 1),
        (1, [False, False], [1, 1], kc.OVER_RATED, 0),
    ],
    ids=[
        "two-right",
        "two-right-and-above",
        "two-right-at-4",
        "tie-break-won",
        "tie-break-lost",
        "located-below",
        "all-wrong",
        "all-wrong-at-1",
    ],
)
def test_two_items_at_the_claim_then_a_third_decided_by_them(claimed, answers, asked, outcome, checked):
    answer_for = iter(answers)

    responses = run_check(planned_from([claimed]), bank_for(), lambda item: next(answer_for))

    assert [r.level for r in responses] == asked
    found = kc.verdict(claimed, responses)
    assert (found.outcome, found.checked) == (outcome, checked)


def response_list(*answers) -> list[kc.Response]:
    return [kc.Response("python", level, n, correct) for n, (level, correct) in enumerate(answers)]


@pytest.mark.parametrize(
    ("claimed", "answers", "outcome", "checked", "meaning"),
    [
        (
            4,
            [(4, True), (4, True)],
            kc.CONFIRMED,
            4,
            "Confirmed: you answered both level-4 questions right.",
        ),
        (
            2,
            [(2, True), (2, True), (3, False)],
            kc.CONFIRMED,
            2,
            "Confirmed: you answered both level-2 questions right and missed the level-3 one.",
        ),
        (
            2,
            [(2, True), (2, False), (2, True)],
            kc.CONFIRMED,
            2,
            "Confirmed: you answered 2 of the 3 level-2 questions right.",
        ),
        (
            2,
            [(2, True), (2, True), (3, True)],
            kc.UNDER_RATED,
            2,
            "Confirmed: you answered both level-2 questions right, and the level-3 one too: you may be "
            "underselling this skill. The figures as checked keep your rating.",
        ),
        (
            2,
            [(2, True), (2, True), (3, True), (4, True)],
            kc.UNDER_RATED,
            4,
            "Confirmed: you answered both level-2 questions right, and 2 questions above it. Your answers "
            "support level 4: the figures as checked use it.",
        ),
        (
            3,
            [(3, False), (3, False), (2, True)],
            kc.OVER_RATED,
            2,
            "You missed both level-3 questions and answered the level-2 one right: your answers support level 2. "
            "Treat level 3 as a claim to back with real work. The figures as checked use level 2; your learning "
            "plan still starts from your rating, so add work on this skill yourself if the explanations below "
            "show gaps.",
        ),
        (
            4,
            [(4, False), (4, False), (3, False)],
            kc.OVER_RATED,
            2,
            "None of your 3 answers (levels 3–4) was right; level 2 is the highest not ruled out, and it was "
            "not asked. Treat level 4 as a claim to back with real work. The figures as checked use level 2; "
            "your learning plan still starts from your rating, so add work on this skill yourself if the "
            "explanations below show gaps.",
        ),
        (
            1,
            [(1, False), (1, False)],
            kc.OVER_RATED,
            0,
            "None of your 2 answers (level 1) was right, so no level is confirmed. Treat level 1 as a claim to "
            "back with real work. The figures as checked use level 0; your learning plan still starts from your "
            "rating, so add work on this skill yourself if the explanations below show gaps.",
        ),
        (
            3,
            [(3, True), (3, False), (3, False)],
            kc.UNSETTLED,
            3,
            "Not settled: you answered 1 of the 3 level-3 questions right, too mixed to confirm or correct your "
            "rating. The figures as checked keep your rating.",
        ),
        (
            3,
            [(3, True)],
            kc.UNSETTLED,
            3,
            "Not settled: one question at level 3 is too few to confirm or correct your rating. The figures as "
            "checked keep your rating.",
        ),
    ],
    ids=[
        "both",
        "both-missed-above",
        "tie-break",
        "may-be-higher",
        "raised-on-two-above",
        "located-below",
        "none-right",
        "none-right-at-1",
        "unsettled",
        "stopped-after-one",
    ],
)
def test_the_verdict_says_what_the_answers_show_and_only_that(claimed, answers, outcome, checked, meaning):
    found = kc.verdict(claimed, response_list(*answers))

    assert (found.outcome, found.checked, found.meaning) == (outcome, checked, meaning)


def test_nothing_answered_has_no_verdict():
    assert (kc.verdict(3, []), kc.checked_level(3, [])) == (None, None)


def test_an_unsettled_skill_keeps_the_rating_the_report_uses_and_a_changed_rating_is_named():
    planned = (kc.PlannedSkill("a", "A", claimed=3), kc.PlannedSkill("b", "B", claimed=3))
    responses = [
        kc.Response("a", 3, 1, True),
        kc.Response("a", 3, 2, False),
        kc.Response("a", 3, 3, False),
        kc.Response("b", 3, 4, True),
        kc.Response("b", 3, 5, True),
    ]

    a, b = kc.skill_results(planned, responses, {"a": 2, "b": 4})

    assert (a.outcome, a.claimed, a.checked, a.rated_when_checked) == (kc.UNSETTLED, 2, 2, 3)
    assert (b.outcome, b.claimed, b.checked) == (kc.CONFIRMED, 4, 3)
    assert b.meaning.endswith("(You rated it 3 when checked; the report uses your rating of 4.)")


def test_a_retake_draws_items_not_seen_before_while_the_bank_has_them():
    planned = planned_from([3])
    bank = bank_for(per_level=4)
    first = run_check(planned, bank, lambda item: True, seed="first")

    retake = run_check(planned, bank, lambda item: True, seed="first", seen_before=frozenset(r.item for r in first))

    assert [r.level for r in retake] == [r.level for r in first]
    assert {r.item for r in retake} & {r.item for r in first} == set()


def test_a_retake_repeats_an_item_only_when_the_level_has_no_other():
    planned = planned_from([4])
    bank = bank_for(per_level=2)
    first = run_check(planned, bank, lambda item: True, seed="a")

    retake = run_check(planned, bank, lambda item: True, seed="b", seen_before=frozenset(r.item for r in first))

    assert sorted(r.item for r in retake) == sorted(r.item for r in first) == [400, 401]


def test_a_level_without_items_ends_that_skill():
    planned = planned_from([2, 3])
    bank = {key: items for key, items in bank_for().items() if key != (SKILLS[0], 3)}

    responses = run_check(planned, bank, lambda item: True)

    assert [(r.skill, r.level) for r in responses] == [
        (SKILLS[0], 2),
        (SKILLS[0], 2),
        (SKILLS[1], 3),
        (SKILLS[1], 3),
        (SKILLS[1], 4),
    ]


def test_a_level_with_one_item_leaves_the_skill_unsettled():
    planned = planned_from([2])
    bank = bank_for(per_level=1)

    responses = run_check(planned, bank, lambda item: True)

    assert [r.level for r in responses] == [2]
    assert kc.verdict(2, responses).outcome == kc.UNSETTLED


@PROPERTY_SETTINGS
@given(requirements=requirements_strategy, ratings=ratings_strategy, only=st.sets(st.sampled_from(SKILLS)))
def test_skills_to_check_restricted_to_some_skills_are_the_unrestricted_rule_over_those_alone(
    requirements, ratings, only
):
    restricted = kc.skills_to_check(requirements, ratings, only=only)

    among = [r for r in requirements if r.skill in only]
    assert restricted == kc.skills_to_check(among, ratings)
    assert {p.skill for p in restricted} <= only


def test_a_focused_check_keeps_the_cap_and_the_heaviest_first_order():
    requirements = [kc.Requirement(f"s-{n}", f"S {n}", target=2, weight=n) for n in range(1, 9)]
    ratings = {f"s-{n}": 1 for n in range(1, 9)} | {"s-8": 0}
    only = {"s-2", "s-3", "s-4", "s-5", "s-6", "s-7", "s-8", "not-in-the-profile"}

    planned = kc.skills_to_check(requirements, ratings, only=only)

    assert [p.skill for p in planned] == ["s-7", "s-6", "s-5", "s-4", "s-3"]


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


def test_minutes_estimate_is_an_upper_bound_slower_at_levels_3_and_4():
    def minutes(*claims):
        return kc.minutes_estimate(planned_from(claims))

    assert minutes() == 0
    assert minutes(1) == 2  # 40 + 40 + 40 seconds
    assert minutes(2) == 3  # 40 + 40 + 60 (the third may be at level 3)
    assert minutes(4, 4, 4, 4, 4) == 15  # fifteen items of 60 seconds
    assert minutes(2, 2, 2, 2, 2) == 12
    assert kc.minutes_estimate(planned_from([4, 4]), cap=4) == 4  # never more items than the cap


OUTCOME_OF = {"c": kc.CONFIRMED, "u": kc.UNDER_RATED, "o": kc.OVER_RATED, "?": kc.UNSETTLED}


def results(outcomes: str, *, claimed=4, checked=2) -> tuple[kc.SkillResult, ...]:
    """One skill per letter of `outcomes` (c confirmed, u under, o over, ? unsettled)."""
    return tuple(
        kc.SkillResult(
            skill=f"s{n}",
            name=f"S{n}",
            claimed=claimed,
            checked=checked if letter == "o" else claimed,
            items=3,
            correct=1,
            outcome=OUTCOME_OF[letter],
            meaning="",
            rated_when_checked=claimed,
        )
        for n, letter in enumerate(outcomes)
    )


@pytest.mark.parametrize(
    ("outcomes", "summary"),
    [
        (
            "ccoucc?",
            (
                "Your answers matched your rating on 5 of 7 skills; on 1 of these you also answered the question one "
                "level above right; on 1 you missed the questions at your rated level; on 1 your answers did not "
                "settle it."
            ),
        ),
        ("c", "Your answers matched your rating on 1 of 1 skill."),
        ("oo", "Your answers matched your rating on 0 of 2 skills; on 2 you missed the questions at your rated level."),
    ],
    ids=["every-outcome", "one-confirmed", "all-over"],
)
def test_calibration_summary_counts_each_outcome(outcomes, summary):
    result = kc.calibration(results(outcomes))

    assert result.summary == summary
    assert result.confirmed + result.under + result.over + result.unsettled == result.checked


@pytest.mark.parametrize(
    ("level", "outcomes", "after", "direction"),
    [
        ("medium", "ooc", "low", "lowered"),
        ("low", "oo", "low", "unchanged"),
        ("medium", "o", "medium", "unchanged"),
        ("medium", "oc", "medium", "unchanged"),
        ("medium", "oo???", "medium", "unchanged"),
        ("medium", "cu", "high", "raised"),
        ("high", "cc", "high", "unchanged"),
        ("medium", "c", "medium", "unchanged"),
        ("medium", "cc?", "medium", "unchanged"),
        ("medium", "co", "medium", "unchanged"),
    ],
    ids=[
        "mostly-over",
        "already-low",
        "one-over-is-not-enough",
        "half-over",
        "over-not-the-majority",
        "all-confirmed",
        "already-high",
        "too-few",
        "one-unsettled",
        "mixed",
    ],
)
def test_the_check_moves_confidence_by_one_step(level, outcomes, after, direction):
    change = kc.confidence_after_check(level, kc.calibration(results(outcomes)))

    assert (change.after, change.direction) == (after, direction)


def test_checked_ratings_replace_only_the_checked_skills():
    ratings = {("skill", "s0"): 4, ("skill", "other"): 3, ("duty", "s0"): 2}

    checked = kc.checked_ratings(ratings, results("o", claimed=4, checked=1), kind="skill")

    assert checked == {("skill", "s0"): 1, ("skill", "other"): 3, ("duty", "s0"): 2}


def test_item_statistics_share_correct_and_discrimination_against_the_other_skills():
    rows = [
        kc.AnswerRow(item=1, correct=True, claimed=4, other_skills_checked=3.5),
        kc.AnswerRow(item=1, correct=True, claimed=3, other_skills_checked=3.0),
        kc.AnswerRow(item=1, correct=False, claimed=2, other_skills_checked=2.0),
        kc.AnswerRow(item=1, correct=False, claimed=1, other_skills_checked=1.0),
        kc.AnswerRow(item=1, correct=False, claimed=1, other_skills_checked=None),
    ]

    stats = kc.item_statistics(rows, shown={1: 6, 4: 2})

    assert (stats[1].shown, stats[1].answered, stats[1].share_correct) == (6, 5, 0.4)
    assert stats[1].discrimination_claimed == pytest.approx(statistics.correlation([1, 1, 0, 0, 0], [4, 3, 2, 1, 1]))
    # The answer without another checked skill has no criterion: left out of the correlation.
    assert stats[1].discrimination_other_skills == pytest.approx(
        statistics.correlation([1, 1, 0, 0], [3.5, 3.0, 2.0, 1.0])
    )
    assert stats[1].flags == ()
    assert (stats[4].shown, stats[4].answered, stats[4].share_correct, stats[4].flags) == (2, 0, None, ())


def answers(n, *, right, criterion=lambda index: 2.0, claimed=lambda index: 2) -> list[kc.AnswerRow]:
    return [
        kc.AnswerRow(item=1, correct=right(i), claimed=claimed(i), other_skills_checked=criterion(i)) for i in range(n)
    ]


@pytest.mark.parametrize(
    ("rows", "flags"),
    [
        (answers(19, right=lambda i: True), ()),
        (answers(20, right=lambda i: True), ("too easy",)),
        (answers(20, right=lambda i: i < 18), ()),  # 0.90 is not above 0.90
        (answers(19, right=lambda i: False), ()),
        (answers(20, right=lambda i: i < 3), ("too hard",)),  # 0.15
        (answers(20, right=lambda i: i < 4), ()),  # 0.20 is not below 0.20
    ],
    ids=["easy-19", "easy-20", "easy-at-threshold", "hard-19", "hard-20", "hard-at-threshold"],
)
def test_share_flags_wait_for_twenty_answers(rows, flags):
    assert kc.item_statistics(rows, shown={})[1].flags == flags


def stronger_elsewhere_get_it_wrong(n) -> list[kc.AnswerRow]:
    """Half right; those right have the lower checked levels on their other skills (r = −1)."""
    return answers(n, right=lambda i: i % 2 == 0, criterion=lambda i: 1.0 if i % 2 == 0 else 3.0)


def test_negative_discrimination_flags_from_thirty_answers_on_the_other_skills_only():
    assert kc.item_statistics(stronger_elsewhere_get_it_wrong(29), shown={})[1].flags == ()
    assert kc.item_statistics(stronger_elsewhere_get_it_wrong(30), shown={})[1].flags == ("negative discrimination",)
    # Against the claimed level alone (routing biases it): shown, never flagged.
    by_claim_only = answers(40, right=lambda i: i % 2 == 0, claimed=lambda i: 1 if i % 2 == 0 else 4)
    stats = kc.item_statistics(by_claim_only, shown={})[1]
    assert (stats.discrimination_claimed, stats.flags) == (pytest.approx(-1.0), ())


def test_a_slightly_negative_discrimination_is_noise_not_a_flag():
    # Levels 0–4 elsewhere spread evenly over right and wrong, one wrong answer a level higher: r ≈ −0.04.
    rows = answers(40, right=lambda i: i % 2 == 0, criterion=lambda i: float(i % 5) + (2.0 if i == 1 else 0.0))
    stats = kc.item_statistics(rows, shown={})[1]

    assert -0.10 < stats.discrimination_other_skills < 0
    assert stats.flags == ()


OVER_RATED_REASON = "on 2 of 2 checked skills you missed the questions at your rated level."


@pytest.mark.parametrize(
    ("level", "outcomes", "reason"),
    [
        (
            "medium",
            "oo",
            "Lowered by the knowledge check: " + OVER_RATED_REASON,
        ),
        (
            "low",
            "oo",
            "Low, and the knowledge check agrees: " + OVER_RATED_REASON,
        ),
        (
            "medium",
            "cu",
            "Raised by the knowledge check: your answers were at or above your rating on all 2 checked skills.",
        ),
        (
            "high",
            "cc",
            "High, and the knowledge check agrees: your answers were at or above your rating on all 2 checked skills.",
        ),
    ],
    ids=["lowered", "stays-low", "raised", "stays-high"],
)
def test_the_confidence_reason_says_what_the_check_did(level, outcomes, reason):
    assert kc.confidence_after_check(level, kc.calibration(results(outcomes))).reason == reason
