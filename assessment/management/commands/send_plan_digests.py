from django.core.management import BaseCommand
from django.utils import timezone

from assessment.digest import digest_send_weekly


class Command(BaseCommand):
    help = (
        "Email this week's learning-plan digest (what is due, what was finished, the next item) to every "
        "candidate who turned it on, through the default mailer of MAILERS. Idempotent within a week "
        "(Monday to Sunday): a second run sends nothing to anyone already sent. Run it daily or weekly from cron."
    )

    def handle(self, *args, **options):
        sent = digest_send_weekly(today=timezone.localdate())
        self.stdout.write(f"Sent {sent} weekly plan digest{'s' if sent != 1 else ''}.")
