"""Prepares the benchmark's candidate in the benchmark database; prints what the driver needs as JSON.

Run by bench/run.py as `python -m bench.prepare --fresh-reports N` with the
benchmark's environment. Everything goes through the services, as a candidate's
requests would: a signed-in candidate with one completed report (and a share
link, so the report page shows its full panel), N more completed reports whose
PDFs were never rendered, an assessment in progress, and one with every step answered
and the knowledge check started (an item waits for an answer).
"""

import argparse
import json

import django

django.setup()

from django.conf import settings  # noqa: E402 (after django.setup())
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from assessment import selectors, services  # noqa: E402
from assessment.questionnaire import KIND_EDUCATION, KIND_EXPERIENCE  # noqa: E402
from career.models import Certification, Role, SeniorityLevel  # noqa: E402
from config.auth import BACKEND_PATH  # noqa: E402

ROLE_SLUG = "nlp-engineer"
SENIORITY_SLUG = "mid"


def _step_answers(step, number: int) -> tuple[dict, dict]:
    """Varied, valid answers for one step: (cleaned_data, ratings)."""
    ratings = {question.key: (number + index) % 5 for index, question in enumerate(step.questions)}
    cleaned = dict(ratings)
    if step.kind == KIND_EDUCATION:
        cleaned["certifications"] = [c.slug for c in step.certifications if not c.retired][:1]
    if step.kind == KIND_EXPERIENCE:
        cleaned |= {"years_experience": 4, "shipped_projects": 3, "portfolio_url": ""}
    return cleaned, ratings


def _assessment(*, user, questionnaire, complete: bool, every_step: bool = False):
    assessment = services.assessment_start(
        user=user,
        anonymous_token=None,
        role=Role.objects.get(slug=ROLE_SLUG),
        seniority=SeniorityLevel.objects.get(slug=SENIORITY_SLUG),
    )
    steps = questionnaire.steps if complete or every_step else questionnaire.steps[:2]
    for number, step in enumerate(steps):
        cleaned, ratings = _step_answers(step, number)
        services.answers_save(assessment=assessment, step=step, cleaned_data=cleaned, ratings=ratings)
    if complete:
        return services.assessment_complete(assessment=assessment, questionnaire=questionnaire)
    return assessment


def _largest_step(questionnaire):
    """The step with the most radio fields (ratings), the first one on a tie."""
    return max(questionnaire.steps, key=lambda step: len(step.questions))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh-reports", type=int, default=6)
    args = parser.parse_args()

    assert Certification.objects.exists(), "load the catalogue first"  # noqa: S101 (a script's precondition)
    questionnaire = selectors.questionnaire_get()
    user = get_user_model().objects.create_user(username="bench-candidate", email="bench@example.com")
    report = _assessment(user=user, questionnaire=questionnaire, complete=True)
    services.report_share_link_create(report=report, label="Hiring manager", expires_in_days=30)
    fresh = [_assessment(user=user, questionnaire=questionnaire, complete=True) for _ in range(args.fresh_reports)]
    in_progress = _assessment(user=user, questionnaire=questionnaire, complete=False)
    checking = _assessment(user=user, questionnaire=questionnaire, complete=False, every_step=True)
    services.check_start(assessment=checking)
    largest = _largest_step(questionnaire)
    last_slug = questionnaire.steps[-1].slug

    client = Client()
    client.force_login(user, backend=BACKEND_PATH)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    print(
        json.dumps(
            {
                "session_cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}",
                "role_slug": ROLE_SLUG,
                "report_id": str(report.pk),
                "fresh_report_ids": [str(r.pk) for r in fresh],
                "assessment_id": str(in_progress.pk),
                "check_assessment_id": str(checking.pk),
                "step_slug": largest.slug,
                "step_is_last": largest.slug == last_slug,
                "radio_fields": [q.key for q in largest.questions],
                "steps": {s.slug: len(s.questions) for s in questionnaire.steps},
            }
        )
    )


if __name__ == "__main__":
    main()
