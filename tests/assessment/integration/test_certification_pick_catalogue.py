"""The one certification pick, over the whole catalogue: every role, seniority and cloud preference, a few
rating patterns. It is never retired, suits the target's seniority, is the same certificate in the next
steps, the roadmap and the plan and the Certifications section, and the copy that presents it says why
truly."""

import html
import re
from fractions import Fraction

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from assessment import services
from assessment.models import Assessment, Cloud
from assessment.recommendations import (
    ABOVE_JUNIOR,
    CLOUD_BONUS,
    PICK_ACTION_PREFIX,
    PICK_CLOUD,
    PICK_MOST_PER_HOUR,
)
from assessment.selectors import CERTIFICATION_QUALIFICATION, questionnaire_get
from assessment.templatetags.report_format import certification_pick, next_steps
from career.models import Certification, Role, SeniorityLevel

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CLOUDS = [choice.value for choice in Cloud]  # aws, google, ibm and "" (none in particular)
PATTERNS = ["all-0", "all-1", "mixed", "certified"]


def ratings_for(questionnaire, pattern: str) -> dict:
    questions = [(q.kind, q.key) for step in questionnaire.steps for q in step.questions]
    if pattern == "mixed":
        return {key: index % 5 for index, key in enumerate(questions)}
    level = 2 if pattern == "certified" else int(pattern[-1])
    ratings = dict.fromkeys(questions, level)
    if pattern == "certified":  # holds an associate-level certificate: the qualification is met at every seniority
        ratings[("education", CERTIFICATION_QUALIFICATION)] = 3
    return ratings


def value(rec: dict) -> Fraction:
    return Fraction(rec["covered"], max(rec["prep_hours"], 1))


def suited_values(snapshot: dict, *, seniority: SeniorityLevel, certificates: list[Certification]) -> dict:
    """{slug: weighted gap closed per hour} of every current engineering certificate that suits the target and
    closes a skill gap, worked out here from the catalogue rows and the snapshot's score items."""
    items = {(i["kind"], i["key"]): i for i in snapshot["score"]["items"]}
    qualification = items[("education", CERTIFICATION_QUALIFICATION)]
    values = {}
    for c in certificates:
        if c.status != "active" or c.audience != "engineering" or c.credential_level < qualification["target"]:
            continue
        if seniority.rank == 1 and c.level in ABOVE_JUNIOR:
            continue
        skills = [
            i["weight"] * max(0, min(i["target"], cs.level) - i["rating"])
            for cs in c.covered_skills.all()
            if (i := items.get(("skill", cs.skill.slug)))
        ]
        if sum(skills) == 0:
            continue
        credential = qualification["weight"] * max(
            0, min(qualification["target"], c.credential_level) - qualification["rating"]
        )
        values[c.slug] = Fraction(sum(skills) + credential, max(c.prep_hours, 1))
    return values


def text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def problems_of(snapshot: dict, *, seniority: SeniorityLevel, certificates: list[Certification]) -> list[str]:
    problems = []
    today = timezone.localdate()
    by_slug = {c.slug: c for c in certificates}
    for rec in snapshot["certifications"]:
        row = by_slug[rec["certification"]["slug"]]
        if row.status != "active" or (row.retired_on is not None and row.retired_on <= today):
            problems.append(f"retired: {rec['certification']['slug']}")
    pick = certification_pick(snapshot)
    planned = [
        entry["action"]["slug"]
        for phase in snapshot["roadmap"]["phases"]
        for entry in phase["actions"]
        if entry["action"]["key"] == CERTIFICATION_QUALIFICATION
    ]
    qualification = next(i for i in snapshot["score"]["items"] if i["key"] == CERTIFICATION_QUALIFICATION)
    cloud = snapshot["experience"]["preferred_cloud"]
    steps = next_steps(snapshot)
    in_steps = [step["certification"]["certification"]["slug"] for step in steps if step["certification"]]
    next_step_text = text(render_to_string("assessment/report/_next_steps.html", {"s": snapshot}))
    section_text = text(render_to_string("assessment/report/_certifications.html", {"s": snapshot}))
    if pick is None:
        if [slug for slug in planned if slug.startswith(PICK_ACTION_PREFIX)] or in_steps:
            problems.append(f"a certificate named without a pick: {planned} {in_steps}")
        return problems

    slug, level = pick["certification"]["slug"], pick["certification"]["level"]
    if seniority.rank == 1 and level in ABOVE_JUNIOR:
        problems.append(f"{level} exam {slug} for a junior target")
    if pick["certification"]["audience"] != "engineering":
        problems.append(f"business certificate {slug} as the pick")
    if pick["certification"]["credential_level"] < qualification["target"]:
        problems.append(f"{slug} below the certification level the profile expects")

    # One pick everywhere: planned (and in the next steps) exactly when the qualification has a gap.
    expected_plan = [PICK_ACTION_PREFIX + slug] if qualification["gap"] else []
    if planned != expected_plan:
        problems.append(f"roadmap plans {planned}, not {expected_plan}")
    if in_steps != ([slug] if qualification["gap"] else []):
        problems.append(f"next steps name {in_steps}")
    if qualification["gap"] == 0 and [s["action"] for s in steps] != snapshot["plan"]["next_actions"][:3]:
        problems.append("the next steps are not the plan's first actions although no certificate is needed")
    if f"Our pick {pick['certification']['name']}" not in section_text:
        problems.append("the Certifications section does not show the pick first")

    # The copy's claim holds.
    values = suited_values(snapshot, seniority=seniority, certificates=certificates)
    best = max(values.values())
    leaders = {c for c, v in values.items() if v == best}
    if values.get(slug) != value(pick):
        problems.append(f"{slug} closes {values.get(slug)} an hour, the report says {value(pick)}")
    if pick["pick_reason"] == PICK_MOST_PER_HOUR:
        claim = "it closes the most of your gaps per hour of preparation"
        if value(pick) < best:
            problems.append(f"{slug} does not close the most per hour")
    elif pick["pick_reason"] == PICK_CLOUD:
        claim = f"it is on {snapshot['experience']['preferred_cloud_name']}, your cloud, and closes at least 80%"
        elsewhere = all(by_slug[c].provider.slug != cloud for c in leaders)
        if not (pick["in_cloud"] and value(pick) * CLOUD_BONUS >= best and value(pick) < best and elsewhere):
            problems.append(f"{slug} is not within the cloud bonus of the best elsewhere")
    else:
        problems.append(f"no reason given for the pick {slug}")
        claim = ""
    # The reason is said once: in the next steps when they show the pick, else in the Certifications section.
    if claim and claim not in (next_step_text if in_steps else section_text):
        problems.append(f"the report does not say {claim!r}")
    if "closes the most of your gaps" in next_step_text + section_text and pick["pick_reason"] != PICK_MOST_PER_HOUR:
        problems.append("claims the most per hour when the cloud decided")
    return problems


def test_the_pick_over_every_role_seniority_cloud_and_rating_pattern():
    questionnaire = questionnaire_get()
    certificates = list(Certification.objects.select_related("provider").prefetch_related("covered_skills__skill"))
    reasons, found = set(), {}
    for role in Role.objects.all():
        for seniority in SeniorityLevel.objects.all():
            for cloud in CLOUDS:
                assessment = Assessment.objects.create(
                    role=role, seniority=seniority, anonymous_token="t", preferred_cloud=cloud, hours_per_week=8
                )
                for pattern in PATTERNS:
                    snapshot = services.report_snapshot_build(
                        assessment=assessment, questionnaire=questionnaire, ratings=ratings_for(questionnaire, pattern)
                    )
                    problems = problems_of(snapshot, seniority=seniority, certificates=certificates)
                    pick = certification_pick(snapshot)
                    reasons.add(pick and pick["pick_reason"])
                    if problems:
                        found[(role.slug, seniority.slug, cloud, pattern)] = problems
    assert found == {}
    assert reasons >= {PICK_MOST_PER_HOUR, PICK_CLOUD}  # both kinds of copy are exercised
