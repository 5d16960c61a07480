"""Geometry for the server-side SVG charts. Pure: numbers in, coordinates out."""

from dataclasses import dataclass

from assessment.comparison import ProgressPoint

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 48, 16, 40


@dataclass(frozen=True)
class PlotPoint:
    x: float
    y: float
    readiness: float
    label: str
    date_label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: tuple[PlotPoint, ...]
    polyline: str
    gridlines: tuple[tuple[float, int], ...]  # (y, percent)
    plot_left: int
    plot_right: int


def readiness_line(points: tuple[ProgressPoint, ...]) -> LineChart:
    """Readiness (0–100 %) per report, evenly spaced in date order so same-day reports stay apart."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / (len(points) - 1) if len(points) > 1 else 0
    plotted = tuple(
        PlotPoint(
            x=round(LEFT + (i * step if len(points) > 1 else plot_width / 2), 1),
            y=round(TOP + plot_height * (1 - point.readiness / 100), 1),
            readiness=point.readiness,
            label=point.label,
            date_label=point.created_at.strftime("%d %b %Y"),
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
