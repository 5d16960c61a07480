import itertools
from datetime import UTC, datetime

import pytest

from assessment.charts import DATE_LABEL_WIDTH, readiness_line, sparkline
from assessment.comparison import change_groups, compare_snapshots, progress

pytestmark = [pytest.mark.unit]


def item(key, *, rating, target, weight=2, kind="skill", label=None):
    return {
        "kind": kind,
        "key": key,
        "label": label or key.title(),
        "rating": rating,
        "target": target,
        "weight": weight,
        "gap": max(0, target - rating),
    }


def snapshot(items, *, readiness, role="ai-engineer", seniority="mid", answers=None):
    return {
        "target": {"role": role, "seniority": seniority, "role_name": "AI Engineer", "seniority_name": "Mid-level"},
        "score": {"items": items, "readiness": readiness},
        "role_fit": [{"items": items}],
        "answers": answers or [{"kind": i["kind"], "key": i["key"], "rating": i["rating"]} for i in items],
    }


def test_compare_snapshots_reports_deltas_closed_and_new_gaps_and_days():
    before = snapshot([item("python", rating=1, target=3), item("mlops", rating=2, target=2)], readiness=60.0)
    after = snapshot([item("python", rating=3, target=3), item("mlops", rating=2, target=3)], readiness=83.3)

    result = compare_snapshots(
        before=before,
        after=after,
        before_at=datetime(2026, 1, 10, 23, 0, tzinfo=UTC),
        after_at=datetime(2026, 3, 1, 1, 0, tzinfo=UTC),
    )

    assert (result.days_between, result.readiness_delta, result.same_target) == (50, 23.3, True)
    assert [(c.key, c.rating_delta, c.gap_delta) for c in result.items] == [("python", 2, -2), ("mlops", 0, 1)]
    assert [c.key for c in result.gaps_closed] == ["python"]
    assert [c.key for c in result.gaps_new] == ["mlops"]
    assert [(c.key, c.before, c.after) for c in result.profile_changes] == [("mlops", (2, 2), (3, 2))]


def test_compare_snapshots_lists_requirements_added_and_removed_between_profiles():
    before = snapshot([item("python", rating=2, target=2), item("nlp", rating=0, target=1)], readiness=80.0)
    after = snapshot([item("python", rating=2, target=2), item("vision", rating=1, target=2)], readiness=75.0)

    result = compare_snapshots(
        before=before, after=after, before_at=datetime(2026, 1, 1), after_at=datetime(2026, 1, 1)
    )

    assert [(c.key, c.before, c.after) for c in result.profile_changes] == [
        ("vision", None, (2, 2)),
        ("nlp", (1, 2), None),
    ]
    assert [(c.key, c.rating_before, c.rating_after, c.rating_delta) for c in result.items][1:] == [
        ("vision", None, 1, None),
        ("nlp", 0, None, None),
    ]


def test_progress_orders_reports_oldest_first_and_tracks_each_skill():
    older = snapshot([item("python", rating=1, target=3)], readiness=33.3)
    newer = snapshot([item("python", rating=3, target=3)], readiness=100.0)

    points, trends = progress(
        reports=[("b", datetime(2026, 5, 1, tzinfo=UTC), newer), ("a", datetime(2026, 1, 1, tzinfo=UTC), older)]
    )

    assert [(p.report_id, p.readiness) for p in points] == [("a", 33.3), ("b", 100.0)]
    assert [(t.key, t.ratings) for t in trends] == [("python", (1, 3))]


def test_readiness_line_maps_zero_to_the_bottom_and_hundred_to_the_top():
    points, _ = progress(
        reports=[
            ("a", datetime(2026, 1, 1, tzinfo=UTC), snapshot([], readiness=0.0)),
            ("b", datetime(2026, 2, 1, tzinfo=UTC), snapshot([], readiness=100.0)),
        ]
    )

    chart = readiness_line(points)

    assert [(p.x, p.y) for p in chart.points] == [(64, 208), (428, 18)]
    assert chart.polyline == "64.0,208.0 428.0,18.0"


def test_readiness_line_dates_never_overlap_and_keep_the_first_and_last():
    reports = [(str(i), datetime(2026, 1, 1 + i, tzinfo=UTC), snapshot([], readiness=float(i))) for i in range(12)]
    points, _ = progress(reports=reports)

    chart = readiness_line(points)

    shown = [p.x for p in chart.points if p.show_date]
    assert (chart.points[0].show_date, chart.points[-1].show_date) == (True, True)
    assert min(b - a for a, b in itertools.pairwise(shown)) >= DATE_LABEL_WIDTH


def test_sparkline_skips_reports_where_the_skill_was_not_rated():
    assert sparkline((0, None, 4)) == "0.0,22.0 100.0,2.0"


def test_change_groups_sort_every_later_requirement_by_how_its_gap_moved():
    before = snapshot(
        [
            item("closed", rating=1, target=3),
            item("beyond", rating=3, target=3),
            item("narrowed", rating=0, target=3),
            item("same", rating=2, target=3),
            item("wider", rating=2, target=3),
            item("dropped", rating=1, target=2),
        ],
        readiness=50.0,
    )
    after = snapshot(
        [
            item("closed", rating=3, target=3),
            item("beyond", rating=4, target=3),
            item("narrowed", rating=2, target=3),
            item("same", rating=2, target=3),
            item("wider", rating=1, target=3),
            item("added", rating=0, target=2),
        ],
        readiness=55.0,
    )
    result = compare_snapshots(
        before=before, after=after, before_at=datetime(2026, 1, 1), after_at=datetime(2026, 2, 1)
    )

    groups = change_groups(result.items)

    assert [(g.key, [c.key for c in g.items]) for g in groups] == [
        ("improved", ["closed", "beyond"]),
        ("narrowed", ["narrowed"]),
        ("new", ["wider", "added"]),
        ("unchanged", ["same"]),
    ]
    assert [c.target for c in groups[0].items] == [3, 3]
