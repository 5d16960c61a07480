"""What a candidate should do next, from a profile score and catalogue data passed in as plain values.

Pure functions: the selectors turn catalogue rows into the frozen dataclasses
below, so nothing here touches the database. All arguments are keyword-only.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from assessment.scoring import KIND_EDUCATION, KIND_SKILL, ItemScore, ProfileScore

# Level anchor texts: (kind, key) -> level -> what that level looks like.
Anchors = Mapping[tuple[str, str], Mapping[int, str]]

ENTRY_LEVEL_CERTIFICATIONS = frozenset({"foundational", "course"})


# --- Gaps and strengths -----------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    kind: str
    key: str
    label: str
    rating: int
    target: int
    gap: int  # levels
    weight: int
    shortfall: int  # weight · gap
    next_level: int  # rating + 1
    next_level_text: str  # "" when the catalogue has no anchor text for it
    target_text: str


def top_gaps(*, score: ProfileScore, anchors: Anchors, limit: int | None = 5) -> tuple[Gap, ...]:
    """The largest gaps first: by weight · gap, then by gap, then in requirement order.

    Each gap carries the next level up (rating + 1) and the anchor texts of that level and
    of the target, so the report can say what the next step looks like.
    """
    ranked = sorted(
        (item for item in score.items if item.gap > 0),
        key=lambda item: (-item.shortfall, -item.gap),  # sorted() is stable: ties keep requirement order
    )
    gaps = []
    for item in ranked[:limit]:
        texts = anchors.get((item.kind, item.key), {})
        gaps.append(
            Gap(
                kind=item.kind,
                key=item.key,
                label=item.label,
                rating=item.rating,
                target=item.target,
                gap=item.gap,
                weight=item.weight,
                shortfall=item.shortfall,
                next_level=item.rating + 1,
                next_level_text=texts.get(item.rating + 1, ""),
                target_text=texts.get(item.target, ""),
            )
        )
    return tuple(gaps)


def strengths(*, score: ProfileScore, limit: int | None = 5) -> tuple[ItemScore, ...]:
    """Requirements met or exceeded, most important first: by weight, then target, then requirement order.

    An item with target 0 is met by everybody, so it is not a strength.
    """
    met = [item for item in score.items if item.target > 0 and item.met]
    return tuple(sorted(met, key=lambda item: (-item.weight, -item.target))[:limit])


# --- Certifications ---------------------------------------------------------------

ACTIVE = "active"
ENGINEERING, BUSINESS = "engineering", "business"  # Certification.audience
EXAM, PROJECTS = "exam", "projects"  # Certification.evidence

# What holding a certificate shows, by its evidence; business-audience ones say so first.
PROVES = {
    EXAM: "An exam is evidence of knowledge, not of hands-on level: back it with projects of your own.",
    PROJECTS: "Graded projects are evidence of guided hands-on work; independent work (level 3) takes projects of "
    "your own.",
}
BUSINESS_PROVES = "Written for business and leadership: evidence of AI literacy for decisions, not of engineering work."


@dataclass(frozen=True)
class CertificationOption:
    slug: str
    name: str
    provider: str
    level: str  # foundational | associate | professional | specialty | course
    status: str  # active | retired
    prep_hours: int
    url: str
    covers: tuple[tuple[str, int], ...]  # (skill key, the level the certification evidences)
    provider_slug: str = ""  # aws | google | ibm: the cloud it belongs to
    audience: str = ENGINEERING  # engineering | business
    evidence: str = EXAM  # exam | projects
    credential_level: int = 0  # the level of the certification qualification holding it gives (1-4)
    # The exam facts as the catalogue held them on facts_checked_on (an ISO date, "" when never checked).
    exam_format: str = ""
    duration: str = ""
    fee: str = ""
    facts_checked_on: str = ""
    retired_on: str = ""  # ISO date the provider retires (or retired) it; "" for none announced


@dataclass(frozen=True)
class CoveredGap:
    key: str
    label: str
    rating: int
    target: int
    weight: int
    level: int  # the level the certification evidences for this skill (or gives the qualification)
    covered: int  # weight · (min(target, level) - rating)
    kind: str = KIND_SKILL  # skill, or education for the certification qualification itself


@dataclass(frozen=True)
class CertificationRecommendation:
    certification: CertificationOption
    covered: int  # Σ of the addressed gaps' covered weighted levels
    addresses: tuple[CoveredGap, ...]  # in requirement order
    prep_hours: int
    readiness_gain: float = 0.0  # percentage points: 100 · covered / Σ possible, rounded down to one decimal
    in_cloud: bool = False  # from the cloud the candidate uses or prefers
    proves: str = ""  # what holding it shows
    suited: bool = True  # fits the target profile's seniority (recommend_certifications): only these are picked
    pick_reason: str = ""  # on the pick only: PICK_MOST_PER_HOUR or PICK_CLOUD; "" on every other entry
    is_entry_level: bool = field(init=False)  # a foundational or course certificate

    def __post_init__(self):
        object.__setattr__(self, "is_entry_level", self.certification.level in ENTRY_LEVEL_CERTIFICATIONS)


def _covered_gaps(
    score: ProfileScore, certification: CertificationOption, credential_key: str | None
) -> tuple[CoveredGap, ...]:
    levels = {(KIND_SKILL, key): level for key, level in certification.covers}
    if credential_key is not None and certification.credential_level:
        levels[(KIND_EDUCATION, credential_key)] = certification.credential_level
    covered = []
    for item in score.items:
        level = levels.get((item.kind, item.key))
        if level is None:
            continue
        closes = item.weight * max(0, min(item.target, level) - item.rating)
        if closes > 0:
            covered.append(
                CoveredGap(
                    key=item.key,
                    label=item.label,
                    rating=item.rating,
                    target=item.target,
                    weight=item.weight,
                    level=level,
                    covered=closes,
                    kind=item.kind,
                )
            )
    return tuple(covered)


def certification_proves(certification: CertificationOption) -> str:
    """What holding the certification is evidence of, in a sentence."""
    if certification.audience == BUSINESS:
        return BUSINESS_PROVES
    return PROVES.get(certification.evidence, "")


# The candidate's cloud is a preference among comparable certificates, not a rule: its weighted
# gap closed per hour counts 1.25 times, so it wins over another certificate only when it closes
# at least 80 % as much per hour (1 / 1.25).
CLOUD_BONUS = Fraction(5, 4)
# Professional and specialty exams ask for years of hands-on work first (Google recommends 3+
# years of industry experience for its Professional ML Engineer, AWS 2+ years for its
# professional and specialty exams): they do not suit a junior target.
ABOVE_JUNIOR = frozenset({"professional", "specialty"})
# Why the pick is the pick, for the copy that presents it.
PICK_MOST_PER_HOUR = "most-per-hour"  # no suited certificate closes more weighted gap per hour
PICK_CLOUD = "cloud"  # on the candidate's cloud, within the bonus of the best per hour elsewhere


def certification_is_current(certification: CertificationOption, *, today: date) -> bool:
    """Active, and with no retirement date on or before `today` (a stale status cannot let a retired exam through)."""
    if certification.status != ACTIVE:
        return False
    return not certification.retired_on or date.fromisoformat(certification.retired_on) > today


def certification_suits(
    certification: CertificationOption, *, score: ProfileScore, credential_key: str | None, junior: bool
) -> bool:
    """Whether the certificate suits the target profile's seniority, so that it may be the pick.

    - an engineering certificate: business-audience ones (AI literacy for leaders) are listed
      for lead targets but never picked: a technical lead is measured on engineering work;
    - not a professional or specialty exam for a junior target (ABOVE_JUNIOR);
    - when the profile asks for the certification qualification (`credential_key`, target t > 0),
      a credential level of at least t: a certificate below what the profile expects does not
      meet it (a course certificate, level 2, for a senior profile expecting level 3).
    """
    if certification.audience != ENGINEERING:
        return False
    if junior and certification.level in ABOVE_JUNIOR:
        return False
    qualification = next(
        (i for i in score.items if credential_key is not None and (i.kind, i.key) == (KIND_EDUCATION, credential_key)),
        None,
    )
    return qualification is None or qualification.target == 0 or certification.credential_level >= qualification.target


def recommend_certifications(
    *,
    score: ProfileScore,
    certifications: Iterable[CertificationOption],
    held: Collection[str],
    cloud: str = "",
    leadership: bool = False,
    junior: bool = False,
    credential_key: str | None = None,
    today: date | None = None,
    limit: int | None = 3,
) -> tuple[CertificationRecommendation, ...]:
    """Current certifications the candidate does not hold, ranked by weighted gap closed per preparation hour.

    For a skill with rating r, target t and weight w that a certification evidences at
    level L, it covers w · max(0, min(t, L) - r) weighted levels; so does the certification
    qualification (`credential_key`), at the certification's credential level. A
    certification's coverage is the sum; one that closes no skill gap is left out (the
    qualification alone is no reason to take a particular certificate). Coverage
    stops at the target, so a certificate above the level a gap needs earns nothing for the
    excess and costs its extra hours: the level that matches the gap wins without any chain
    of lower certificates first. readiness_gain = 100 · coverage / Σ possible percentage points.

    Left out: certifications held, retired ones or those whose retirement date is on or before
    `today` (certification_is_current; default: today's date), and business-audience ones unless
    `leadership` (a lead-level target).

    Ranking:
    1. certificates that suit the target's seniority first (certification_suits; `junior` for a
       junior target), so the first entry, when it suits, is the report's one pick;
    2. value = coverage ÷ preparation hours (at least one hour), times CLOUD_BONUS (1.25) for a
       certificate of the candidate's `cloud` (a provider slug; "" for none: no bonus). The
       cloud is a bounded preference: a certificate elsewhere that closes more than 1.25 times
       as much per hour still comes first;
    3. then more coverage, then fewer hours, then the order given.

    The pick (the first entry, when it suits) has `pick_reason`: PICK_MOST_PER_HOUR when no
    suited certificate closes more per hour without the bonus, PICK_CLOUD when the bonus
    decided it.
    """
    today = today or date.today()
    recommendations = []
    for certification in certifications:
        if not certification_is_current(certification, today=today) or certification.slug in held:
            continue
        if certification.audience == BUSINESS and not leadership:
            continue
        addresses = _covered_gaps(score, certification, credential_key)
        if any(gap.kind == KIND_SKILL for gap in addresses):
            covered = sum(gap.covered for gap in addresses)
            recommendations.append(
                CertificationRecommendation(
                    certification=certification,
                    covered=covered,
                    addresses=addresses,
                    prep_hours=certification.prep_hours,
                    readiness_gain=_points(Fraction(100 * covered, score.possible_total)),
                    in_cloud=bool(cloud) and certification.provider_slug == cloud,
                    proves=certification_proves(certification),
                    suited=certification_suits(
                        certification, score=score, credential_key=credential_key, junior=junior
                    ),
                )
            )
    recommendations.sort(
        key=lambda rec: (
            not rec.suited,
            -_value(rec) * (CLOUD_BONUS if rec.in_cloud else 1),
            -rec.covered,
            rec.prep_hours,
        )
    )
    if recommendations and recommendations[0].suited:
        pick = recommendations[0]
        best = max(_value(rec) for rec in recommendations if rec.suited)
        reason = PICK_MOST_PER_HOUR if _value(pick) >= best else PICK_CLOUD
        recommendations[0] = dataclasses.replace(pick, pick_reason=reason)
    return tuple(recommendations[:limit])


def certification_pick(certifications: Iterable[CertificationRecommendation]) -> CertificationRecommendation | None:
    """The report's one certification pick: the first recommendation when it suits the target, else none."""
    first = next(iter(certifications), None)
    return first if first is not None and first.suited else None


def _value(rec: CertificationRecommendation) -> Fraction:
    """Weighted gap closed per hour of preparation (an hour at least)."""
    return Fraction(rec.covered, max(rec.prep_hours, 1))


def _points(value: Fraction) -> float:
    """Percentage points rounded down to one decimal, as scoring exposes readiness."""
    return math.floor(value * 10) / 10


# --- Roadmap ----------------------------------------------------------------------------

# The qualification whose actions are long routes (degrees): years of study, planned apart
# from the skills plan and never counted in its hours.
DEGREE = "degree"
REQUIRED = "required"  # ItemScore.expectation of an education requirement that must be met


@dataclass(frozen=True)
class PhaseOption:
    number: int
    slug: str
    name: str
    summary: str


@dataclass(frozen=True)
class ActionOption:
    slug: str
    phase_number: int
    phase_name: str
    kind: str  # skill | duty | education, as in assessment.scoring
    key: str
    reaches_level: int
    title: str
    description: str
    effort_hours: int


PICK_ACTION_PREFIX = "certification-pick-"


def with_certification_pick(
    *,
    actions: Iterable[ActionOption],
    score: ProfileScore,
    pick: CertificationRecommendation | None,
    credential_key: str,
) -> tuple[ActionOption, ...]:
    """The roadmap's actions with the certification pick standing in for the generic certification ones.

    The catalogue's actions for the certification qualification describe a kind of certificate
    ("an associate-level exam"); the report recommends one by name. So the plan, the roadmap
    and the certifications section name the same certificate, the generic actions of that
    qualification are replaced by one action, "pass the pick", whenever there is a pick and the
    qualification has a gap: in the phase of the generic action at the pick's credential level (or
    the nearest one below), with the pick's preparation hours as effort and its credential level as
    the level reached (a pick suits the profile, so that level reaches the target; were it below,
    the roadmap would list the rest of the gap as uncovered rather than name a second certificate).
    Without a pick, or with the qualification met, the actions are unchanged and no certificate
    is planned.
    """
    actions = tuple(actions)
    item = next((i for i in score.items if (i.kind, i.key) == (KIND_EDUCATION, credential_key)), None)
    if pick is None or item is None or item.gap == 0:
        return actions
    level = pick.certification.credential_level
    generic = sorted(
        (a for a in actions if (a.kind, a.key) == (KIND_EDUCATION, credential_key)), key=lambda a: a.reaches_level
    )
    if not generic:
        return actions
    home = [a for a in generic if a.reaches_level <= level][-1:] or generic[:1]
    certification = pick.certification
    pick_action = ActionOption(
        slug=PICK_ACTION_PREFIX + certification.slug,
        phase_number=home[0].phase_number,
        phase_name=home[0].phase_name,
        kind=KIND_EDUCATION,
        key=credential_key,
        reaches_level=level,
        title=f"Prepare for and pass {certification.name}",
        description=f"Your certification pick ({certification.provider}), about {pick.prep_hours} hours of "
        f"preparation. {pick.proves}".strip(),
        effort_hours=pick.prep_hours,
    )
    return (*(a for a in actions if a not in generic), pick_action)


@dataclass(frozen=True)
class PlannedAction:
    action: ActionOption
    phase_number: int  # where the plan puts it: the action's own phase or a later one
    label: str  # the skill, duty or qualification it improves
    rating: int
    target: int
    level_from: int = 0  # the item's level before this action: the rating, or the level earlier actions reach
    readiness_gain: float = 0.0  # percentage points of readiness it adds (see action_gains), rounded down
    moved: bool = field(init=False)  # True when a prerequisite sits in a later phase, so the action waits for it

    def __post_init__(self):
        object.__setattr__(self, "moved", self.phase_number != self.action.phase_number)


@dataclass(frozen=True)
class PhasePlan:
    phase: PhaseOption
    actions: tuple[PlannedAction, ...]
    effort_hours: int


@dataclass(frozen=True)
class UncoveredGap:
    """A gap the catalogue's actions do not close: `reached` is where the planned actions stop."""

    kind: str
    key: str
    label: str
    rating: int
    target: int
    reached: int


@dataclass(frozen=True)
class LongRoute:
    """A degree the profile asks for: planned apart from the skills plan, its hours outside its total.

    `optional` when the profile does not require it (recommended or preferred): it is then
    outside every total.
    """

    action: ActionOption
    label: str
    rating: int
    target: int
    expectation: str  # required | recommended | preferred
    optional: bool
    readiness_gain: float  # percentage points of readiness it adds, rounded down


@dataclass(frozen=True)
class Roadmap:
    phases: tuple[PhasePlan, ...]
    total_hours: int  # the skills plan: every action in the phases, no long route
    uncovered: tuple[UncoveredGap, ...]
    long_routes: tuple[LongRoute, ...] = ()  # required ones first, then optional ones


def _skill_depths(prerequisites: Mapping[str, tuple[str, ...]]) -> Mapping[str, int]:
    """Longest chain of prerequisites below each skill (0 for none); raises ValueError on a cycle."""
    depths: dict[str, int] = {}

    def depth(skill: str, path: tuple[str, ...]) -> int:
        if skill in path:
            cycle = " → ".join((*path[path.index(skill) :], skill))
            raise ValueError(f"The skill prerequisites form a cycle: {cycle}.")
        if skill not in depths:
            below = [depth(prerequisite, (*path, skill)) for prerequisite in prerequisites.get(skill, ())]
            depths[skill] = 1 + max(below) if below else 0
        return depths[skill]

    for skill in prerequisites:
        depth(skill, ())
    return depths


def skill_ancestors(prerequisites: Mapping[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """Every skill each skill builds on, directly or through others."""
    ancestors = {}
    for skill in prerequisites:
        found: set[str] = set()
        pending = list(prerequisites.get(skill, ()))
        while pending:
            prerequisite = pending.pop()
            if prerequisite not in found:
                found.add(prerequisite)
                pending.extend(prerequisites.get(prerequisite, ()))
        ancestors[skill] = frozenset(found)
    return ancestors


def waits_for(action: ActionOption, earlier: ActionOption, ancestors: Mapping[str, frozenset[str]]) -> bool:
    """Whether `action` has to wait for `earlier`, when both are planned (`ancestors` from skill_ancestors).

    An action reaching level L waits for the actions of the same item at a lower level, and
    for those reaching level L or lower of the skills its skill builds on (transitively).
    """
    if (earlier.kind, earlier.key) == (action.kind, action.key):
        return earlier.reaches_level < action.reaches_level
    return (
        action.kind == KIND_SKILL
        and earlier.kind == KIND_SKILL
        and earlier.reaches_level <= action.reaches_level
        and earlier.key in ancestors.get(action.key, ())
    )


def _select_actions(item: ItemScore, candidates: list[ActionOption]) -> list[ActionOption]:
    """The actions that take the item from its rating to its target.

    A skill or duty takes every action of each level above the rating, up to and including
    the first level that reaches the target: actions of one level complement each other
    (mock interviews and system-design practice both lead to problem solving at level 3).
    An education item takes the one action that reaches the target directly, with no chain
    of lower levels first (an associate exam needs no foundational exam before it): the
    lowest level at or above the target, fewest hours first. When no action reaches the
    target, the skill or duty takes every action above the rating, and the education item
    the highest one.
    """
    above = sorted(
        (action for action in candidates if action.reaches_level > item.rating),
        key=lambda action: (action.reaches_level, action.phase_number, action.slug),
    )
    reaching = [action for action in above if action.reaches_level >= item.target]
    if item.kind == KIND_EDUCATION:
        if reaching:
            return [min(reaching, key=lambda action: (action.reaches_level, action.effort_hours, action.slug))]
        return [max(above, key=lambda action: (action.reaches_level, -action.effort_hours))] if above else []
    if reaching:
        return [action for action in above if action.reaches_level <= reaching[0].reaches_level]
    return above


def action_gains(*, score: ProfileScore, actions: Iterable[tuple[ActionOption, int]]) -> dict[str, Fraction]:
    """Exact percentage points of readiness each planned action adds, by action slug.

    `actions` are (action, level_from) pairs, level_from being the item's level before the
    action. For an item of weight w and target t, the actions reaching level L from level
    L₀ add 100 · w · (min(t, L) − L₀) / Σ possible points together; when several actions
    reach the same level, each has its share in proportion to its hours (equal shares when
    none takes any), so they gain the same per hour.
    """
    items = {(item.kind, item.key): item for item in score.items}
    groups: dict[tuple[str, str, int], list[tuple[ActionOption, int]]] = defaultdict(list)
    for action, level_from in actions:
        groups[(action.kind, action.key, action.reaches_level)].append((action, level_from))
    gains = {}
    for (kind, key, level), group in groups.items():
        item = items[(kind, key)]
        hours = sum(action.effort_hours for action, _ in group)
        for action, level_from in group:
            levels = max(0, min(item.target, level) - level_from)
            share = Fraction(action.effort_hours, hours) if hours else Fraction(1, len(group))
            gains[action.slug] = Fraction(100 * item.weight * levels, score.possible_total or 1) * share
    return gains


def build_roadmap(
    *,
    score: ProfileScore,
    actions: Iterable[ActionOption],
    phases: Iterable[PhaseOption],
    prerequisites: Mapping[str, tuple[str, ...]],
    long_route_keys: Collection[str] = frozenset({DEGREE}),
) -> Roadmap:
    """The phases in number order, each with the actions that close this candidate's gaps.

    For each gap (rating r, target t) the plan takes that item's actions as _select_actions
    says: for a skill or duty every action of each level above r, up to and including the
    first level reaching t; for an education item the one action reaching t directly.

    Degrees (education items in `long_route_keys`) are long routes, not skills-plan steps:
    they are in `long_routes`, never in the phases nor in total_hours. A degree the profile
    requires (expectation "required") is its own long-term route; a recommended or
    preferred one is optional.

    Prerequisites first, level by level: an action reaching level L of a skill never comes
    before a planned action reaching level L or lower of one of the skill's prerequisites
    (transitively), nor before a lower level of the same item (waits_for). If such an action
    sits in a later phase, the dependent action moves to that phase. So Python level 2 comes
    before deep learning frameworks level 2, which comes before MLOps level 2, while a first
    MLOps course need not wait for Python level 4 (the catalogue puts level-4 work in the
    last phase; waiting for it would push every beginner action there too).

    Within a phase actions are ordered by depth in the prerequisite graph, then level, then
    requirement order. Effort is in hours; each action carries the readiness it adds
    (action_gains). Gaps the actions do not close are in `uncovered`.
    """
    phases = sorted(phases, key=lambda phase: phase.number)
    phase_numbers = {phase.number for phase in phases}
    by_item: dict[tuple[str, str], list[ActionOption]] = defaultdict(list)
    for action in actions:
        if action.phase_number not in phase_numbers:
            raise ValueError(f"Action {action.slug!r} belongs to phase {action.phase_number}, which is not given.")
        by_item[(action.kind, action.key)].append(action)

    depths = _skill_depths(prerequisites)
    ancestors = skill_ancestors(prerequisites)
    selected: list[tuple[int, ItemScore, ActionOption, int]] = []
    routes: list[tuple[ItemScore, ActionOption, int]] = []
    uncovered = []
    for index, item in enumerate(score.items):
        if item.gap == 0:
            continue
        chain = _select_actions(item, by_item[(item.kind, item.key)])
        levels_before = sorted({item.rating, *(action.reaches_level for action in chain)})
        for action in chain:
            level_from = max(level for level in levels_before if level < action.reaches_level)
            if item.kind == KIND_EDUCATION and item.key in long_route_keys:
                routes.append((item, action, level_from))
            else:
                selected.append((index, item, action, level_from))
        reached = max([item.rating, *(action.reaches_level for action in chain)])
        if reached < item.target:
            uncovered.append(UncoveredGap(item.kind, item.key, item.label, item.rating, item.target, reached))
    gains = action_gains(
        score=score, actions=[(a, level) for _, _, a, level in selected] + [(a, level) for _, a, level in routes]
    )

    def order(entry: tuple[int, ItemScore, ActionOption, int]) -> tuple[int, int, int, str]:
        index, item, action, _ = entry
        depth = depths.get(item.key, 0) if item.kind == KIND_SKILL else 0
        return (depth, action.reaches_level, index, action.slug)

    # Every action an action waits for sorts before it (lower depth, or the same item at a
    # lower level), so one pass settles the phases.
    selected.sort(key=order)
    planned: list[PlannedAction] = []
    for _, item, action, level_from in selected:
        waited = [earlier.phase_number for earlier in planned if waits_for(action, earlier.action, ancestors)]
        phase_number = max([action.phase_number, *waited])
        planned.append(
            PlannedAction(
                action, phase_number, item.label, item.rating, item.target, level_from, _points(gains[action.slug])
            )
        )

    plans = []
    for phase in phases:
        in_phase = tuple(entry for entry in planned if entry.phase_number == phase.number)
        plans.append(PhasePlan(phase, in_phase, sum(entry.action.effort_hours for entry in in_phase)))
    long_routes = [
        LongRoute(
            action=action,
            label=item.label,
            rating=item.rating,
            target=item.target,
            expectation=item.expectation,
            optional=item.expectation != REQUIRED,
            readiness_gain=_points(gains[action.slug]),
        )
        for item, action, _ in routes
    ]
    return Roadmap(
        phases=tuple(plans),
        total_hours=sum(plan.effort_hours for plan in plans),
        uncovered=tuple(uncovered),
        long_routes=tuple(sorted(long_routes, key=lambda route: route.optional)),
    )


# --- Career context ---------------------------------------------------------------


@dataclass(frozen=True)
class SeniorityOption:
    slug: str
    name: str
    rank: int
    band_name: str
    band_label: str  # e.g. "$90K - $150K"


@dataclass(frozen=True)
class CareerStepOption:
    slug: str
    name: str
    track: str
    seniority_slug: str | None
    leads_to: tuple[str, ...]  # slugs of the steps this one leads to


@dataclass(frozen=True)
class CareerContext:
    estimated: SeniorityOption | None
    next_up: SeniorityOption | None
    target: SeniorityOption | None
    next_steps: tuple[CareerStepOption, ...]


def career_context(
    *,
    estimated_rank: int | None,
    target_rank: int | None,
    seniorities: Iterable[SeniorityOption | tuple],
    career_steps: Iterable[CareerStepOption | tuple],
) -> CareerContext:
    """Salary bands around the candidate and the ladder rungs that come next.

    `seniorities` and `career_steps` are the dataclasses or plain tuples in their field order:
    (slug, name, rank, band_name, band_label) and (slug, name, track, seniority_slug, leads_to).

    - estimated: the seniority of `estimated_rank` (None when it is None or 0: nothing is met);
    - next_up: the next seniority above it (the lowest one when none is met; None at the top);
    - target: the seniority of `target_rank`;
    - next_steps: what the ladder steps at the estimated seniority lead to, in the order
      given. When none is met, or the ladder has no step at the estimated seniority, the
      steps at the next seniority up are the next steps.
    """
    ranked = sorted(
        (row if isinstance(row, SeniorityOption) else SeniorityOption(*row) for row in seniorities),
        key=lambda seniority: seniority.rank,
    )
    by_rank = {seniority.rank: seniority for seniority in ranked}
    estimated_rank = estimated_rank or None
    for rank in (estimated_rank, target_rank):
        if rank is not None and rank not in by_rank:
            raise ValueError(f"No seniority has rank {rank}.")
    estimated = by_rank.get(estimated_rank)
    above = [seniority for seniority in ranked if estimated is None or seniority.rank > estimated.rank]
    next_up = above[0] if above else None

    steps = [step if isinstance(step, CareerStepOption) else CareerStepOption(*step) for step in career_steps]
    by_slug = {step.slug: step for step in steps}
    current = [step for step in steps if estimated is not None and step.seniority_slug == estimated.slug]
    if current:
        wanted = {slug for step in current for slug in step.leads_to}
        unknown = wanted - by_slug.keys()
        if unknown:
            raise ValueError(f"Career steps lead to unknown steps: {', '.join(sorted(unknown))}.")
        next_steps = [step for step in steps if step.slug in wanted and step not in current]
    else:
        next_steps = [step for step in steps if next_up is not None and step.seniority_slug == next_up.slug]
    return CareerContext(
        estimated=estimated,
        next_up=next_up,
        target=by_rank.get(target_rank),
        next_steps=tuple(next_steps),
    )
