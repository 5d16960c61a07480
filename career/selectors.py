"""Reads for the public catalogue pages.

Every page reads through one of these functions. Each fetches its rows with a
fixed number of queries (select_related for foreign keys, prefetch_related for
reverse and many-to-many relations), whatever the size of the catalogue, and
sets FETCH_RAISE so a lazy load that slipped past the prefetching fails
loudly instead of running one query per row. Where a page needs rows
rearranged (the requirement matrix, the roadmap groups, the ladder) the
functions return plain dataclasses, so templates only display.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import FETCH_RAISE, Case, CharField, IntegerChoices, IntegerField, Prefetch, QuerySet, Value, When

from career import recognition
from career.enums import CareerTrack, CertificationLevel, CertificationStatus, DutyScope, PayFactorKind, Proficiency
from career.models import (
    Alias,
    CareerStep,
    Certification,
    CertificationSkill,
    Concept,
    ConceptRule,
    Duty,
    DutyRequirement,
    EducationRequirement,
    FaqEntry,
    GrowthProjection,
    Industry,
    Kpi,
    MarketTrend,
    PayFactor,
    RequirementProfile,
    RoadmapAction,
    RoadmapPhase,
    Role,
    SalaryBand,
    SeniorityLevel,
    Skill,
    SkillCategory,
    SkillLevel,
    SkillRequirement,
)
from career.models import (
    DutyScope as DutyScopeModel,
)
from career.revision import catalogue_revision

# Certification levels from the first rung up; course certificates come last.
CERTIFICATION_LEVEL_ORDER = [
    CertificationLevel.FOUNDATIONAL,
    CertificationLevel.ASSOCIATE,
    CertificationLevel.PROFESSIONAL,
    CertificationLevel.SPECIALTY,
    CertificationLevel.COURSE,
]


# --- Home --------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFigures:
    role_count: int
    skill_count: int
    duty_count: int
    salary_bands: list[SalaryBand]
    growth: GrowthProjection | None

    @property
    def salary_range(self) -> str:
        """The whole pay span, from the lowest band's floor to the highest band's ceiling."""
        if not self.salary_bands:
            return ""
        low = min(self.salary_bands, key=lambda band: band.min_usd)
        high = max(self.salary_bands, key=lambda band: band.max_usd)
        plus = "+" if high.open_ended else ""
        return f"${low.min_usd // 1000}K \N{EN DASH} ${high.max_usd // 1000}K{plus}"


def catalogue_figures() -> CatalogueFigures:
    """The headline numbers for the home page (5 queries)."""
    return CatalogueFigures(
        role_count=Role.objects.count(),
        skill_count=Skill.objects.count(),
        duty_count=Duty.objects.count(),
        salary_bands=list(salary_band_list()),
        growth=GrowthProjection.objects.fetch_mode(FETCH_RAISE).first(),
    )


# --- Roles -------------------------------------------------------------------------


def role_list() -> QuerySet[Role]:
    """The roles in catalogue order, with the seniority levels their experience range names."""
    return (
        Role.objects.select_related("typical_seniority_from", "typical_seniority_to")
        .order_by("order", "name")
        .fetch_mode(FETCH_RAISE)
    )


@dataclass(frozen=True)
class SeniorityChoice:
    """A seniority as the start page offers it: its pay band and the years people usually have."""

    slug: str
    name: str
    description: str
    band_name: str
    band_label: str
    years_min: int
    years_max: int | None  # the next level's usual minimum; None for the top level

    @property
    def years(self) -> str:
        if self.years_max is None or self.years_max <= self.years_min:
            return f"{self.years_min}+ years"
        return f"{self.years_min}\N{EN DASH}{self.years_max} years"


def seniority_choice_list() -> list[SeniorityChoice]:
    """Every seniority from junior up, with its salary band and usual years of experience (1 query)."""
    levels = list(SeniorityLevel.objects.select_related("salary_band").order_by("rank").fetch_mode(FETCH_RAISE))
    return [
        SeniorityChoice(
            slug=level.slug,
            name=level.name,
            description=level.description,
            band_name=level.salary_band.name,
            band_label=level.salary_band.label,
            years_min=level.typical_years_min,
            years_max=levels[index + 1].typical_years_min if index + 1 < len(levels) else None,
        )
        for index, level in enumerate(levels)
    ]


def role_get(*, slug: str) -> Role:
    """One role with every requirement profile and what it asks for (6 queries).

    Raises Role.DoesNotExist for an unknown slug.
    """
    profiles = RequirementProfile.objects.select_related("seniority__salary_band").order_by("seniority__rank")
    return (
        role_list()
        .prefetch_related(
            Prefetch("profiles", queryset=profiles),
            Prefetch(
                "profiles__skill_requirements",
                queryset=SkillRequirement.objects.select_related("skill__category"),
            ),
            Prefetch("profiles__duty_requirements", queryset=DutyRequirement.objects.select_related("duty")),
            Prefetch(
                "profiles__education_requirements",
                queryset=EducationRequirement.objects.select_related("qualification"),
            ),
            "profiles__education_requirements__qualification__levels",
        )
        .get(slug=slug)
    )


@dataclass(frozen=True)
class SeniorityColumn:
    slug: str
    name: str
    salary_band: str
    salary_label: str
    typical: bool
    summary: str


@dataclass(frozen=True)
class RequirementCell:
    """One requirement at one seniority; level is None where that profile does not ask for it."""

    column: str
    typical: bool = False
    level: int | None = None
    label: str = ""
    weight: int = 0
    note: str = ""
    essential: bool = False


@dataclass(frozen=True)
class RequirementRow:
    slug: str
    name: str
    cells: tuple[RequirementCell, ...]


@dataclass(frozen=True)
class RequirementGroup:
    name: str
    rows: list[RequirementRow]


@dataclass(frozen=True)
class RoleRequirements:
    """A role's profiles laid out as tables: one row per skill, duty or qualification, one column per seniority."""

    columns: list[SeniorityColumn]
    skill_groups: list[RequirementGroup]
    duty_groups: list[RequirementGroup]
    education_groups: list[RequirementGroup]


def role_requirements(*, role: Role) -> RoleRequirements:
    """Rearrange the profiles prefetched by role_get into the requirement tables (no queries)."""
    profiles = list(role.profiles.all())
    typical = range(role.typical_seniority_from.rank, role.typical_seniority_to.rank + 1)
    columns = [
        SeniorityColumn(
            slug=profile.seniority.slug,
            name=profile.seniority.name,
            salary_band=profile.seniority.salary_band.name,
            salary_label=profile.seniority.salary_band.label,
            typical=profile.seniority.rank in typical,
            summary=profile.summary,
        )
        for profile in profiles
    ]
    skills, duties, qualifications = _RowBuilder(columns), _RowBuilder(columns), _RowBuilder(columns)
    for index, profile in enumerate(profiles):
        for requirement in profile.skill_requirements.all():
            label = Proficiency(requirement.target).label
            skills.add(
                requirement.skill,
                index,
                level=requirement.target,
                label=label,
                weight=requirement.weight,
                essential=requirement.essential,
            )
        for requirement in profile.duty_requirements.all():
            label = DutyScope(requirement.target).label
            duties.add(
                requirement.duty,
                index,
                level=requirement.target,
                label=label,
                weight=requirement.weight,
                essential=requirement.essential,
            )
        for requirement in profile.education_requirements.all():
            anchors = {level.level: level.description for level in requirement.qualification.levels.all()}
            qualifications.add(
                requirement.qualification,
                index,
                level=requirement.target,
                label=requirement.get_expectation_display(),
                weight=requirement.weight,
                note=anchors.get(requirement.target, ""),
                essential=requirement.essential,
            )
    return RoleRequirements(
        columns=columns,
        skill_groups=skills.groups(
            key=lambda s: (s.category.order, s.category.name, s.order, s.name), by_category=True
        ),
        duty_groups=duties.groups(key=lambda d: (d.order, d.name)),
        education_groups=qualifications.groups(key=lambda q: (q.order, q.name)),
    )


class _RowBuilder:
    """Collects requirement cells by subject (a skill, duty or qualification) and column."""

    def __init__(self, columns: list[SeniorityColumn]):
        self.columns = columns
        self.subjects: dict[int, object] = {}
        self.cells: dict[int, dict[int, RequirementCell]] = {}

    def add(self, subject, index: int, **cell) -> None:
        self.subjects[subject.pk] = subject
        self.cells.setdefault(subject.pk, {})[index] = RequirementCell(
            column=self.columns[index].name, typical=self.columns[index].typical, **cell
        )

    def groups(self, *, key, by_category: bool = False) -> list[RequirementGroup]:
        groups: list[RequirementGroup] = []
        for subject in sorted(self.subjects.values(), key=key):
            name = subject.category.name if by_category else ""
            if not groups or groups[-1].name != name:
                groups.append(RequirementGroup(name=name, rows=[]))
            cells = self.cells[subject.pk]
            row_cells = tuple(
                cells.get(i, RequirementCell(column=column.name, typical=column.typical))
                for i, column in enumerate(self.columns)
            )
            groups[-1].rows.append(RequirementRow(slug=subject.slug, name=subject.name, cells=row_cells))
        return groups


# --- Career ladder -------------------------------------------------------------------


@dataclass(frozen=True)
class LadderTrack:
    track: str
    name: str
    steps: list[CareerStep]


@dataclass(frozen=True)
class LadderMove:
    """A step a role can move to next, with where that step leads in turn."""

    step: CareerStep
    then: list[CareerStep] = field(default_factory=list)


def career_step_list() -> list[CareerStep]:
    """Every rung of the ladder, each with its seniority, salary band, lateral role and next steps (2 queries)."""
    related = ("seniority__salary_band", "role")
    steps = list(
        CareerStep.objects.select_related(*related)
        .prefetch_related(Prefetch("leads_to", queryset=CareerStep.objects.select_related(*related)))
        .fetch_mode(FETCH_RAISE)
    )
    return steps


def career_ladder(*, steps: Iterable[CareerStep]) -> list[LadderTrack]:
    """The steps grouped by track, in the tracks' declared order (no queries)."""
    by_track: dict[str, list[CareerStep]] = {track: [] for track in CareerTrack.values}
    for step in steps:
        by_track[step.track].append(step)
    return [
        LadderTrack(track=track, name=CareerTrack(track).label, steps=by_track[track])
        for track in CareerTrack.values
        if by_track[track]
    ]


def role_next_moves(*, role: Role, steps: Iterable[CareerStep]) -> list[LadderMove]:
    """Where a role leads: the steps after the core rung matching its top seniority (no queries).

    A lateral move into the role itself is left out.
    """
    steps = list(steps)
    by_pk = {step.pk: step for step in steps}
    start = next(
        (s for s in steps if s.track == CareerTrack.CORE and s.seniority_id == role.typical_seniority_to_id),
        None,
    )
    if start is None:
        return []
    moves = []
    for step in start.leads_to.all():
        if step.role_id == role.pk:
            continue
        full = by_pk.get(step.pk, step)
        moves.append(LadderMove(step=full, then=[by_pk.get(s.pk, s) for s in full.leads_to.all()]))
    return moves


# --- Skills, duties, education --------------------------------------------------------


def _label_of(field_name: str, choices: type[IntegerChoices]) -> Case:
    """A SQL expression giving an integer field's choice label, so templates can show it."""
    return Case(
        *(When(**{field_name: value}, then=Value(label)) for value, label in choices.choices),
        default=Value(""),
        output_field=CharField(),
    )


def skill_category_list() -> QuerySet[SkillCategory]:
    """Categories with their skills, each skill's level anchors and prerequisites (4 queries)."""
    levels = SkillLevel.objects.annotate(label=_label_of("level", Proficiency)).order_by("level")
    return SkillCategory.objects.prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("order", "name")),
        Prefetch("skills__levels", queryset=levels),
        Prefetch("skills__prerequisites", queryset=Skill.objects.order_by("order", "name")),
    ).fetch_mode(FETCH_RAISE)


def duty_list() -> QuerySet[Duty]:
    """The duties in order, each with its four scopes and the KPIs that measure it (3 queries)."""
    scopes = DutyScopeModel.objects.annotate(label=_label_of("scope", DutyScope)).order_by("scope")
    return Duty.objects.prefetch_related(
        Prefetch("scopes", queryset=scopes), Prefetch("kpis", queryset=Kpi.objects.order_by("order", "name"))
    ).fetch_mode(FETCH_RAISE)


# --- Certifications --------------------------------------------------------------------


def certification_list() -> QuerySet[Certification]:
    """Every certification by provider and level, with the skills it covers (2 queries)."""
    level_rank = Case(
        *(When(level=level, then=Value(rank)) for rank, level in enumerate(CERTIFICATION_LEVEL_ORDER)),
        default=Value(len(CERTIFICATION_LEVEL_ORDER)),
        output_field=IntegerField(),
    )
    return (
        Certification.objects.select_related("provider")
        .prefetch_related(
            Prefetch(
                "covered_skills",
                queryset=CertificationSkill.objects.select_related("skill").order_by("-level", "skill__name"),
            )
        )
        .alias(level_rank=level_rank)
        .order_by("provider__name", "level_rank", "name")
        .fetch_mode(FETCH_RAISE)
    )


def split_by_status(certifications: Iterable[Certification]) -> tuple[list[Certification], list[Certification]]:
    """(active, retired): the retired ones are history, never recommendations."""
    active, retired = [], []
    for certification in certifications:
        (retired if certification.status == CertificationStatus.RETIRED else active).append(certification)
    return active, retired


# --- Roadmap -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionGroup:
    kind: str
    name: str
    actions: list[RoadmapAction]

    @property
    def effort_hours(self) -> int:
        return sum(action.effort_hours for action in self.actions)


@dataclass(frozen=True)
class RoadmapPhaseView:
    phase: RoadmapPhase
    groups: list[ActionGroup]

    @property
    def effort_hours(self) -> int:
        return sum(group.effort_hours for group in self.groups)

    @property
    def action_count(self) -> int:
        return sum(len(group.actions) for group in self.groups)


def roadmap() -> list[RoadmapPhaseView]:
    """The phases in order, their actions grouped by the skill, duty or qualification they raise (2 queries)."""
    actions = RoadmapAction.objects.select_related("skill__category", "duty", "qualification").order_by(
        "reaches_level", "effort_hours", "title"
    )
    phases = RoadmapPhase.objects.prefetch_related(Prefetch("actions", queryset=actions)).fetch_mode(FETCH_RAISE)
    return [RoadmapPhaseView(phase=phase, groups=_group_actions(phase.actions.all())) for phase in phases]


def _group_actions(actions: Iterable[RoadmapAction]) -> list[ActionGroup]:
    # Skills first (in category order), then duties, then qualifications.
    def subject(action: RoadmapAction) -> tuple[tuple, str, str]:
        if action.skill is not None:
            s = action.skill
            return (0, s.category.order, s.order, s.name), "Skill", s.name
        if action.duty is not None:
            return (1, action.duty.order, 0, action.duty.name), "Duty", action.duty.name
        q = action.qualification
        return (2, q.order, 0, q.name), "Qualification", q.name

    groups: dict[tuple, ActionGroup] = {}
    for action in actions:
        key, kind, name = subject(action)
        groups.setdefault(key, ActionGroup(kind=kind, name=name, actions=[])).actions.append(action)
    return [groups[key] for key in sorted(groups)]


# --- Salaries, outlook and context ---------------------------------------------------------


def salary_band_list() -> QuerySet[SalaryBand]:
    return SalaryBand.objects.order_by("order").fetch_mode(FETCH_RAISE)


@dataclass(frozen=True)
class Outlook:
    salary_bands: list[SalaryBand]
    regions: list[PayFactor]
    pay_factors: list[PayFactor]
    growth: list[GrowthProjection]
    trends: list[MarketTrend]
    industries: list[Industry]


def outlook() -> Outlook:
    """Pay, growth, trends and industries (6 queries)."""
    factors = list(PayFactor.objects.fetch_mode(FETCH_RAISE))
    return Outlook(
        salary_bands=list(salary_band_list()),
        regions=[factor for factor in factors if factor.kind == PayFactorKind.REGION],
        pay_factors=[factor for factor in factors if factor.kind == PayFactorKind.FACTOR],
        growth=list(GrowthProjection.objects.fetch_mode(FETCH_RAISE)),
        trends=list(
            MarketTrend.objects.prefetch_related(
                Prefetch("skills", queryset=Skill.objects.order_by("category__order", "order", "name"))
            ).fetch_mode(FETCH_RAISE)
        ),
        industries=list(Industry.objects.fetch_mode(FETCH_RAISE)),
    )


def kpi_list() -> QuerySet[Kpi]:
    """The KPIs with the duty each relates to (1 query)."""
    return Kpi.objects.select_related("duty").fetch_mode(FETCH_RAISE)


def faq_list() -> QuerySet[FaqEntry]:
    return FaqEntry.objects.fetch_mode(FETCH_RAISE)


# --- Recognising catalogue items in job ads -----------------------------------------

# The matcher of the latest catalogue revision this process has seen: {revision: matcher}.
_matcher_memo: dict[str, recognition.Matcher] = {}


# What recognition calls the item an alias or a concept rule names, by the foreign key that names it.
TARGET_KINDS = {
    "skill": recognition.KIND_SKILL,
    "duty": recognition.KIND_DUTY,
    "qualification": recognition.KIND_EDUCATION,
    "certification": recognition.KIND_CERTIFICATION,
    "role": recognition.KIND_ROLE,
}


def _target_slug_fields(model) -> list[str]:
    return [f"{name}__slug" for name in model.TARGETS]


def _named(model, slugs) -> tuple[str, str]:
    """(kind, slug) of the one item a row names, from its targets' slugs in `model.TARGETS` order."""
    return next((TARGET_KINDS[name], slug) for name, slug in zip(model.TARGETS, slugs, strict=True) if slug)


def alias_list() -> list[recognition.Alias]:
    """Every alias as plain data, with the kind and slug of what it names. One query."""
    rows = Alias.objects.order_by("phrase").values_list("phrase", *_target_slug_fields(Alias))
    aliases = []
    for phrase, *slugs in rows:
        kind, key = _named(Alias, slugs)
        aliases.append(recognition.Alias(phrase=phrase, kind=kind, key=key))
    return aliases


def concept_rule_list() -> list[recognition.ConceptRule]:
    """Every concept rule as plain data, with the kind and slug of what it names and its concepts' words.
    Two queries (the rules, then their concepts)."""
    rows = list(
        ConceptRule.objects.order_by("slug").values_list(
            "slug", *_target_slug_fields(ConceptRule), "first_id", "second_id", "third_id"
        )
    )
    concepts = {
        concept.pk: recognition.Concept(
            name=concept.slug, words=tuple(concept.word_list), not_in=tuple(concept.not_in_list)
        )
        for concept in Concept.objects.all()
    }
    targets = len(ConceptRule.TARGETS)
    rules = []
    for slug, *rest in rows:
        slugs, concept_ids = rest[:targets], rest[targets:]
        kind, key = _named(ConceptRule, slugs)
        rules.append(
            recognition.ConceptRule(
                name=slug,
                kind=kind,
                key=key,
                concepts=tuple(concepts[pk] for pk in concept_ids if pk is not None),
            )
        )
    return rules


def recognition_matcher_get() -> recognition.Matcher:
    """The automata of every alias and concept rule, built once per catalogue revision and kept in this
    process: one query to read the revision, plus three when it changed since the last build."""
    revision = catalogue_revision()
    matcher = _matcher_memo.get(revision) if revision is not None else None
    if matcher is None:
        matcher = recognition.Matcher(alias_list(), concept_rule_list())
        if revision is not None:
            _matcher_memo.clear()
            _matcher_memo[revision] = matcher
    return matcher


def seniority_years_list() -> list[tuple[str, int]]:
    """(slug, typical years of experience) for every seniority, junior first. One query."""
    return list(SeniorityLevel.objects.order_by("rank").values_list("slug", "typical_years_min"))
