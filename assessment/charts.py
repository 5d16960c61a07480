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
