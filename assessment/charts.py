"""Geometry for the server-side SVG charts. Pure: numbers in, coordinates out.

The progress chart is drawn in a 480-unit-wide box and shown at most 480 px wide, so its
FONT_SIZE units render at that size on a desktop and at no less than 11 px on a 390 px phone
(about 340 px of chart: 18 × 340 ÷ 480 ≈ 12.7 px). The margins leave room for "100%" on the
left and for the last date, centred under the last point, on the right.
"""

import math
from dataclasses import dataclass

from assessment.comparison import ProgressPoint

WIDTH = 480
HEIGHT = 270
LEFT, RIGHT, TOP, BOTTOM = 64, 52, 18, 62
FONT_SIZE = 18
DATE_LABEL_WIDTH = 72  # "30 Nov" at FONT_SIZE, with a gap: closer labels are thinned out


@dataclass(frozen=True)
class PlotPoint:
    x: float
    y: float
    readiness: float
    label: str
    date_label: str  # "30 Nov 2026"
    day_label: str  # "30 Nov", written above the year
    year_label: str
    show_date: bool  # False where the dates would overlap: every k-th point, always the first and last


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: tuple[PlotPoint, ...]
    polyline: str
    gridlines: tuple[tuple[float, int], ...]  # (y, percent)
    plot_left: int
    plot_right: int
    font_size: int = FONT_SIZE


def readiness_line(points: tuple[ProgressPoint, ...]) -> LineChart:
    """Readiness (0–100 %) per report, evenly spaced in date order so same-day reports stay apart."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / (len(points) - 1) if len(points) > 1 else 0
    stride = math.ceil(DATE_LABEL_WIDTH / step) if step and step < DATE_LABEL_WIDTH else 1
    last = len(points) - 1
    plotted = tuple(
        PlotPoint(
            x=round(LEFT + (i * step if len(points) > 1 else plot_width / 2), 1),
            y=round(TOP + plot_height * (1 - point.readiness / 100), 1),
            readiness=point.readiness,
            label=point.label,
            date_label=point.created_at.strftime("%d %b %Y"),
            day_label=point.created_at.strftime("%d %b"),
            year_label=point.created_at.strftime("%Y"),
            show_date=i == last or (i % stride == 0 and last - i >= stride),
        )
        for i, point in enumerate(points)
    )
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        points=plotted,
        polyline=" ".join(f"{p.x},{p.y}" for p in plotted),
        gridlines=tuple((round(TOP + plot_height * (1 - pct / 100), 1), pct) for pct in (0, 25, 50, 75, 100)),
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
    )


def sparkline(ratings: tuple[int | None, ...], *, width: int = 100, height: int = 24, maximum: int = 4) -> str:
    """SVG polyline points for ratings on the 0–4 scale; unrated reports are skipped."""
    step = width / (len(ratings) - 1) if len(ratings) > 1 else 0
    return " ".join(
        f"{round(i * step if len(ratings) > 1 else width / 2, 1)},{round(2 + (height - 4) * (1 - r / maximum), 1)}"
        for i, r in enumerate(ratings)
        if r is not None
    )


@dataclass(frozen=True)
class BurndownPoint:
    x: float
    y: float
    week: int
    hours: int


@dataclass(frozen=True)
class BurndownChart:
    width: int
    height: int
    planned: str  # polyline points
    actual: str  # polyline points; empty before the first week ends
    actual_points: tuple[BurndownPoint, ...]
    gridlines: tuple[tuple[float, int], ...]  # (y, hours)
    week_ticks: tuple[tuple[float, int], ...]  # (x, week)
    today_x: float
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    max_hours: int


BURNDOWN_LEFT = 72  # room for four-digit hour labels


def burndown(weeks) -> BurndownChart:
    """Hours left per week from week 0, as planned and as it went.

    `weeks` are learning.BurndownWeek rows (week, planned_remaining, actual_remaining or None).
    """
    left = BURNDOWN_LEFT
    plot_width = WIDTH - left - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    last = max(weeks[-1].week, 1)
    top = max(max(w.planned_remaining for w in weeks), max((w.actual_remaining or 0) for w in weeks), 1)

    def x(week: int) -> float:
        return round(left + plot_width * week / last, 1)

    def y(hours: int) -> float:
        return round(TOP + plot_height * (1 - hours / top), 1)

    actual = tuple(
        BurndownPoint(x=x(w.week), y=y(w.actual_remaining), week=w.week, hours=w.actual_remaining)
        for w in weeks
        if w.actual_remaining is not None
    )
    tick_step = max(1, math.ceil(last / 10))
    return BurndownChart(
        width=WIDTH,
        height=HEIGHT,
        planned=" ".join(f"{x(w.week)},{y(w.planned_remaining)}" for w in weeks),
        actual=" ".join(f"{p.x},{p.y}" for p in actual),
        actual_points=actual,
        gridlines=tuple((y(hours), hours) for hours in _nice_steps(top)),
        week_ticks=tuple((x(week), week) for week in range(0, last + 1, tick_step)),
        today_x=actual[-1].x if actual else x(0),
        plot_left=left,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
        max_hours=top,
    )


def _nice_steps(top: int) -> tuple[int, ...]:
    """Round gridline values (steps of 1, 2 or 5 times a power of ten) from 0 up to `top`, at most six."""
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return tuple(range(0, top + 1, max(1, int(step))))


@dataclass(frozen=True)
class Marker:
    x: float
    label: str
    date_label: str


def finish_markers(chart: LineChart, points: tuple[ProgressPoint, ...], finished) -> tuple[Marker, ...]:
    """Where plan items were finished on the readiness line: placed by time between the reports around
    them (the line's points are evenly spaced), at the first report before it and the last after it.

    `finished` are (moment, label) pairs, moments as aware datetimes; `points` the chart's reports in date order.
    """
    moments = [point.created_at for point in points]
    xs = [p.x for p in chart.points]
    markers = []
    for moment, label in finished:
        if not xs:
            break
        if moment <= moments[0]:
            position = xs[0]
        elif moment >= moments[-1]:
            position = xs[-1]
        else:
            i = max(i for i, m in enumerate(moments) if m <= moment)
            share = (moment - moments[i]) / (moments[i + 1] - moments[i])
            position = xs[i] + (xs[i + 1] - xs[i]) * share
        markers.append(Marker(x=round(position, 1), label=label, date_label=moment.strftime("%d %b %Y")))
    return tuple(markers)
