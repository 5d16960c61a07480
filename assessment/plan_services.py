"""Writes for learning plans: adopt a report's plan, set the pace, update an item, re-check skills."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from assessment import learning
from assessment.models import (
    Answer,
    Assessment,
    DigestSubscription,
    LearningPlan,
    PlanItem,
    PlanItemStatus,
    Report,
)
from assessment.questionnaire import Questionnaire
from assessment.services import assessment_complete, check_start
from career.models import Certification, Role, SeniorityLevel

CONTENT_FIELDS = (
    "title",
    "description",
    "target_kind",
    "target_key",
    "target_label",
    "level_from",
    "target_level",
    "hours",
)


class OlderReport(Exception):
    """The plan already follows a newer report for its target."""


@dataclass(frozen=True)
class Adoption:
    plan: LearningPlan
    created: bool
    added: int  # items new to the plan
    dropped: int  # untouched items the newer report no longer proposes


@transaction.atomic
def plan_adopt(*, user, report: Report, today: date) -> Adoption:
    """Turn a report's ranked actions and certifications into the user's plan for its target.

    The first adoption creates the plan; a later one, from a newer report, merges into it
    (learning.merge): done items stay done, nothing is duplicated, nothing written is lost.
    Raises OlderReport for a report older than the one the plan follows.
    """
    experience = report.snapshot.get("experience", {})
    plan, created = LearningPlan.objects.select_for_update().get_or_create(
        user=user,
        role_slug=report.role_slug,
        seniority_slug=report.seniority_slug,
        defaults={
            "role_name": report.role_name,
            "seniority_name": report.seniority_name,
            "hours_per_week": experience.get("hours_per_week"),
            "started_on": today,
            "source_report": report,
        },
    )
    if not created:
        source = plan.source_report
        if source is not None and source.created_at > report.created_at:
            raise OlderReport(f"Your plan already follows the report of {timezone.localdate(source.created_at)}.")
    existing = list(plan.items.order_by("position", "pk"))
    merged = learning.merge(
        existing=[
            learning.ExistingItem(
                id=i.pk,
                kind=i.kind,
                source_slug=i.source_slug,
                status=i.status,
                has_notes=bool(i.note or i.evidence_url),
            )
            for i in existing
        ],
        adopted=learning.items_from_snapshot(report.snapshot),
    )
    by_id = {item.pk: item for item in existing}
    PlanItem.objects.filter(pk__in=merged.dropped).delete()
    changed, new = [], []
    for position, entry in enumerate(merged.items, start=1):
        if entry.existing_id is None:
            new.append(
                PlanItem(
                    plan=plan,
                    position=position,
                    kind=entry.content.kind,
                    source_slug=entry.content.source_slug,
                    **_content(entry.content),
                )
            )
            continue
        item = by_id[entry.existing_id]
        item.position = position
        for name, value in (_content(entry.content) if entry.content else {}).items():
            setattr(item, name, value)
        changed.append(item)
    PlanItem.objects.bulk_update(changed, ["position", *CONTENT_FIELDS])
    PlanItem.objects.bulk_create(new)
    if not created:
        plan.source_report = report
        plan.role_name, plan.seniority_name = report.role_name, report.seniority_name
        if plan.hours_per_week is None:
            plan.hours_per_week = experience.get("hours_per_week")
        plan.save(update_fields=["source_report", "role_name", "seniority_name", "hours_per_week", "updated_at"])
    return Adoption(plan=plan, created=created, added=len(new), dropped=len(merged.dropped))


def _content(item: learning.AdoptedItem) -> dict:
    return {name: getattr(item, name) for name in CONTENT_FIELDS}


def plan_pace_set(*, plan: LearningPlan, hours_per_week: int) -> None:
    """The hours a week the candidate can give the plan; every planned week and date follows from it."""
    plan.hours_per_week = hours_per_week
    plan.save(update_fields=["hours_per_week", "updated_at"])


def plan_item_update(
    *, item: PlanItem, status: str, note: str, evidence_url: str, finished_on: date | None, today: date
) -> None:
    """Store an item's status, note and evidence link. A done item gets its finished date (the one
    given, else the one it had, else today); any other status has none."""
    finished = (finished_on or item.finished_on or today) if status == PlanItemStatus.DONE else None
    item.status, item.note, item.evidence_url, item.finished_on = status, note, evidence_url, finished
    item.save(update_fields=["status", "note", "evidence_url", "finished_on", "updated_at"])


# --- Focused re-check -----------------------------------------------------------------


class RecheckTargetGone(Exception):
    """The plan's target role or seniority is no longer in the catalogue."""


@transaction.atomic
def plan_recheck_complete(
    *, plan: LearningPlan, latest: Report, ratings: dict[str, int], questionnaire: Questionnaire
) -> Report:
    """A new report from a short re-check: the re-rated skills as given, everything else as the latest
    report for the plan's target has it. The report is a snapshot like any other."""
    assessment = _recheck_assessment_create(plan=plan, latest=latest, ratings=ratings, questionnaire=questionnaire)
    return assessment_complete(assessment=assessment, questionnaire=questionnaire)


@dataclass(frozen=True)
class RecheckStarted:
    assessment: Assessment
    report: Report | None  # made at once when none of the re-rated skills can be checked


@transaction.atomic
def plan_recheck_check_start(
    *, plan: LearningPlan, latest: Report, ratings: dict[str, int], questionnaire: Questionnaire
) -> RecheckStarted:
    """A re-check with the knowledge check: the same pre-filled assessment, left open with its check
    started on the re-rated skills alone (those rated 1 or more, at most the check's usual number).
    Finishing the check completes the report as any check does. When no re-rated skill can be
    checked, the report is made at once, as a re-rating alone would make it."""
    assessment = _recheck_assessment_create(plan=plan, latest=latest, ratings=ratings, questionnaire=questionnaire)
    started = check_start(assessment=assessment, only=frozenset(ratings))
    if started.check_done:
        return RecheckStarted(
            assessment=started, report=assessment_complete(assessment=started, questionnaire=questionnaire)
        )
    return RecheckStarted(assessment=started, report=None)


def _recheck_assessment_create(
    *, plan: LearningPlan, latest: Report, ratings: dict[str, int], questionnaire: Questionnaire
) -> Assessment:
    """An assessment of the plan's target with every step answered: the re-rated skills as given,
    every other answer, the experience and the held certifications as the latest report has them."""
    try:
        role = Role.objects.get(slug=plan.role_slug)
        seniority = SeniorityLevel.objects.get(slug=plan.seniority_slug)
    except (Role.DoesNotExist, SeniorityLevel.DoesNotExist) as error:
        raise RecheckTargetGone(f"{plan.role_name} ({plan.seniority_name}) is no longer offered.") from error
    snapshot = latest.snapshot
    experience = snapshot.get("experience", {})
    assessment = Assessment.objects.create(
        user_id=plan.user_id,
        role=role,
        seniority=seniority,
        years_experience=experience.get("years"),
        shipped_projects=experience.get("shipped_projects"),
        portfolio_url=latest.portfolio_url,
        preferred_cloud=experience.get("preferred_cloud", ""),
        hours_per_week=plan.hours_per_week or experience.get("hours_per_week"),
        completed_steps=[step.slug for step in questionnaire.steps],
    )
    answers = {(a["kind"], a["key"]): a["rating"] for a in snapshot["answers"]}
    answers |= {("skill", key): rating for key, rating in ratings.items()}
    Answer.objects.bulk_create(
        Answer(assessment=assessment, kind=kind, key=key, rating=rating) for (kind, key), rating in answers.items()
    )
    assessment.held_certifications.set(Certification.objects.filter(slug__in=snapshot.get("held_certifications", [])))
    return assessment


# --- The weekly digest ----------------------------------------------------------------


def digest_subscription_set(*, user, active: bool) -> None:
    """Turn the weekly digest on or off; the week it was last sent is kept, so it never goes twice in a week."""
    DigestSubscription.objects.update_or_create(user=user, defaults={"active": active})
