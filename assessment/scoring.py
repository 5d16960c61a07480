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

A profile is met when readiness ≥ 80 % (SENIORITY_THRESHOLD) *and* no essential
requirement is short at all (ESSENTIAL_TOLERANCE = 0 levels): a high percentage
never hides a missing must-have such as Python or the role's focus skill.

    blocking   = essential skills and duties with gap > 0     (the work itself)
    formal     = essential education with gap > 0             (e.g. a required degree)
    meets      ⇔ readiness ≥ 80 and no blocking and no formal gap

The seniority estimate is the highest seniority whose profile is met on the work
(readiness ≥ 80, no blocking gap); a formal gap is reported beside it rather than
silently failing or passing the candidate, because some employers weigh shipped
work instead of a degree. RULE_VERSION names this rule in every saved report.

How far to trust the estimate (`assess_confidence`) comes from what the candidate
told us besides the ratings. Each concern adds points:

    experience   the estimate is k levels above the highest seniority whose typical
                 years the candidate has (SeniorityLevel.typical_years_min)   +min(k, 2)
    projects     no shipped AI project while the estimate is mid-level or above  +1
    uniform      every skill rated the same (eight or more skills)               +1
    certificates a held certificate shows a skill at a level above the rating
                 by 2 or more (exams count as knowledge, level 2 at most)        +1

    confidence = high (0 points), medium (1), low (2 or more)

Ratings more than one level ahead of experience are never shown as the estimate
on their own: the shown seniority is then the one experience supports, with the
ratings' level named beside it. Nothing here changes a readiness figure.

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
# How many levels an essential requirement may be short while its profile is still met.
ESSENTIAL_TOLERANCE = 0
# Saved with every report, so that a report keeps the verdict it was given under this rule.
RULE_VERSION = "2026-11-essentials-v1"

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
    # Within the experience range the job description gives for the role (False: an atypical level for it).
    typical: bool = True

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
    typical: bool = True  # as Profile.typical

    @property
    def readiness_fraction(self) -> Fraction:
        """The exact readiness in percent, for comparisons."""
        if self.possible_total == 0:
            return Fraction(100)
        return Fraction(100 * self.earned_total, self.possible_total)

    @property
    def gaps(self) -> tuple[ItemScore, ...]:
        return tuple(item for item in self.items if item.gap > 0)

    @property
    def blocking(self) -> tuple[ItemScore, ...]:
        """Essential skills and duties short by more than ESSENTIAL_TOLERANCE levels, largest shortfall first."""
        short = [i for i in self.items if i.essential and i.kind != KIND_EDUCATION and i.gap > ESSENTIAL_TOLERANCE]
        return tuple(sorted(short, key=lambda item: (-item.shortfall, -item.gap)))

    @property
    def formal_gaps(self) -> tuple[ItemScore, ...]:
        """Essential education requirements not met (a required degree, say)."""
        return tuple(i for i in self.items if i.essential and i.kind == KIND_EDUCATION and i.gap > 0)

    def reaches(self, threshold: float = SENIORITY_THRESHOLD) -> bool:
        """Readiness alone is at least `threshold` percent."""
        return self.readiness_fraction >= Fraction(threshold)

    def meets_work(self, threshold: float = SENIORITY_THRESHOLD) -> bool:
        """The work the profile asks for: readiness at the threshold and no blocking gap."""
        return self.reaches(threshold) and not self.blocking

    def meets(self, threshold: float = SENIORITY_THRESHOLD) -> bool:
        """The whole profile: the work, and every essential education requirement."""
        return self.meets_work(threshold) and not self.formal_gaps

    def subtotal(self, kind: str) -> KindSubtotal | None:
        return next((subtotal for subtotal in self.subtotals if subtotal.kind == kind), None)


@dataclass(frozen=True)
class SeniorityReadiness:
    seniority: str
    seniority_name: str
    seniority_rank: int
    readiness: float
    meets: bool  # the work: readiness at the threshold and no blocking gap
    blocking: tuple[str, ...] = ()  # labels of the essential requirements short at this seniority


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
        typical=profile.typical,
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
    """The highest-ranked seniority whose profile's work is met: readiness ≥ `threshold`
    percent and no essential skill or duty short (ProfileScore.meets_work).

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
                meets=score.meets_work(threshold),
                blocking=tuple(item.label for item in score.blocking),
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


# --- Confidence -----------------------------------------------------------------------

CONFIDENCE_HIGH, CONFIDENCE_MEDIUM, CONFIDENCE_LOW = "high", "medium", "low"
# An exam shows knowledge of a syllabus, not hands-on work: as evidence of a skill it
# counts as "working" (level 2) at most, whatever level its syllabus reaches.
EXAM_EVIDENCE_CAP = 2
UNIFORM_MINIMUM_SKILLS = 8


@dataclass(frozen=True)
class SeniorityYears:
    rank: int
    name: str
    typical_years_min: int


@dataclass(frozen=True)
class HeldCertificate:
    name: str
    is_exam: bool
    covers: tuple[tuple[str, str, int], ...]  # (skill key, skill name, the level its syllabus reaches)

    def evidence(self) -> dict[tuple[str, str], int]:
        """The level it shows for each (skill key, name): an exam shows knowledge, EXAM_EVIDENCE_CAP at most."""
        return {
            (key, label): min(level, EXAM_EVIDENCE_CAP) if self.is_exam else level for key, label, level in self.covers
        }


@dataclass(frozen=True)
class Confidence:
    level: str  # high | medium | low
    points: int
    reasons: tuple[str, ...]  # in words, the concerns first
    estimated_rank: int  # what the ratings alone meet (0: none)
    supported_rank: int  # the highest seniority the years of experience support (0: below junior)
    shown_rank: int  # the seniority the report shows: the ratings' unless they run far ahead of experience


def assess_confidence(
    *,
    estimated_rank: int,
    seniorities: Iterable[SeniorityYears],
    years_experience: int | None,
    shipped_projects: int | None,
    ratings: Ratings,
    held: Iterable[HeldCertificate] = (),
) -> Confidence:
    """How far to trust a seniority estimate, with the reasons in words (rule: module docstring)."""
    ladder = sorted(seniorities, key=lambda seniority: seniority.rank)
    by_rank = {seniority.rank: seniority for seniority in ladder}
    years = years_experience or 0
    supported = max((s.rank for s in ladder if s.typical_years_min <= years), default=0)
    points, concerns, assurances = 0, [], []

    ahead = max(0, estimated_rank - supported)
    if ahead:
        points += min(ahead, 2)
        usual = by_rank[estimated_rank].typical_years_min
        concerns.append(
            f"Your ratings match {by_rank[estimated_rank].name}, which usually follows {usual} or more years of "
            f"hands-on work; you have {_years(years)}."
        )
    elif estimated_rank:
        assurances.append(f"Your {_years(years)} of hands-on work support {by_rank[estimated_rank].name}.")

    if estimated_rank >= 2 and not shipped_projects:
        points += 1
        concerns.append(
            "You have not shipped an AI or ML project yet; ratings above junior usually rest on shipped work."
        )
    elif shipped_projects:
        assurances.append(
            f"You have shipped {shipped_projects} AI or ML project{'s' if shipped_projects != 1 else ''}."
        )

    skill_ratings = [rating for (kind, _), rating in ratings.items() if kind == KIND_SKILL]
    if len(skill_ratings) >= UNIFORM_MINIMUM_SKILLS and len(set(skill_ratings)) == 1:
        points += 1
        concerns.append(
            f"You rated every skill {skill_ratings[0]}; ratings that never vary rarely describe strengths and gaps."
        )

    below = sorted(
        (certificate.name, label, level)
        for certificate in held
        for (key, label), level in certificate.evidence().items()
        if ratings.get((KIND_SKILL, key), LEVEL_MIN) <= level - 2
    )
    if below:
        points += 1
        concerns.append(
            "Some ratings are well below what your certificates show ("
            + "; ".join(f"{label}: {name} shows level {level}" for name, label, level in below)
            + "); check them."
        )

    level = CONFIDENCE_HIGH if points == 0 else CONFIDENCE_MEDIUM if points == 1 else CONFIDENCE_LOW
    shown = supported if ahead > 1 else estimated_rank
    return Confidence(
        level=level,
        points=points,
        reasons=tuple(concerns + assurances),
        estimated_rank=estimated_rank,
        supported_rank=supported,
        shown_rank=shown,
    )


def _years(years: int) -> str:
    return f"{years} year{'s' if years != 1 else ''}"
