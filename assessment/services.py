"""Writes for the assessment: start, save answers, complete into a report snapshot."""

import dataclasses
import hashlib
import json
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assessment import recommendations, scoring
from assessment.models import Answer, AnswerKind, Assessment, AssessmentStatus, Report, ShareLink
from assessment.selectors import (
    CERTIFICATION_QUALIFICATION,
    STEP_KIND_EDUCATION,
    STEP_KIND_EXPERIENCE,
    Questionnaire,
    Step,
    answers_get,
    questionnaire_get,
    recommendation_catalogue_get,
    scoring_profiles_get,
)
from career.models import Certification, Role, SeniorityLevel

SNAPSHOT_SCHEMA_VERSION = 1

# How held certifications translate into the "AI certification" qualification level.
CERTIFICATION_LEVEL_RATING = {"course": 1, "foundational": 2, "associate": 3, "professional": 4, "specialty": 4}


@transaction.atomic
def assessment_start(
    *,
    user,
    anonymous_token: str | None,
    role: Role,
    seniority: SeniorityLevel,
    prefill_from: Assessment | None = None,
) -> Assessment:
    """A new assessment; a retake copies the answers of `prefill_from` so only changes need answering."""
    owner = {"user": user} if user is not None and user.is_authenticated else {"anonymous_token": anonymous_token}
    assessment = Assessment.objects.create(role=role, seniority=seniority, **owner)
    if prefill_from is not None:
        Answer.objects.bulk_create(
            Answer(assessment=assessment, kind=a.kind, key=a.key, rating=a.rating) for a in prefill_from.answers.all()
        )
        assessment.held_certifications.set(prefill_from.held_certifications.all())
        assessment.years_experience = prefill_from.years_experience
        assessment.shipped_projects = prefill_from.shipped_projects
        assessment.portfolio_url = prefill_from.portfolio_url
        assessment.completed_steps = list(prefill_from.completed_steps)
        assessment.save(update_fields=["years_experience", "shipped_projects", "portfolio_url", "completed_steps"])
    return assessment


@transaction.atomic
def answers_save(*, assessment: Assessment, step: Step, cleaned_data: dict, ratings: dict[str, int]) -> None:
    """Store one step's answers (all or nothing) and mark the step complete when it is."""
    kind_by_key = {question.key: question.kind for question in step.questions}
    rows = [
        Answer(assessment=assessment, kind=kind_by_key[key], key=key, rating=rating) for key, rating in ratings.items()
    ]
    Answer.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["assessment", "kind", "key"], update_fields=["rating"]
    )
    fields_to_update = ["updated_at"]
    if step.kind == STEP_KIND_EDUCATION:
        _held_certifications_save(assessment=assessment, slugs=cleaned_data.get("certifications") or [])
    if step.kind == STEP_KIND_EXPERIENCE:
        assessment.years_experience = cleaned_data.get("years_experience")
        assessment.shipped_projects = cleaned_data.get("shipped_projects")
        assessment.portfolio_url = cleaned_data.get("portfolio_url") or ""
        fields_to_update += ["years_experience", "shipped_projects", "portfolio_url"]
    complete = len(ratings) == len(step.questions) and all(
        cleaned_data.get(name) not in (None, "")
        for name in ("years_experience", "shipped_projects")
        if name in cleaned_data
    )
    others = [slug for slug in assessment.completed_steps if slug != step.slug]
    assessment.completed_steps = [*others, step.slug] if complete else others
    fields_to_update.append("completed_steps")
    assessment.save(update_fields=fields_to_update)


def _held_certifications_save(*, assessment: Assessment, slugs: list[str]) -> None:
    certifications = list(Certification.objects.filter(slug__in=slugs))
    assessment.held_certifications.set(certifications)
    rating = max((CERTIFICATION_LEVEL_RATING.get(c.level, 0) for c in certifications), default=0)
    Answer.objects.update_or_create(
        assessment=assessment,
        kind=AnswerKind.EDUCATION,
        key=CERTIFICATION_QUALIFICATION,
        defaults={"rating": rating},
    )


def assessment_complete(*, assessment: Assessment, questionnaire: Questionnaire | None = None) -> Report:
    """Score the assessment and store its report snapshot; idempotent.

    Completing twice (a double click, two tabs) returns the report made the
    first time: the row lock and the one-to-one constraint allow only one.
    """
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().select_related("role", "seniority").get(pk=assessment.pk)
        existing = Report.objects.filter(assessment=locked).first()
        if existing is not None:
            return existing
        snapshot = report_snapshot_build(assessment=locked, questionnaire=questionnaire or questionnaire_get())
        report = Report.objects.create(
            assessment=locked,
            user=locked.user,
            anonymous_token=locked.anonymous_token,
            role_slug=locked.role.slug,
            role_name=locked.role.name,
            seniority_slug=locked.seniority.slug,
            seniority_name=locked.seniority.name,
            readiness=round(snapshot["score"]["readiness"], 1),
            estimated_seniority_name=snapshot["seniority_estimate"]["seniority_name"] or "",
            catalogue_version=snapshot["catalogue_version"],
            snapshot=snapshot,
        )
        locked.status = AssessmentStatus.COMPLETED
        locked.completed_at = timezone.now()
        locked.save(update_fields=["status", "completed_at", "updated_at"])
        return report


def report_snapshot_build(*, assessment: Assessment, questionnaire: Questionnaire) -> dict:
    """Everything the report shows, computed once: the answers, the profiles as
    used, and every figure. Later catalogue edits cannot change it."""
    ratings = answers_get(assessment=assessment)
    held = sorted(assessment.held_certifications.values_list("slug", flat=True))
    role_fit_profiles, ladder_profiles = scoring_profiles_get(
        role_slug=assessment.role.slug, seniority_slug=assessment.seniority.slug
    )
    target = next(p for p in role_fit_profiles if p.role == assessment.role.slug)
    score = scoring.score_profile(target, ratings)
    role_fit = scoring.rank_role_fit(role_fit_profiles, ratings)
    estimate = scoring.estimate_seniority(ladder_profiles, ratings)
    catalogue = recommendation_catalogue_get(questionnaire=questionnaire)
    estimated_rank = next((p.seniority_rank for p in ladder_profiles if p.seniority == estimate.seniority), 0)
    plain = _plain
    snapshot = {
        "schema_version": SNAPSHOT_SCHEMA_VERSION,
        "target": {
            "role": assessment.role.slug,
            "role_name": assessment.role.name,
            "seniority": assessment.seniority.slug,
            "seniority_name": assessment.seniority.name,
            "seniority_rank": assessment.seniority.rank,
        },
        "answers": [{"kind": kind, "key": key, "rating": rating} for (kind, key), rating in sorted(ratings.items())],
        "held_certifications": held,
        "experience": {
            "years": assessment.years_experience,
            "shipped_projects": assessment.shipped_projects,
            "portfolio_url": assessment.portfolio_url,
        },
        "seniority_scores": plain([scoring.score_profile(profile, ratings) for profile in ladder_profiles]),
        "score": plain(score),
        "role_fit": plain(role_fit),
        "seniority_estimate": plain(estimate),
        "top_gaps": plain(recommendations.top_gaps(score=score, anchors=catalogue.anchors)),
        "strengths": plain(recommendations.strengths(score=score)),
        "certifications": plain(
            recommendations.recommend_certifications(
                score=score, certifications=catalogue.certifications, held=frozenset(held)
            )
        ),
        "roadmap": plain(
            recommendations.build_roadmap(
                score=score,
                actions=catalogue.actions,
                phases=catalogue.phases,
                prerequisites=catalogue.prerequisites,
            )
        ),
        "career_context": plain(
            recommendations.career_context(
                estimated_rank=estimated_rank,
                target_rank=assessment.seniority.rank,
                seniorities=catalogue.seniorities,
                career_steps=catalogue.career_steps,
            )
        ),
    }
    snapshot["catalogue_version"] = catalogue_version(profiles=[*role_fit_profiles, *ladder_profiles])
    return snapshot


def catalogue_version(*, profiles) -> str:
    """A short fingerprint of the requirement profiles a report was scored against."""
    used = sorted((p.role, p.seniority, r.kind, r.key, r.target, r.weight) for p in profiles for r in p.requirements)
    return hashlib.sha256(json.dumps(used).encode()).hexdigest()[:12]


def _plain(value):
    """Dataclasses, tuples and frozensets as JSON-ready dicts and lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {
            (k if isinstance(k, str) else ":".join(map(str, k)) if isinstance(k, tuple) else str(k)): _plain(v)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return value


@transaction.atomic
def candidate_data_claim(*, user, anonymous_token: str | None) -> int:
    """Give a newly signed-in user what they did anonymously in this browser.

    Returns how many assessments and reports changed hands.
    """
    if not anonymous_token:
        return 0
    claimed = Assessment.objects.filter(user__isnull=True, anonymous_token=anonymous_token).update(
        user=user, anonymous_token=""
    )
    claimed += Report.objects.filter(user__isnull=True, anonymous_token=anonymous_token).update(
        user=user, anonymous_token=""
    )
    return claimed


@transaction.atomic
def report_delete(*, report: Report) -> None:
    """Delete a report with everything behind it: its answers, cached PDF and share links."""
    if report.assessment_id:
        Assessment.objects.filter(pk=report.assessment_id).delete()
    report.delete()


# --- Share links -------------------------------------------------------------------

SHARE_TOKEN_BYTES = 32  # secrets.token_urlsafe: 256 random bits, 43 URL-safe characters


def report_share_link_create(*, report: Report, label: str, expires_in_days: int | None) -> ShareLink:
    """A new private, read-only link to one report; it never expires when expires_in_days is None."""
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    return ShareLink.objects.create(
        report=report, token=secrets.token_urlsafe(SHARE_TOKEN_BYTES), label=label, expires_at=expires_at
    )


def report_share_link_revoke(*, link: ShareLink) -> None:
    """Revoke a link at once; revoking it again keeps the first revocation time."""
    now = timezone.now()
    if ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=now):
        link.revoked_at = now


# --- The candidate's own data --------------------------------------------------------

USER_DATA_EXPORT_VERSION = 1


def user_data_export(*, user) -> dict:
    """Everything held about a signed-in candidate, as JSON-ready data: the account,
    every assessment with its answers, every report with its snapshot, and every share link."""
    assessments = (
        Assessment.objects.filter(user=user)
        .select_related("role", "seniority")
        .prefetch_related("answers", "held_certifications")
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
        "held_certifications": sorted(c.slug for c in assessment.held_certifications.all()),
        "answers": [{"kind": a.kind, "key": a.key, "rating": a.rating} for a in assessment.answers.all()],
    }


def _report_export(report: Report) -> dict:
    return {
        "id": str(report.pk),
        "assessment": str(report.assessment_id) if report.assessment_id else None,
        "role": report.role_slug,
        "role_name": report.role_name,
        "seniority": report.seniority_slug,
        "seniority_name": report.seniority_name,
        "readiness": float(report.readiness),
        "estimated_seniority_name": report.estimated_seniority_name,
        "catalogue_version": report.catalogue_version,
        "created_at": report.created_at.isoformat(),
        "snapshot": report.snapshot,
    }


def _share_link_export(link: ShareLink) -> dict:
    return {
        "report": str(link.report_id),
        "token": link.token,
        "label": link.label,
        "created_at": link.created_at.isoformat(),
        "expires_at": _isoformat(link.expires_at),
        "revoked_at": _isoformat(link.revoked_at),
    }


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete the account and, by cascade, its assessments, answers, reports, PDFs and share links."""
    user.delete()
