"""Integrity checks for the career catalogue, run by `manage.py validate_catalogue`.

Two kinds of check, each giving a list of readable problems:

- field_problems(): Model.full_clean() on every catalogue object (validators,
  choices, required text). Uniqueness and check constraints are left to the
  database, which enforces them on every write; checking them again per object
  would cost one query per object and constraint.
- cross_check_problems(facts): rules that span objects (every role has a
  profile at every seniority, every skill has all five anchors, every
  knowledge check item exactly one correct option, ...). They are
  pure functions over CatalogueFacts, plain data read with one query per table.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst

from career.enums import CHECK_LEVEL_MIN, LEVEL_MAX, LEVEL_MIN, OPTIONS_MAX, OPTIONS_MIN, CertificationStatus
from career.enums import DutyScope as ScopeLabel
from career.models import (
    Certification,
    CertificationSkill,
    Duty,
    DutyRequirement,
    DutyScope,
    EducationRequirement,
    KnowledgeCheckItem,
    KnowledgeCheckOption,
    Qualification,
    QualificationLevel,
    RequirementProfile,
    RoadmapAction,
    Role,
    SeniorityLevel,
    Skill,
    SkillLevel,
    SkillRequirement,
)

LEVELS = range(LEVEL_MIN, LEVEL_MAX + 1)
SCOPES = range(1, LEVEL_MAX + 1)
CHECK_LEVELS = range(CHECK_LEVEL_MIN, LEVEL_MAX + 1)
ACTIVE_ITEMS_MIN = 3  # per skill and level, so that a retake can draw different items

ProfileKey = tuple[str, str]  # (role slug, seniority slug)


@dataclass(frozen=True)
class Problem:
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


@dataclass(frozen=True)
class CheckItemFacts:
    skill: str
    level: int
    active: bool
    stem: str
    options: tuple[bool, ...] = ()  # is_correct of each option, by position


@dataclass
class CatalogueFacts:
    """The catalogue as plain data: slugs, levels and targets, nothing lazy."""

    seniorities: list[str] = field(default_factory=list)  # slugs by rank, junior first
    roles: dict[str, tuple[str, str]] = field(default_factory=dict)  # role → (typical from, typical to)
    focus_skills: dict[str, str | None] = field(default_factory=dict)  # role → the skill that defines it
    essential_skills: dict[ProfileKey, set[str]] = field(default_factory=dict)  # profile → must-have skills
    profiles: set[ProfileKey] = field(default_factory=set)
    skill_targets: dict[ProfileKey, dict[str, int]] = field(default_factory=dict)
    duty_targets: dict[ProfileKey, dict[str, int]] = field(default_factory=dict)
    education_targets: dict[ProfileKey, dict[str, int]] = field(default_factory=dict)
    skill_levels: dict[str, set[int]] = field(default_factory=dict)  # skill → levels with an anchor text
    qualification_levels: dict[str, set[int]] = field(default_factory=dict)
    duty_scopes: dict[str, set[int]] = field(default_factory=dict)
    certifications: dict[str, str] = field(default_factory=dict)  # certification → status
    certification_skills: dict[str, set[str]] = field(default_factory=dict)
    prerequisites: dict[str, set[str]] = field(default_factory=dict)  # skill → skills to build first
    skill_actions: dict[str, set[int]] = field(default_factory=dict)  # skill → levels a roadmap action reaches
    check_items: dict[str, CheckItemFacts] = field(default_factory=dict)  # knowledge check item slug → facts


# --- Reading the catalogue ------------------------------------------------------------


def catalogue_models() -> list[type[models.Model]]:
    return list(apps.get_app_config("career").get_models())


def _subject(kind: str, *key: object) -> str:
    return f'{kind} "{"/".join(str(part) for part in key)}"'


def describe(obj: models.Model) -> str:
    """A readable name for a catalogue object: its model and natural key, e.g. 'Skill level "python/3"'."""
    return _subject(capfirst(obj._meta.verbose_name), *obj.natural_key())


def _grouped(pairs: Iterable[tuple[str, object]], keys: Iterable[str]) -> dict[str, set]:
    grouped: dict[str, set] = {key: set() for key in keys}
    for key, value in pairs:
        grouped.setdefault(key, set()).add(value)
    return grouped


def _targets(model: type[models.Model], item: str) -> dict[ProfileKey, dict[str, int]]:
    rows = model.objects.values_list("profile__role__slug", "profile__seniority__slug", f"{item}__slug", "target")
    targets: dict[ProfileKey, dict[str, int]] = defaultdict(dict)
    for role, seniority, slug, target in rows:
        targets[(role, seniority)][slug] = target
    return dict(targets)


def _essential_skills() -> dict[ProfileKey, set[str]]:
    essential: dict[ProfileKey, set[str]] = defaultdict(set)
    rows = SkillRequirement.objects.filter(essential=True).values_list(
        "profile__role__slug", "profile__seniority__slug", "skill__slug"
    )
    for role, seniority, skill in rows:
        essential[(role, seniority)].add(skill)
    return dict(essential)


def _check_items() -> dict[str, CheckItemFacts]:
    options: dict[str, list[bool]] = defaultdict(list)
    for item, is_correct in KnowledgeCheckOption.objects.order_by("position").values_list("item__slug", "is_correct"):
        options[item].append(is_correct)
    return {
        slug: CheckItemFacts(skill, level, active, stem, tuple(options[slug]))
        for slug, skill, level, active, stem in KnowledgeCheckItem.objects.values_list(
            "slug", "skill__slug", "level", "is_active", "stem"
        )
    }


def catalogue_facts() -> CatalogueFacts:
    """Read what the cross-checks need, with one query per table."""
    skills = list(Skill.objects.values_list("slug", flat=True))
    qualifications = list(Qualification.objects.values_list("slug", flat=True))
    duties = list(Duty.objects.values_list("slug", flat=True))
    certifications = dict(Certification.objects.values_list("slug", "status"))
    roles = list(
        Role.objects.values_list(
            "slug", "typical_seniority_from__slug", "typical_seniority_to__slug", "focus_skill__slug"
        )
    )
    return CatalogueFacts(
        seniorities=list(SeniorityLevel.objects.order_by("rank").values_list("slug", flat=True)),
        roles={slug: (low, high) for slug, low, high, _ in roles},
        focus_skills={slug: focus for slug, _, _, focus in roles},
        essential_skills=_essential_skills(),
        profiles=set(RequirementProfile.objects.values_list("role__slug", "seniority__slug")),
        skill_targets=_targets(SkillRequirement, "skill"),
        duty_targets=_targets(DutyRequirement, "duty"),
        education_targets=_targets(EducationRequirement, "qualification"),
        skill_levels=_grouped(SkillLevel.objects.values_list("skill__slug", "level"), skills),
        qualification_levels=_grouped(
            QualificationLevel.objects.values_list("qualification__slug", "level"), qualifications
        ),
        duty_scopes=_grouped(DutyScope.objects.values_list("duty__slug", "scope"), duties),
        certifications=certifications,
        certification_skills=_grouped(
            CertificationSkill.objects.values_list("certification__slug", "skill__slug"), certifications
        ),
        prerequisites=_grouped(
            Skill.prerequisites.through.objects.values_list("from_skill__slug", "to_skill__slug"), skills
        ),
        skill_actions=_grouped(
            RoadmapAction.objects.filter(skill__isnull=False).values_list("skill__slug", "reaches_level"), skills
        ),
        check_items=_check_items(),
    )


# --- Per-object validation -------------------------------------------------------------


def field_problems() -> tuple[int, list[Problem]]:
    """Run full_clean() on every catalogue object; returns (objects checked, problems).

    Foreign keys are left out: the database guarantees they point at existing
    rows, and Django would check each one with a query of its own.
    """
    checked, problems = 0, []
    for model in catalogue_models():
        exclude = [f.name for f in model._meta.concrete_fields if f.is_relation]
        for obj in model._default_manager.all():
            checked += 1
            try:
                obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                subject = describe(obj)
                for name, messages in error.message_dict.items():
                    prefix = "" if name == NON_FIELD_ERRORS else f"{name}: "
                    problems.extend(Problem(subject, f"{prefix}{message}") for message in messages)
    return checked, problems


# --- Cross-checks ----------------------------------------------------------------------


def _levels(levels: Iterable[int]) -> str:
    levels = sorted(levels)
    noun = "level" if len(levels) == 1 else "levels"
    return f"{noun} {', '.join(str(level) for level in levels)}"


def missing_profiles(facts: CatalogueFacts) -> list[Problem]:
    return [
        Problem(_subject("Role", role), f'no requirement profile at seniority "{seniority}"')
        for role in sorted(facts.roles)
        for seniority in facts.seniorities
        if (role, seniority) not in facts.profiles
    ]


def empty_profiles(facts: CatalogueFacts) -> list[Problem]:
    """Every profile asks for at least one skill, one duty and one qualification."""
    problems = []
    for role, seniority in sorted(facts.profiles, key=lambda key: (key[0], facts.seniorities.index(key[1]))):
        for what, targets in (
            ("skill", facts.skill_targets),
            ("duty", facts.duty_targets),
            ("qualification", facts.education_targets),
        ):
            if not targets.get((role, seniority)):
                problems.append(Problem(_subject("Requirement profile", role, seniority), f"asks for no {what}"))
    return problems


def falling_targets(facts: CatalogueFacts) -> list[Problem]:
    """A target never falls as seniority rises, for the same role and the same skill, duty or qualification."""
    problems = []
    for what, targets in (
        ("skill", facts.skill_targets),
        ("duty", facts.duty_targets),
        ("qualification", facts.education_targets),
    ):
        for role in sorted(facts.roles):
            previous: dict[str, tuple[str, int]] = {}  # item → (seniority, target) at the last rank that asked
            for seniority in facts.seniorities:
                for item, target in sorted(targets.get((role, seniority), {}).items()):
                    if item in previous and target < previous[item][1]:
                        lower, lower_target = previous[item]
                        problems.append(
                            Problem(
                                _subject("Requirement profile", role, seniority),
                                f'{what} "{item}" has target {target}, below {lower_target} at "{lower}"',
                            )
                        )
                    previous[item] = (seniority, target)
    return problems


def missing_skill_anchors(facts: CatalogueFacts) -> list[Problem]:
    return [
        Problem(_subject("Skill", skill), f"no anchor text for {_levels(set(LEVELS) - levels)}")
        for skill, levels in sorted(facts.skill_levels.items())
        if set(LEVELS) - levels
    ]


def missing_qualification_levels(facts: CatalogueFacts) -> list[Problem]:
    return [
        Problem(_subject("Qualification", qualification), f"no description for {_levels(set(LEVELS) - levels)}")
        for qualification, levels in sorted(facts.qualification_levels.items())
        if set(LEVELS) - levels
    ]


def missing_duty_scopes(facts: CatalogueFacts) -> list[Problem]:
    problems = []
    for duty, scopes in sorted(facts.duty_scopes.items()):
        missing = [f"{scope} ({ScopeLabel(scope).label.lower()})" for scope in SCOPES if scope not in scopes]
        if missing:
            noun = "scope" if len(missing) == 1 else "scopes"
            problems.append(Problem(_subject("Duty", duty), f"no description for {noun} {', '.join(missing)}"))
    return problems


def uncovered_certifications(facts: CatalogueFacts) -> list[Problem]:
    return [
        Problem(_subject("Certification", certification), "active but covers no skill")
        for certification, status in sorted(facts.certifications.items())
        if status == CertificationStatus.ACTIVE and not facts.certification_skills.get(certification)
    ]


def unused_skills(facts: CatalogueFacts) -> list[Problem]:
    asked = {skill for targets in facts.skill_targets.values() for skill in targets}
    return [
        Problem(_subject("Skill", skill), "no requirement profile asks for it")
        for skill in sorted(facts.skill_levels)
        if skill not in asked
    ]


def prerequisite_cycles(facts: CatalogueFacts) -> list[Problem]:
    """The prerequisite graph has no cycle (the roadmap could not order the skills otherwise).

    Each cycle is reported once, starting from its alphabetically first skill.
    """
    cycles, done = set(), set()

    def visit(skill: str, path: list[str]) -> None:
        if skill in path:
            cycle = path[path.index(skill) :]
            start = cycle.index(min(cycle))
            cycles.add((*cycle[start:], *cycle[:start]))
            return
        if skill in done:
            return
        for prerequisite in sorted(facts.prerequisites.get(skill, ())):
            visit(prerequisite, [*path, skill])
        done.add(skill)

    for skill in sorted(facts.prerequisites):
        visit(skill, [])
    return [
        Problem(_subject("Skill", cycle[0]), f"prerequisites form a cycle: {' → '.join((*cycle, cycle[0]))}")
        for cycle in sorted(cycles)
    ]


def unreachable_targets(facts: CatalogueFacts) -> list[Problem]:
    """Every level a profile asks of a skill is reached by a roadmap action for that skill."""
    asked: dict[str, set[int]] = defaultdict(set)
    for targets in facts.skill_targets.values():
        for skill, target in targets.items():
            if target > 0:
                asked[skill].add(target)
    unreached = {skill: levels - facts.skill_actions.get(skill, set()) for skill, levels in asked.items()}
    return [
        Problem(_subject("Skill", skill), f"no roadmap action reaches {_levels(levels)}")
        for skill, levels in sorted(unreached.items())
        if levels
    ]


def inverted_role_ranges(facts: CatalogueFacts) -> list[Problem]:
    rank = {slug: number for number, slug in enumerate(facts.seniorities)}
    return [
        Problem(_subject("Role", role), f'typical seniority runs down, from "{low}" to "{high}"')
        for role, (low, high) in sorted(facts.roles.items())
        if rank[low] > rank[high]
    ]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def miskeyed_check_items(facts: CatalogueFacts) -> list[Problem]:
    """Exactly one option of every knowledge check item is correct."""
    problems = []
    for slug, item in sorted(facts.check_items.items()):
        correct = sum(item.options)
        if correct != 1:
            message = "no option marked correct" if correct == 0 else f"{correct} options marked correct"
            problems.append(Problem(_subject("Knowledge check item", slug), f"{message}, needs exactly one"))
    return problems


def check_item_option_counts(facts: CatalogueFacts) -> list[Problem]:
    return [
        Problem(
            _subject("Knowledge check item", slug),
            f"has {_plural(len(item.options), 'option')}, needs {OPTIONS_MIN} to {OPTIONS_MAX}",
        )
        for slug, item in sorted(facts.check_items.items())
        if not OPTIONS_MIN <= len(item.options) <= OPTIONS_MAX
    ]


def repeated_stems(facts: CatalogueFacts) -> list[Problem]:
    """No two items in the bank ask the same question, ignoring case and whitespace.

    Each repeat is reported against the item with the alphabetically first slug.
    """
    by_stem: dict[str, list[str]] = defaultdict(list)
    for slug, item in sorted(facts.check_items.items()):
        by_stem[" ".join(item.stem.split()).casefold()].append(slug)
    return [
        Problem(_subject("Knowledge check item", slug), f'same stem as "{slugs[0]}"')
        for slugs in by_stem.values()
        for slug in slugs[1:]
    ]


def thin_check_levels(facts: CatalogueFacts) -> list[Problem]:
    """Every skill has at least ACTIVE_ITEMS_MIN active knowledge check items at each level 1–4."""
    active: dict[tuple[str, int], int] = defaultdict(int)
    for item in facts.check_items.values():
        if item.active:
            active[(item.skill, item.level)] += 1
    problems = []
    for skill in sorted(facts.skill_levels):
        thin = [level for level in CHECK_LEVELS if active[(skill, level)] < ACTIVE_ITEMS_MIN]
        if thin:
            problems.append(
                Problem(
                    _subject("Skill", skill),
                    f"fewer than {ACTIVE_ITEMS_MIN} active knowledge check items at {_levels(thin)}",
                )
            )
    return problems


def missing_must_haves(facts: CatalogueFacts) -> list[Problem]:
    """Every role names the skill that defines it, and every profile of the role asks for it as a must-have."""
    problems = []
    for role in sorted(facts.roles):
        focus = facts.focus_skills.get(role)
        if focus is None:
            problems.append(Problem(_subject("Role", role), "names no focus skill"))
            continue
        for seniority in facts.seniorities:
            key = (role, seniority)
            if key in facts.profiles and focus not in facts.essential_skills.get(key, set()):
                subject = _subject("Requirement profile", role, seniority)
                problems.append(Problem(subject, f'focus skill "{focus}" is not a must-have'))
    return problems


CROSS_CHECKS: list[Callable[[CatalogueFacts], list[Problem]]] = [
    missing_profiles,
    empty_profiles,
    falling_targets,
    missing_skill_anchors,
    missing_qualification_levels,
    missing_duty_scopes,
    uncovered_certifications,
    unused_skills,
    prerequisite_cycles,
    unreachable_targets,
    inverted_role_ranges,
    missing_must_haves,
    miskeyed_check_items,
    check_item_option_counts,
    repeated_stems,
    thin_check_levels,
]


def cross_check_problems(facts: CatalogueFacts) -> list[Problem]:
    return [problem for check in CROSS_CHECKS for problem in check(facts)]
