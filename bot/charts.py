"""Charts for families, as PNG bytes: weighted averages per subject, and one subject's marks over
time. matplotlib's Agg backend with its own DejaVu font (Cyrillic included), no display, imported
only when a chart is asked for (it costs a second to load). Rendering is CPU work: callers run it
in a thread (asyncio.to_thread) so that the bot keeps answering meanwhile."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

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


def subject_chart(title: str, marks: Sequence[tuple[dt.date, int, float]]) -> bytes:
    """Each mark as a point (bigger for heavier kinds) and the weighted average as it moved."""
    from matplotlib.dates import DateFormatter, date2num
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
    axes.xaxis.set_major_formatter(DateFormatter("%d.%m"))  # type: ignore[no-untyped-call]
    axes.set_title(title)
    axes.grid(alpha=0.3)
    return _png(figure)
