"""Writes the knowledge check's item statistics as CSV: the table curators see in the admin.

One row per item: times shown, answers, share correct, discrimination against the
candidates' claimed level (information only) and against their mean checked level on
the other skills of the same check, and flags (too easy, too hard, negative
discrimination), which are leads to review, not verdicts. The formulas and thresholds
are in assessment/knowledge_check.py (item_statistics).
"""

from django.core.management import BaseCommand

from assessment.exports import item_statistics_csv
from assessment.selectors import check_item_statistics


class Command(BaseCommand):
    help = "Export the knowledge check's item statistics (all answers so far) as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Write to this file instead of standard output.")
        parser.add_argument("--flagged", action="store_true", help="Only the items with a flag.")

    def handle(self, *args, output=None, flagged=False, **options):
        content = item_statistics_csv(check_item_statistics(flagged_only=flagged))
        if output:
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.write(content)
            self.stdout.write(f"Wrote the statistics of {content.count(chr(10)) - 1} items to {output}.")
        else:
            self.stdout.write(content, ending="")
