"""Over the whole shipped catalogue: the seniority estimate separates every role's levels."""

import itertools

import pytest
from django.core.management import call_command

from assessment import scoring
from assessment.management.commands.seniority_table import DOC, separation_rows, separation_table
from assessment.selectors import scoring_ladders_get

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_catalogue_has_eleven_roles_at_four_seniorities():
    ladders = scoring_ladders_get()

    assert (len(ladders), sorted({len(ladder) for ladder in ladders.values()})) == (11, [4])


def test_ratings_at_a_profiles_targets_are_estimated_at_its_seniority_for_all_44():
    rows = separation_rows(scoring_ladders_get())

    assert [
        (row.role, row.seniority, row.at_targets) for row in rows if row.at_targets_rank != row.seniority_rank
    ] == []
    assert len(rows) == 44


def test_a_level_down_on_the_heaviest_requirements_is_estimated_below_for_all_44():
    rows = separation_rows(scoring_ladders_get())

    assert [
        (row.role, row.seniority, row.a_level_down) for row in rows if row.a_level_down_rank >= row.seniority_rank
    ] == []


def test_every_profile_of_a_role_is_met_by_ratings_at_the_next_seniority_up():
    problems = []
    for ladder in scoring_ladders_get().values():
        for lower, higher in itertools.pairwise(ladder):
            ratings = {(r.kind, r.key): r.target for r in higher.requirements}
            if not scoring.score_profile(lower, ratings).meets():
                problems.append(f"{lower.role}: {higher.seniority} targets do not meet {lower.seniority}")

    assert problems == []


def test_the_committed_table_is_what_the_command_writes():
    table = separation_table(separation_rows(scoring_ladders_get()))

    assert DOC.read_text(encoding="utf-8") == table
    call_command("seniority_table", "--check", verbosity=0)
