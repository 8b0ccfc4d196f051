"""Charts for families, as PNG bytes: weighted averages per subject, and one subject's marks over
time. matplotlib's Agg backend with its own DejaVu font (Cyrillic included), no display, imported
only when a chart is asked for (it costs a second to load). Rendering is CPU work: callers run it
in a thread (asyncio.to_thread) so that the bot keeps answering meanwhile."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH, HEIGHT, DPI = 8.0, 4.5, 120
BAR_COLOUR = "#3b82f6"
POINT_COLOUR = "#ef4444"


def _figure(height: float = HEIGHT) -> object:
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")


def _png(figure: object) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    assert isinstance(figure, Figure)
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)  # type: ignore[no-untyped-call]
    return buffer.getvalue()


def averages_chart(title: str, averages: Sequence[tuple[str, float]]) -> bytes:
    """Horizontal bars, one per subject, on the 1–5 scale."""
    from matplotlib.figure import Figure

    figure = _figure(max(2.5, 0.45 * len(averages) + 1.2))
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    names = [name for name, _ in averages][::-1]
    values = [value for _, value in averages][::-1]
    bars = axes.barh(names, values, color=BAR_COLOUR)
    axes.bar_label(bars, labels=[f"{v:.2f}".replace(".", ",") for v in values], padding=3)
    axes.set_xlim(1, 5.4)
    axes.set_title(title)
    axes.grid(axis="x", alpha=0.3)
    return _png(figure)


MAX_DATE_TICKS = 8
MARGIN_DAYS = 3  # around the first and last mark, so that a single mark does not sit on the frame


@dataclass(frozen=True)
class DateAxis:
    ticks: tuple[dt.date, ...]  # distinct days that have marks, at most MAX_DATE_TICKS of them
    labels: tuple[str, ...]  # «02.12», or «28.12.26» when the marks cross a new year
    first: dt.date  # the axis' span: the marks' days and a margin either side
    last: dt.date


def date_axis(days: Sequence[dt.date]) -> DateAxis:
    """Ticks only at days with marks (matplotlib's own locator put one mark on an axis of years, and
    two marks under «02.12 02.12 02.12 …»), evenly thinned when there are many."""
    distinct = sorted(set(days))
    if len(distinct) > MAX_DATE_TICKS:
        step = (len(distinct) - 1) / (MAX_DATE_TICKS - 1)
        distinct = [distinct[round(i * step)] for i in range(MAX_DATE_TICKS)]
    crosses_year = distinct[0].year != distinct[-1].year
    shape = "%d.%m.%y" if crosses_year else "%d.%m"
    margin = dt.timedelta(days=MARGIN_DAYS)
    return DateAxis(
        tuple(distinct),
        tuple(day.strftime(shape) for day in distinct),
        min(days) - margin,
        max(days) + margin,
    )


def subject_chart(title: str, marks: Sequence[tuple[dt.date, int, float]]) -> bytes:
    """Each mark as a point (bigger for heavier kinds) and the weighted average as it moved."""
    return _png(subject_figure(title, marks))


def subject_figure(title: str, marks: Sequence[tuple[dt.date, int, float]]) -> Figure:
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure

    figure = _figure()
    assert isinstance(figure, Figure)
    axes = figure.add_subplot()
    days = [float(date2num(day)) for day, _, _ in marks]  # type: ignore[no-untyped-call]
    running: list[float] = []
    total = weights = 0.0
    for _, value, weight in marks:
        total += value * weight
        weights += weight
        running.append(total / weights)
    axes.scatter(
        days, [v for _, v, _ in marks], s=[40 * w for _, _, w in marks], color=POINT_COLOUR, zorder=3
    )
    axes.plot(days, running, color=BAR_COLOUR, linewidth=2)
    axes.set_ylim(0.5, 5.5)
    axes.set_yticks([1, 2, 3, 4, 5])
    axis = date_axis([day for day, _, _ in marks])
    axes.set_xlim(float(date2num(axis.first)), float(date2num(axis.last)))  # type: ignore[no-untyped-call]
    axes.set_xticks([float(date2num(day)) for day in axis.ticks], labels=list(axis.labels))  # type: ignore[no-untyped-call]
    axes.set_title(title)
    axes.grid(alpha=0.3)
    return figure
