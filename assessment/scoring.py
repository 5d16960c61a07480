"""How ready a candidate is for a requirement profile: pure functions over plain data.

Every skill, duty and qualification a profile asks for is a requirement with a
target level t (0-4) and a weight w (importance, at least 1). The candidate's
rating r of the same item is on the same 0-4 scale; an item they did not rate
counts as 0.

    gap        = max(0, t - r)                       levels
    earned     = w · min(r, t)                       weighted levels
    possible   = w · t                               weighted levels
    readiness  = Σ earned / Σ possible · 100         percent (100 when Σ possible = 0)

Capping the rating at the target means exceeding one target never hides a gap
in another. The maths runs on integers; percentages are rounded down to one
decimal only when they are exposed, so a shown figure never overstates the
candidate and "meets 80%" agrees with the figure on the page.

No Django, no ORM: the selectors build these dataclasses from the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

KIND_SKILL, KIND_DUTY, KIND_EDUCATION = "skill", "duty", "education"
KINDS = (KIND_SKILL, KIND_DUTY, KIND_EDUCATION)

# The rating scale; mirrors career.enums, which this module may not import (it is Django code).
LEVEL_MIN, LEVEL_MAX = 0, 4
WEIGHT_MIN = 1

# A candidate "meets" a profile at 80% readiness or more. Job descriptions ask for
# more than a new hire brings on day one, so 100% would place almost nobody; 80%
# leaves room to be a level short on some items, while missing several heavily
# weighted core skills still falls below it.
SENIORITY_THRESHOLD = 80

Ratings = Mapping[tuple[str, str], int]


def _check_level(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not LEVEL_MIN <= value <= LEVEL_MAX:
        raise ValueError(f"{what} must be an integer from {LEVEL_MIN} to {LEVEL_MAX}, not {value!r}.")


def _percent(numerator: int, denominator: int) -> float:
    """100 · numerator / denominator, rounded down to one decimal (exact integer arithmetic)."""
    return (1000 * numerator // denominator) / 10


@dataclass(frozen=True)
class Requirement:
    """One thing a profile asks for: reach level `target` (0-4) on an item of importance `weight` (≥ 1).

    An essential requirement is a must-have (see `meets`); `expectation` says how firmly an
    education requirement is asked for (required, recommended or preferred; empty otherwise).
    """

    kind: str
    key: str
    label: str
    target: int
    weight: int
    essential: bool = False
    expectation: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown requirement kind {self.kind!r}; expected one of {', '.join(KINDS)}.")
        _check_level(self.target, f"The target of {self.kind} {self.key!r}")
        if isinstance(self.weight, bool) or not isinstance(self.weight, int) or self.weight < WEIGHT_MIN:
            raise ValueError(f"The weight of {self.kind} {self.key!r} must be an integer of at least {WEIGHT_MIN}.")


@dataclass(frozen=True)
class Profile:
    """What one role asks for at one seniority: its requirements, in display order."""

    role: str
    role_name: str
    seniority: str
    seniority_name: str
    seniority_rank: int
    requirements: tuple[Requirement, ...]

    def __post_init__(self):
        object.__setattr__(self, "requirements", tuple(self.requirements))
        seen = set()
        for requirement in self.requirements:
            item = (requirement.kind, requirement.key)
            if item in seen:
                raise ValueError(
                    f"The {self.role}/{self.seniority} profile lists {requirement.kind} {item[1]!r} twice."
                )
            seen.add(item)


@dataclass(frozen=True)
class ItemScore:
    """The numbers behind one requirement (levels, weighted levels and percentage points)."""

    kind: str
    key: str
    label: str
    target: int
    rating: int
    gap: int  # max(0, target - rating), levels
    weight: int
    earned: int  # weight · min(rating, target)
    possible: int  # weight · target
    contribution: float  # percentage points of readiness: 100 · earned / Σ possible, rounded down
    shortfall: int  # weight · gap: how much closing this gap matters
    essential: bool = False
    expectation: str = ""
    met: bool = field(init=False)  # rating >= target; a field so that snapshots keep it

    def __post_init__(self):
        object.__setattr__(self, "met", self.rating >= self.target)


@dataclass(frozen=True)
class KindSubtotal:
    """Skills, duties or education taken together within one profile score."""

    kind: str
    earned: int
    possible: int
    readiness: float  # Σ earned / Σ possible of this kind · 100 (100 when nothing is asked)
    contribution: float  # percentage points of the overall readiness this kind adds


@dataclass(frozen=True)
class ProfileScore:
    role: str
    role_name: str
    seniority: str
    seniority_name: str
    seniority_rank: int
    items: tuple[ItemScore, ...]
    earned_total: int
    possible_total: int
    readiness: float  # percent, rounded down to one decimal
    subtotals: tuple[KindSubtotal, ...]  # one per kind present in the profile, in KINDS order

    @property
    def readiness_fraction(self) -> Fraction:
        """The exact readiness in percent, for comparisons."""
        if self.possible_total == 0:
            return Fraction(100)
        return Fraction(100 * self.earned_total, self.possible_total)

    @property
    def gaps(self) -> tuple[ItemScore, ...]:
        return tuple(item for item in self.items if item.gap > 0)

    def meets(self, threshold: float = SENIORITY_THRESHOLD) -> bool:
        return self.readiness_fraction >= Fraction(threshold)

    def subtotal(self, kind: str) -> KindSubtotal | None:
        return next((subtotal for subtotal in self.subtotals if subtotal.kind == kind), None)


@dataclass(frozen=True)
class SeniorityReadiness:
    seniority: str
    seniority_name: str
    seniority_rank: int
    readiness: float
    meets: bool


@dataclass(frozen=True)
class SeniorityEstimate:
    """The highest seniority met at `threshold` percent (None when none is), and the readiness at each."""

    seniority: str | None
    seniority_name: str | None
    threshold: float
    readiness_by_seniority: tuple[SeniorityReadiness, ...]


def _check_ratings(ratings: Ratings) -> None:
    for (kind, key), rating in ratings.items():
        _check_level(rating, f"The rating of {kind} {key!r}")


def score_profile(profile: Profile, ratings: Ratings) -> ProfileScore:
    """Score `ratings` against `profile`.

    Per requirement: gap = max(0, t - r) levels, earned = w·min(r, t), possible = w·t,
    contribution = 100·earned / Σ possible percentage points. Readiness = Σ earned / Σ possible
    · 100 percent over skills, duties and education alike, and 100 when Σ possible is 0
    (nothing is asked, so nothing is missing). Items keep the profile's order.
    Raises ValueError for a rating outside 0-4.
    """
    _check_ratings(ratings)
    possible_total = sum(requirement.weight * requirement.target for requirement in profile.requirements)
    items = []
    for requirement in profile.requirements:
        rating = ratings.get((requirement.kind, requirement.key), LEVEL_MIN)
        earned = requirement.weight * min(rating, requirement.target)
        gap = max(0, requirement.target - rating)
        items.append(
            ItemScore(
                kind=requirement.kind,
                key=requirement.key,
                label=requirement.label,
                target=requirement.target,
                rating=rating,
                gap=gap,
                weight=requirement.weight,
                earned=earned,
                possible=requirement.weight * requirement.target,
                contribution=_percent(earned, possible_total) if possible_total else 0.0,
                shortfall=requirement.weight * gap,
                essential=requirement.essential,
                expectation=requirement.expectation,
            )
        )
    earned_total = sum(item.earned for item in items)
    return ProfileScore(
        role=profile.role,
        role_name=profile.role_name,
        seniority=profile.seniority,
        seniority_name=profile.seniority_name,
        seniority_rank=profile.seniority_rank,
        items=tuple(items),
        earned_total=earned_total,
        possible_total=possible_total,
        readiness=_percent(earned_total, possible_total) if possible_total else 100.0,
        subtotals=_subtotals(items, possible_total),
    )


def _subtotals(items: list[ItemScore], possible_total: int) -> tuple[KindSubtotal, ...]:
    subtotals = []
    for kind in KINDS:
        of_kind = [item for item in items if item.kind == kind]
        if not of_kind:
            continue
        earned = sum(item.earned for item in of_kind)
        possible = sum(item.possible for item in of_kind)
        subtotals.append(
            KindSubtotal(
                kind=kind,
                earned=earned,
                possible=possible,
                readiness=_percent(earned, possible) if possible else 100.0,
                contribution=_percent(earned, possible_total) if possible_total else 0.0,
            )
        )
    return tuple(subtotals)


def rank_role_fit(profiles: Iterable[Profile], ratings: Ratings) -> tuple[ProfileScore, ...]:
    """Readiness (percent) for each profile, best first; equal readiness keeps the order given.

    Pass one profile per role at the chosen seniority to compare the roles.
    """
    scores = [score_profile(profile, ratings) for profile in profiles]
    return tuple(sorted(scores, key=lambda score: -score.readiness_fraction))


def estimate_seniority(
    profiles: Iterable[Profile], ratings: Ratings, threshold: float = SENIORITY_THRESHOLD
) -> SeniorityEstimate:
    """The highest-ranked seniority whose profile is met at readiness ≥ `threshold` percent.

    `profiles` are one role's profiles, one per seniority. The estimate is None when no
    profile is met. Readiness at every seniority comes back too, lowest rank first.
    """
    if not 0 <= threshold <= 100:
        raise ValueError(f"The threshold is a percentage from 0 to 100, not {threshold!r}.")
    profiles = sorted(profiles, key=lambda profile: profile.seniority_rank)
    if len({profile.role for profile in profiles}) > 1:
        raise ValueError("A seniority estimate compares the profiles of one role.")
    if len({profile.seniority_rank for profile in profiles}) < len(profiles):
        raise ValueError("A seniority estimate needs one profile per seniority.")
    rows = []
    for profile in profiles:
        score = score_profile(profile, ratings)
        rows.append(
            SeniorityReadiness(
                seniority=profile.seniority,
                seniority_name=profile.seniority_name,
                seniority_rank=profile.seniority_rank,
                readiness=score.readiness,
                meets=score.meets(threshold),
            )
        )
    met = [row for row in rows if row.meets]
    best = met[-1] if met else None
    return SeniorityEstimate(
        seniority=best.seniority if best else None,
        seniority_name=best.seniority_name if best else None,
        threshold=threshold,
        readiness_by_seniority=tuple(rows),
    )
