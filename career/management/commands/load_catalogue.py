from django.core.management import BaseCommand, call_command

# One file per model family, in dependency order. loaddata runs them in one
# transaction, so a bad file leaves the database as it was.
CATALOGUE_FIXTURES = [
    "seniority",
    "skills",
    "duties",
    "education",
    "roles",
    "career_ladder",
    "certifications",
    "profiles",
    "roadmap",
    "context",
]


class Command(BaseCommand):
    help = "Load (or refresh) the whole career catalogue from fixtures/. Safe to run repeatedly."

    def handle(self, *args, **options):
        call_command("loaddata", *CATALOGUE_FIXTURES, verbosity=options["verbosity"])
