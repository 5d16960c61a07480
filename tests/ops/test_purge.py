import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from assessment.models import Answer, Assessment, JobAd, Report, ReportPdf
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def complete(client) -> Report:
    assessment = start_assessment(client)
    answer_steps(client, assessment)
    return Report.objects.get(assessment=assessment)


def age(*, report: Report | None = None, assessment: Assessment | None = None, days: int) -> None:
    """Move a row's timestamps into the past, as if it had been left alone for `days` days."""
    moment = timezone.now() - timedelta(days=days)
    if report is not None:
        Report.objects.filter(pk=report.pk).update(created_at=moment)
        assessment = report.assessment
    if assessment is not None:
        Assessment.objects.filter(pk=assessment.pk).update(created_at=moment, updated_at=moment)


# The second line of every run: the rows these tests create never expire.
NOTHING_EXPIRED = "Deleted 0 expired session(s) and 0 expired cache row(s).\n"


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_anonymous_assessments", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_anonymous_report():
    report = complete(Client())
    ReportPdf.objects.create(report=report, content=b"%PDF-")
    age(report=report, days=31)
    return report


@pytest.fixture
def old_anonymous_draft():
    client = Client()
    draft = start_assessment(client)
    answer_steps(client, draft, until="skills-production")
    age(assessment=draft, days=45)
    return draft


@pytest.fixture
def recent_anonymous_report():
    report = complete(Client())
    age(report=report, days=29)
    return report


@pytest.fixture
def old_account_report():
    client = Client()
    client.force_login(get_user_model().objects.create_user(username="lena", email="lena@example.org", password="x"))
    report = complete(client)
    age(report=report, days=400)
    return report


def test_purge_deletes_old_anonymous_work_with_its_answers_and_pdf_and_keeps_the_rest(
    old_anonymous_report, old_anonymous_draft, recent_anonymous_report, old_account_report
):
    kept_assessments = {recent_anonymous_report.assessment_id, old_account_report.assessment_id}

    output = purge()

    assert (
        output == "Deleted 2 anonymous assessment(s), 1 anonymous report(s) "
        "and 0 anonymous job ad(s) older than 30 day(s).\n" + NOTHING_EXPIRED
    )
    assert set(Report.objects.values_list("pk", flat=True)) == {recent_anonymous_report.pk, old_account_report.pk}
    assert set(Assessment.objects.values_list("pk", flat=True)) == kept_assessments
    assert (set(Answer.objects.values_list("assessment_id", flat=True)), ReportPdf.objects.count()) == (
        kept_assessments,
        0,
    )


def test_purge_dry_run_counts_without_deleting(old_anonymous_report, old_anonymous_draft, recent_anonymous_report):
    output = purge("--dry-run")

    assert (
        output == "Would delete 2 anonymous assessment(s), 1 anonymous report(s) "
        "and 0 anonymous job ad(s) older than 30 day(s).\n"
        + "Would delete 0 expired session(s) and 0 expired cache row(s).\n"
    )
    assert (Assessment.objects.count(), Report.objects.count()) == (3, 2)


def test_purge_takes_the_age_from_the_command_line(old_anonymous_report, recent_anonymous_report):
    output = purge("--older-than-days", "7")

    assert (
        output == "Deleted 2 anonymous assessment(s), 2 anonymous report(s) "
        "and 0 anonymous job ad(s) older than 7 day(s).\n" + NOTHING_EXPIRED
    )
    assert (Assessment.objects.count(), Report.objects.count()) == (0, 0)


def test_purge_takes_the_default_age_from_the_setting(settings, old_anonymous_draft):
    settings.ANONYMOUS_RETENTION_DAYS = 60

    output = purge()

    assert (output, Assessment.objects.count()) == (
        "Deleted 0 anonymous assessment(s), 0 anonymous report(s) "
        "and 0 anonymous job ad(s) older than 60 day(s).\n" + NOTHING_EXPIRED,
        1,
    )


def test_purge_spares_a_draft_the_candidate_is_still_answering(old_anonymous_draft):
    Assessment.objects.filter(pk=old_anonymous_draft.pk).update(updated_at=timezone.now())

    output = purge()

    assert (output, Assessment.objects.count()) == (
        "Deleted 0 anonymous assessment(s), 0 anonymous report(s) "
        "and 0 anonymous job ad(s) older than 30 day(s).\n" + NOTHING_EXPIRED,
        1,
    )


def test_purge_refuses_an_age_below_one_day():
    with pytest.raises(CommandError, match=r"--older-than-days must be at least 1\."):
        purge("--older-than-days", "0")


def test_purge_deletes_expired_sessions_and_cache_rows_and_keeps_live_ones():
    past, future = timezone.now() - timedelta(minutes=1), timezone.now() + timedelta(hours=1)
    Session.objects.bulk_create(
        [
            Session(session_key="e" * 32, session_data="", expire_date=past),
            Session(session_key="l" * 32, session_data="", expire_date=future),
        ]
    )
    cache.set("pending-signup-that-expired", {"email": "old@example.org"}, timeout=-60)  # stored, already expired
    cache.set("live-counter", 3, timeout=3600)

    output = purge()

    assert output == (
        "Deleted 0 anonymous assessment(s), 0 anonymous report(s) "
        "and 0 anonymous job ad(s) older than 30 day(s).\n"
        "Deleted 1 expired session(s) and 1 expired cache row(s).\n"
    )
    assert list(Session.objects.values_list("session_key", flat=True)) == ["l" * 32]
    assert (cache.get("live-counter"), cache.has_key("pending-signup-that-expired")) == (3, False)


def test_old_anonymous_job_ads_are_purged_and_recent_or_signed_in_ones_kept():
    fields = {"derived": {}, "items": []}
    old = JobAd.objects.create(anonymous_token="old-browser", **fields)
    recent = JobAd.objects.create(anonymous_token="new-browser", **fields)
    owned = JobAd.objects.create(user=get_user_model().objects.create_user(username="ads-owner"), **fields)
    JobAd.objects.filter(pk__in=[old.pk, owned.pk]).update(updated_at=timezone.now() - timedelta(days=31))

    output = purge()

    assert set(JobAd.objects.values_list("pk", flat=True)) == {recent.pk, owned.pk}
    assert output.startswith("Deleted 0 anonymous assessment(s), 0 anonymous report(s) and 1 anonymous job ad(s) older")
