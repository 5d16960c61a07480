from datetime import UTC, date, datetime, timedelta

import pytest

from assessment import charts, learning
from assessment.comparison import ProgressPoint
from assessment.learning import DOING, DONE, SKIPPED, TODO, AdoptedItem, ExistingItem, ItemState, SkillItems

pytestmark = [pytest.mark.unit]

START = date(2026, 11, 2)  # a Monday


def entry(slug, *, key="python", label="Python", hours=10, level_from=1, reaches=2, title=None):
    return {
        "action": {
            "slug": slug,
            "title": title or f"Do {slug}",
            "description": f"About {slug}",
            "kind": "skill",
            "key": key,
            "reaches_level": reaches,
            "effort_hours": hours,
        },
        "label": label,
        "level_from": level_from,
    }


def snapshot(*, ranked=(), phases=(), certifications=()):
    return {
        "plan": {"next_actions": list(ranked)},
        "roadmap": {"phases": [{"actions": list(actions)} for actions in phases]},
        "certifications": list(certifications),
    }


def certification(slug, *, hours=40, addresses=None):
    return {
        "certification": {"slug": slug, "name": f"Cert {slug}", "provider": "AWS", "prep_hours": hours},
        "addresses": addresses
        if addresses is not None
        else [{"kind": "skill", "key": "mlops", "label": "MLOps", "rating": 1, "level": 3}],
        "prep_hours": hours,
        "proves": "You can run models in production.",
    }


def adopted(slug, *, kind=learning.ACTION, hours=10, title=None):
    return AdoptedItem(
        kind=kind,
        source_slug=slug,
        title=title or f"Do {slug}",
        description="",
        target_kind="skill",
        target_key="python",
        target_label="Python",
        level_from=1,
        target_level=2,
        hours=hours,
    )


def existing(item_id, slug, status=TODO, *, notes=False):
    return ExistingItem(id=item_id, kind=learning.ACTION, source_slug=slug, status=status, has_notes=notes)


# --- What a report adopts -------------------------------------------------------------


def test_items_from_snapshot_puts_ranked_actions_first_then_the_roadmap_then_certifications():
    data = snapshot(
        ranked=[entry("c"), entry("a")],
        phases=[[entry("a"), entry("b")], [entry("c"), entry("d")]],
        certifications=[certification("aws-mle")],
    )

    items = learning.items_from_snapshot(data)

    assert [(i.kind, i.source_slug) for i in items] == [
        ("action", "c"),
        ("action", "a"),
        ("action", "b"),
        ("action", "d"),
        ("certification", "aws-mle"),
    ]


def test_items_from_snapshot_keeps_text_skill_levels_and_hours():
    data = snapshot(phases=[[entry("pandas", key="data", label="Data pipelines", hours=60, level_from=1, reaches=3)]])

    (item,) = learning.items_from_snapshot(data)

    assert item == AdoptedItem(
        kind="action",
        source_slug="pandas",
        title="Do pandas",
        description="About pandas",
        target_kind="skill",
        target_key="data",
        target_label="Data pipelines",
        level_from=1,
        target_level=3,
        hours=60,
    )


def test_a_certification_item_names_the_first_gap_it_addresses_and_its_preparation_hours():
    (item,) = learning.items_from_snapshot(snapshot(certifications=[certification("aws-mle", hours=80)]))

    assert (item.title, item.target_key, item.level_from, item.target_level, item.hours) == (
        "Certification: Cert aws-mle",
        "mlops",
        1,
        3,
        80,
    )


def test_a_schema_1_snapshot_adopts_its_roadmap_with_the_rating_as_the_starting_level():
    old = {"roadmap": {"phases": [{"actions": [{**entry("a"), "rating": 0}]}]}}
    del old["roadmap"]["phases"][0]["actions"][0]["level_from"]

    (item,) = learning.items_from_snapshot(old)

    assert (item.source_slug, item.level_from) == ("a", 0)


# --- Merging a newer report -----------------------------------------------------------


def test_merge_keeps_done_items_done_and_first_without_duplicating_them():
    result = learning.merge(
        existing=[existing(1, "a", TODO), existing(2, "b", DONE)],
        adopted=[adopted("b"), adopted("a", hours=99), adopted("c")],
    )

    assert [(m.existing_id, m.content.source_slug if m.content else None) for m in result.items] == [
        (2, None),
        (1, "a"),
        (None, "c"),
    ]
    assert result.items[1].content.hours == 99
    assert result.dropped == ()


def test_merge_drops_only_untouched_items_the_newer_report_no_longer_proposes():
    result = learning.merge(
        existing=[
            existing(1, "untouched"),
            existing(2, "started", DOING),
            existing(3, "skipped", SKIPPED),
            existing(4, "noted", TODO, notes=True),
            existing(5, "finished", DONE),
        ],
        adopted=[adopted("new")],
    )

    assert [m.existing_id for m in result.items] == [5, None, 2, 3, 4]
    assert result.dropped == (1,)


def test_merging_the_same_report_again_changes_nothing_but_refreshes_content():
    first = [adopted("a"), adopted("b")]

    result = learning.merge(existing=[existing(1, "a"), existing(2, "b")], adopted=first)

    assert [(m.existing_id, m.content) for m in result.items] == [(1, first[0]), (2, first[1])]
    assert result.dropped == ()


# --- Pace, dates and progress ---------------------------------------------------------


def states(*rows):
    return [ItemState(hours=h, status=s, finished_on=f) for h, s, f in rows]


def test_schedule_lays_items_end_to_end_in_whole_weeks_and_skips_skipped_items():
    result = learning.schedule(
        items=states((4, TODO, None), (4, SKIPPED, None), (4, TODO, None), (10, TODO, None), (0, TODO, None)),
        hours_per_week=6,
        started_on=START,
        today=START,
    )

    assert [i.planned_week for i in result.items] == [1, None, 2, 3, 3]
    assert [i.due_on for i in result.items] == [START + timedelta(weeks=w) if w else None for w in (1, None, 2, 3, 3)]
    assert (result.planned_hours, result.weeks_planned, result.planned_finish) == (18, 3, START + timedelta(weeks=3))


def test_finishing_or_skipping_items_and_raising_the_pace_bring_the_expected_finish_closer():
    items = [(10, TODO, None), (10, TODO, None), (10, TODO, None)]

    def finish(rows, pace):
        return learning.schedule(
            items=states(*rows), hours_per_week=pace, started_on=START, today=START
        ).expected_finish

    at_start = finish(items, 5)
    one_done = finish([(10, DONE, START), *items[1:]], 5)
    one_skipped = finish([(10, DONE, START), (10, SKIPPED, None), items[2]], 5)
    faster = finish([(10, DONE, START), (10, SKIPPED, None), items[2]], 10)

    assert [at_start, one_done, one_skipped, faster] == [
        START + timedelta(weeks=6),
        START + timedelta(weeks=4),
        START + timedelta(weeks=2),
        START + timedelta(weeks=1),
    ]


def test_progress_is_hours_done_over_hours_planned_without_skipped_items():
    result = learning.schedule(
        items=states((30, DONE, START), (20, SKIPPED, None), (70, DOING, None)),
        hours_per_week=None,
        started_on=START,
        today=START,
    )

    assert (result.done_hours, result.planned_hours, result.percent_done, result.remaining_hours) == (30, 100, 30, 70)
    assert (result.expected_finish, result.weeks_planned, result.burndown) == (None, None, ())


def test_open_items_past_their_week_are_overdue_and_done_ones_are_not():
    today = START + timedelta(weeks=3, days=1)

    result = learning.schedule(
        items=states((5, TODO, None), (5, DONE, START), (5, DOING, None), (50, TODO, None)),
        hours_per_week=5,
        started_on=START,
        today=today,
    )

    assert [i.overdue for i in result.items] == [True, False, True, False]
    assert (result.overdue_count, result.current_week) == (2, 4)


def test_a_plan_with_everything_done_expects_its_last_finish():
    last = START + timedelta(days=9)

    result = learning.schedule(
        items=states((5, DONE, START), (5, DONE, last)), hours_per_week=5, started_on=START, today=last
    )

    assert (result.percent_done, result.expected_finish) == (100, last)


def test_the_burn_down_counts_planned_and_actual_hours_left_per_week():
    today = START + timedelta(days=8)  # in week 2

    result = learning.schedule(
        items=states((6, DONE, START + timedelta(days=3)), (6, DONE, today), (6, TODO, None)),
        hours_per_week=6,
        started_on=START,
        today=today,
    )

    assert [(w.week, w.planned_remaining, w.actual_remaining) for w in result.burndown] == [
        (0, 18, 18),
        (1, 12, 12),
        (2, 6, 6),
        (3, 0, None),
    ]


def test_a_long_plan_samples_its_burn_down_but_keeps_this_week_and_the_last():
    today = START + timedelta(weeks=300, days=2)  # in week 301
    items = states(*[(10, DONE, START + timedelta(weeks=n)) for n in range(0, 400)], *[(10, TODO, None)] * 2600)

    result = learning.schedule(items=items, hours_per_week=1, started_on=START, today=today)

    weeks = [w.week for w in result.burndown]
    assert len(weeks) <= learning.BURNDOWN_ROWS + 2
    assert (weeks[0], weeks[-1], 301 in weeks) == (0, 30000, True)
    row = next(w for w in result.burndown if w.week == 301)
    assert (row.planned_remaining, row.actual_remaining) == (30000 - 300, 30000 - 301 * 10)


def test_schedule_refuses_a_pace_below_one_hour():
    with pytest.raises(ValueError, match="at least 1, not 0"):
        learning.schedule(items=[], hours_per_week=0, started_on=START, today=START)


# --- Re-checks ------------------------------------------------------------------------


def test_skills_of_groups_skill_items_and_leaves_out_duties_and_unnamed_gaps():
    rows = [
        ("skill", "python", "Python", DONE, 1, 2),
        ("duty", "deploy", "Deploy", DONE, 0, 2),
        ("skill", "python", "Python", SKIPPED, 2, 3),
        ("", "", "", TODO, 0, 0),
        ("skill", "mlops", "MLOps", TODO, 0, 1),
    ]

    assert learning.skills_of(rows) == (
        SkillItems(key="python", label="Python", statuses=(DONE, SKIPPED), level_from=1, target_level=3),
        SkillItems(key="mlops", label="MLOps", statuses=(TODO,), level_from=0, target_level=1),
    )


def test_a_skill_is_due_for_a_re_check_when_its_items_are_finished_and_it_is_still_rated_below_them():
    skills = (
        SkillItems(key="done", label="Done", statuses=(DONE, SKIPPED), level_from=1, target_level=3),
        SkillItems(key="open", label="Open", statuses=(DONE, DOING), level_from=1, target_level=3),
        SkillItems(key="all-skipped", label="Skipped", statuses=(SKIPPED,), level_from=1, target_level=3),
        SkillItems(key="rechecked", label="Re-checked", statuses=(DONE,), level_from=1, target_level=2),
    )

    due = learning.recheck_due(skills=skills, ratings={"done": 1, "open": 1, "all-skipped": 1, "rechecked": 2})

    assert [skill.key for skill in due] == ["done"]


def test_skills_moved_compares_the_latest_rating_with_the_level_at_adoption():
    skills = (
        SkillItems(key="up", label="Up", statuses=(DONE,), level_from=1, target_level=3),
        SkillItems(key="same", label="Same", statuses=(DONE,), level_from=2, target_level=3),
        SkillItems(key="gone", label="Gone", statuses=(DONE,), level_from=2, target_level=3),
    )

    moved = learning.skills_moved(skills=skills, ratings={"up": 3, "same": 2})

    assert moved == (learning.SkillMove(key="up", label="Up", level_from=1, level_now=3),)


def test_skills_moved_lists_a_checked_skill_with_its_checked_level_even_when_its_rating_stayed():
    skills = (
        SkillItems(key="up", label="Up", statuses=(DONE,), level_from=1, target_level=3),
        SkillItems(key="same-checked", label="Same, checked", statuses=(DONE,), level_from=2, target_level=3),
        SkillItems(key="same", label="Same", statuses=(DONE,), level_from=2, target_level=3),
    )

    moved = learning.skills_moved(
        skills=skills, ratings={"up": 3, "same-checked": 2, "same": 2}, checked={"same-checked": 1, "other": 4}
    )

    assert moved == (
        learning.SkillMove(key="up", label="Up", level_from=1, level_now=3, checked=None),
        learning.SkillMove(key="same-checked", label="Same, checked", level_from=2, level_now=2, checked=1),
    )


def test_checked_levels_are_read_from_the_snapshots_knowledge_check():
    with_check = {
        "knowledge_check": {"status": "finished", "skills": [{"skill": "python", "claimed": 3, "checked": 2}]}
    }

    assert learning.checked_levels(with_check) == {"python": 2}
    assert learning.checked_levels({"knowledge_check": {"status": "skipped", "items": [], "skills": []}}) == {}
    assert learning.checked_levels({"answers": []}) == {}  # a snapshot from before the check existed
    assert learning.checked_levels(None) == {}


# --- Charts ---------------------------------------------------------------------------


def test_the_burn_down_chart_starts_at_the_top_left_and_ends_on_the_axis():
    weeks = learning.schedule(
        items=states((6, DONE, START), (6, TODO, None)), hours_per_week=6, started_on=START, today=START
    ).burndown

    chart = charts.burndown(weeks)

    assert chart.planned.split()[0] == f"{float(charts.BURNDOWN_LEFT)},{float(charts.TOP)}"
    assert chart.planned.split()[-1] == f"{float(charts.WIDTH - charts.RIGHT)},{float(charts.HEIGHT - charts.BOTTOM)}"
    assert [(p.week, p.hours) for p in chart.actual_points] == [(0, 12), (1, 6)]


def test_finish_markers_sit_between_the_reports_around_their_date():
    points = tuple(
        ProgressPoint(report_id=str(i), created_at=datetime(2026, 11, day, tzinfo=UTC), label="x", readiness=50)
        for i, day in enumerate((1, 11, 21))
    )
    chart = charts.readiness_line(points)
    xs = [p.x for p in chart.points]

    markers = charts.finish_markers(
        chart,
        points,
        [
            (datetime(2026, 10, 1, tzinfo=UTC), "early"),
            (datetime(2026, 11, 6, tzinfo=UTC), "middle"),
            (datetime(2026, 12, 1, tzinfo=UTC), "late"),
        ],
    )

    assert [m.x for m in markers] == [xs[0], round(xs[0] + (xs[1] - xs[0]) / 2, 1), xs[2]]


@pytest.mark.parametrize(
    ("top", "gridlines"),
    [(2470, [0, 500, 1000, 1500, 2000]), (12, [0, 5, 10]), (1, [0, 1]), (100, [0, 20, 40, 60, 80, 100])],
    ids=["thousands", "a-dozen", "one", "hundred"],
)
def test_burn_down_gridlines_are_round_numbers(top, gridlines):
    weeks = (learning.BurndownWeek(week=0, ends_on=START, planned_remaining=top, actual_remaining=top),)

    chart = charts.burndown(weeks)

    assert [hours for _, hours in chart.gridlines] == gridlines
