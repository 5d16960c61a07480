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


def test_each_certification_follows_the_last_action_for_a_gap_it_proves():
    mlops = {"kind": "skill", "key": "mlops", "label": "MLOps", "rating": 1, "level": 3}
    python = {"kind": "skill", "key": "python", "label": "Python", "rating": 1, "level": 2}
    data = snapshot(
        ranked=[entry("m1", key="mlops")],
        phases=[[entry("p1"), entry("m2", key="mlops")], [entry("p2"), entry("x1", key="sql")]],
        certifications=[
            certification("mlops-cert", addresses=[mlops]),
            certification("both-cert", addresses=[python, mlops]),
            certification("no-action-cert", addresses=[{**mlops, "key": "cloud"}]),
            certification("no-gap-cert", addresses=[]),
        ],
    )

    items = learning.items_from_snapshot(data)

    assert [i.source_slug for i in items] == [
        "m1",
        "p1",
        "m2",
        "mlops-cert",
        "p2",
        "both-cert",
        "x1",
        "no-action-cert",
        "no-gap-cert",
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
    last_days = [START + timedelta(weeks=w, days=-1) if w else None for w in (1, None, 2, 3, 3)]
    assert [i.due_on for i in result.items] == last_days
    assert (result.planned_hours, result.weeks_planned, result.planned_finish) == (
        18,
        3,
        START + timedelta(weeks=3, days=-1),
    )


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
        START + timedelta(weeks=6, days=-1),
        START + timedelta(weeks=4, days=-1),
        START + timedelta(weeks=2, days=-1),
        START + timedelta(weeks=1, days=-1),
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


def test_an_item_is_due_on_the_last_day_of_its_week_and_overdue_the_day_after():
    items = states((10, TODO, None), (10, TODO, None))

    def overdue(today):
        return [
            i.overdue for i in learning.schedule(items=items, hours_per_week=10, started_on=START, today=today).items
        ]

    last_day = START + timedelta(days=6)  # Sunday: week 1 runs Monday to Sunday
    result = learning.schedule(items=items, hours_per_week=10, started_on=START, today=last_day)

    assert [i.due_on for i in result.items] == [last_day, last_day + timedelta(weeks=1)]
    assert overdue(last_day) == [False, False]
    assert overdue(last_day + timedelta(days=1)) == [True, False]


def test_items_laid_out_from_a_re_plan_are_not_overdue_on_its_day():
    # Ten weeks in at 5 h a week with 20 h done: laid out from the start, the items after the done
    # ones fall in weeks 5 and 6, long past; from the baseline they fall in the two weeks to come.
    today = START + timedelta(weeks=10)
    items = states((10, DONE, START + timedelta(days=20)), (10, DONE, today), (5, TODO, None), (5, TODO, None))

    from_start = learning.schedule(items=items, hours_per_week=5, started_on=START, today=today)
    re_planned = learning.schedule(
        items=items, hours_per_week=5, started_on=START, today=today, baseline_on=today, baseline_done_hours=20
    )

    assert from_start.overdue_count == 2
    assert re_planned.overdue_count == 0
    assert [i.due_on for i in re_planned.items] == [None, None, today + timedelta(days=6), today + timedelta(days=13)]
    assert [i.planned_week for i in re_planned.items] == [None, None, 11, 12]


def test_finishing_items_ahead_of_the_schedule_moves_no_due_day():
    today = START + timedelta(days=2)
    before = states((10, TODO, None), (10, TODO, None), (10, TODO, None))
    after = states((10, DONE, today), (10, DONE, today), (10, TODO, None))

    def due(items):
        return [
            i.due_on for i in learning.schedule(items=items, hours_per_week=10, started_on=START, today=today).items
        ]

    assert due(after) == due(before)


def test_the_recent_pace_is_hours_finished_in_the_last_four_weeks_per_week():
    today = START + timedelta(weeks=9)
    items = states(
        (50, DONE, today - timedelta(weeks=4)),  # just outside the four weeks
        (6, DONE, today - timedelta(weeks=4) + timedelta(days=1)),
        (8, DONE, today),
        (40, TODO, None),
    )

    result = learning.schedule(items=items, hours_per_week=10, started_on=START, today=today)
    young = learning.schedule(items=items[2:], hours_per_week=10, started_on=today - timedelta(days=3), today=today)

    assert (result.recent_weeks, result.recent_pace) == (4, 3.5)
    assert (young.recent_weeks, young.recent_pace) == (1, 8.0)


def test_after_a_re_plan_the_burn_down_runs_straight_to_the_hours_done_then_and_on_from_the_baseline():
    baseline = START + timedelta(weeks=2)
    items = states((10, DONE, START + timedelta(days=3)), (10, TODO, None), (10, TODO, None))

    result = learning.schedule(
        items=items, hours_per_week=10, started_on=START, today=baseline, baseline_on=baseline, baseline_done_hours=10
    )

    assert [(w.week, w.planned_remaining, w.actual_remaining) for w in result.burndown] == [
        (0, 30, 30),
        (1, 25, 20),
        (2, 20, 20),
        (3, 10, 20),
        (4, 0, None),
    ]


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

    assert [w.ends_on for w in result.burndown] == [
        START - timedelta(days=1),
        *(START + timedelta(weeks=n, days=-1) for n in (1, 2, 3)),
    ]
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


MARKED = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)  # when the last item was marked done


def skill(key, *statuses, level_from=1, target_level=3, last_done_at=MARKED):
    return SkillItems(
        key=key,
        label=key.title(),
        statuses=statuses,
        level_from=level_from,
        target_level=target_level,
        last_done_at=last_done_at if DONE in statuses else None,
    )


def test_skills_of_groups_skill_items_and_leaves_out_duties_and_unnamed_gaps():
    earlier = MARKED - timedelta(days=2)
    rows = [
        ("skill", "python", "Python", DONE, 1, 2, earlier),
        ("duty", "deploy", "Deploy", DONE, 0, 2, MARKED),
        ("skill", "python", "Python", DONE, 2, 3, MARKED),
        ("", "", "", TODO, 0, 0, None),
        ("skill", "mlops", "MLOps", TODO, 0, 1, None),
    ]

    assert learning.skills_of(rows) == (
        SkillItems(
            key="python", label="Python", statuses=(DONE, DONE), level_from=1, target_level=3, last_done_at=MARKED
        ),
        SkillItems(key="mlops", label="MLOps", statuses=(TODO,), level_from=0, target_level=0, last_done_at=None),
    )


def test_a_skipped_item_does_not_set_the_level_a_skill_aims_at():
    rows = [
        ("skill", "python", "Python", DONE, 1, 2, MARKED),
        ("skill", "python", "Python", SKIPPED, 2, 3, None),
    ]

    (python,) = learning.skills_of(rows)

    assert (python.target_level, python.statuses) == (2, (DONE, SKIPPED))
    # Rated 2, the level of the work done: nothing to re-check, though a skipped item aimed at 3.
    assert learning.recheck_due(skills=[python], ratings={"python": 2}, rated_at=MARKED - timedelta(days=1)) == ()


def test_a_skill_is_due_for_a_re_check_when_its_items_are_finished_and_it_is_still_rated_below_them():
    skills = (
        skill("done", DONE, SKIPPED),
        skill("open", DONE, DOING),
        skill("all-skipped", SKIPPED),
        skill("rechecked", DONE, target_level=2),
    )

    due = learning.recheck_due(
        skills=skills,
        ratings={"done": 1, "open": 1, "all-skipped": 1, "rechecked": 2},
        rated_at=MARKED - timedelta(days=1),
    )

    assert [s.key for s in due] == ["done"]


def test_a_report_made_after_the_last_item_was_done_ends_the_offer_and_a_rating_still_below_is_said():
    skills = (skill("python", DONE, DONE), skill("mlops", DONE))
    ratings = {"python": 1, "mlops": 3}

    before = learning.recheck_due(skills=skills, ratings=ratings, rated_at=MARKED - timedelta(seconds=1))
    after = learning.recheck_due(skills=skills, ratings=ratings, rated_at=MARKED + timedelta(seconds=1))
    still = learning.rechecked_below(skills=skills, ratings=ratings, rated_at=MARKED + timedelta(seconds=1))

    assert ([s.key for s in before], after) == (["python"], ())
    assert still == (learning.StillBelow(skill=skills[0], rating=1),)
    assert learning.rechecked_below(skills=skills, ratings=ratings, rated_at=MARKED - timedelta(seconds=1)) == ()


def test_skills_moved_compares_the_latest_rating_with_the_level_at_adoption():
    skills = (
        skill("up", DONE, level_from=1),
        skill("same", DONE, level_from=2),
        skill("gone", DONE, level_from=2),
    )

    moved = learning.skills_moved(skills=skills, ratings={"up": 3, "same": 2})

    assert moved == (learning.SkillMove(key="up", label="Up", level_from=1, level_now=3),)


def test_skills_moved_lists_a_checked_skill_with_its_checked_level_even_when_its_rating_stayed():
    skills = (
        SkillItems(key="up", label="Up", statuses=(DONE,), level_from=1, target_level=3, last_done_at=None),
        SkillItems(
            key="same-checked", label="Same, checked", statuses=(DONE,), level_from=2, target_level=3, last_done_at=None
        ),
        SkillItems(key="same", label="Same", statuses=(DONE,), level_from=2, target_level=3, last_done_at=None),
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
