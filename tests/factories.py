"""Plain builder functions for test data.

Each builder takes keyword arguments with sensible defaults, saves the row and
returns it. Slugs, names and ranks are made unique with a shared counter, so a
test can build as many rows as it needs on top of the shipped catalogue.
Keep builders grouped by model family, in the order of career/models.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from career.enums import CareerTrack, CertificationLevel, CertificationStatus, Expectation, PayFactorKind
from career.models import (
    CareerStep,
    Certification,
    CertificationProvider,
    CertificationSkill,
    Duty,
    DutyRequirement,
    DutyScope,
    EducationRequirement,
    FaqEntry,
    GrowthProjection,
    Industry,
    KnowledgeCheckItem,
    KnowledgeCheckOption,
    Kpi,
    MarketTrend,
    PayFactor,
    Qualification,
    QualificationLevel,
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
from career.revision import catalogue_changed

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


# --- Skills ------------------------------------------------------------------------


def make_skill_category(*, slug: str | None = None, name: str | None = None, order: int = 100) -> SkillCategory:
    n = _next()
    return SkillCategory.objects.create(
        slug=slug or f"test-category-{n}",
        name=name or f"Test category {n}",
        description="A category built for a test.",
        order=order,
    )


def make_skill(
    *,
    slug: str | None = None,
    name: str | None = None,
    category: SkillCategory | None = None,
    is_specialism: bool = False,
    prerequisites: Iterable[Skill] = (),
    with_levels: bool = True,
    order: int = 100,
) -> Skill:
    """A skill with an anchor text for each level 0 to 4 unless with_levels is False."""
    n = _next()
    skill = Skill.objects.create(
        slug=slug or f"test-skill-{n}",
        name=name or f"Test skill {n}",
        category=category or make_skill_category(),
        description="A skill built for a test.",
        is_specialism=is_specialism,
        order=order,
    )
    skill.prerequisites.set(prerequisites)
    if with_levels:
        SkillLevel.objects.bulk_create(
            SkillLevel(skill=skill, level=level, description=f"{skill.name} at level {level}.") for level in range(5)
        )
    catalogue_changed()  # bulk_create sends no save signals
    return skill


# --- Seniority, salaries and the career ladder ---------------------------------------


def make_salary_band(
    *, slug: str | None = None, name: str | None = None, min_usd: int = 100_000, max_usd: int = 120_000
) -> SalaryBand:
    n = _next()
    return SalaryBand.objects.create(
        slug=slug or f"test-band-{n}", name=name or f"Test band {n}", min_usd=min_usd, max_usd=max_usd, order=100 + n
    )


def make_seniority_level(
    *, slug: str | None = None, name: str | None = None, rank: int | None = None, salary_band: SalaryBand | None = None
) -> SeniorityLevel:
    n = _next()
    return SeniorityLevel.objects.create(
        slug=slug or f"test-seniority-{n}",
        name=name or f"Test seniority {n}",
        rank=rank if rank is not None else 100 + n,
        description="A seniority level built for a test.",
        salary_band=salary_band or make_salary_band(),
    )


def seniority_level(slug: str) -> SeniorityLevel:
    """One of the shipped seniority levels (junior, mid, senior, lead)."""
    return SeniorityLevel.objects.get(slug=slug)


def make_career_step(
    *,
    slug: str | None = None,
    name: str | None = None,
    track: str = CareerTrack.INDIVIDUAL_CONTRIBUTOR,
    seniority: SeniorityLevel | None = None,
    role: Role | None = None,
    leads_to: Iterable[CareerStep] = (),
    order: int = 100,
) -> CareerStep:
    n = _next()
    step = CareerStep.objects.create(
        slug=slug or f"test-step-{n}",
        name=name or f"Test step {n}",
        track=track,
        description="A career step built for a test.",
        seniority=seniority,
        role=role,
        order=order,
    )
    step.leads_to.set(leads_to)
    return step


# --- Duties --------------------------------------------------------------------------


def make_duty(*, slug: str | None = None, name: str | None = None, with_scopes: bool = True, order: int = 100) -> Duty:
    """A duty with a description for each scope 1 to 4 unless with_scopes is False."""
    n = _next()
    duty = Duty.objects.create(
        slug=slug or f"test-duty-{n}",
        name=name or f"Test duty {n}",
        summary="A duty built for a test.",
        interview_focus="What interviewers probe in a test.",
        business_example="A business example built for a test.",
        order=order,
    )
    if with_scopes:
        DutyScope.objects.bulk_create(
            DutyScope(duty=duty, scope=scope, description=f"{duty.name} at scope {scope}.") for scope in range(1, 5)
        )
    catalogue_changed()  # bulk_create sends no save signals
    return duty


# --- Education and qualifications -----------------------------------------------------


def make_qualification(*, slug: str | None = None, name: str | None = None, with_levels: bool = True) -> Qualification:
    n = _next()
    qualification = Qualification.objects.create(
        slug=slug or f"test-qualification-{n}",
        name=name or f"Test qualification {n}",
        description="A qualification built for a test.",
        order=100 + n,
    )
    if with_levels:
        QualificationLevel.objects.bulk_create(
            QualificationLevel(qualification=qualification, level=level, description=f"{qualification.name} {level}.")
            for level in range(5)
        )
    catalogue_changed()  # bulk_create sends no save signals
    return qualification


# --- Roles and requirement profiles -----------------------------------------------------


def make_role(
    *,
    slug: str | None = None,
    name: str | None = None,
    focus_area: str = "Test focus",
    typical_seniority_from: SeniorityLevel | None = None,
    typical_seniority_to: SeniorityLevel | None = None,
    research_focused: bool = False,
    order: int = 100,
) -> Role:
    n = _next()
    seniority_from = typical_seniority_from or make_seniority_level()
    return Role.objects.create(
        slug=slug or f"test-role-{n}",
        name=name or f"Test role {n}",
        focus_area=focus_area,
        summary="A role built for a test.",
        typical_seniority_from=seniority_from,
        typical_seniority_to=typical_seniority_to or seniority_from,
        research_focused=research_focused,
        order=order,
    )


def make_profile(
    *,
    role: Role | None = None,
    seniority: SeniorityLevel | None = None,
    skills: dict[Skill, tuple[int, int]] | None = None,
    duties: dict[Duty, tuple[int, int]] | None = None,
    education: dict[Qualification, tuple[int, int, str]] | None = None,
) -> RequirementProfile:
    """A requirement profile; skills and duties map to (target, weight), education to (target, weight, expectation)."""
    profile = RequirementProfile.objects.create(
        role=role or make_role(), seniority=seniority or make_seniority_level(), summary="A profile built for a test."
    )
    for skill, (target, weight) in (skills or {}).items():
        SkillRequirement.objects.create(profile=profile, skill=skill, target=target, weight=weight)
    for duty, (target, weight) in (duties or {}).items():
        DutyRequirement.objects.create(profile=profile, duty=duty, target=target, weight=weight)
    for qualification, (target, weight, expectation) in (education or {}).items():
        EducationRequirement.objects.create(
            profile=profile, qualification=qualification, target=target, weight=weight, expectation=expectation
        )
    return profile


def make_role_with_profiles(
    *,
    seniorities: Iterable[SeniorityLevel],
    skills: Iterable[Skill] = (),
    duties: Iterable[Duty] = (),
    qualifications: Iterable[Qualification] = (),
    **role_fields,
) -> Role:
    """A role with one profile per seniority, each asking for every given skill, duty and qualification."""
    seniorities, skills, duties, qualifications = list(seniorities), list(skills), list(duties), list(qualifications)
    role = make_role(typical_seniority_from=seniorities[0], typical_seniority_to=seniorities[-1], **role_fields)
    for rank, seniority in enumerate(seniorities, start=1):
        target = min(rank, 4)
        make_profile(
            role=role,
            seniority=seniority,
            skills=dict.fromkeys(skills, (target, 3)),
            duties=dict.fromkeys(duties, (target, 2)),
            education=dict.fromkeys(qualifications, (2, 2, Expectation.REQUIRED)),
        )
    return role


# --- Certifications ---------------------------------------------------------------------


def make_certification_provider(*, slug: str | None = None, name: str | None = None) -> CertificationProvider:
    n = _next()
    return CertificationProvider.objects.create(slug=slug or f"test-provider-{n}", name=name or f"Test provider {n}")


def make_certification(
    *,
    slug: str | None = None,
    name: str | None = None,
    provider: CertificationProvider | None = None,
    level: str = CertificationLevel.ASSOCIATE,
    status: str = CertificationStatus.ACTIVE,
    retired_on=None,
    status_note: str = "",
    prep_hours: int = 40,
    covered_skills: Iterable[Skill] = (),
    covered_level: int = 2,
    **facts,
) -> Certification:
    """`facts`: any of url, exam_format, duration, fee and facts_checked_on."""
    n = _next()
    certification = Certification.objects.create(
        slug=slug or f"test-certification-{n}",
        name=name or f"Test certification {n}",
        provider=provider or make_certification_provider(),
        level=level,
        status=status,
        retired_on=retired_on,
        status_note=status_note,
        description="A certification built for a test.",
        prep_hours=prep_hours,
        **facts,
    )
    CertificationSkill.objects.bulk_create(
        CertificationSkill(certification=certification, skill=skill, level=covered_level) for skill in covered_skills
    )
    catalogue_changed()  # bulk_create sends no save signals
    return certification


# --- Roadmap ---------------------------------------------------------------------------


def make_roadmap_phase(*, slug: str | None = None, name: str | None = None, number: int | None = None) -> RoadmapPhase:
    n = _next()
    return RoadmapPhase.objects.create(
        slug=slug or f"test-phase-{n}",
        name=name or f"Test phase {n}",
        number=number if number is not None else 100 + n,
        summary="A roadmap phase built for a test.",
    )


def make_roadmap_action(
    *,
    phase: RoadmapPhase | None = None,
    skill: Skill | None = None,
    duty: Duty | None = None,
    qualification: Qualification | None = None,
    slug: str | None = None,
    title: str | None = None,
    reaches_level: int = 2,
    effort_hours: int = 10,
) -> RoadmapAction:
    """An action for one subject; a new skill is built when no subject is given."""
    n = _next()
    if skill is None and duty is None and qualification is None:
        skill = make_skill()
    return RoadmapAction.objects.create(
        phase=phase or make_roadmap_phase(),
        skill=skill,
        duty=duty,
        qualification=qualification,
        slug=slug or f"test-action-{n}",
        title=title or f"Test action {n}",
        description="An action built for a test.",
        reaches_level=reaches_level,
        effort_hours=effort_hours,
    )


# --- Context: industries, outlook, KPIs, FAQ, pay ----------------------------------------


def make_industry(*, slug: str | None = None, name: str | None = None, applications: Iterable[str] = ()) -> Industry:
    n = _next()
    return Industry.objects.create(
        slug=slug or f"test-industry-{n}",
        name=name or f"Test industry {n}",
        description="An industry built for a test.",
        example_applications="\n".join(applications) or f"Test application {n}",
        order=100 + n,
    )


def make_growth_projection(*, slug: str | None = None, percent: int = 10) -> GrowthProjection:
    n = _next()
    return GrowthProjection.objects.create(
        slug=slug or f"test-growth-{n}",
        label=f"Test projection {n}",
        percent=percent,
        start_year=2000,
        end_year=2010,
        description="A projection built for a test.",
    )


def make_market_trend(*, slug: str | None = None, name: str | None = None, skills: Iterable[Skill] = ()) -> MarketTrend:
    n = _next()
    trend = MarketTrend.objects.create(
        slug=slug or f"test-trend-{n}",
        name=name or f"Test trend {n}",
        description="A trend built for a test.",
        order=100 + n,
    )
    trend.skills.set(skills)
    return trend


def make_pay_factor(*, slug: str | None = None, name: str | None = None, kind: str = PayFactorKind.FACTOR) -> PayFactor:
    n = _next()
    return PayFactor.objects.create(
        slug=slug or f"test-pay-factor-{n}",
        name=name or f"Test pay factor {n}",
        kind=kind,
        description="A pay factor built for a test.",
        order=100 + n,
    )


def make_kpi(*, slug: str | None = None, name: str | None = None, duty: Duty | None = None) -> Kpi:
    n = _next()
    return Kpi.objects.create(
        slug=slug or f"test-kpi-{n}",
        name=name or f"Test KPI {n}",
        description="A KPI built for a test.",
        duty=duty,
        order=100 + n,
    )


def make_faq_entry(*, slug: str | None = None, question: str | None = None) -> FaqEntry:
    n = _next()
    return FaqEntry.objects.create(
        slug=slug or f"test-faq-{n}",
        question=question or f"Test question {n}?",
        answer="An answer built for a test.",
        order=100 + n,
    )


# --- Knowledge check: the question bank -------------------------------------------------


def make_check_item(
    *,
    skill: Skill | None = None,
    level: int = 1,
    slug: str | None = None,
    stem: str | None = None,
    options: Iterable[str] = ("Right", "Wrong", "Also wrong", "Wrong again"),
    correct: Iterable[int] = (1,),
    is_active: bool = True,
) -> KnowledgeCheckItem:
    """An item with the given options at positions 1, 2, ...; `correct` names the correct positions."""
    n = _next()
    item = KnowledgeCheckItem.objects.create(
        skill=skill or make_skill(),
        level=level,
        slug=slug or f"test-item-{n}",
        stem=stem or f"Test question {n}?",
        explanation="An explanation built for a test.",
        is_active=is_active,
    )
    correct = set(correct)
    KnowledgeCheckOption.objects.bulk_create(
        KnowledgeCheckOption(item=item, position=position, text=text, is_correct=position in correct)
        for position, text in enumerate(options, start=1)
    )
    catalogue_changed()  # bulk_create sends no save signals
    return item


# --- A larger catalogue ---------------------------------------------------------------------


def make_check_bank_copies(*, copies: int = 9) -> None:
    """Add `copies` copies of every knowledge check item (with its options) to the same skill and
    level, so each skill × level holds copies + 1 times as many items. bulk_create throughout."""
    _check_bank_copy(range(1, copies + 1), skill_of=lambda n, skill_id: skill_id, suffix="again")
    catalogue_changed()


def _check_bank_copy(numbers, *, skill_of, suffix: str = "copy") -> None:
    """Copy n of every item (and its options) onto skill_of(n, the item's skill id)."""
    items = list(KnowledgeCheckItem.objects.all())
    new_items = {
        (n, item.pk): KnowledgeCheckItem(
            slug=f"{item.slug}-{suffix}-{n}",
            skill_id=getattr(skill_of(n, item.skill_id), "pk", skill_of(n, item.skill_id)),
            level=item.level,
            stem=f"{item.stem} ({suffix} {n})",
            explanation=item.explanation,
            is_active=item.is_active,
        )
        for n in numbers
        for item in items
    }
    KnowledgeCheckItem.objects.bulk_create(new_items.values())
    KnowledgeCheckOption.objects.bulk_create(
        KnowledgeCheckOption(
            item=new_items[(n, option.item_id)],
            position=option.position,
            text=option.text,
            is_correct=option.is_correct,
        )
        for option in KnowledgeCheckOption.objects.filter(item__in=items)
        for n in numbers
    )


def make_catalogue_copies(*, copies: int = 9) -> None:
    """Add `copies` copies of the catalogue as it stands, so the catalogue becomes copies + 1 times its size.

    Copied: skills (with their level anchors, prerequisites and knowledge check items with their
    options), duties (with their scopes),
    qualifications (with their levels), certifications (with the skills they cover), roadmap
    actions, career steps (with where they lead) and roles (with a profile per seniority and its
    skill, duty and education requirements). Copy n refers only to copy n's items, so it is a
    consistent catalogue of its own. The first half of the copies add their skills to the existing
    categories and the rest to new categories, so questionnaire steps grow both longer and more
    numerous. Seniorities, salary bands, providers and roadmap phases are shared, as the design fixes
    them. Everything is written with bulk_create: a few dozen queries whatever the size.
    """
    categories = list(SkillCategory.objects.all())
    skills = list(Skill.objects.all())
    duties = list(Duty.objects.all())
    qualifications = list(Qualification.objects.all())
    roles = list(Role.objects.all())
    numbers = range(1, copies + 1)

    new_categories = {
        (n, c.pk): SkillCategory(
            slug=f"{c.slug}-copy-{n}", name=f"{c.name} (copy {n})", description=c.description, order=c.order + 100 * n
        )
        for n in numbers
        if n > copies // 2
        for c in categories
    }
    SkillCategory.objects.bulk_create(new_categories.values())
    shipped_categories = {c.pk: c for c in categories}
    new_skills = {
        (n, s.pk): Skill(
            slug=f"{s.slug}-copy-{n}",
            name=f"{s.name} (copy {n})",
            category=new_categories.get((n, s.category_id)) or shipped_categories[s.category_id],
            description=s.description,
            is_specialism=s.is_specialism,
            order=s.order,
        )
        for n in numbers
        for s in skills
    }
    Skill.objects.bulk_create(new_skills.values())
    SkillLevel.objects.bulk_create(
        SkillLevel(skill=new_skills[(n, row.skill_id)], level=row.level, description=row.description)
        for row in SkillLevel.objects.filter(skill__in=skills)
        for n in numbers
    )
    Prerequisite = Skill.prerequisites.through
    Prerequisite.objects.bulk_create(
        Prerequisite(from_skill=new_skills[(n, row.from_skill_id)], to_skill=new_skills[(n, row.to_skill_id)])
        for row in Prerequisite.objects.filter(from_skill__in=skills)
        for n in numbers
    )
    _check_bank_copy(numbers, skill_of=lambda n, skill_id: new_skills[(n, skill_id)])

    new_duties = {
        (n, d.pk): Duty(
            slug=f"{d.slug}-copy-{n}",
            name=f"{d.name} (copy {n})",
            summary=d.summary,
            interview_focus=d.interview_focus,
            business_example=d.business_example,
            order=d.order + 100 * n,
        )
        for n in numbers
        for d in duties
    }
    Duty.objects.bulk_create(new_duties.values())
    DutyScope.objects.bulk_create(
        DutyScope(duty=new_duties[(n, row.duty_id)], scope=row.scope, description=row.description)
        for row in DutyScope.objects.filter(duty__in=duties)
        for n in numbers
    )

    new_qualifications = {
        (n, q.pk): Qualification(
            slug=f"{q.slug}-copy-{n}",
            name=f"{q.name} (copy {n})",
            description=q.description,
            order=q.order + 100 * n,
        )
        for n in numbers
        for q in qualifications
    }
    Qualification.objects.bulk_create(new_qualifications.values())
    QualificationLevel.objects.bulk_create(
        QualificationLevel(
            qualification=new_qualifications[(n, row.qualification_id)], level=row.level, description=row.description
        )
        for row in QualificationLevel.objects.filter(qualification__in=qualifications)
        for n in numbers
    )

    certifications = list(Certification.objects.all())
    new_certifications = {
        (n, c.pk): Certification(
            slug=f"{c.slug}-copy-{n}",
            name=f"{c.name} (copy {n})",
            provider_id=c.provider_id,
            level=c.level,
            status=c.status,
            description=c.description,
            url=c.url,
            prep_hours=c.prep_hours,
            retired_on=c.retired_on,
            status_note=c.status_note,
        )
        for n in numbers
        for c in certifications
    }
    Certification.objects.bulk_create(new_certifications.values())
    CertificationSkill.objects.bulk_create(
        CertificationSkill(
            certification=new_certifications[(n, row.certification_id)],
            skill=new_skills[(n, row.skill_id)],
            level=row.level,
        )
        for row in CertificationSkill.objects.filter(certification__in=certifications)
        for n in numbers
    )

    RoadmapAction.objects.bulk_create(
        RoadmapAction(
            phase_id=a.phase_id,
            skill=new_skills[(n, a.skill_id)] if a.skill_id else None,
            duty=new_duties[(n, a.duty_id)] if a.duty_id else None,
            qualification=new_qualifications[(n, a.qualification_id)] if a.qualification_id else None,
            slug=f"{a.slug}-copy-{n}",
            title=f"{a.title} (copy {n})",
            description=a.description,
            reaches_level=a.reaches_level,
            effort_hours=a.effort_hours,
        )
        for a in RoadmapAction.objects.all()
        for n in numbers
    )

    new_roles = {
        (n, r.pk): Role(
            slug=f"{r.slug}-copy-{n}",
            name=f"{r.name} (copy {n})",
            focus_area=r.focus_area,
            summary=r.summary,
            typical_seniority_from_id=r.typical_seniority_from_id,
            typical_seniority_to_id=r.typical_seniority_to_id,
            research_focused=r.research_focused,
            order=r.order + 100 * n,
        )
        for n in numbers
        for r in roles
    }
    Role.objects.bulk_create(new_roles.values())
    profiles = list(RequirementProfile.objects.filter(role__in=roles))
    new_profiles = {
        (n, p.pk): RequirementProfile(role=new_roles[(n, p.role_id)], seniority_id=p.seniority_id, summary=p.summary)
        for n in numbers
        for p in profiles
    }
    RequirementProfile.objects.bulk_create(new_profiles.values())
    SkillRequirement.objects.bulk_create(
        SkillRequirement(
            profile=new_profiles[(n, row.profile_id)],
            skill=new_skills[(n, row.skill_id)],
            target=row.target,
            weight=row.weight,
        )
        for row in SkillRequirement.objects.filter(profile__in=profiles)
        for n in numbers
    )
    DutyRequirement.objects.bulk_create(
        DutyRequirement(
            profile=new_profiles[(n, row.profile_id)],
            duty=new_duties[(n, row.duty_id)],
            target=row.target,
            weight=row.weight,
        )
        for row in DutyRequirement.objects.filter(profile__in=profiles)
        for n in numbers
    )
    EducationRequirement.objects.bulk_create(
        EducationRequirement(
            profile=new_profiles[(n, row.profile_id)],
            qualification=new_qualifications[(n, row.qualification_id)],
            target=row.target,
            weight=row.weight,
            expectation=row.expectation,
        )
        for row in EducationRequirement.objects.filter(profile__in=profiles)
        for n in numbers
    )

    steps = list(CareerStep.objects.all())
    new_steps = {
        (n, s.pk): CareerStep(
            slug=f"{s.slug}-copy-{n}",
            name=f"{s.name} (copy {n})",
            track=s.track,
            description=s.description,
            seniority_id=s.seniority_id,
            role=new_roles.get((n, s.role_id)),
            order=s.order + 100 * n,
        )
        for n in numbers
        for s in steps
    }
    CareerStep.objects.bulk_create(new_steps.values())
    LeadsTo = CareerStep.leads_to.through
    LeadsTo.objects.bulk_create(
        LeadsTo(
            from_careerstep=new_steps[(n, row.from_careerstep_id)], to_careerstep=new_steps[(n, row.to_careerstep_id)]
        )
        for row in LeadsTo.objects.filter(from_careerstep__in=steps)
        for n in numbers
    )
    catalogue_changed()  # bulk_create sends no save signals
