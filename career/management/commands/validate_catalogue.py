from django.core.management import BaseCommand, CommandError

from career import checks


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Check the career catalogue: full_clean() on every object, then the cross-checks (every role has a "
        "profile at every seniority, every skill and qualification has all five level texts, every duty its "
        "four scopes, every active certification covers a skill, targets never fall as seniority rises, every "
        "knowledge check item has 3 to 5 options with exactly one correct and a stem no other item repeats, every "
        "skill has at least 3 active knowledge check items at each level 1 to 4, ...). "
        "Prints one line per problem and exits non-zero if there is any. Changes nothing."
    )

    def handle(self, *args, **options):
        checked, problems = checks.field_problems()
        problems += checks.cross_check_problems(checks.catalogue_facts())
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(
                f"Catalogue check failed: {_plural(len(problems), 'problem')} in {_plural(checked, 'object')}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogue OK: {_plural(checked, 'object')} valid, "
                f"{_plural(len(checks.CROSS_CHECKS), 'cross-check')} passed."
            )
        )
