"""The knowledge check: which skills it asks, which item comes next, and what the answers show. No Django.

The rule, in full:

Skills asked
    The target profile's skills with a target above 0, the candidate rated at 1 or
    more, heaviest first (weight, then target, then the profile's order); at most
    ``CAP // ITEMS_PER_SKILL`` of them. A skill rated 0 is never asked: there is no
    claim to check.

The staircase, per skill (at most ``ITEMS_PER_SKILL`` items)
    The first item is at the claimed level c (1–4). After a correct answer at level
    ℓ the next item is at ℓ + 1, after a wrong one at ℓ − 1. The skill stops when the
    next level is outside 1–4, when it was already answered the other way (the
    candidate is bracketed between a level passed and the one above it failed), when
    the bank has no active item at that level, or after ``ITEMS_PER_SKILL`` items.
    Skills are asked one after the other, in the order above; the whole check never
    asks more than ``CAP`` items.

The checked level
    checked = max{ℓ : an item at ℓ was answered correctly}; when no answer was
    correct, checked = min{ℓ : an item at ℓ was answered wrongly} − 1.
    On a staircase both readings agree when both exist (the levels passed and failed
    are adjacent), and the second one is only needed when every answer was wrong:
    the level below the lowest failed one was not disproved. More correct answers
    never lower a checked level.

Calibration, per checked skill
    confirmed when checked = claimed; over-rated when checked < claimed (the answers
    support a lower level than the rating); under-rated when checked > claimed.

Confidence
    The check moves the consistency signals' confidence (scoring.assess_confidence)
    by one step: down when more than half of the checked skills were over-rated,
    up when every checked skill was confirmed or under-rated and at least
    ``CONFIRMING_MINIMUM`` skills were checked; otherwise it stays.

Which item at a level
    The candidate's seed picks, with a random generator seeded by
    "<seed>:<skill>:<level>", one of the active items not shown to this candidate
    in an earlier assessment; only when every item at that level was shown before
    does it pick among all of them. Options are shuffled by "<seed>:<item>".
    The same seed, bank and answers always give the same items in the same order.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

LEVEL_LOWEST = 1
LEVEL_HIGHEST = 4
CAP = 15  # items in one check
ITEMS_PER_SKILL = 3
SECONDS_PER_ITEM = 40  # a short scenario read and answered; 15 items make about 10 minutes
CONFIRMING_MINIMUM = 2

CONFIRMED = "confirmed"
OVER_RATED = "over"
UNDER_RATED = "under"

CONFIDENCE_STEPS = ("low", "medium", "high")


@dataclass(frozen=True)
class Requirement:
    """One skill of the target profile, as the check needs it."""

    skill: str
    name: str
    target: int
    weight: int


@dataclass(frozen=True)
class PlannedSkill:
    skill: str
    name: str
    claimed: int


@dataclass(frozen=True)
class Response:
    """An item asked: its skill and level, and whether it was answered correctly (None: not answered yet)."""

    skill: str
    level: int
    item: int
    correct: bool | None


@dataclass(frozen=True)
class Pick:
    skill: str
    level: int
    item: int


def skills_to_check(
    requirements: Iterable[Requirement], ratings: Mapping[str, int], *, cap: int = CAP
) -> tuple[PlannedSkill, ...]:
    """The skills the check asks, heaviest first; never one rated 0 or not at all."""
    eligible = [
        (index, requirement)
        for index, requirement in enumerate(requirements)
        if requirement.target > 0 and requirement.weight > 0 and ratings.get(requirement.skill, 0) >= LEVEL_LOWEST
    ]
    eligible.sort(key=lambda pair: (-pair[1].weight, -pair[1].target, pair[0]))
    return tuple(
        PlannedSkill(skill=r.skill, name=r.name, claimed=min(ratings[r.skill], LEVEL_HIGHEST))
        for _, r in eligible[: cap // ITEMS_PER_SKILL]
    )


def max_items(planned: Sequence[PlannedSkill], *, cap: int = CAP) -> int:
    """The most items the check can ask this candidate: what the page promises."""
    return min(cap, ITEMS_PER_SKILL * len(planned))


def minutes_estimate(items: int) -> int:
    """Whole minutes for `items` items at SECONDS_PER_ITEM each, rounded up."""
    return -(-items * SECONDS_PER_ITEM // 60)


def next_level(claimed: int, responses: Sequence[Response]) -> int | None:
    """The level of the skill's next item, or None when the skill is done (rule: module docstring).

    `responses` are the skill's answered items in the order asked.
    """
    if not responses:
        return min(max(claimed, LEVEL_LOWEST), LEVEL_HIGHEST)
    if len(responses) >= ITEMS_PER_SKILL:
        return None
    last = responses[-1]
    level = last.level + 1 if last.correct else last.level - 1
    if not LEVEL_LOWEST <= level <= LEVEL_HIGHEST:
        return None
    if any(r.level == level and bool(r.correct) != bool(last.correct) for r in responses):
        return None  # bracketed: passed one level, failed the one above it
    return level


def checked_level(responses: Iterable[Response]) -> int | None:
    """The highest level the answers support (formula: module docstring); None when nothing was answered."""
    answered = [r for r in responses if r.correct is not None]
    if not answered:
        return None
    passed = [r.level for r in answered if r.correct]
    if passed:
        return max(passed)
    return min(r.level for r in answered) - 1


def next_pick(
    planned: Sequence[PlannedSkill],
    responses: Sequence[Response],
    bank: Mapping[tuple[str, int], Sequence[int]],
    *,
    seed: str,
    seen_before: frozenset[int] = frozenset(),
    cap: int = CAP,
) -> Pick | None:
    """The next item to ask, or None when the check is over.

    `responses` are every item asked so far, in order, all answered; `bank` holds the
    active item ids by (skill, level); `seen_before` the items this candidate was shown
    in earlier assessments.
    """
    if len(responses) >= cap:
        return None
    asked = {r.item for r in responses}
    for skill in planned:
        own = [r for r in responses if r.skill == skill.skill]
        level = next_level(skill.claimed, own)
        if level is None:
            continue
        candidates = [item for item in sorted(bank.get((skill.skill, level), ())) if item not in asked]
        if not candidates:
            continue  # the bank has nothing (left) at this level: the skill stops here
        fresh = [item for item in candidates if item not in seen_before]
        generator = random.Random(f"{seed}:{skill.skill}:{level}")  # noqa: S311 (a draw, not a secret)
        return Pick(skill=skill.skill, level=level, item=generator.choice(fresh or candidates))
    return None


def option_order(option_ids: Iterable[int], *, seed: str, item: int) -> list[int]:
    """The item's options in the order this candidate sees them."""
    order = sorted(option_ids)
    random.Random(f"{seed}:{item}").shuffle(order)  # noqa: S311 (an order, not a secret)
    return order


@dataclass(frozen=True)
class SkillResult:
    skill: str
    name: str
    claimed: int
    checked: int
    items: int
    correct: int

    @property
    def outcome(self) -> str:
        if self.checked == self.claimed:
            return CONFIRMED
        return OVER_RATED if self.checked < self.claimed else UNDER_RATED

    @property
    def meaning(self) -> str:
        """What the difference means, in the report's words."""
        difference = self.claimed - self.checked
        if difference == 0:
            return "Confirmed: your answers support the level you claimed."
        if difference < 0:
            return (
                "Your answers support a higher level than you claimed: you may be underselling this skill. "
                "The figures as checked use the higher level."
            )
        levels = "one level" if difference == 1 else f"{difference} levels"
        return (
            f"Your answers support {levels} below your rating. Treat level {self.claimed} as a claim to back with "
            f"real work, and plan from level {self.checked}: the figures as checked do."
        )


def skill_results(
    planned: Sequence[PlannedSkill], responses: Sequence[Response], ratings: Mapping[str, int]
) -> tuple[SkillResult, ...]:
    """Claimed against checked for every skill with at least one answer. Claimed is the rating
    as the report uses it (the candidate may have changed it after the check)."""
    results = []
    for skill in planned:
        own = [r for r in responses if r.skill == skill.skill and r.correct is not None]
        checked = checked_level(own)
        if checked is None:
            continue
        results.append(
            SkillResult(
                skill=skill.skill,
                name=skill.name,
                claimed=ratings.get(skill.skill, skill.claimed),
                checked=checked,
                items=len(own),
                correct=sum(1 for r in own if r.correct),
            )
        )
    return tuple(results)


@dataclass(frozen=True)
class Calibration:
    checked: int
    confirmed: int
    over: int
    under: int

    @property
    def summary(self) -> str:
        """The report's calibration line."""
        if not self.checked:
            return "No skill was checked."
        line = f"Your ratings were confirmed on {self.confirmed} of {self.checked} skill{_s(self.checked)}"
        parts = []
        if self.over:
            parts.append(f"on {self.over} you rated yourself higher than your answers support")
        if self.under:
            parts.append(f"on {self.under} your answers support a higher level than you claimed")
        return line + ("; " + "; ".join(parts) if parts else "") + "."


def calibration(results: Sequence[SkillResult]) -> Calibration:
    return Calibration(
        checked=len(results),
        confirmed=sum(1 for r in results if r.outcome == CONFIRMED),
        over=sum(1 for r in results if r.outcome == OVER_RATED),
        under=sum(1 for r in results if r.outcome == UNDER_RATED),
    )


@dataclass(frozen=True)
class ConfidenceChange:
    before: str
    after: str
    reason: str

    @property
    def direction(self) -> str:
        order = CONFIDENCE_STEPS.index
        if order(self.after) == order(self.before):
            return "unchanged"
        return "raised" if order(self.after) > order(self.before) else "lowered"


def confidence_after_check(level: str, result: Calibration) -> ConfidenceChange:
    """The consistency signals' confidence moved by the check (rule: module docstring)."""
    index = CONFIDENCE_STEPS.index(level)
    if result.checked and result.over * 2 > result.checked:
        after = CONFIDENCE_STEPS[max(index - 1, 0)]
        why = f"on {result.over} of {result.checked} checked skills your answers support a lower level than your rating"
        reason = (
            f"Lowered by the knowledge check: {why}."
            if after != level
            else f"Low, and the knowledge check agrees: {why}."
        )
    elif result.checked >= CONFIRMING_MINIMUM and result.over == 0:
        after = CONFIDENCE_STEPS[min(index + 1, len(CONFIDENCE_STEPS) - 1)]
        why = f"your answers support your rating on all {result.checked} checked skills"
        reason = (
            f"Raised by the knowledge check: {why}."
            if after != level
            else f"High, and the knowledge check agrees: {why}."
        )
    else:
        after = level
        reason = (
            "The knowledge check neither raised nor lowered it: too few skills were checked, or the results were mixed."
        )
    return ConfidenceChange(before=level, after=after, reason=reason)


def checked_ratings(ratings: Mapping[tuple[str, str], int], results: Iterable[SkillResult], *, kind: str) -> dict:
    """The ratings with each checked skill's checked level in place of the claim: the "as checked" inputs."""
    return {**ratings, **{(kind, r.skill): r.checked for r in results}}


# --- Item statistics for curators --------------------------------------------------------

TOO_EASY = 0.9  # share correct above which an item hardly separates anyone
TOO_HARD = 0.2  # share correct below which it may be wrong or ambiguous
STATISTICS_MINIMUM = 5  # answers before an item is flagged at all


@dataclass(frozen=True)
class AnswerRow:
    """One answered item, for the statistics: the candidate's claimed level and the rest of their check."""

    item: int
    correct: bool
    claimed: int
    rest_correct: int  # correct answers on the candidate's other items in the same check
    rest_items: int


@dataclass(frozen=True)
class ItemStatistics:
    item: int
    shown: int
    answered: int
    share_correct: float | None
    discrimination_claimed: float | None  # correlation of correct (0/1) with the claimed level
    discrimination_rest: float | None  # correlation of correct with the share correct on the rest of the check
    flags: tuple[str, ...]


def item_statistics(rows: Iterable[AnswerRow], *, shown: Mapping[int, int]) -> dict[int, ItemStatistics]:
    """Per item: share correct, and its discrimination as Pearson correlations (point-biserial)
    between answering it correctly (1/0) and (a) the candidate's claimed level of the skill,
    (b) the share correct on the rest of the candidate's check. None when undefined (fewer than
    two answers, or no variation). Flags: "too easy" (share > TOO_EASY), "too hard"
    (share < TOO_HARD), "negative discrimination" (either correlation below 0), each only after
    STATISTICS_MINIMUM answers."""
    by_item: dict[int, list[AnswerRow]] = {}
    for row in rows:
        by_item.setdefault(row.item, []).append(row)
    statistics = {}
    for item in sorted(set(shown) | set(by_item)):
        answers = by_item.get(item, [])
        correct = [1.0 if r.correct else 0.0 for r in answers]
        share = sum(correct) / len(correct) if correct else None
        by_claim = _correlation(correct, [float(r.claimed) for r in answers])
        rest = [(r.rest_correct / r.rest_items, c) for r, c in zip(answers, correct, strict=True) if r.rest_items]
        by_rest = _correlation([c for _, c in rest], [x for x, _ in rest])
        flags = []
        if len(answers) >= STATISTICS_MINIMUM:
            if share > TOO_EASY:
                flags.append("too easy")
            if share < TOO_HARD:
                flags.append("too hard")
            if (by_claim is not None and by_claim < 0) or (by_rest is not None and by_rest < 0):
                flags.append("negative discrimination")
        statistics[item] = ItemStatistics(
            item=item,
            shown=shown.get(item, len(answers)),
            answered=len(answers),
            share_correct=share,
            discrimination_claimed=by_claim,
            discrimination_rest=by_rest,
            flags=tuple(flags),
        )
    return statistics


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread_x = sum((x - mean_x) ** 2 for x in xs)
    spread_y = sum((y - mean_y) ** 2 for y in ys)
    if spread_x == 0 or spread_y == 0:
        return None
    return covariance / (spread_x * spread_y) ** 0.5


def _s(count: int) -> str:
    return "" if count == 1 else "s"
