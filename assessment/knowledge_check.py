"""The knowledge check: which skills it asks, which item comes next, and what the answers show. No Django.

The rule, in full:

Skills asked
    The target profile's skills with a target above 0, the candidate rated at 1 or
    more, heaviest first (weight, then target, then the profile's order); at most
    ``CAP // ITEMS_PER_SKILL`` of them, so every skill asked can get all its items.
    A skill rated 0 is never asked: there is no claim to check. A focused re-check
    (a learning plan's finished skills) asks only among the skills it names, by the
    same rule.

The confirmation design, per skill (at most ``ITEMS_PER_SKILL`` = 3 items)
    Items 1 and 2 are at the claimed level c (1–4). Item 3 depends on them:
      - 2 of 2 right: item 3 one level above (c + 1), only when c < 4. A right
        answer there adds "may be higher"; it never lowers or settles anything.
      - 0 of 2 right: item 3 one level below (c − 1), only when c > 1, to locate
        the level.
      - 1 of 2 right: item 3 at c again, as the tie-break.
    A skill also stops early when the bank has no active item left at the level
    due. Skills are asked one after the other, in the order above; the whole check
    never asks more than ``CAP`` items.
    Why not a free staircase: with one item per level a single guessable answer
    (a guess is right 1 time in 4) decided "confirmed" or "over-rated". Two items
    at the claim make a guess confirm a rating about 1 time in 16 (plus the
    tie-break's share, about 16 % in all), while a candidate who is right 85 % of
    the time at their true level is confirmed about 94 % of the time.

Outcome and checked level, per skill
    With a right and n asked at the claimed level c (the rating when the check started):
      - confirmed: a ≥ 2 and a > n / 2 (2 of 2, or 2 of 3). Checked = c. When a
        question above c was also answered right the outcome is "under" (you may be
        underselling it), but the checked level rises above c only when at least
        ``RAISE_MINIMUM`` answers above c were right: it is then the highest level
        above c answered right. (The design asks at most one item above c, so in
        practice the checked level stays c.)
      - over: a = 0 and n ≥ 2, i.e. both questions at the rated level missed.
        Checked = the highest level below c answered right, when there is one (your
        answers support it); otherwise min{ℓ : an item at ℓ was answered wrongly} − 1,
        which is the highest level not ruled out, not a level the answers support:
        it was not asked.
      - unsettled: anything else (1 of 3 after the tie-break, or a skill stopped
        after one item or one of each). Checked = the rating the report uses: the
        figures as checked keep it.
    More correct answers never lower a checked level: at the claim, one more right
    answer moves "over" to "unsettled" or "confirmed" (checked c) and "unsettled"
    to "confirmed"; below it, a right answer at c − 1 gives c − 1 instead of c − 2.

Calibration and confidence
    The calibration counts the outcomes. The check moves the consistency signals'
    confidence (scoring.assess_confidence) by one step: down when at least
    ``CONFIRMING_MINIMUM`` skills were over-rated and they are more than half of the
    checked skills; up when at least ``CONFIRMING_MINIMUM`` skills were checked and
    every one was confirmed or under; otherwise it stays. Unsettled skills count as
    checked but are evidence neither way, so they can only keep it where it is.

Which item at a level
    The candidate's seed picks, with a random generator seeded by
    "<seed>:<skill>:<level>", one of the active items not yet asked in this check
    and not shown to this candidate in an earlier assessment; only when every item
    at that level was shown before does it pick among all those not yet asked.
    Options are shuffled by "<seed>:<item>". The same seed, bank and answers always
    give the same items in the same order.

Time estimate
    ``SECONDS_BY_LEVEL``: 40 s for levels 1–2, 60 s for levels 3–4. The bank's items
    have a median of about 320 (level 1) to 460 (levels 3–4) characters of stem and
    options, often with code, and the level 3–4 items are scenarios to reason
    through. The offer adds up, per skill asked, the slowest items it may get (two
    at c and one at c + 1) and says "up to about" that many minutes: an upper bound,
    not a promise. Replace the figures with the medians measured from the answers'
    ``seconds`` per level once there are enough of them.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

LEVEL_LOWEST = 1
LEVEL_HIGHEST = 4
CAP = 15  # items in one check
ITEMS_PER_SKILL = 3
AT_CLAIM = 2  # items at the claimed level before the third is chosen
RAISE_MINIMUM = 2  # right answers above the claim before the checked level rises above it
SECONDS_BY_LEVEL = {1: 40, 2: 40, 3: 60, 4: 60}  # an item read and answered (module docstring)
CONFIRMING_MINIMUM = 2

CONFIRMED = "confirmed"
OVER_RATED = "over"
UNDER_RATED = "under"  # confirmed, and a question above the claim answered right too
UNSETTLED = "unsettled"
MATCHED = frozenset({CONFIRMED, UNDER_RATED})  # the outcomes in which the rating was confirmed

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
    requirements: Iterable[Requirement],
    ratings: Mapping[str, int],
    *,
    cap: int = CAP,
    only: Collection[str] | None = None,
) -> tuple[PlannedSkill, ...]:
    """The skills the check asks, heaviest first; never one rated 0 or not at all.
    With `only`, none outside those skills (a focused re-check)."""
    eligible = [
        (index, requirement)
        for index, requirement in enumerate(requirements)
        if requirement.target > 0
        and requirement.weight > 0
        and ratings.get(requirement.skill, 0) >= LEVEL_LOWEST
        and (only is None or requirement.skill in only)
    ]
    eligible.sort(key=lambda pair: (-pair[1].weight, -pair[1].target, pair[0]))
    return tuple(
        PlannedSkill(skill=r.skill, name=r.name, claimed=min(ratings[r.skill], LEVEL_HIGHEST))
        for _, r in eligible[: cap // ITEMS_PER_SKILL]
    )


def max_items(planned: Sequence[PlannedSkill], *, cap: int = CAP) -> int:
    """The most items the check can ask this candidate: what the page promises."""
    return min(cap, ITEMS_PER_SKILL * len(planned))


def minutes_estimate(planned: Sequence[PlannedSkill], *, cap: int = CAP) -> int:
    """Whole minutes, rounded up, for the slowest items the check may ask these skills (module
    docstring): per skill two at the claim and one above it, within the cap. An upper bound."""
    seconds = []
    for skill in planned:
        claimed = _level(skill.claimed)
        seconds += [SECONDS_BY_LEVEL[claimed]] * AT_CLAIM + [SECONDS_BY_LEVEL[min(claimed + 1, LEVEL_HIGHEST)]]
    return -(-sum(seconds[:cap]) // 60)


def longest_minutes(*, cap: int = CAP) -> int:
    """minutes_estimate of the largest check there can be: as many skills as the cap allows, each claimed
    at the top level (the slowest items). What pages outside the check promise it takes at most."""
    widest = [
        PlannedSkill(skill=str(number), name="", claimed=LEVEL_HIGHEST) for number in range(cap // ITEMS_PER_SKILL)
    ]
    return minutes_estimate(widest, cap=cap)


def next_level(claimed: int, responses: Sequence[Response]) -> int | None:
    """The level of the skill's next item, or None when the skill is done (rule: module docstring).

    `responses` are the skill's answered items in the order asked.
    """
    claimed = _level(claimed)
    if len(responses) < AT_CLAIM:
        return claimed
    if len(responses) >= ITEMS_PER_SKILL:
        return None
    right = sum(1 for r in responses if r.level == claimed and r.correct)
    if right == AT_CLAIM:
        return claimed + 1 if claimed < LEVEL_HIGHEST else None  # confirmed: may it be higher?
    if right == 0:
        return claimed - 1 if claimed > LEVEL_LOWEST else None  # both missed: locate the level below
    return claimed  # one of each: the tie-break


@dataclass(frozen=True)
class Verdict:
    """What one skill's answers show against the level the check started from."""

    outcome: str
    checked: int  # for an unsettled skill, the claim; the caller keeps the report's rating instead
    meaning: str


def verdict(claimed: int, responses: Iterable[Response]) -> Verdict | None:
    """Outcome, checked level and their meaning (rule: module docstring); None when nothing was answered."""
    answered = [r for r in responses if r.correct is not None]
    if not answered:
        return None
    claimed = _level(claimed)
    at_claim = [r for r in answered if r.level == claimed]
    right_at_claim = sum(1 for r in at_claim if r.correct)
    above = [r for r in answered if r.level > claimed]
    below = [r for r in answered if r.level < claimed]
    if right_at_claim >= AT_CLAIM and right_at_claim * 2 > len(at_claim):
        right_above = [r.level for r in above if r.correct]
        checked = max(right_above) if len(right_above) >= RAISE_MINIMUM else claimed
        outcome = UNDER_RATED if right_above else CONFIRMED
        return Verdict(outcome, checked, _confirmed_meaning(claimed, at_claim, above, checked))
    if right_at_claim == 0 and len(at_claim) >= AT_CLAIM:
        right_below = [r.level for r in below if r.correct]
        # Supported by a right answer below, or else only the highest level not ruled out.
        checked = max(right_below) if right_below else min(r.level for r in answered if not r.correct) - 1
        return Verdict(OVER_RATED, checked, _over_meaning(claimed, answered, checked, supported=bool(right_below)))
    if len(at_claim) == 1:
        meaning = (
            f"Not settled: one question at level {claimed} is too few to confirm or correct your rating. "
            "The figures as checked keep your rating."
        )
    else:
        meaning = (
            f"Not settled: you answered {right_at_claim} of the {len(at_claim)} level-{claimed} questions right, "
            "too mixed to confirm or correct your rating. The figures as checked keep your rating."
        )
    return Verdict(UNSETTLED, claimed, meaning)


def checked_level(claimed: int, responses: Iterable[Response]) -> int | None:
    """The level the figures as checked use for a skill checked from `claimed` (rule: module
    docstring); None when nothing was answered."""
    result = verdict(claimed, responses)
    return None if result is None else result.checked


def _confirmed_meaning(claimed: int, at_claim, above, checked: int) -> str:
    right = sum(1 for r in at_claim if r.correct)
    if right == len(at_claim):
        which = "both" if right == 2 else f"all {right}"
        text = f"Confirmed: you answered {which} level-{claimed} questions right"
    else:
        text = f"Confirmed: you answered {right} of the {len(at_claim)} level-{claimed} questions right"
    missed_above = [r.level for r in above if not r.correct]
    right_above = [r.level for r in above if r.correct]
    if right_above and checked > claimed:
        return (
            f"{text}, and {len(right_above)} questions above it. Your answers support level {checked}: "
            "the figures as checked use it."
        )
    if right_above:
        return (
            f"{text}, and the level-{max(right_above)} one too: you may be underselling this skill. "
            "The figures as checked keep your rating."
        )
    if missed_above:
        return f"{text} and missed the level-{max(missed_above)} one."
    return text + "."


def _over_meaning(claimed: int, answered, checked: int, *, supported: bool) -> str:
    plan = (
        f" Treat level {claimed} as a claim to back with real work. The figures as checked use level {checked}; "
        "your learning plan still starts from your rating, so add work on this skill yourself if the "
        "explanations below show gaps."
    )
    missed = sum(1 for r in answered if r.level == claimed and not r.correct)
    if supported:
        return (
            f"You missed {'both' if missed == 2 else f'all {missed}'} level-{claimed} questions and answered "
            f"the level-{checked} one right: your answers support level {checked}." + plan
        )
    levels = sorted({r.level for r in answered})
    span = f"level {levels[0]}" if len(levels) == 1 else f"levels {levels[0]}–{levels[-1]}"
    if checked == 0:
        first = f"None of your {len(answered)} answers ({span}) was right, so no level is confirmed."
    else:
        first = (
            f"None of your {len(answered)} answers ({span}) was right; level {checked} is the highest "
            "not ruled out, and it was not asked."
        )
    return first + plan


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


def _level(claimed: int) -> int:
    return min(max(claimed, LEVEL_LOWEST), LEVEL_HIGHEST)


def option_order(option_ids: Iterable[int], *, seed: str, item: int) -> list[int]:
    """The item's options in the order this candidate sees them."""
    order = sorted(option_ids)
    random.Random(f"{seed}:{item}").shuffle(order)  # noqa: S311 (an order, not a secret)
    return order


@dataclass(frozen=True)
class SkillResult:
    skill: str
    name: str
    claimed: int  # the rating the report uses
    checked: int
    items: int
    correct: int
    outcome: str  # CONFIRMED, UNDER_RATED, OVER_RATED or UNSETTLED
    meaning: str  # what the answers show, in the report's words
    rated_when_checked: int  # the rating the check started from; differs when changed afterwards


def skill_results(
    planned: Sequence[PlannedSkill], responses: Sequence[Response], ratings: Mapping[str, int]
) -> tuple[SkillResult, ...]:
    """Claimed against checked for every skill with at least one answer. The verdict is against the
    rating the check started from; claimed is the rating as the report uses it (the candidate may
    have changed it after the check, and then the meaning says so). An unsettled skill keeps that
    rating in the figures as checked."""
    results = []
    for skill in planned:
        own = [r for r in responses if r.skill == skill.skill and r.correct is not None]
        found = verdict(skill.claimed, own)
        if found is None:
            continue
        claimed = min(ratings.get(skill.skill, skill.claimed), LEVEL_HIGHEST)
        meaning = found.meaning
        if claimed != skill.claimed:
            meaning += f" (You rated it {skill.claimed} when checked; the report uses your rating of {claimed}.)"
        results.append(
            SkillResult(
                skill=skill.skill,
                name=skill.name,
                claimed=claimed,
                checked=claimed if found.outcome == UNSETTLED else found.checked,
                items=len(own),
                correct=sum(1 for r in own if r.correct),
                outcome=found.outcome,
                meaning=meaning,
                rated_when_checked=skill.claimed,
            )
        )
    return tuple(results)


@dataclass(frozen=True)
class Calibration:
    """Counts of checked skills by outcome; confirmed, under, over and unsettled add up to checked."""

    checked: int
    confirmed: int
    over: int
    under: int
    unsettled: int

    @property
    def matched(self) -> int:
        return self.confirmed + self.under

    @property
    def summary(self) -> str:
        """The report's calibration line."""
        if not self.checked:
            return "No skill was checked."
        line = f"Your answers matched your rating on {self.matched} of {self.checked} skill{_s(self.checked)}"
        parts = []
        if self.under:
            parts.append(f"on {self.under} of these you also answered the question one level above right")
        if self.over:
            parts.append(f"on {self.over} you missed the questions at your rated level")
        if self.unsettled:
            parts.append(f"on {self.unsettled} your answers did not settle it")
        return line + ("; " + "; ".join(parts) if parts else "") + "."


def calibration(results: Sequence[SkillResult]) -> Calibration:
    return Calibration(
        checked=len(results),
        confirmed=sum(1 for r in results if r.outcome == CONFIRMED),
        over=sum(1 for r in results if r.outcome == OVER_RATED),
        under=sum(1 for r in results if r.outcome == UNDER_RATED),
        unsettled=sum(1 for r in results if r.outcome == UNSETTLED),
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
    if result.over >= CONFIRMING_MINIMUM and result.over * 2 > result.checked:
        after = CONFIDENCE_STEPS[max(index - 1, 0)]
        why = f"on {result.over} of {result.checked} checked skills you missed the questions at your rated level"
        reason = (
            f"Lowered by the knowledge check: {why}."
            if after != level
            else f"Low, and the knowledge check agrees: {why}."
        )
    elif result.checked >= CONFIRMING_MINIMUM and result.matched == result.checked:
        after = CONFIDENCE_STEPS[min(index + 1, len(CONFIDENCE_STEPS) - 1)]
        why = f"your answers were at or above your rating on all {result.checked} checked skills"
        reason = (
            f"Raised by the knowledge check: {why}."
            if after != level
            else f"High, and the knowledge check agrees: {why}."
        )
    else:
        after = level
        reason = (
            "The knowledge check neither raised nor lowered it: too few skills were checked or settled, "
            "or the results were mixed."
        )
    return ConfidenceChange(before=level, after=after, reason=reason)


def checked_ratings(ratings: Mapping[tuple[str, str], int], results: Iterable[SkillResult], *, kind: str) -> dict:
    """The ratings with each checked skill's checked level in place of the claim: the "as checked" inputs."""
    return {**ratings, **{(kind, r.skill): r.checked for r in results}}


# --- Item statistics for curators --------------------------------------------------------

TOO_EASY = 0.9  # share correct above which an item hardly separates anyone
TOO_HARD = 0.2  # share correct below which it may be wrong or ambiguous (a guess gets 0.25 with four options)
SHARE_MINIMUM = 20  # answers before the share flags: at 5, "too easy" was 5 of 5 right
DISCRIMINATION_MINIMUM = 30  # answers before the discrimination flag: r's standard error is then about 0.18
NEGATIVE_DISCRIMINATION = -0.10  # below this, not merely noise around 0


@dataclass(frozen=True)
class AnswerRow:
    """One answered item, for the statistics: the candidate's claimed level of the item's skill, and
    the mean checked level of the other skills of the same check (None when no other skill was checked)."""

    item: int
    correct: bool
    claimed: int
    other_skills_checked: float | None


@dataclass(frozen=True)
class ItemStatistics:
    item: int
    shown: int
    answered: int
    share_correct: float | None
    discrimination_claimed: float | None  # correlation of correct (0/1) with the claimed level: information only
    discrimination_other_skills: float | None  # correlation of correct with the mean checked level elsewhere
    flags: tuple[str, ...]


def item_statistics(rows: Iterable[AnswerRow], *, shown: Mapping[int, int]) -> dict[int, ItemStatistics]:
    """Per item: share correct, and two Pearson correlations (point-biserial) between answering it
    correctly (1/0) and (a) the candidate's claimed level of the skill, (b) the mean checked level of
    the candidate's *other* skills in the same check. None when undefined (fewer than two answers,
    or no variation).

    The flag uses (b) only. The share correct on the rest of the check is no criterion here: the
    design routes a right answer to a harder item, which pulls everyone's share toward the middle and
    makes the same skill's other items anti-correlated with this one; with it, half of a simulated bank
    of ideal items came out negative. The claimed level is confounded by the routing too (items 1–2
    are all at the claim; item 3 selects low claimers who were right and high claimers who were
    wrong), so it is shown for information and never flags.

    Flags, leads to review rather than verdicts: "too easy" (share > TOO_EASY) and "too hard"
    (share < TOO_HARD) after SHARE_MINIMUM answers; "negative discrimination" ((b) below
    NEGATIVE_DISCRIMINATION) after DISCRIMINATION_MINIMUM answers. In a simulation of this design
    with 80 ideal items (right 85 % of the time at or below the candidate's true level, 36 % one
    above, 25 % further up; true levels correlated across a candidate's skills), (b) averaged 0.15
    to 0.17, and 4 of the 80 items were flagged at about 50 answers each, 1 at about 500."""
    by_item: dict[int, list[AnswerRow]] = {}
    for row in rows:
        by_item.setdefault(row.item, []).append(row)
    statistics = {}
    for item in sorted(set(shown) | set(by_item)):
        answers = by_item.get(item, [])
        correct = [1.0 if r.correct else 0.0 for r in answers]
        share = sum(correct) / len(correct) if correct else None
        by_claim = _correlation(correct, [float(r.claimed) for r in answers])
        others = [(r.other_skills_checked, c) for r, c in zip(answers, correct, strict=True)]
        others = [(x, c) for x, c in others if x is not None]
        by_others = _correlation([c for _, c in others], [x for x, _ in others])
        flags = []
        if len(answers) >= SHARE_MINIMUM:
            if share > TOO_EASY:
                flags.append("too easy")
            if share < TOO_HARD:
                flags.append("too hard")
        if len(answers) >= DISCRIMINATION_MINIMUM and by_others is not None and by_others < NEGATIVE_DISCRIMINATION:
            flags.append("negative discrimination")
        statistics[item] = ItemStatistics(
            item=item,
            shown=shown.get(item, len(answers)),
            answered=len(answers),
            share_correct=share,
            discrimination_claimed=by_claim,
            discrimination_other_skills=by_others,
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
