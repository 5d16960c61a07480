"""Reads for the assessment: the questionnaire, the candidate's own rows, and the
catalogue converted into the plain data the scoring and recommendation modules take.

Every function here runs a fixed number of queries, whatever the catalogue's size.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from assessment import recommendations, scoring
from assessment.models import Answer, AnswerKind, Assessment, Report, ShareLink
from career.enums import CertificationLevel, CertificationStatus, Proficiency
from career.enums import DutyScope as DutyScopeChoice
from career.models import (
    CareerStep,
    Certification,
    Duty,
    DutyRequirement,
    DutyScope,
    EducationRequirement,
    Qualification,
    QualificationLevel,
    RequirementProfile,
    RoadmapAction,
    RoadmapPhase,
    SeniorityLevel,
    Skill,
    SkillCategory,
    SkillLevel,
    SkillRequirement,
)

# The qualification whose rating is derived from the certifications a candidate holds.
CERTIFICATION_QUALIFICATION = "ai-certification"
NOT_YET_DUTY_TEXT = "I have not carried out this duty in real work yet."

STEP_KIND_RATINGS = "ratings"
STEP_KIND_EDUCATION = "education"
STEP_KIND_EXPERIENCE = "experience"


@dataclass(frozen=True)
class Choice:
    value: int
    name: str
    anchor: str


@dataclass(frozen=True)
class Question:
    kind: str
    key: str
    label: str
    description: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class CertificationChoice:
    slug: str
    name: str
    provider: str
    level: str
    level_name: str
    retired: bool


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    intro: str
    kind: str
    questions: tuple[Question, ...] = ()
    certifications: tuple[CertificationChoice, ...] = ()

    def is_complete(self, *, answered: set[tuple[str, str]], completed_steps: list[str]) -> bool:
        if self.kind == STEP_KIND_RATINGS:
            return all((q.kind, q.key) in answered for q in self.questions)
        return self.slug in completed_steps


@dataclass(frozen=True)
class Questionnaire:
    steps: tuple[Step, ...]

    def step(self, slug: str) -> Step:
        for step in self.steps:
            if step.slug == slug:
                return step
        raise Http404("No such questionnaire step.")

    def index(self, slug: str) -> int:
        return [step.slug for step in self.steps].index(slug)

    @property
    def question_count(self) -> int:
        return sum(len(step.questions) for step in self.steps)


def questionnaire_get() -> Questionnaire:
    """The questionnaire generated from the catalogue: a step per skill category,
    then duties, education and certifications, and experience. Eight queries.

    Every query reads plain values rather than model instances: building a few
    hundred instances and prefetching them cost about as much as rendering the
    step page, and every questionnaire request reads the questionnaire.
    """
    skill_anchors = _anchors(SkillLevel.objects.order_by().values_list("skill_id", "level", "description"))
    questions_by_category: dict[int, list[Question]] = {}
    skills = Skill.objects.order_by("order", "name").values_list("id", "category_id", "slug", "name", "description")
    for skill_id, category_id, slug, name, description in skills:
        question = Question(
            kind=AnswerKind.SKILL,
            key=slug,
            label=name,
            description=description,
            choices=_choices(PROFICIENCY_SCALE, skill_anchors.get(skill_id, {})),
        )
        questions_by_category.setdefault(category_id, []).append(question)
    steps = [
        Step(
            slug=f"skills-{slug}",
            title=name,
            intro=description,
            kind=STEP_KIND_RATINGS,
            questions=tuple(questions_by_category[category_id]),
        )
        for category_id, slug, name, description in SkillCategory.objects.values_list(
            "id", "slug", "name", "description"
        )
        if category_id in questions_by_category
    ]
    steps.append(
        Step(
            slug="duties",
            title="Duties",
            intro="For each duty, pick the widest scope at which you have done it in real work.",
            kind=STEP_KIND_RATINGS,
            questions=_duty_questions(),
        )
    )
    steps.append(
        Step(
            slug="education",
            title="Education and certifications",
            intro="Your highest qualification, your portfolio, and the certifications you hold.",
            kind=STEP_KIND_EDUCATION,
            questions=_qualification_questions(),
            certifications=_certification_choices(),
        )
    )
    steps.append(
        Step(
            slug="experience",
            title="Experience",
            intro="How long you have worked hands-on, and what you have shipped.",
            kind=STEP_KIND_EXPERIENCE,
        )
    )
    return Questionnaire(steps=tuple(steps))


def _anchors(rows) -> dict[int, dict[int, str]]:
    """(owner id, level, text) rows as {owner id: {level: text}}."""
    anchors: dict[int, dict[int, str]] = {}
    for owner_id, level, text in rows:
        anchors.setdefault(owner_id, {})[level] = text
    return anchors


# The rating scales as plain pairs: reading enum members' attributes is slow in bulk.
PROFICIENCY_SCALE = tuple((p.value, p.label) for p in Proficiency)
DUTY_SCOPE_SCALE = tuple((s.value, s.label) for s in DutyScopeChoice)


def _choices(scale, anchors: dict[int, str]) -> tuple[Choice, ...]:
    return tuple(Choice(value=value, name=name, anchor=anchors.get(value, "")) for value, name in scale)


def _duty_questions() -> tuple[Question, ...]:
    """Two queries."""
    scope_anchors = _anchors(DutyScope.objects.order_by().values_list("duty_id", "scope", "description"))
    return tuple(
        Question(
            kind=AnswerKind.DUTY,
            key=slug,
            label=name,
            description=summary,
            choices=_choices(
                DUTY_SCOPE_SCALE, scope_anchors.get(duty_id, {}) | {DutyScopeChoice.NOT_YET: NOT_YET_DUTY_TEXT}
            ),
        )
        for duty_id, slug, name, summary in Duty.objects.values_list("id", "slug", "name", "summary")
    )


def _qualification_questions() -> tuple[Question, ...]:
    """Two queries. Only the levels that have an anchor text are offered."""
    level_anchors = _anchors(
        QualificationLevel.objects.order_by().values_list("qualification_id", "level", "description")
    )
    qualifications = Qualification.objects.exclude(slug=CERTIFICATION_QUALIFICATION).values_list(
        "id", "slug", "name", "description"
    )
    return tuple(
        Question(
            kind=AnswerKind.EDUCATION,
            key=slug,
            label=name,
            description=description,
            choices=tuple(
                Choice(value=level, name="", anchor=text)
                for level, text in sorted(level_anchors.get(qualification_id, {}).items())
            ),
        )
        for qualification_id, slug, name, description in qualifications
    )


def _certification_choices() -> tuple[CertificationChoice, ...]:
    """One query."""
    level_names = dict(CertificationLevel.choices)
    rows = Certification.objects.order_by("status", "provider__name", "name").values_list(
        "slug", "name", "provider__name", "level", "status"
    )
    return tuple(
        CertificationChoice(
            slug=slug,
            name=name,
            provider=provider,
            level=level,
            level_name=level_names.get(level, level),
            retired=status == CertificationStatus.RETIRED,
        )
        for slug, name, provider, level, status in rows
    )


# --- The candidate's own rows ---------------------------------------------------


def assessment_get_for_candidate(*, user, anonymous_token: str | None, pk) -> Assessment:
    """The access helper for assessments: the candidate's own, or 404 (never 403)."""
    try:
        return (
            Assessment.objects.owned_by(user=user, anonymous_token=anonymous_token)
            .select_related("role", "seniority")
            .get(pk=pk)
        )
    except (Assessment.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("No such assessment.") from error


def report_get_for_candidate(*, user, anonymous_token: str | None, pk, for_pdf: bool = False) -> Report:
    """The access helper for saved reports: the candidate's own, or 404.

    `for_pdf` reads the stored PDF, if any, in the same query, and leaves out the
    snapshot (the bulk of the row, decoded from JSON on every read): only a first
    render needs it, and reading `report.snapshot` then loads it.
    """
    reports = Report.objects.owned_by(user=user, anonymous_token=anonymous_token)
    if for_pdf:
        reports = reports.defer("snapshot").select_related("pdf")
    try:
        return reports.get(pk=pk)
    except (Report.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("No such report.") from error


def answers_get(*, assessment: Assessment) -> dict[tuple[str, str], int]:
    return {(a.kind, a.key): a.rating for a in Answer.objects.filter(assessment=assessment)}


def held_certification_slugs(*, assessment: Assessment) -> set[str]:
    return set(assessment.held_certifications.values_list("slug", flat=True))


@dataclass(frozen=True)
class ReportRow:
    report: Report
    change: float | None  # readiness change since the previous report for the same target; None for the first


def report_list_for_user(*, user) -> list[ReportRow]:
    """The user's reports, newest first, each with its change since the previous
    report for the same role and seniority. One query; snapshots are not loaded."""
    reports = list(Report.objects.filter(user=user).defer("snapshot").order_by("created_at"))
    previous: dict[tuple[str, str], Report] = {}
    rows = []
    for report in reports:
        target = (report.role_slug, report.seniority_slug)
        before = previous.get(target)
        rows.append(ReportRow(report=report, change=None if before is None else report.readiness - before.readiness))
        previous[target] = report
    return rows[::-1]


def reports_with_snapshots_for_user(*, user) -> list[Report]:
    return list(Report.objects.filter(user=user).order_by("created_at"))


def assessments_in_progress(*, user, anonymous_token: str | None) -> list[Assessment]:
    """The candidate's unfinished assessments, newest first, so they can pick one up again."""
    return list(
        Assessment.objects.owned_by(user=user, anonymous_token=anonymous_token)
        .filter(status="in_progress")
        .select_related("role", "seniority")
        .order_by("-updated_at")[:5]
    )


def latest_completed_assessment(*, user) -> Assessment | None:
    if not user.is_authenticated:
        return None
    return Assessment.objects.filter(user=user, status="completed").order_by("-completed_at").first()


# --- Catalogue as plain data for scoring and recommendations ---------------------


def scoring_profiles_get(*, role_slug: str, seniority_slug: str) -> tuple[list[scoring.Profile], list[scoring.Profile]]:
    """Profiles for role fit (every role at the chosen seniority) and for the
    seniority estimate (the target role at every seniority). Four queries."""
    rows = (
        RequirementProfile.objects.filter(Q(seniority__slug=seniority_slug) | Q(role__slug=role_slug))
        .select_related("role", "seniority")
        .prefetch_related(
            Prefetch("skill_requirements", queryset=SkillRequirement.objects.select_related("skill")),
            Prefetch("duty_requirements", queryset=DutyRequirement.objects.select_related("duty")),
            Prefetch("education_requirements", queryset=EducationRequirement.objects.select_related("qualification")),
        )
        .order_by("role__order", "role__name", "seniority__rank")
    )
    profiles = [_profile(row) for row in rows]
    role_fit = [p for p in profiles if p.seniority == seniority_slug]
    ladder = [p for p in profiles if p.role == role_slug]
    return role_fit, ladder


def _profile(row: RequirementProfile) -> scoring.Profile:
    skills = sorted(row.skill_requirements.all(), key=lambda r: (r.skill.category_id, r.skill.order, r.skill.name))
    requirements = [
        scoring.Requirement(
            kind=AnswerKind.SKILL, key=r.skill.slug, label=r.skill.name, target=r.target, weight=r.weight
        )
        for r in skills
    ]
    requirements += [
        scoring.Requirement(kind=AnswerKind.DUTY, key=r.duty.slug, label=r.duty.name, target=r.target, weight=r.weight)
        for r in sorted(row.duty_requirements.all(), key=lambda r: (r.duty.order, r.duty.name))
    ]
    requirements += [
        scoring.Requirement(
            kind=AnswerKind.EDUCATION,
            key=r.qualification.slug,
            label=r.qualification.name,
            target=r.target,
            weight=r.weight,
        )
        for r in sorted(row.education_requirements.all(), key=lambda r: (r.qualification.order, r.qualification.name))
    ]
    return scoring.Profile(
        role=row.role.slug,
        role_name=row.role.name,
        seniority=row.seniority.slug,
        seniority_name=row.seniority.name,
        seniority_rank=row.seniority.rank,
        requirements=tuple(requirements),
    )


@dataclass(frozen=True)
class RecommendationCatalogue:
    anchors: dict
    certifications: tuple
    actions: tuple
    phases: tuple
    prerequisites: dict
    seniorities: tuple
    career_steps: tuple


def recommendation_catalogue_get(*, questionnaire: Questionnaire) -> RecommendationCatalogue:
    """Certifications, roadmap and ladder as plain data; anchors come from the questionnaire."""
    anchors = {
        (question.kind, question.key): {choice.value: choice.anchor for choice in question.choices}
        for step in questionnaire.steps
        for question in step.questions
    }
    certifications = tuple(
        recommendations.CertificationOption(
            slug=c.slug,
            name=c.name,
            provider=c.provider.name,
            level=c.level,
            status=c.status,
            prep_hours=c.prep_hours,
            url=c.url,
            covers=tuple((cs.skill.slug, cs.level) for cs in c.covered_skills.all()),
        )
        for c in Certification.objects.select_related("provider").prefetch_related("covered_skills__skill")
    )
    actions = tuple(
        recommendations.ActionOption(
            slug=a.slug,
            phase_number=a.phase.number,
            phase_name=a.phase.name,
            kind=_action_kind(a),
            key=(a.skill or a.duty or a.qualification).slug,
            reaches_level=a.reaches_level,
            title=a.title,
            description=a.description,
            effort_hours=a.effort_hours,
        )
        for a in RoadmapAction.objects.select_related("phase", "skill", "duty", "qualification")
    )
    phases = tuple(
        recommendations.PhaseOption(number=p.number, slug=p.slug, name=p.name, summary=p.summary)
        for p in RoadmapPhase.objects.all()
    )
    prerequisites = {
        skill.slug: tuple(pre.slug for pre in skill.prerequisites.all())
        for skill in Skill.objects.prefetch_related("prerequisites")
    }
    seniorities = tuple(
        (s.slug, s.name, s.rank, s.salary_band.name, s.salary_band.label)
        for s in SeniorityLevel.objects.select_related("salary_band")
    )
    career_steps = tuple(
        (
            step.slug,
            step.name,
            step.track,
            step.seniority.slug if step.seniority else None,
            tuple(nxt.slug for nxt in step.leads_to.all()),
        )
        for step in CareerStep.objects.select_related("seniority").prefetch_related("leads_to")
    )
    return RecommendationCatalogue(
        anchors=anchors,
        certifications=certifications,
        actions=actions,
        phases=phases,
        prerequisites=prerequisites,
        seniorities=seniorities,
        career_steps=career_steps,
    )


def _action_kind(action: RoadmapAction) -> str:
    if action.skill_id:
        return AnswerKind.SKILL
    if action.duty_id:
        return AnswerKind.DUTY
    return AnswerKind.EDUCATION


# --- Share links -------------------------------------------------------------------

# Tokens are secrets.token_urlsafe(32): 43 characters of the URL-safe alphabet.
SHARE_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
SHARE_LINK_LIVE = "live"
SHARE_LINK_EXPIRED = "expired"
SHARE_LINK_REVOKED = "revoked"


@dataclass(frozen=True)
class ShareLinkRow:
    link: ShareLink
    status: str


def share_link_get_live(*, token: str, now: datetime | None = None) -> ShareLink:
    """The live link (neither revoked nor expired) with this token, or 404.

    Unknown, malformed, revoked and expired tokens all get the same 404, so a
    visitor learns nothing about which links exist. One query, or none for a
    token that cannot be one of ours.
    """
    if not SHARE_TOKEN_PATTERN.fullmatch(token):
        raise Http404("No such shared report.")
    try:
        return ShareLink.objects.live(now=now or timezone.now()).select_related("report").get(token=token)
    except ShareLink.DoesNotExist as error:
        raise Http404("No such shared report.") from error


def share_link_get_for_owner(*, user, anonymous_token: str | None, report_pk, pk) -> ShareLink:
    """The access helper for share links: a link of a report the candidate owns, or 404."""
    owned_reports = Report.objects.owned_by(user=user, anonymous_token=anonymous_token)
    try:
        return ShareLink.objects.select_related("report").get(pk=pk, report_id=report_pk, report__in=owned_reports)
    except (ShareLink.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("No such share link.") from error


def share_link_list(*, report: Report, now: datetime | None = None) -> list[ShareLinkRow]:
    """A report's links, newest first, each with its status. One query."""
    now = now or timezone.now()
    return [ShareLinkRow(link=link, status=_share_link_status(link, now)) for link in report.share_links.all()]


def _share_link_status(link: ShareLink, now: datetime) -> str:
    if link.revoked_at is not None:
        return SHARE_LINK_REVOKED
    if link.expires_at is not None and link.expires_at <= now:
        return SHARE_LINK_EXPIRED
    return SHARE_LINK_LIVE
