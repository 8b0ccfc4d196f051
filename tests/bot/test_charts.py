"""The marks chart's date axis: ticks at distinct days that have marks, a span around few marks, the
year shown when the marks cross one, and the chart itself drawn with exactly those labels."""

from __future__ import annotations

import datetime as dt

from bot.charts import MAX_DATE_TICKS, date_axis, subject_chart, subject_figure

DEC_2 = dt.date(2026, 12, 2)


def test_one_mark_sits_in_a_week_not_on_an_axis_of_years() -> None:
    axis = date_axis([DEC_2])
    assert axis.labels == ("02.12",)
    assert axis.first == dt.date(2026, 11, 29) and axis.last == dt.date(2026, 12, 5)


def test_two_marks_of_one_day_give_one_tick_and_two_days_two() -> None:
    assert date_axis([DEC_2, DEC_2]).labels == ("02.12",)
    assert date_axis([DEC_2, DEC_2 + dt.timedelta(days=1)]).labels == ("02.12", "03.12")


def test_the_year_is_shown_when_the_marks_cross_one() -> None:
    assert date_axis([dt.date(2026, 12, 28), dt.date(2027, 1, 12)]).labels == ("28.12.26", "12.01.27")


def test_many_marks_give_a_few_distinct_ticks_from_the_first_to_the_last() -> None:
    days = [dt.date(2026, 9, 1) + dt.timedelta(days=n) for n in range(0, 90, 2) for _ in range(2)]
    axis = date_axis(days)
    assert len(axis.labels) == MAX_DATE_TICKS == len(set(axis.labels))
    assert axis.ticks[0] == days[0] and axis.ticks[-1] == days[-1]


def test_the_drawn_chart_has_those_labels_each_once() -> None:
    marks = [(DEC_2, 5, 1.0), (DEC_2, 4, 2.0), (dt.date(2027, 1, 14), 3, 1.0)]
    (axes,) = subject_figure("Математика", marks).axes
    labels = [label.get_text() for label in axes.get_xticklabels()]
    assert labels == ["02.12.26", "14.01.27"]


def test_the_drawn_chart_is_a_png() -> None:
    png = subject_chart("Математика", [(DEC_2, 5, 1.0), (DEC_2, 4, 2.0)])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
