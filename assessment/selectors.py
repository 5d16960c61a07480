"""Reads for the assessment: the questionnaire, the candidate's own rows, and the
catalogue converted into the plain data the scoring and recommendation modules take.

Every function here runs a fixed number of queries, whatever the catalogue's size.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from assessment import knowledge_check, plain_sql, recommendations, scoring
from assessment.models import Answer, AnswerKind, Assessment, CheckResponse, JobAd, Report, ShareLink
from assessment.plan_selectors import plans_export_for_user
from assessment.questionnaire import (
    Answers,
    CertificationChoice,
    Choice,
    EducationStep,
    ExperienceStep,
    KnowledgeCheckStep,
    Question,
    Questionnaire,
    RatingStep,
    Step,
    skill_steps,
)
from career.enums import CertificationEvidence, CertificationLevel, CertificationStatus, Proficiency
from career.enums import DutyScope as DutyScopeChoice
from career.models import (
    CareerStep,
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
    RoadmapPhase,
    SeniorityLevel,
    Skill,
    SkillCategory,
    SkillLevel,
    SkillRequirement,
)
from career.revision import catalogue_revision

# The qualification whose rating is derived from the certifications a candidate holds.
CERTIFICATION_QUALIFICATION = "ai-certification"
NOT_YET_DUTY_TEXT = "I have not carried out this duty in real work yet."

# The questionnaire of the latest catalogue revision this process has seen: {revision: questionnaire}.
_questionnaire_memo: dict[str, Questionnaire] = {}


def questionnaire_get() -> Questionnaire:
    """The questionnaire generated from the catalogue: a step per skill category,
    then duties, education and certifications, and experience.

    Built once per catalogue revision and kept in this process: one query to read
    the revision, plus ten when it changed since the last build.
    """
    revision = catalogue_revision()
    questionnaire = _questionnaire_memo.get(revision) if revision is not None else None
    if questionnaire is None:
        questionnaire = questionnaire_build()
        if revision is not None:
            _questionnaire_memo.clear()
            _questionnaire_memo[revision] = questionnaire
    return questionnaire


def optional_questions(*, questionnaire: Questionnaire, assessment: Assessment) -> frozenset[tuple[str, str]]:
    """The specialisms the assessment's target profile does not ask for: the candidate may skip them.
    No query, except for an assessment against a job ad."""
    optional = questionnaire.optional_for((assessment.role_id, assessment.seniority_id))
    if assessment.job_ad_id is None:
        return optional
    # Scored against a job ad: what the ad asks for must be answered. One query.
    asked = {(item["kind"], item["key"]) for item in assessment.job_ad.items if not item.get("removed")}
    return optional - asked


def target_names(*, questionnaire: Questionnaire, assessment: Assessment) -> tuple[str, str]:
    """The (role, seniority) names of the assessment's target. No query, unless its requirement
    profile has left the catalogue since the assessment started (then two)."""
    names = questionnaire.target_names.get((assessment.role_id, assessment.seniority_id))
    return names or (assessment.role.name, assessment.seniority.name)


def questionnaire_build() -> Questionnaire:
    """The questionnaire read from the catalogue. Ten queries.

    Every query reads plain values rather than model instances: building a few
    hundred instances and prefetching them cost about as much as rendering a step.
    """
    skill_anchors = _anchors(SkillLevel.objects.order_by().values_list("skill_id", "level", "description"))
    questions_by_category: dict[int, list[Question]] = {}
    skills = Skill.objects.order_by("order", "name").values_list(
        "id", "category_id", "slug", "name", "description", "is_specialism"
    )
    for skill_id, category_id, slug, name, description, specialism in skills:
        question = Question(
            kind=AnswerKind.SKILL,
            key=slug,
            label=name,
            description=description,
            choices=_choices(PROFICIENCY_SCALE, skill_anchors.get(skill_id, {})),
            specialism=specialism,
        )
        questions_by_category.setdefault(category_id, []).append(question)
    categories = [
        (slug, name, description, tuple(questions_by_category[category_id]))
        for category_id, slug, name, description in SkillCategory.objects.values_list(
            "id", "slug", "name", "description"
        )
        if category_id in questions_by_category
    ]
    steps: list[Step] = list(skill_steps(categories))
    steps.append(
        RatingStep(
            slug="duties",
            title="Duties",
            intro="For each duty, pick the widest scope at which you have done it in real work.",
            questions=_duty_questions(),
            rated_by_scope=True,
        )
    )
    steps.append(
        EducationStep(
            slug="education",
            title="Education and certifications",
            intro="Your highest qualification, your portfolio, and the certifications you hold.",
            questions=_qualification_questions(),
            certifications=_certification_choices(),
        )
    )
    steps.append(
        ExperienceStep(
            slug="experience",
            title="Experience",
            intro="How long you have worked hands-on, what you have shipped, and how you would like to learn.",
        )
    )
    steps.append(
        KnowledgeCheckStep(
            slug="check",
            title="Knowledge check",
            intro=(
                "A few multiple-choice questions on the skills that matter most for your target. They check "
                "your ratings: the report shows what you claimed and what your answers show, side by side."
            ),
        )
    )
    asked: dict[tuple[int, int], set[str]] = {}
    rows = SkillRequirement.objects.filter(skill__is_specialism=True, target__gt=0).values_list(
        "profile__role_id", "profile__seniority_id", "skill__slug"
    )
    for role_id, seniority_id, slug in rows:
        asked.setdefault((role_id, seniority_id), set()).add(slug)
    target_names = {
        (role_id, seniority_id): (role, seniority)
        for role_id, seniority_id, role, seniority in RequirementProfile.objects.values_list(
            "role_id", "seniority_id", "role__name", "seniority__name"
        )
    }
    return Questionnaire(
        steps=tuple(steps),
        specialisms_asked={target: frozenset(slugs) for target, slugs in asked.items()},
        target_names=target_names,
    )


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
    """The access helper for assessments: the candidate's own, or 404 (never 403). One query."""
    assessment = _own_row(Assessment, user=user, anonymous_token=anonymous_token, pk=pk)
    if assessment is None:
        raise Http404("No such assessment.")
    return assessment


def _own_row(model, *, user, anonymous_token: str | None, pk, defer: frozenset[str] = frozenset()):
    """`model.objects.owned_by(...).get(pk=pk)` in plain SQL (assessment.plain_sql), or None: the
    candidate's own row, without the fields in `defer` (read later if used, as defer() does)."""
    user_id = user.pk if user is not None and user.is_authenticated else None
    owner = plain_sql.owner_conditions(user_id=user_id, anonymous_token=anonymous_token)
    if owner is None:
        return None
    fields = [field.name for field in model._meta.concrete_fields if field.attname not in defer] if defer else None
    try:
        return plain_sql.first(plain_sql.select(model, where={"pk": pk, **owner}, fields=fields))
    except (ValueError, ValidationError):  # a malformed id
        return None


def _reports_of(*, user, anonymous_token: str | None):
    return Report.objects.owned_by(user=user, anonymous_token=anonymous_token)


def _report_or_404(reports, pk) -> Report:
    try:
        return reports.get(pk=pk)
    except (Report.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("No such report.") from error


def report_get_for_candidate(*, user, anonymous_token: str | None, pk) -> Report:
    """The access helper for saved reports: the candidate's own, or 404 (never 403). The whole row."""
    return _report_or_404(_reports_of(user=user, anonymous_token=anonymous_token), pk)


def report_page_get_for_candidate(*, user, anonymous_token: str | None, pk) -> Report:
    """The candidate's own report for its page, or 404: the stored body without the snapshot,
    which is the bulk of the row and decoded from JSON on every read. One query."""
    report = _own_row(Report, user=user, anonymous_token=anonymous_token, pk=pk, defer=frozenset({"snapshot"}))
    if report is None:
        raise Http404("No such report.")
    return report


def previous_report_get(*, report: Report) -> Report | None:
    """The same owner's latest earlier report for the same target (role and seniority, and the same job ad
    or none), or None. One query, reading only the figures the report page compares: never the snapshot.
    Plain SQL (assessment.plain_sql): every report page asks."""
    owner = plain_sql.owner_conditions(user_id=report.user_id, anonymous_token=report.anonymous_token)
    if owner is None:
        return None
    target = {"role_slug": report.role_slug, "seniority_slug": report.seniority_slug, "job_ad_key": report.job_ad_key}
    rows = plain_sql.select(
        Report,
        where={**owner, **target, "created_at__lt": report.created_at},
        fields=["pk", "created_at", "readiness", "estimated_seniority_name"],
        order_by=["-created_at", "-id"],
        limit=1,
    )
    return plain_sql.first(rows)


def report_pdf_get_for_candidate(*, user, anonymous_token: str | None, pk) -> Report:
    """The candidate's own report with its stored PDF (if rendered yet) in the same query, or 404.
    Without the snapshot: only a first render needs it, and reading `report.snapshot` then loads it."""
    reports = _reports_of(user=user, anonymous_token=anonymous_token).defer("snapshot", "body_html")
    return _report_or_404(reports.select_related("pdf"), pk)


def answers_get(*, assessment: Assessment) -> dict[tuple[str, str], int]:
    """The ratings given so far, by (kind, key). One query.

    Plain SQL: every questionnaire request reads the answers, and building this one fixed
    query through the ORM cost more than running it.
    """
    table = connection.ops.quote_name(Answer._meta.db_table)
    assessment_id = Answer._meta.get_field("assessment").get_db_prep_value(assessment.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kind, key, rating FROM {table} WHERE assessment_id = %s", [assessment_id])  # noqa: S608 (the model's own table)
        return {(kind, key): rating for kind, key, rating in cursor.fetchall()}


def answers_of(*, assessment: Assessment, optional: frozenset[tuple[str, str]] = frozenset()) -> Answers:
    """Everything the candidate has answered so far, as the questionnaire reads it, with the
    questions they may skip (`optional_questions`). One query."""
    return Answers(
        ratings=answers_get(assessment=assessment),
        years_experience=assessment.years_experience,
        shipped_projects=assessment.shipped_projects,
        optional=optional,
        check_done=assessment.check_done,
        check_started=bool(assessment.check_status),
    )


def step_initial(*, step: Step, answers: Answers, assessment: Assessment) -> dict:
    """A step form's initial values from the saved answers; the education step reads the held certifications."""
    initial = {q.key: answers.ratings[(q.kind, q.key)] for q in step.questions if answers.has_rating(q)}
    if isinstance(step, EducationStep):
        initial["certifications"] = sorted(held_certification_slugs(assessment=assessment))
    if isinstance(step, ExperienceStep):
        initial |= {
            "years_experience": assessment.years_experience,
            "shipped_projects": assessment.shipped_projects,
            "portfolio_url": assessment.portfolio_url,
            "preferred_cloud": assessment.preferred_cloud,
            "hours_per_week": assessment.hours_per_week,
        }
    return initial


def held_certification_slugs(*, assessment: Assessment) -> set[str]:
    return set(assessment.held_certifications.values_list("slug", flat=True))


# --- The knowledge check ------------------------------------------------------------


def check_requirements_get(*, assessment: Assessment) -> list[knowledge_check.Requirement]:
    """The target profile's skills, in the profile's order, as the check reads them. One query."""
    return _check_requirements(profile__role_id=assessment.role_id, profile__seniority_id=assessment.seniority_id)


def check_requirements_for_target(*, role_slug: str, seniority_slug: str) -> list[knowledge_check.Requirement]:
    """The same, for a target named by its slugs (a plan's). One query."""
    return _check_requirements(profile__role__slug=role_slug, profile__seniority__slug=seniority_slug)


def _check_requirements(**target) -> list[knowledge_check.Requirement]:
    rows = (
        SkillRequirement.objects.filter(**target)
        .order_by("skill__category__order", "skill__order", "skill__name")
        .values_list("skill__slug", "skill__name", "target", "weight")
    )
    return [knowledge_check.Requirement(skill=s, name=n, target=t, weight=w) for s, n, t, w in rows]


def check_plan_of(*, assessment: Assessment) -> tuple[knowledge_check.PlannedSkill, ...]:
    """The skills the started check asks, as stored when it started. No query."""
    return tuple(knowledge_check.PlannedSkill(**entry) for entry in assessment.check_plan)


def check_skill_ratings(ratings) -> dict[str, int]:
    return {key: rating for (kind, key), rating in ratings.items() if kind == AnswerKind.SKILL}


def check_bank_get(*, skills) -> dict[tuple[str, int], list[int]]:
    """The active items of these skills, as ids by (skill slug, level). One query."""
    bank: dict[tuple[str, int], list[int]] = {}
    rows = KnowledgeCheckItem.objects.filter(is_active=True, skill__slug__in=list(skills)).order_by()
    for item_id, skill, level in rows.values_list("id", "skill__slug", "level"):
        bank.setdefault((skill, level), []).append(item_id)
    return bank


def check_seen_before(*, assessment: Assessment) -> frozenset[int]:
    """The items shown to this candidate in their other assessments: a retake draws others first. One query."""
    if assessment.user_id is not None:
        others = Assessment.objects.filter(user_id=assessment.user_id)
    else:
        others = Assessment.objects.filter(user__isnull=True, anonymous_token=assessment.anonymous_token)
    others = others.exclude(pk=assessment.pk)
    rows = CheckResponse.objects.filter(assessment__in=others, item__isnull=False).order_by()
    return frozenset(rows.values_list("item_id", flat=True))


def check_responses_get(*, assessment: Assessment) -> list[CheckResponse]:
    """Every item drawn for the assessment, in the order asked. One query."""
    return list(CheckResponse.objects.filter(assessment=assessment).order_by("number"))


def check_responses_as_asked(responses) -> list[knowledge_check.Response]:
    return [
        knowledge_check.Response(skill=r.skill_slug, level=r.level, item=r.item_id or 0, correct=r.correct)
        for r in responses
    ]


@dataclass(frozen=True)
class CheckOption:
    id: int
    text: str


@dataclass(frozen=True)
class CheckQuestion:
    """The item waiting for an answer, as the page shows it: never which option is correct."""

    response_id: int
    item_id: int
    number: int
    skill_name: str
    stem: str
    options: tuple[CheckOption, ...]


@dataclass(frozen=True)
class CheckStanding:
    """Where a started check stands, as its page needs it: answers given, and the item waiting."""

    answered: int
    pending: tuple | None  # (response id, item id, number, skill slug, option order)


def check_standing_get(*, assessment: Assessment) -> CheckStanding:
    """How many items are answered and which one waits. One query, of the columns the page needs."""
    fields = ["pk", "item", "number", "skill_slug", "option_order", "answered_at"]
    answered, pending = 0, None
    # Plain SQL (assessment.plain_sql): the check page reads this on every request.
    for response in plain_sql.select(
        CheckResponse, where={"assessment": assessment.pk}, fields=fields, order_by=["number"]
    ):
        if response.answered_at is not None:
            answered += 1
        elif pending is None and response.item_id is not None:
            pending = (response.pk, response.item_id, response.number, response.skill_slug, response.option_order)
    return CheckStanding(answered=answered, pending=pending)


@dataclass(frozen=True)
class CheckItemText:
    stem: str
    options: dict[int, str]


# The texts of the check items shown since the questionnaire was last built, by item id. They are
# catalogue rows: a change to them builds a new questionnaire (a new catalogue revision), and the
# texts are then read again. A bank of thousands of items is a few hundred kilobytes.
_check_item_memo: dict = {"questionnaire": None, "texts": {}}


def check_item_text(*, item_id: int, questionnaire: Questionnaire) -> CheckItemText | None:
    """An item's stem and option texts (never which option is correct); None for an item deleted
    since it was drawn. Two queries the first time this process shows the item under this catalogue
    revision, none after."""
    if _check_item_memo["questionnaire"] is not questionnaire:
        _check_item_memo.update(questionnaire=questionnaire, texts={})
    texts = _check_item_memo["texts"].get(item_id)
    if texts is None:
        stem = KnowledgeCheckItem.objects.filter(pk=item_id).order_by().values_list("stem", flat=True).first()
        if stem is None:
            return None
        options = KnowledgeCheckOption.objects.filter(item_id=item_id).order_by().values_list("id", "text")
        texts = _check_item_memo["texts"][item_id] = CheckItemText(stem=stem, options=dict(options))
    return texts


def check_question_get(*, standing: CheckStanding, plan, questionnaire: Questionnaire) -> CheckQuestion | None:
    """The unanswered item, with its options in the candidate's order; None when there is none.
    Queries: see check_item_text."""
    if standing.pending is None:
        return None
    response_id, item_id, number, skill_slug, option_order = standing.pending
    texts = check_item_text(item_id=item_id, questionnaire=questionnaire)
    if texts is None:
        return None
    names = {skill.skill: skill.name for skill in plan}
    return CheckQuestion(
        response_id=response_id,
        item_id=item_id,
        number=number,
        skill_name=names.get(skill_slug, skill_slug),
        stem=texts.stem,
        options=tuple(CheckOption(id=i, text=texts.options[i]) for i in option_order if i in texts.options),
    )


def check_items_for_snapshot(*, responses: list[CheckResponse]) -> dict[int, dict]:
    """The answered items as the report keeps them: stem, explanation and every option with
    which one is correct, by item id. Two queries."""
    ids = [r.item_id for r in responses if r.item_id is not None]
    items = {
        item_id: {"stem": stem, "explanation": explanation, "skill_name": skill_name, "options": {}}
        for item_id, stem, explanation, skill_name in KnowledgeCheckItem.objects.filter(pk__in=ids).values_list(
            "id", "stem", "explanation", "skill__name"
        )
    }
    options = (
        KnowledgeCheckOption.objects.filter(item_id__in=ids)
        .order_by()
        .values_list("item_id", "id", "text", "is_correct")
    )
    for item_id, option_id, text, is_correct in options:
        items[item_id]["options"][option_id] = {"text": text, "correct": is_correct}
    return items


@dataclass(frozen=True)
class ItemStatisticsRow:
    item_id: int
    slug: str
    skill: str
    level: int
    stem: str
    is_active: bool
    statistics: knowledge_check.ItemStatistics


def check_item_statistics(*, flagged_only: bool = False) -> list[ItemStatisticsRow]:
    """Every item of the bank with its statistics over all answers ever given (the formulas:
    knowledge_check.item_statistics), by skill, level and slug. Two queries."""
    shown: dict[int, int] = {}
    checks: dict = {}  # assessment → skill → its answered items
    rows = CheckResponse.objects.filter(item__isnull=False).order_by("assessment_id", "number")
    rows = rows.values_list("assessment_id", "item_id", "skill_slug", "level", "correct", "claimed")
    for assessment_id, item_id, skill, level, correct, claimed in rows:
        shown[item_id] = shown.get(item_id, 0) + 1
        if correct is not None:
            response = knowledge_check.Response(skill=skill, level=level, item=item_id, correct=correct)
            checks.setdefault(assessment_id, {}).setdefault(skill, []).append((response, claimed))
    answer_rows = []
    for skills in checks.values():
        checked = {
            skill: knowledge_check.checked_level(answers[0][1], [response for response, _ in answers])
            for skill, answers in skills.items()
        }
        for skill, answers in skills.items():
            others = [level for other, level in checked.items() if other != skill]
            mean_elsewhere = sum(others) / len(others) if others else None
            answer_rows += [
                knowledge_check.AnswerRow(
                    item=response.item,
                    correct=response.correct,
                    claimed=claimed,
                    other_skills_checked=mean_elsewhere,
                )
                for response, claimed in answers
            ]
    statistics = knowledge_check.item_statistics(answer_rows, shown=shown)
    items = KnowledgeCheckItem.objects.order_by("skill__order", "skill__name", "level", "slug").values_list(
        "id", "slug", "skill__name", "level", "stem", "is_active"
    )
    result = [
        ItemStatisticsRow(
            item_id=item_id,
            slug=slug,
            skill=skill,
            level=level,
            stem=stem,
            is_active=is_active,
            statistics=statistics.get(item_id) or knowledge_check.item_statistics([], shown={item_id: 0})[item_id],
        )
        for item_id, slug, skill, level, stem, is_active in items
    ]
    return [row for row in result if row.statistics.flags] if flagged_only else result


@dataclass(frozen=True)
class ReportRow:
    report: Report
    change: float | None  # readiness change since the previous report for the same target; None for the first


def report_list_for_user(*, user) -> list[ReportRow]:
    """The user's reports, newest first, each with its change since the previous
    report for the same role and seniority (or the same job ad). One query; snapshots are not loaded."""
    reports = list(Report.objects.filter(user=user).defer("snapshot").order_by("created_at"))
    previous: dict[tuple[str, str], Report] = {}
    rows = []
    for report in reports:
        target = (report.role_slug, report.seniority_slug, report.job_ad_key)
        before = previous.get(target)
        rows.append(ReportRow(report=report, change=None if before is None else report.readiness - before.readiness))
        previous[target] = report
    return rows[::-1]


def reports_with_snapshots_for_user(*, user, job_ad_key: str = "") -> list[Report]:
    """The user's reports, oldest first; only those scored against one job ad when `job_ad_key` names it."""
    reports = Report.objects.filter(user=user)
    if job_ad_key:
        reports = reports.filter(job_ad_key=job_ad_key[:36])
    return list(reports.order_by("created_at"))


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
        .select_related("role__typical_seniority_from", "role__typical_seniority_to", "seniority")
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


def scoring_ladders_get() -> dict[str, list[scoring.Profile]]:
    """Every role's profiles, lowest seniority first, by role slug in catalogue order. Four queries."""
    rows = (
        RequirementProfile.objects.select_related(
            "role__typical_seniority_from", "role__typical_seniority_to", "seniority"
        )
        .prefetch_related(
            Prefetch("skill_requirements", queryset=SkillRequirement.objects.select_related("skill")),
            Prefetch("duty_requirements", queryset=DutyRequirement.objects.select_related("duty")),
            Prefetch("education_requirements", queryset=EducationRequirement.objects.select_related("qualification")),
        )
        .order_by("role__order", "role__name", "seniority__rank")
    )
    ladders: dict[str, list[scoring.Profile]] = {}
    for row in rows:
        ladders.setdefault(row.role.slug, []).append(_profile(row))
    return ladders


def _requirement(kind: str, row, item, *, expectation: str = "") -> scoring.Requirement:
    return scoring.Requirement(
        kind=kind,
        key=item.slug,
        label=item.name,
        target=row.target,
        weight=row.weight,
        essential=row.essential,
        expectation=expectation,
    )


def _profile(row: RequirementProfile) -> scoring.Profile:
    skills = sorted(row.skill_requirements.all(), key=lambda r: (r.skill.category_id, r.skill.order, r.skill.name))
    duties = sorted(row.duty_requirements.all(), key=lambda r: (r.duty.order, r.duty.name))
    education = sorted(row.education_requirements.all(), key=lambda r: (r.qualification.order, r.qualification.name))
    requirements = [_requirement(AnswerKind.SKILL, r, r.skill) for r in skills]
    requirements += [_requirement(AnswerKind.DUTY, r, r.duty) for r in duties]
    requirements += [
        _requirement(AnswerKind.EDUCATION, r, r.qualification, expectation=r.expectation) for r in education
    ]
    role = row.role
    return scoring.Profile(
        role=role.slug,
        role_name=role.name,
        seniority=row.seniority.slug,
        seniority_name=row.seniority.name,
        seniority_rank=row.seniority.rank,
        requirements=tuple(requirements),
        typical=role.typical_seniority_from.rank <= row.seniority.rank <= role.typical_seniority_to.rank,
    )


def seniority_years_get() -> list[scoring.SeniorityYears]:
    """Each seniority with the years of experience usual before it. One query."""
    return [
        scoring.SeniorityYears(rank=rank, name=name, typical_years_min=years)
        for rank, name, years in SeniorityLevel.objects.values_list("rank", "name", "typical_years_min")
    ]


def held_certificates_get(*, assessment: Assessment) -> list[scoring.HeldCertificate]:
    """The certificates the candidate holds, with the skills each covers. Two queries."""
    held = assessment.held_certifications.prefetch_related(
        Prefetch("covered_skills", queryset=CertificationSkill.objects.select_related("skill"))
    )
    return [
        scoring.HeldCertificate(
            name=certification.name,
            is_exam=certification.evidence == CertificationEvidence.EXAM,
            covers=tuple((c.skill.slug, c.skill.name, c.level) for c in certification.covered_skills.all()),
        )
        for certification in held
    ]


@dataclass(frozen=True)
class RecommendationCatalogue:
    anchors: dict
    certifications: tuple
    actions: tuple
    phases: tuple
    prerequisites: dict
    seniorities: tuple  # (slug, name, rank, band name, band label)
    career_steps: tuple

    @property
    def leadership_rank(self) -> int:
        """The top seniority's rank: a target there is a leadership one (Lead)."""
        return max((rank for _, _, rank, *_ in self.seniorities), default=0)

    @property
    def junior_rank(self) -> int:
        """The lowest seniority's rank: a target there is a junior one."""
        return min((rank for _, _, rank, *_ in self.seniorities), default=0)


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
            provider_slug=c.provider.slug,
            audience=c.audience,
            evidence=c.evidence,
            credential_level=c.credential_level,
            exam_format=c.exam_format,
            duration=c.duration,
            fee=c.fee,
            facts_checked_on=c.facts_checked_on.isoformat() if c.facts_checked_on else "",
            retired_on=c.retired_on.isoformat() if c.retired_on else "",
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
        links = ShareLink.objects.live(now=now or timezone.now()).select_related("report")
        return links.defer("report__snapshot").get(token=token)
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
    # Plain SQL (assessment.plain_sql): the owner's report page reads it on every view.
    links = plain_sql.select(ShareLink, where={"report": report.pk}, order_by=["-created_at", "-id"])
    return [ShareLinkRow(link=link, status=_share_link_status(link, now)) for link in links]


def _share_link_status(link: ShareLink, now: datetime) -> str:
    if link.revoked_at is not None:
        return SHARE_LINK_REVOKED
    if link.expires_at is not None and link.expires_at <= now:
        return SHARE_LINK_EXPIRED
    return SHARE_LINK_LIVE


# --- The candidate's own data --------------------------------------------------------


def report_metadata(report: Report) -> dict:
    """A report's own fields, JSON-ready: what the JSON export and the data download say about it."""
    return {
        "id": str(report.pk),
        "created_at": report.created_at.isoformat(),
        "role": report.role_slug,
        "role_name": report.role_name,
        "seniority": report.seniority_slug,
        "seniority_name": report.seniority_name,
        "readiness": float(report.readiness),
        "estimated_seniority_name": report.estimated_seniority_name,
        "catalogue_version": report.catalogue_version,
    }


USER_DATA_EXPORT_VERSION = 1


def user_data_export(*, user) -> dict:
    """Everything held about a signed-in candidate, as JSON-ready data: the account,
    every assessment with its answers, every report with its snapshot, every share link and job ad,
    every learning plan with its items, and the weekly digest setting."""
    assessments = (
        Assessment.objects.filter(user=user)
        .select_related("role", "seniority")
        .prefetch_related("answers", "held_certifications", "check_responses")
        .order_by("created_at")
    )
    reports = Report.objects.filter(user=user).order_by("created_at")
    links = ShareLink.objects.filter(report__user=user).order_by("created_at")
    return {
        "export_version": USER_DATA_EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": _isoformat(user.last_login),
        },
        "assessments": [_assessment_export(assessment) for assessment in assessments],
        "reports": [_report_export(report) for report in reports],
        "share_links": [_share_link_export(link) for link in links],
        "job_ads": [
            {
                "id": str(ad.pk),
                "created_at": ad.created_at.isoformat(),
                "title": ad.title,
                "company": ad.company,
                "text": ad.text,
                "derived": ad.derived,
                "items": ad.items,
            }
            for ad in JobAd.objects.filter(user=user).order_by("created_at")
        ],
        **plans_export_for_user(user=user, today=timezone.localdate()),
    }


def _isoformat(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def _assessment_export(assessment: Assessment) -> dict:
    return {
        "id": str(assessment.pk),
        "role": assessment.role.slug,
        "seniority": assessment.seniority.slug,
        "status": assessment.status,
        "created_at": assessment.created_at.isoformat(),
        "updated_at": assessment.updated_at.isoformat(),
        "completed_at": _isoformat(assessment.completed_at),
        "completed_steps": assessment.completed_steps,
        "years_experience": assessment.years_experience,
        "shipped_projects": assessment.shipped_projects,
        "portfolio_url": assessment.portfolio_url,
        "preferred_cloud": assessment.preferred_cloud,
        "hours_per_week": assessment.hours_per_week,
        "held_certifications": sorted(c.slug for c in assessment.held_certifications.all()),
        "answers": [{"kind": a.kind, "key": a.key, "rating": a.rating} for a in assessment.answers.all()],
        "knowledge_check": {
            "status": assessment.check_status or "not_started",
            "items": [
                {
                    "number": r.number,
                    "item": r.item_slug,
                    "skill": r.skill_slug,
                    "level": r.level,
                    "claimed": r.claimed,
                    "correct": r.correct,
                    "shown_at": r.shown_at.isoformat(),
                    "answered_at": _isoformat(r.answered_at),
                }
                for r in assessment.check_responses.all()
            ],
        },
    }


def _report_export(report: Report) -> dict:
    assessment = str(report.assessment_id) if report.assessment_id else None
    return {**report_metadata(report), "assessment": assessment, "snapshot": report.snapshot}


def _share_link_export(link: ShareLink) -> dict:
    return {
        "report": str(link.report_id),
        "token": link.token,
        "label": link.label,
        "show_portfolio": link.show_portfolio,
        "created_at": link.created_at.isoformat(),
        "expires_at": _isoformat(link.expires_at),
        "revoked_at": _isoformat(link.revoked_at),
    }
