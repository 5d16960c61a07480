from django.core.management import BaseCommand, call_command
from django.db import transaction

from career.models import Role, memoised_natural_keys
from career.revision import catalogue_changed

# One file per model family, in dependency order. loaddata runs them in one
# transaction, so a bad file leaves the database as it was.
CATALOGUE_FIXTURES = [
    "seniority",
    "skills",
    "knowledge_check",
    "duties",
    "education",
    "roles",
    "career_ladder",
    "certifications",
    "profiles",
    "roadmap",
    "context",
    "aliases",
    "concept_rules",
]


class Command(BaseCommand):
    help = (
        "Load (or refresh) the whole career catalogue from fixtures/. Safe to run repeatedly, "
        "but a refresh overwrites admin edits to the shipped rows; --if-empty loads only into an empty catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the catalogue already has roles, so curators' admin edits are kept.",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Role.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("The catalogue already has roles: nothing loaded (--if-empty).")
            return
        with transaction.atomic(), memoised_natural_keys():
            call_command("loaddata", *CATALOGUE_FIXTURES, verbosity=options["verbosity"])
            catalogue_changed()
