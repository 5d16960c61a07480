"""Reads for learning plans: the access helpers, the plan page, the timeline and the exports.

Every function here runs a fixed number of queries, whatever the number of plan items.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404

from assessment import knowledge_check, learning
from assessment.models import (
    Assessment,
    AssessmentStatus,
    CheckStatus,
    DigestSubscription,
    LearningPlan,
    PlanItem,
    PlanItemKind,
    PlanItemStatus,
    Report,
)
from assessment.questionnaire import Question, Questionnaire


def _plans_of(*, user, anonymous_token: str | None = None):
    """Plans need an account: an anonymous browser owns none, whatever its token."""
    if user is None or not user.is_authenticated:
        return LearningPlan.objects.none()
    return LearningPlan.objects.filter(user=user)


def plan_get_for_owner(*, user, anonymous_token: str | None, pk) -> LearningPlan:
    """The access helper for plans: the signed-in candidate's own, or 404 (never 403). One query."""
    try:
        return _plans_of(user=user).get(pk=pk)
    except (LearningPlan.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("No such plan.") from error


def plan_item_get_for_owner(*, user, anonymous_token: str | None, plan_pk, pk) -> PlanItem:
    """The access helper for plan items: an item of a plan the candidate owns, with its plan, or 404. One query."""
    try:
        return PlanItem.objects.select_related("plan").get(pk=pk, plan_id=plan_pk, plan__in=_plans_of(user=user))
    except (PlanItem.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("No such plan item.") from error


def plan_list_for_user(*, user) -> list[LearningPlan]:
    return list(_plans_of(user=user).order_by("role_name", "seniority_name"))


def plan_for_target_get(*, user, role_slug: str, seniority_slug: str) -> LearningPlan | None:
    return _plans_of(user=user).filter(role_slug=role_slug, seniority_slug=seniority_slug).first()


def latest_report_for_target(*, user, role_slug: str, seniority_slug: str) -> Report | None:
    """The candidate's newest report for a target, with its snapshot. One query."""
    reports = Report.objects.filter(user=user, role_slug=role_slug, seniority_slug=seniority_slug)
    return reports.defer("body_html").order_by("-created_at").first()


def plan_items(*, plan: LearningPlan) -> list[PlanItem]:
    return list(plan.items.order_by("position", "pk"))


def item_states(items: list[PlanItem]) -> list[learning.ItemState]:
    return [learning.ItemState(hours=i.hours, status=i.status, finished_on=i.finished_on) for i in items]


def plan_skills(items: list[PlanItem]) -> tuple[learning.SkillItems, ...]:
    return learning.skills_of(
        (i.target_kind, i.target_key, i.target_label, i.status, i.level_from, i.target_level) for i in items
    )


@dataclass(frozen=True)
class PlanRow:
    item: PlanItem
    scheduled: learning.ScheduledItem


@dataclass(frozen=True)
class PlanPage:
    plan: LearningPlan
    rows: tuple[PlanRow, ...]
    schedule: learning.Schedule
    latest_report: Report | None
    recheck_due: tuple[learning.SkillItems, ...]
    moved: tuple[learning.SkillMove, ...]
    ratings: dict[str, int]  # the skills' ratings in the latest report for the target

    @property
    def overdue(self) -> tuple[PlanRow, ...]:
        return tuple(row for row in self.rows if row.scheduled.overdue)

    @property
    def certification_hours(self) -> int:
        """Planned hours of certification preparation: in the plan's dates, not in the report's."""
        return sum(
            row.item.hours
            for row in self.rows
            if row.item.kind == PlanItemKind.CERTIFICATION and row.item.status != "skipped"
        )

    @property
    def any_checked(self) -> bool:
        """The latest report's knowledge check checked one of the plan's skills."""
        return any(move.checked is not None for move in self.moved)

    @property
    def next_row(self) -> PlanRow | None:
        return next((row for row in self.rows if row.item.status in learning.OPEN), None)


def plan_page_get(*, plan: LearningPlan, today: date) -> PlanPage:
    """Everything the plan page shows: items with their planned weeks, progress, dates, the burn-down,
    the skills ready for a re-check and those that moved since adoption. Two queries."""
    items = plan_items(plan=plan)
    latest = latest_report_for_target(user=plan.user_id, role_slug=plan.role_slug, seniority_slug=plan.seniority_slug)
    planned = learning.schedule(
        items=item_states(items), hours_per_week=plan.hours_per_week, started_on=plan.started_on, today=today
    )
    skills = plan_skills(items)
    ratings = learning.skill_ratings(latest.snapshot if latest else None)
    return PlanPage(
        plan=plan,
        rows=tuple(PlanRow(item=i, scheduled=s) for i, s in zip(items, planned.items, strict=True)),
        schedule=planned,
        latest_report=latest,
        # A re-check starts from the latest report for the target: without one there is nothing to re-rate.
        recheck_due=learning.recheck_due(skills=skills, ratings=ratings) if latest else (),
        moved=learning.skills_moved(
            skills=skills, ratings=ratings, checked=learning.checked_levels(latest.snapshot if latest else None)
        ),
        ratings=ratings,
    )


def recheck_questions(*, questionnaire: Questionnaire, skills) -> tuple[Question, ...]:
    """The questionnaire's rating questions of these skills, in the questionnaire's order; none for a skill
    no longer in the catalogue. No query."""
    keys = {skill.key for skill in skills}
    return tuple(
        question
        for step in questionnaire.steps
        for question in step.questions
        if question.kind == "skill" and question.key in keys
    )


def check_under_way_for_plan(*, plan: LearningPlan) -> Assessment | None:
    """The owner's newest unfinished assessment for the plan's target whose knowledge check is under
    way (a re-check left half-way, most often), so the re-check page can offer to continue it. One query."""
    return (
        Assessment.objects.filter(
            user_id=plan.user_id,
            role__slug=plan.role_slug,
            seniority__slug=plan.seniority_slug,
            status=AssessmentStatus.IN_PROGRESS,
            check_status=CheckStatus.IN_PROGRESS,
        )
        .order_by("-updated_at")
        .first()
    )


def recheck_check_offer(
    *, requirements: list[knowledge_check.Requirement], skills, ratings: dict[str, int]
) -> tuple[knowledge_check.PlannedSkill, ...]:
    """The skills a knowledge check could ask after re-rating these: those of the target profile
    (`requirements`), at most the check's usual number, each as if re-rated at least 1 (a skill
    re-rated 0 is then left out). What the re-check page offers before the candidate rates. No query."""
    assumed = {skill.key: max(ratings.get(skill.key, 0), knowledge_check.LEVEL_LOWEST) for skill in skills}
    return knowledge_check.skills_to_check(requirements, assumed, only=frozenset(assumed))


def digest_active(*, user) -> bool:
    return DigestSubscription.objects.filter(user=user, active=True).exists()


def finished_items_for_user(*, user) -> list[PlanItem]:
    """Every done item of the candidate's plans, oldest finish first, with its plan. One query."""
    return list(
        PlanItem.objects.filter(plan__user=user, status=PlanItemStatus.DONE)
        .select_related("plan")
        .order_by("finished_on", "plan_id", "position")
    )


# --- Exports -----------------------------------------------------------------------


def plan_export(plan: LearningPlan, items: list[PlanItem], *, today: date) -> dict:
    """A plan as JSON-ready data (docs/report-json.md, "learning_plan")."""
    planned = learning.schedule(
        items=item_states(items), hours_per_week=plan.hours_per_week, started_on=plan.started_on, today=today
    )
    return {
        "id": str(plan.pk),
        "role": plan.role_slug,
        "role_name": plan.role_name,
        "seniority": plan.seniority_slug,
        "seniority_name": plan.seniority_name,
        "source_report": str(plan.source_report_id) if plan.source_report_id else None,
        "hours_per_week": plan.hours_per_week,
        "started_on": plan.started_on.isoformat(),
        "created_at": plan.created_at.isoformat(),
        "planned_hours": planned.planned_hours,
        "done_hours": planned.done_hours,
        "percent_done": planned.percent_done,
        "planned_finish": _iso(planned.planned_finish),
        "expected_finish": _iso(planned.expected_finish),
        "items": [_item_export(item, scheduled) for item, scheduled in zip(items, planned.items, strict=True)],
    }


def _item_export(item: PlanItem, scheduled: learning.ScheduledItem) -> dict:
    return {
        "position": item.position,
        "kind": item.kind,
        "source": item.source_slug,
        "title": item.title,
        "description": item.description,
        "target_kind": item.target_kind,
        "target_key": item.target_key,
        "target_label": item.target_label,
        "level_from": item.level_from,
        "target_level": item.target_level,
        "hours": item.hours,
        "status": item.status,
        "note": item.note,
        "evidence_url": item.evidence_url,
        "finished_on": _iso(item.finished_on),
        "planned_week": scheduled.planned_week,
        "due_on": _iso(scheduled.due_on),
        "overdue": scheduled.overdue,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def plan_export_for_report(*, report: Report, today: date) -> dict | None:
    """The owner's plan for the report's target as it stands today, or None. Two queries (one without an owner)."""
    if report.user_id is None:
        return None
    plan = (
        LearningPlan.objects.filter(
            user_id=report.user_id, role_slug=report.role_slug, seniority_slug=report.seniority_slug
        )
        .prefetch_related("items")
        .first()
    )
    if plan is None:
        return None
    return plan_export(plan, sorted(plan.items.all(), key=lambda i: (i.position, i.pk)), today=today)


def plans_export_for_user(*, user, today: date) -> dict:
    """Every plan of the candidate and their digest setting, for "download all my data". Three queries."""
    plans = LearningPlan.objects.filter(user=user).prefetch_related("items").order_by("created_at")
    digest = DigestSubscription.objects.filter(user=user).first()
    return {
        "learning_plans": [
            plan_export(plan, sorted(plan.items.all(), key=lambda i: (i.position, i.pk)), today=today) for plan in plans
        ],
        "plan_digest": None
        if digest is None
        else {"active": digest.active, "last_sent_week": _iso(digest.last_sent_week)},
    }
