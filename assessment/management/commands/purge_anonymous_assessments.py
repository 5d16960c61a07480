from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessment.models import Assessment, JobAd, Report


class Command(BaseCommand):
    help = (
        "Delete anonymous assessments (with their answers) and anonymous reports (with their PDFs) "
        "untouched for longer than the retention period. Work saved to an account is never touched. "
        "Also deletes expired sessions and expired cache entries (rate-limit counters, pending sign-ups). "
        "Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=settings.ANONYMOUS_RETENTION_DAYS,
            help="Retention in days (default: ANONYMOUS_RETENTION_DAYS, %(default)s).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, older_than_days, dry_run, **options):
        if older_than_days < 1:
            raise CommandError("--older-than-days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=older_than_days)
        # An assessment's age is its last change: a candidate still answering keeps it.
        assessments = Assessment.objects.filter(user__isnull=True, updated_at__lt=cutoff)
        reports = Report.objects.filter(user__isnull=True, created_at__lt=cutoff)
        job_ads = JobAd.objects.filter(user__isnull=True, updated_at__lt=cutoff)
        with transaction.atomic():
            assessment_count, report_count, job_ad_count = assessments.count(), reports.count(), job_ads.count()
            if not dry_run:
                reports.delete()
                assessments.delete()
                job_ads.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {assessment_count} anonymous assessment(s), {report_count} anonymous report(s) "
            f"and {job_ad_count} anonymous job ad(s) older than {older_than_days} day(s)."
        )
        session_count, cache_count = self._expired(dry_run=dry_run)
        self.stdout.write(f"{verb} {session_count} expired session(s) and {cache_count} expired cache row(s).")

    @staticmethod
    def _expired(*, dry_run: bool) -> tuple[int, int]:
        """Expired sessions and cache entries: the privacy page promises they go daily.

        A cache that expires entries by itself (Redis, Memcached) has no delete_expired().
        """
        sessions = Session.objects.filter(expire_date__lt=timezone.now())
        session_count = sessions.count() if dry_run else sessions.delete()[0]
        delete_expired = getattr(cache, "delete_expired", None)
        cache_count = delete_expired(dry_run=dry_run) if delete_expired else 0
        return session_count, cache_count
