"""Writes for the assessment: start, save answers, complete into a report snapshot."""

import dataclasses
import hashlib
import json
import re
import secrets
import weakref
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from assessment import ad_target, knowledge_check, plan, recommendations, scoring
from assessment.models import (
    Answer,
    AnswerKind,
    Assessment,
    AssessmentStatus,
    CheckResponse,
    CheckStatus,
    Cloud,
    JobAd,
    Report,
    ShareLink,
)
from assessment.questionnaire import Answers, EducationStep, ExperienceStep, Questionnaire, Step
from assessment.selectors import (
    CERTIFICATION_QUALIFICATION,
    answers_get,
    answers_of,
    check_bank_get,
    check_items_for_snapshot,
    check_plan_of,
    check_requirements_get,
    check_responses_as_asked,
    check_responses_get,
    check_seen_before,
    check_skill_ratings,
    held_certificates_get,
    questionnaire_get,
    recommendation_catalogue_get,
    scoring_profiles_get,
    seniority_years_get,
    step_initial,
)
from career.models import Certification, KnowledgeCheckOption, Role, SeniorityLevel

# 2: the plan (next actions, totals, expected date), long routes apart from the roadmap's hours,
# certification advice by the candidate's cloud and per preparation hour, with what each proves.
# 3: the knowledge check (items, answers, claimed and checked levels, the figures as checked).
# 4: "job_ad": the job ad a report was scored against and its target as used (null otherwise).
SNAPSHOT_SCHEMA_VERSION = 4


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
        check_done=locked.check_done,
        check_started=bool(locked.check_status),
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


# --- The knowledge check ------------------------------------------------------------


@transaction.atomic
def check_start(*, assessment: Assessment, only: Collection[str] | None = None) -> Assessment:
    """Start the knowledge check: fix the skills it asks (from the ratings as they are now; with
    `only`, among those skills alone), seed its draws and draw the first item. Starting a check
    already started or done changes nothing. A candidate with nothing to check (no rated skill in
    the target profile) has it skipped."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.check_status != CheckStatus.NOT_STARTED:
        return locked
    ratings = check_skill_ratings(answers_get(assessment=locked))
    planned = knowledge_check.skills_to_check(check_requirements_get(assessment=locked), ratings, only=only)
    locked.check_plan = [dataclasses.asdict(skill) for skill in planned]
    locked.check_seed = secrets.token_hex(8)
    locked.check_status = CheckStatus.IN_PROGRESS if planned else CheckStatus.SKIPPED
    if planned:
        _check_draw_next(locked, responses=[])
    locked.save(update_fields=["check_plan", "check_seed", "check_status", "updated_at"])
    return locked


def _check_draw_next(locked: Assessment, *, responses: list[CheckResponse]) -> CheckResponse | None:
    """Draw the next item and record it as shown now; when the rule has none left, the check is finished."""
    planned = check_plan_of(assessment=locked)
    pick = knowledge_check.next_pick(
        planned,
        check_responses_as_asked(responses),
        check_bank_get(skills=[skill.skill for skill in planned]),
        seed=locked.check_seed,
        seen_before=check_seen_before(assessment=locked),
    )
    if pick is None:
        locked.check_status = CheckStatus.FINISHED if responses else CheckStatus.SKIPPED
        return None
    options = list(KnowledgeCheckOption.objects.filter(item_id=pick.item).order_by().values_list("id", "item__slug"))
    claimed = next(skill.claimed for skill in planned if skill.skill == pick.skill)
    return CheckResponse.objects.create(
        assessment=locked,
        number=len(responses) + 1,
        item_id=pick.item,
        item_slug=options[0][1],
        skill_slug=pick.skill,
        level=pick.level,
        claimed=claimed,
        option_order=knowledge_check.option_order(
            [option_id for option_id, _ in options], seed=locked.check_seed, item=pick.item
        ),
        shown_at=timezone.now(),
    )


CHECK_ANSWERED = "answered"
CHECK_ALREADY_ANSWERED = "already_answered"  # a resubmit or a page from before: the first answer stands
CHECK_INVALID = "invalid"  # an item or option that is not the one waiting: nothing is stored


@transaction.atomic
def check_answer(*, assessment: Assessment, item_id: int, option_id: int) -> tuple[str, Assessment]:
    """Record the answer to the item waiting for one, then draw the next item (or finish the check).

    Only the item waiting for an answer can be answered, once, with one of its own options.
    Returns CHECK_ANSWERED, CHECK_ALREADY_ANSWERED (that item was answered before; nothing
    changes) or CHECK_INVALID (not an item or option of this check; nothing is stored), with
    the assessment as it now stands.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    responses = check_responses_get(assessment=locked)
    pending = next((r for r in responses if r.answered_at is None), None)
    if pending is None or pending.item_id != item_id:
        answered_before = any(r.item_id == item_id and r.answered_at is not None for r in responses)
        return (CHECK_ALREADY_ANSWERED if answered_before else CHECK_INVALID), locked
    if option_id not in pending.option_order:
        return CHECK_INVALID, locked
    options = KnowledgeCheckOption.objects.filter(pk=option_id, item_id=item_id).order_by()
    correct = options.values_list("is_correct", flat=True)
    if not correct:
        return CHECK_INVALID, locked  # the option was deleted since the item was drawn
    pending.chosen_id, pending.correct, pending.answered_at = option_id, correct[0], timezone.now()
    pending.save(update_fields=["chosen", "correct", "answered_at"])
    _check_draw_next(locked, responses=responses)
    locked.save(update_fields=["check_status", "updated_at"])
    return CHECK_ANSWERED, locked


@transaction.atomic
def check_stop(*, assessment: Assessment) -> Assessment:
    """Skip the check, or stop it here: the answers given so far count, the item waiting is withdrawn."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.check_done:
        return locked
    CheckResponse.objects.filter(assessment=locked, answered_at__isnull=True).delete()
    answered = CheckResponse.objects.filter(assessment=locked).exists()
    locked.check_status = CheckStatus.FINISHED if answered else CheckStatus.SKIPPED
    locked.save(update_fields=["check_status", "updated_at"])
    return locked


def assessment_complete(
    *, assessment: Assessment, questionnaire: Questionnaire | None = None, answers: Answers | None = None
) -> Report:
    """Score the assessment and store its report snapshot and rendered body; idempotent.

    Completing twice (a double click, two tabs) returns the report made the
    first time: the row lock and the one-to-one constraint allow only one.
    `answers` are the answers as just saved (read here when not given).
    """
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("role", "seniority", "job_ad")
            .get(pk=assessment.pk)
        )
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
            # A report against a job ad is named after the ad.
            role_name=locked.job_ad.heading[:120] if locked.job_ad else locked.role.name,
            job_ad=locked.job_ad,
            job_ad_key=str(locked.job_ad_id or ""),
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
    job_ad = assessment.job_ad if assessment.job_ad_id else None
    if job_ad is not None:
        target = ad_target.profile_of(base=job_ad.derived["base"], items=job_ad.items)
    else:
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
        junior=assessment.seniority.rank == catalogue.junior_rank,
        credential_key=CERTIFICATION_QUALIFICATION,
        today=timezone.localdate(),
    )
    # One certification pick everywhere: the plan and the roadmap name the certificate the report picks.
    actions = recommendations.with_certification_pick(
        actions=catalogue.actions,
        score=score,
        pick=recommendations.certification_pick(certifications),
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
            # Against a job ad the report speaks of the ad ("Senior LLM Engineer at Atlas"); job_ad.base names the role.
            "role_name": job_ad.heading if job_ad is not None else assessment.role.name,
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
    snapshot["knowledge_check"] = _knowledge_check_section(
        assessment=assessment,
        ratings=ratings,
        claimed={"score": score, "role_fit": role_fit, "confidence": confidence},
        target=target,
        role_fit_profiles=role_fit_profiles,
        ladder_profiles=ladder_profiles,
    )
    snapshot["job_ad"] = _job_ad_snapshot(job_ad) if job_ad is not None else None
    snapshot["catalogue_version"] = catalogue_version(profiles=[*role_fit_profiles, *ladder_profiles])
    return snapshot


def _knowledge_check_section(
    *, assessment: Assessment, ratings, claimed: dict, target, role_fit_profiles, ladder_profiles
) -> dict:
    """The check as the report keeps it: each answered item with its options and explanation, claimed
    against checked per skill, the calibration line, and readiness, role fit, seniority estimate and
    confidence as claimed and as checked (checked levels in place of the claims for checked skills)."""
    responses = [r for r in check_responses_get(assessment=assessment) if r.answered_at is not None]
    if not responses:
        return {"status": "skipped" if assessment.check_done else "not_taken", "items": [], "skills": []}
    results = knowledge_check.skill_results(
        check_plan_of(assessment=assessment), check_responses_as_asked(responses), check_skill_ratings(ratings)
    )
    result = knowledge_check.calibration(results)
    checked_ratings = knowledge_check.checked_ratings(ratings, results, kind=AnswerKind.SKILL)
    score = scoring.score_profile(target, checked_ratings)
    role_fit = scoring.rank_role_fit(role_fit_profiles, checked_ratings)
    estimate = scoring.estimate_seniority(ladder_profiles, checked_ratings)
    estimated_rank = next((p.seniority_rank for p in ladder_profiles if p.seniority == estimate.seniority), 0)
    confidence = scoring.assess_confidence(
        estimated_rank=estimated_rank,
        seniorities=seniority_years_get(),
        years_experience=assessment.years_experience,
        shipped_projects=assessment.shipped_projects,
        ratings=checked_ratings,
        held=held_certificates_get(assessment=assessment),
    )
    change = knowledge_check.confidence_after_check(claimed["confidence"].level, result)
    names = {profile.seniority_rank: profile.seniority_name for profile in ladder_profiles}
    items = check_items_for_snapshot(responses=responses)
    return {
        "status": CheckStatus.FINISHED,
        "items_answered": len(responses),
        "items_correct": sum(1 for r in responses if r.correct),
        "skills": [_plain(r) for r in results],
        "calibration": _plain(result) | {"summary": result.summary},
        "as_claimed": _figures(claimed["score"], claimed["role_fit"], claimed["confidence"].shown_rank, names),
        "as_checked": _figures(score, role_fit, confidence.shown_rank, names),
        "confidence": _plain(change) | {"direction": change.direction},
        "items": [_check_item(response, items.get(response.item_id)) for response in responses],
    }


def _figures(score: scoring.ProfileScore, role_fit, shown_rank: int, names: dict) -> dict:
    return {
        "readiness": score.readiness,
        "meets": score.meets(),
        "best_fit": {"role": role_fit[0].role, "role_name": role_fit[0].role_name, "readiness": role_fit[0].readiness},
        "role_fit": [{"role": fit.role, "role_name": fit.role_name, "readiness": fit.readiness} for fit in role_fit],
        "seniority_rank": shown_rank,
        "seniority_name": names.get(shown_rank),
    }


def _check_item(response: CheckResponse, item: dict | None) -> dict:
    """One answered item for the report's review: the options in the order the candidate saw them."""
    item = item or {"stem": "", "explanation": "", "skill_name": response.skill_slug, "options": {}}
    return {
        "number": response.number,
        "item": response.item_slug,
        "skill": response.skill_slug,
        "skill_name": item["skill_name"],
        "level": response.level,
        "stem": item["stem"],
        "explanation": item["explanation"],
        "options": [
            {
                "text": item["options"][i]["text"],
                "correct": item["options"][i]["correct"],
                "chosen": i == response.chosen_id,
            }
            for i in response.option_order
            if i in item["options"]
        ],
        "correct": bool(response.correct),
        "shown_at": response.shown_at.isoformat(),
        "answered_at": response.answered_at.isoformat(),
        "seconds": response.seconds,
    }


def _job_ad_snapshot(job_ad: JobAd) -> dict:
    """What a report keeps of its job ad: the name, the base profile, the items as scored (with the
    ad's words for each), the cues and the unmatched terms; the full text only if the candidate kept it."""
    return {
        "id": str(job_ad.pk),
        "title": job_ad.title,
        "company": job_ad.company,
        "heading": job_ad.heading,
        "base": job_ad.derived["base"],
        "items": job_ad.items,
        "left_out": [item["label"] for item in job_ad.items if item.get("removed")],
        "certifications": job_ad.derived["certifications"],
        "cues": job_ad.derived["cues"],
        "unrecognised": job_ad.derived["unrecognised"],
        "text": job_ad.text,
    }


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
# Where the owner's page slots in what only it shows (the change since the previous report).
REPORT_BODY_MARKER = "<!-- report:after-next-steps -->"
# Raise when the report_format filters the body uses change what they output.
REPORT_BODY_CODE_VERSION = "2"  # 2: next_steps names the pick only when the roadmap plans it
INCLUDED_TEMPLATE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")


def report_body_templates() -> list[str]:
    """The body template and every template it includes, at any depth, in the order first met."""
    names, queue = [], [REPORT_BODY_TEMPLATE]
    while queue:
        name = queue.pop(0)
        if name not in names:
            names.append(name)
            queue += INCLUDED_TEMPLATE.findall(get_template(name).template.source)
    return names


# Fingerprints by the compiled body template they were computed for. The template loader keeps one
# compiled template per process and replaces it (with every include) when templates change, so a
# fingerprint is computed once per process instead of on every report page.
_body_fingerprints: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def report_body_template() -> str:
    """A fingerprint of the body's templates, included ones at any depth (and REPORT_BODY_CODE_VERSION):
    a stored body rendered from another version of any of them (an older release) is rendered again."""
    body = get_template(REPORT_BODY_TEMPLATE).template
    fingerprint = _body_fingerprints.get(body)
    if fingerprint is None:
        sources = [get_template(name).template.source for name in report_body_templates()]
        fingerprint = hashlib.sha256("\0".join([REPORT_BODY_CODE_VERSION, *sources]).encode()).hexdigest()[:16]
        _body_fingerprints[body] = fingerprint
    return fingerprint


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
    claimed += JobAd.objects.filter(user__isnull=True, anonymous_token=anonymous_token).update(
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
