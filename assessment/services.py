"""Writes for the assessment: start, save answers, complete into a report snapshot."""

import dataclasses
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from assessment import recommendations, scoring
from assessment.models import Answer, AnswerKind, Assessment, AssessmentStatus, Report
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


def assessment_start(*, user, anonymous_token: str, role: Role, seniority: SeniorityLevel) -> Assessment:
    owner = {"user": user} if user is not None and user.is_authenticated else {"anonymous_token": anonymous_token}
    return Assessment.objects.create(role=role, seniority=seniority, **owner)


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
