"""Callback data of report cards (табель): a family's card of one child, a class's set for staff."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData


class ReportCardAction(enum.StrEnum):
    CHILD = "c"  # a family: one child's card for a period, sent as a PDF (overview, ready notice)
    PERIODS = "p"  # staff: for which period a class's set is made
    CLASS = "k"  # staff: the class's set for a period, one PDF


class ReportCardCb(CallbackData, prefix="rpc"):
    """Every id is checked against who pressed: the child is the presser's own (or himself) and the
    period one begun in his class's year; the class is the presser's own class, or any class of his
    school for the administration."""

    action: ReportCardAction
    student_id: int = 0
    class_id: int = 0
    period_id: int = 0
