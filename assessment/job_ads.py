"""Job ads: reads and writes, from the pasted text to the report scored against the ad's target.

Kept beside services.py and selectors.py rather than in them (both are past the size
at which the house style splits a module): reads first, writes after, named as there.
Recognition is career/recognition.py; building the target is assessment/ad_target.py.
"""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404

from assessment import ad_target, scoring
from assessment.models import Assessment, AssessmentStatus, JobAd, Report, UnrecognisedTerm
from assessment.selectors import scoring_ladders_get
from assessment.services import assessment_complete, assessment_start
from career.models import Certification, Duty, Qualification, Role, SeniorityLevel, Skill
from career.recognition import KIND_CERTIFICATION, Recognition
from career.selectors import recognition_matcher_get, seniority_years_list


class NothingRecognised(ValueError):
    """The ad names nothing in the catalogue: there is no target to score against."""


# --- Reads ---------------------------------------------------------------------------


def job_ad_get_for_candidate(*, user, anonymous_token: str | None, pk) -> JobAd:
    """The access helper for job ads: the candidate's own, or 404 (never 403)."""
    try:
        return JobAd.objects.owned_by(user=user, anonymous_token=anonymous_token).get(pk=pk)
    except (JobAd.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("No such job ad.") from error


def job_ad_list(*, user, anonymous_token: str | None) -> list[JobAd]:
    """The candidate's job ads, newest first. One query."""
    return list(
        JobAd.objects.owned_by(user=user, anonymous_token=anonymous_token)
        .only("id", "title", "company", "created_at", "user", "anonymous_token")
        .order_by("-created_at")[:20]
    )


def job_ad_reports(*, job_ad: JobAd) -> list[Report]:
    """The reports scored against this ad, oldest first, without their snapshots. One query."""
    return list(job_ad.reports.defer("snapshot", "body_html").order_by("created_at"))


def latest_completed_for_candidate(*, user, anonymous_token: str | None) -> Assessment | None:
    """The candidate's most recently completed assessment, whose answers an ad can be scored with."""
    return (
        Assessment.objects.owned_by(user=user, anonymous_token=anonymous_token)
        .filter(status=AssessmentStatus.COMPLETED)
        .order_by("-completed_at")
        .first()
    )


def item_labels_get() -> dict[tuple[str, str], str]:
    """The name of every skill, duty and qualification by (kind, slug). Three queries."""
    labels = {(scoring.KIND_SKILL, slug): name for slug, name in Skill.objects.values_list("slug", "name")}
    labels |= {(scoring.KIND_DUTY, slug): name for slug, name in Duty.objects.values_list("slug", "name")}
    labels |= {(scoring.KIND_EDUCATION, slug): name for slug, name in Qualification.objects.values_list("slug", "name")}
    return labels


# --- Writes --------------------------------------------------------------------------


def job_ad_recognise(*, text: str, title: str) -> Recognition:
    """What the ad asks for, by the catalogue's aliases."""
    return recognition_matcher_get().recognise(text, title=title, seniorities=seniority_years_list())


def job_ad_derive(*, recognition: Recognition) -> dict:
    """The stored derivation: the base profile, the items with the ad's words, the cues and the unmatched terms.

    Raises NothingRecognised when the ad names no skill, duty, qualification or certification.
    """
    if not recognition.mentions:
        raise NothingRecognised("We did not recognise any skill, duty, qualification or certification in this ad.")
    ladders = scoring_ladders_get()
    profiles = [profile for ladder in ladders.values() for profile in ladder]
    mentioned = {(m.kind, m.key) for m in recognition.mentions}
    cues = recognition.cues
    base = ad_target.nearest_base(
        profiles=profiles, mentioned=mentioned, title_roles=cues.roles, seniority=cues.seniority
    )
    certification_slugs = [m.key for m in recognition.mentions if m.kind == KIND_CERTIFICATION]
    certifications = list(
        Certification.objects.filter(slug__in=certification_slugs).order_by("name").values("slug", "name")
    )
    levels = {c.slug: c.credential_level for c in Certification.objects.filter(slug__in=certification_slugs)}
    items = ad_target.derive_items(
        base=base,
        mentions=[
            ad_target.Mentioned(m.kind, m.key, m.strength, tuple(asdict(e) for e in m.excerpts))
            for m in recognition.mentions
        ],
        same_seniority=[p for p in profiles if p.seniority == base.seniority],
        labels=item_labels_get(),
        degree_level=cues.degree_level,
        equivalent_experience=cues.equivalent_experience,
        certification_levels=list(levels.values()),
    )
    if not items:
        raise NothingRecognised("We did not recognise any skill, duty or qualification in this ad.")
    excerpts = {(m.kind, m.key): [asdict(e) for e in m.excerpts] for m in recognition.mentions}
    return {
        "base": {
            "role": base.role,
            "role_name": base.role_name,
            "seniority": base.seniority,
            "seniority_name": base.seniority_name,
            "seniority_rank": base.seniority_rank,
        },
        "items": [asdict(item) | {"excerpts": list(item.excerpts)} for item in items],
        "certifications": [c | {"excerpts": excerpts[(KIND_CERTIFICATION, c["slug"])]} for c in certifications],
        "cues": asdict(cues),
        "unrecognised": list(recognition.unrecognised),
    }


@transaction.atomic
def job_ad_create(*, user, anonymous_token: str | None, title: str, company: str, text: str, keep_text: bool) -> JobAd:
    """Recognise the ad and store it with its derived target; nothing is stored when nothing is recognised.

    The unmatched terms are counted for curators (the phrase and a count, nothing else).
    """
    recognition = job_ad_recognise(text=text, title=title)
    derived = job_ad_derive(recognition=recognition)
    owner = {"user": user} if user is not None and user.is_authenticated else {"anonymous_token": anonymous_token}
    job_ad = JobAd.objects.create(
        title=title,
        company=company,
        text=text if keep_text else "",
        derived=derived,
        items=derived["items"],
        **owner,
    )
    unrecognised_terms_count(phrases=derived["unrecognised"])
    return job_ad


def unrecognised_terms_count(*, phrases: list[str]) -> None:
    """Add one ad to the count of each phrase (each phrase at most once per ad)."""
    phrases = sorted({phrase[:120] for phrase in phrases})
    existing = set(UnrecognisedTerm.objects.filter(phrase__in=phrases).values_list("phrase", flat=True))
    UnrecognisedTerm.objects.filter(phrase__in=existing).update(ad_count=F("ad_count") + 1)
    UnrecognisedTerm.objects.bulk_create(
        [UnrecognisedTerm(phrase=phrase, ad_count=1) for phrase in phrases if phrase not in existing],
        ignore_conflicts=True,
    )


def job_ad_items_save(*, job_ad: JobAd, changes: dict[tuple[str, str], dict]) -> JobAd:
    """Store the candidate's changes to the ad's items (target, weight, left out)."""
    job_ad.items = ad_target.items_edit(items=job_ad.items, changes=changes)
    job_ad.save(update_fields=["items", "updated_at"])
    return job_ad


def job_ad_reset(*, job_ad: JobAd) -> JobAd:
    """Back to the items as derived from the ad."""
    job_ad.items = job_ad.derived["items"]
    job_ad.save(update_fields=["items", "updated_at"])
    return job_ad


def job_ad_delete(*, job_ad: JobAd) -> None:
    """Delete the ad. Its reports stay, with the target they were scored against in their snapshots."""
    job_ad.delete()


def job_ad_assessment_start(*, job_ad: JobAd, user, anonymous_token: str | None) -> Assessment:
    """A questionnaire for the ad's base role and seniority, scored against the ad's target when complete."""
    base = job_ad.derived["base"]
    assessment = assessment_start(
        user=user,
        anonymous_token=anonymous_token,
        role=Role.objects.get(slug=base["role"]),
        seniority=SeniorityLevel.objects.get(slug=base["seniority"]),
    )
    assessment.job_ad = job_ad
    assessment.save(update_fields=["job_ad"])
    return assessment


def job_ad_score(*, job_ad: JobAd, answers_from: Assessment) -> Report:
    """A report against the ad's target (as the candidate left it) with the answers of a completed assessment."""
    base = job_ad.derived["base"]
    with transaction.atomic():
        assessment = assessment_start(
            user=answers_from.user,
            anonymous_token=answers_from.anonymous_token or None,
            role=Role.objects.get(slug=base["role"]),
            seniority=SeniorityLevel.objects.get(slug=base["seniority"]),
            prefill_from=answers_from,
        )
        assessment.job_ad = job_ad
        assessment.save(update_fields=["job_ad"])
    return assessment_complete(assessment=assessment)
