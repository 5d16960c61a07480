"""Writes docs/seniority-separation.md from the catalogue: does the seniority estimate separate the levels?

For each role × seniority profile it scores two candidates against the role's four
profiles: one whose ratings equal the profile's targets exactly (they must be
estimated at that seniority), and one rated a level lower on the profile's heaviest
requirements (they must be estimated below it). tests/assessment/integration/
test_seniority_separation.py asserts the same over the whole catalogue, and that
the committed table is what this command writes.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from assessment import scoring
from assessment.selectors import scoring_ladders_get

DOC = Path(settings.BASE_DIR) / "docs" / "seniority-separation.md"


@dataclass(frozen=True)
class SeparationRow:
    role: str
    seniority: str
    seniority_rank: int
    heaviest: tuple[str, ...]
    at_targets: str | None  # the estimate for ratings at exactly the targets
    a_level_down: str | None  # the estimate one level down on the heaviest requirements
    at_targets_rank: int
    a_level_down_rank: int

    @property
    def right(self) -> bool:
        return self.at_targets_rank == self.seniority_rank and self.a_level_down_rank < self.seniority_rank


def separation_rows(ladders: dict[str, list[scoring.Profile]]) -> list[SeparationRow]:
    rows = []
    for ladder in ladders.values():
        rank_of = {profile.seniority_name: profile.seniority_rank for profile in ladder}
        for profile in ladder:
            at_targets = {(r.kind, r.key): r.target for r in profile.requirements}
            heaviest_weight = max(r.weight for r in profile.requirements)
            heaviest = [r for r in profile.requirements if r.weight == heaviest_weight]
            down = at_targets | {(r.kind, r.key): max(0, r.target - 1) for r in heaviest}
            exact = scoring.estimate_seniority(ladder, at_targets).seniority_name
            lower = scoring.estimate_seniority(ladder, down).seniority_name
            rows.append(
                SeparationRow(
                    role=profile.role_name,
                    seniority=profile.seniority_name,
                    seniority_rank=profile.seniority_rank,
                    heaviest=tuple(r.label for r in heaviest),
                    at_targets=exact,
                    a_level_down=lower,
                    at_targets_rank=rank_of.get(exact, 0),
                    a_level_down_rank=rank_of.get(lower, 0),
                )
            )
    return rows


def separation_table(rows: list[SeparationRow]) -> str:
    lines = [
        "# Seniority separation",
        "",
        "Written by `python manage.py seniority_table` from the catalogue; do not edit by hand.",
        "",
        "For each role and seniority: the seniority estimated for ratings equal to that profile's targets, and",
        "for the same ratings one level lower on the profile's heaviest requirements (those of its largest",
        f"weight). A profile is met at {scoring.SENIORITY_THRESHOLD}% readiness with no essential requirement short",
        f"(rule {scoring.RULE_VERSION}); the estimate is the highest seniority met.",
        "",
        "| Role | Seniority | At its targets | One level down on the heaviest | Heaviest requirements | Right |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row.role} | {row.seniority} | {row.at_targets or 'none'} | {row.a_level_down or 'none'} "
            f"| {', '.join(row.heaviest)} | {'yes' if row.right else 'NO'} |"
        )
    right = sum(row.right for row in rows)
    lines += ["", f"{right} of {len(rows)} profiles separate as they should.", ""]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Write docs/seniority-separation.md: the seniority estimate at and just below every profile's targets."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the file differs instead of writing it.")

    def handle(self, *args, **options):
        rows = separation_rows(scoring_ladders_get())
        table = separation_table(rows)
        if options["check"]:
            if not DOC.exists() or DOC.read_text(encoding="utf-8") != table:
                raise CommandError(f"{DOC.name} is out of date: run `python manage.py seniority_table`.")
        else:
            DOC.write_text(table, encoding="utf-8")
        wrong = [f"{row.role} / {row.seniority}" for row in rows if not row.right]
        if wrong:
            raise CommandError("Profiles that do not separate: " + "; ".join(wrong))
        self.stdout.write(f"{len(rows)} profiles separate as they should.")
