"""Writes for the assessment: start, save answers, complete into a report snapshot."""

import dataclasses
import functools
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from assessment import plan, recommendations, scoring
from assessment.models import Answer, AnswerKind, Assessment, AssessmentStatus, Cloud, Report, ShareLink
from assessment.questionnaire import Answers, EducationStep, ExperienceStep, Questionnaire, Step
from assessment.selectors import (
    CERTIFICATION_QUALIFICATION,
    answers_of,
    held_certificates_get,
    questionnaire_get,
    recommendation_catalogue_get,
    scoring_profiles_get,
    seniority_years_get,
    step_initial,
)
from career.models import Certification, Role, SeniorityLevel

# 2: the plan (next actions, totals, expected date), long routes apart from the roadmap's hours,
# certification advice by the candidate's cloud and per preparation hour, with what each proves.
SNAPSHOT_SCHEMA_VERSION = 2


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
        for name in EXPERIENCE_FIELDS:
            setattr(assessment, name, getattr(prefill_from, name))
        assessment.completed_steps = list(prefill_from.completed_steps)
        assessment.save(update_fields=[*EXPERIENCE_FIELDS, "completed_steps"])
    return assessment


@dataclass(frozen=True)
class AnswerConflict:
    """An answer the candidate changed on a page while another tab saved a different one."""

    name: str  # the form field
    label: str
    yours: str  # what the candidate chose, as the page words it
    saved: str  # what was saved meanwhile


@dataclass(frozen=True)
class StepSaved:
    answers: Answers  # everything answered after the save (before it, when there are conflicts)
    conflicts: tuple[AnswerConflict, ...] = ()
    stored: dict = dataclasses.field(default_factory=dict)  # the step's stored values, when there are conflicts


@transaction.atomic
def answers_save(
    *,
    assessment: Assessment,
    step: Step,
    cleaned_data: dict,
    ratings: dict[str, int],
    shown: dict | None = None,
    optional: frozenset[tuple[str, str]] = frozenset(),
) -> StepSaved:
    """Store what the candidate changed on one step, all or nothing, and record whether the step is complete.

    `shown` holds the values the page was rendered with, by field name. A value counts as
    changed when it differs from what the page showed, and only changed values are written:
    a page left open in another tab cannot put back answers it merely showed. When the
    stored value of a field the candidate changed is no longer the one the page showed
    (another tab saved something else meanwhile), nothing is stored and the conflicts come
    back, so that the candidate can choose. Without `shown` (a client that sends none)
    every value sent counts as changed. `optional` names the questions the candidate may skip.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    before = answers_of(assessment=locked, optional=optional)
    stored = step_initial(step=step, answers=before, assessment=locked)
    submitted = _submitted_values(step, cleaned_data, ratings)
    edits = {name: value for name, value in submitted.items() if shown is None or shown.get(name) != value}
    conflicts = tuple(
        _conflict(step, name, yours=value, saved=stored.get(name))
        for name, value in edits.items()
        if shown is not None and stored.get(name) not in (shown.get(name), value)
    )
    if conflicts:
        return StepSaved(answers=before, conflicts=conflicts, stored=stored)

    kind_by_key = {question.key: question.kind for question in step.questions}
    changed_ratings = {key: edits[key] for key in kind_by_key if key in edits}
    Answer.objects.bulk_create(
        [
            Answer(assessment=locked, kind=kind_by_key[key], key=key, rating=rating)
            for key, rating in changed_ratings.items()
        ],
        update_conflicts=True,
        unique_fields=["assessment", "kind", "key"],
        update_fields=["rating"],
    )
    after = {**before.ratings, **{(kind_by_key[key], key): rating for key, rating in changed_ratings.items()}}
    fields_to_update = ["updated_at"]
    if "certifications" in edits:
        level = _held_certifications_save(assessment=locked, slugs=edits["certifications"])
        after[(AnswerKind.EDUCATION, CERTIFICATION_QUALIFICATION)] = level
    for name in EXPERIENCE_FIELDS:
        if name in edits:
            setattr(locked, name, edits[name])
            fields_to_update.append(name)
    saved = Answers(
        ratings=after,
        years_experience=locked.years_experience,
        shipped_projects=locked.shipped_projects,
        optional=optional,
    )
    others = [slug for slug in locked.completed_steps if slug != step.slug]
    locked.completed_steps = [*others, step.slug] if step.is_complete(saved) else others
    fields_to_update.append("completed_steps")
    locked.save(update_fields=fields_to_update)
    return StepSaved(answers=saved)


EXPERIENCE_FIELDS = ("years_experience", "shipped_projects", "portfolio_url", "preferred_cloud", "hours_per_week")


def _submitted_values(step: Step, cleaned_data: dict, ratings: dict[str, int]) -> dict:
    """The step's values as sent, in the shape selectors.step_initial gives the stored ones."""
    values: dict = dict(ratings)
    if isinstance(step, EducationStep):
        values["certifications"] = sorted(cleaned_data.get("certifications") or [])
    if isinstance(step, ExperienceStep):
        values |= {name: cleaned_data.get(name) for name in EXPERIENCE_FIELDS}
        values["portfolio_url"] = values["portfolio_url"] or ""
        values["preferred_cloud"] = values["preferred_cloud"] or ""
    return values


def _conflict(step: Step, name: str, *, yours, saved) -> AnswerConflict:
    question = next((q for q in step.questions if q.key == name), None)
    if question is not None:
        names = {choice.value: choice.title for choice in question.choices}
        return AnswerConflict(name, question.label, names.get(yours, "no answer"), names.get(saved, "no answer"))
    if name == "certifications":
        titles = {c.slug: c.name for c in getattr(step, "certifications", ())}

        def words(slugs):
            return ", ".join(titles.get(slug, slug) for slug in slugs or []) or "none"

        return AnswerConflict(name, "Certifications you hold", words(yours), words(saved))
    if name == "preferred_cloud":
        clouds = dict(Cloud.choices)
        return AnswerConflict(name, EXPERIENCE_LABELS[name], clouds.get(yours, yours), clouds.get(saved or "", saved))
    label = EXPERIENCE_LABELS[name]
    return AnswerConflict(
        name, label, "empty" if yours in (None, "") else str(yours), "empty" if saved in (None, "") else str(saved)
    )


# The clouds' names for the report; none in particular has none.
CLOUD_NAMES = {value: label for value, label in Cloud.choices if value}

EXPERIENCE_LABELS = {
    "years_experience": "Years of hands-on experience",
    "shipped_projects": "AI or ML projects shipped",
    "portfolio_url": "Portfolio link",
    "preferred_cloud": "Your cloud",
    "hours_per_week": "Hours a week for learning",
}


@dataclass(frozen=True)
class ReviewSaved:
    answers: Answers  # everything answered after the save (before it, when there are conflicts)
    conflicts: tuple[AnswerConflict, ...] = ()


@transaction.atomic
def answers_review_save(
    *, assessment: Assessment, steps: list[tuple[Step, dict, dict, dict | None]], optional: frozenset = frozenset()
) -> ReviewSaved:
    """Store the review page's answers, every step or none: `steps` holds, per step, its
    cleaned_data, answered ratings and the values the page showed (as answers_save takes them).
    When another tab changed an answer the candidate also changed here, nothing is stored."""
    before = answers_of(assessment=assessment, optional=optional)
    saved = None
    conflicts: list[AnswerConflict] = []
    for step, cleaned_data, ratings, shown in steps:
        saved = answers_save(
            assessment=assessment, step=step, cleaned_data=cleaned_data, ratings=ratings, shown=shown, optional=optional
        )
        conflicts += saved.conflicts
    if conflicts:
        transaction.set_rollback(True)
        return ReviewSaved(answers=before, conflicts=tuple(conflicts))
    return ReviewSaved(answers=saved.answers if saved else before)


def _held_certifications_save(*, assessment: Assessment, slugs: list[str]) -> int:
    """Store the certifications held, and the certification qualification's rating they imply; returns that rating.

    The rating is the highest Certification.credential_level held (0 for none): 1 a foundational or
    business-literacy exam, 2 a hands-on certificate, 3 an associate engineering exam, 4 a
    professional engineering certification.
    """
    certifications = list(Certification.objects.filter(slug__in=slugs))
    assessment.held_certifications.set(certifications)
    rating = max((c.credential_level for c in certifications), default=0)
    Answer.objects.update_or_create(
        assessment=assessment,
        kind=AnswerKind.EDUCATION,
        key=CERTIFICATION_QUALIFICATION,
        defaults={"rating": rating},
    )
    return rating


def assessment_complete(
    *, assessment: Assessment, questionnaire: Questionnaire | None = None, answers: Answers | None = None
) -> Report:
    """Score the assessment and store its report snapshot and rendered body; idempotent.

    Completing twice (a double click, two tabs) returns the report made the
    first time: the row lock and the one-to-one constraint allow only one.
    `answers` are the answers as just saved (read here when not given).
    """
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().select_related("role", "seniority").get(pk=assessment.pk)
        existing = Report.objects.filter(assessment=locked).first()
        if existing is not None:
            return existing
        snapshot = report_snapshot_build(
            assessment=locked,
            questionnaire=questionnaire or questionnaire_get(),
            ratings=(answers or answers_of(assessment=locked)).ratings,
        )
        report = Report.objects.create(
            assessment=locked,
            user=locked.user,
            anonymous_token=locked.anonymous_token,
            role_slug=locked.role.slug,
            role_name=locked.role.name,
            seniority_slug=locked.seniority.slug,
            seniority_name=locked.seniority.name,
            readiness=round(snapshot["score"]["readiness"], 1),
            estimated_seniority_name=snapshot["confidence"]["shown_name"] or "",
            catalogue_version=snapshot["catalogue_version"],
            portfolio_url=locked.portfolio_url,
            snapshot=snapshot,
        )
        report_body_get(report=report)  # rendered now, once: the page never renders it again
        locked.status = AssessmentStatus.COMPLETED
        locked.completed_at = timezone.now()
        locked.save(update_fields=["status", "completed_at", "updated_at"])
        return report


def report_snapshot_build(*, assessment: Assessment, questionnaire: Questionnaire, ratings: scoring.Ratings) -> dict:
    """Everything the report shows, computed once: the answers, the profiles as
    used, and every figure. Later catalogue edits cannot change it."""
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
    confidence = scoring.assess_confidence(
        estimated_rank=estimated_rank,
        seniorities=seniority_years_get(),
        years_experience=assessment.years_experience,
        shipped_projects=assessment.shipped_projects,
        ratings=ratings,
        held=held_certificates_get(assessment=assessment),
    )
    leadership = assessment.seniority.rank == catalogue.leadership_rank
    certifications = recommendations.recommend_certifications(
        score=score,
        certifications=catalogue.certifications,
        held=frozenset(held),
        cloud=assessment.preferred_cloud,
        leadership=leadership,
        credential_key=CERTIFICATION_QUALIFICATION,
    )
    # One certification pick everywhere: the plan and the roadmap name the certificate the report recommends first.
    actions = recommendations.with_certification_pick(
        actions=catalogue.actions,
        score=score,
        pick=certifications[0] if certifications else None,
        credential_key=CERTIFICATION_QUALIFICATION,
    )
    roadmap = recommendations.build_roadmap(
        score=score, actions=actions, phases=catalogue.phases, prerequisites=catalogue.prerequisites
    )
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
        "leadership_target": leadership,
        "experience": {
            "years": assessment.years_experience,
            "shipped_projects": assessment.shipped_projects,
            "portfolio_url": assessment.portfolio_url,
            "preferred_cloud": assessment.preferred_cloud,
            "preferred_cloud_name": CLOUD_NAMES.get(assessment.preferred_cloud, ""),
            "hours_per_week": assessment.hours_per_week,
        },
        "seniority_scores": plain([scoring.score_profile(profile, ratings) for profile in ladder_profiles]),
        "score": plain(score),
        "role_fit": plain(role_fit),
        "seniority_estimate": plain(estimate),
        "rule_version": scoring.RULE_VERSION,
        "verdict": _verdict(score),
        "confidence": _confidence(confidence, ladder_profiles),
        "top_gaps": plain(recommendations.top_gaps(score=score, anchors=catalogue.anchors)),
        "strengths": plain(recommendations.strengths(score=score)),
        "certifications": plain(certifications),
        "roadmap": plain(roadmap),
        "plan": plain(
            plan.build_plan(
                score=score,
                roadmap=roadmap,
                prerequisites=catalogue.prerequisites,
                hours_per_week=assessment.hours_per_week,
                start=timezone.localdate(),
            )
        ),
        "career_context": plain(
            recommendations.career_context(
                estimated_rank=confidence.shown_rank,
                target_rank=assessment.seniority.rank,
                seniorities=catalogue.seniorities,
                career_steps=catalogue.career_steps,
            )
        ),
    }
    snapshot["catalogue_version"] = catalogue_version(profiles=[*role_fit_profiles, *ladder_profiles])
    return snapshot


def _verdict(score: scoring.ProfileScore) -> dict:
    """Whether the target profile is met, and what stops it: readiness, must-haves, formal requirements."""
    return {
        "threshold": scoring.SENIORITY_THRESHOLD,
        "reaches_threshold": score.reaches(),
        "meets": score.meets(),
        "blocking": _plain(score.blocking),
        "formal_gaps": _plain(score.formal_gaps),
    }


def _confidence(confidence: scoring.Confidence, ladder: list[scoring.Profile]) -> dict:
    names = {profile.seniority_rank: profile.seniority_name for profile in ladder}
    return _plain(confidence) | {
        "estimated_name": names.get(confidence.estimated_rank),
        "supported_name": names.get(confidence.supported_rank),
        "shown_name": names.get(confidence.shown_rank),
    }


def catalogue_version(*, profiles) -> str:
    """A short fingerprint of the requirement profiles a report was scored against."""
    used = sorted((p.role, p.seniority, r.kind, r.key, r.target, r.weight) for p in profiles for r in p.requirements)
    return hashlib.sha256(json.dumps(used).encode()).hexdigest()[:12]


# --- The report's body, rendered once -------------------------------------------------

REPORT_BODY_TEMPLATE = "assessment/_report_body.html"
# The body and every section it includes: a change to any of them renders stored bodies again.
REPORT_BODY_TEMPLATES = (
    REPORT_BODY_TEMPLATE,
    "assessment/report/_verdict.html",
    "assessment/report/_next_steps.html",
    "assessment/report/_gaps.html",
    "assessment/report/_certifications.html",
    "assessment/report/_certification_card.html",
    "assessment/report/_plan.html",
    "assessment/report/_career.html",
    "assessment/report/_details.html",
)
# Where the owner's page slots in what only it shows (the change since the previous report).
REPORT_BODY_MARKER = "<!-- report:after-next-steps -->"
# Raise when the report_format filters the body uses change what they output.
REPORT_BODY_CODE_VERSION = "1"


def report_body_template() -> str:
    """A fingerprint of the body's templates (and REPORT_BODY_CODE_VERSION): a stored body rendered
    from another version of them (an older release) is rendered again."""
    sources = [get_template(name).template.source for name in REPORT_BODY_TEMPLATES]
    return _fingerprint("\0".join([REPORT_BODY_CODE_VERSION, *sources]))


@functools.lru_cache(maxsize=8)
def _fingerprint(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def report_body_render(*, report: Report) -> str:
    """The report's body as HTML, from its snapshot only; shared by its page, its shared page and the PDF."""
    return render_to_string(REPORT_BODY_TEMPLATE, {"report": report, "s": report.snapshot})


def report_body_get(*, report: Report) -> SafeString:
    """The stored body; rendered from the snapshot and stored again when the template has changed since.

    Safe to put in a page as it is: it is HTML this app rendered (and escaped) from the snapshot.
    """
    template = report_body_template()
    if report.body_template != template:
        report.body_html, report.body_template = report_body_render(report=report), template
        Report.objects.filter(pk=report.pk).update(body_html=report.body_html, body_template=template)
    return mark_safe(report.body_html)  # noqa: S308 (rendered by our template, never user HTML)


def report_body_parts(body: SafeString) -> tuple[SafeString, SafeString]:
    """The stored body cut at REPORT_BODY_MARKER: what comes before the owner's own additions, and the rest."""
    head, _, rest = body.partition(REPORT_BODY_MARKER)
    return mark_safe(head), mark_safe(rest)  # noqa: S308 (parts of the body above)


def _plain(value):
    """Dataclasses, tuples and frozensets as JSON-ready dicts and lists; dates as ISO 8601 strings."""
    if isinstance(value, date):
        return value.isoformat()
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


def report_share_link_create(
    *, report: Report, label: str, expires_in_days: int | None, show_portfolio: bool = False
) -> ShareLink:
    """A new private, read-only link to one report; it never expires when expires_in_days is None,
    and shows the candidate's portfolio link only with show_portfolio."""
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    return ShareLink.objects.create(
        report=report,
        token=secrets.token_urlsafe(SHARE_TOKEN_BYTES),
        label=label,
        expires_at=expires_at,
        show_portfolio=show_portfolio,
    )


def report_share_link_revoke(*, link: ShareLink) -> None:
    """Revoke a link at once; revoking it again keeps the first revocation time."""
    now = timezone.now()
    if ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=now):
        link.revoked_at = now


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete the account and, by cascade, its assessments, answers, reports, PDFs and share links."""
    user.delete()
