"""Routers, grouped by role. The role filter sits on messages and callback queries alike, so a
button from another role's screen (stale or forged) falls through to the fallback refusal."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter

from bot.filters import HasRole
from handlers import (
    common,
    errors,
    exports,
    fallback,
    file_corrections,
    files,
    meetings,
    notifications,
    onboarding,
    post_corrections,
    post_questions,
    posts,
    report_cards,
    threads,
)
from handlers.admin import classes as admin_classes
from handlers.admin import control as admin_control
from handlers.admin import lesson_changes as admin_lesson_changes
from handlers.admin import substitutions as admin_substitutions
from handlers.admin import tests_schedule as admin_tests_schedule
from handlers.class_teacher import absences as class_absences
from handlers.class_teacher import invites as class_invites
from handlers.class_teacher import remarks as class_remarks
from handlers.coordinator import access as coordinator_access
from handlers.coordinator import calendar as coordinator_calendar
from handlers.coordinator import deliveries as coordinator_deliveries
from handlers.coordinator import imports as coordinator_imports
from handlers.coordinator import school_year as coordinator_year
from handlers.coordinator import settings as coordinator_settings
from handlers.coordinator import staff as coordinator_staff
from handlers.family import absence_note as family_absence_note
from handlers.family import absences as family_absences
from handlers.family import acknowledge as family_acknowledge
from handlers.family import charts as family_charts
from handlers.family import homework as family_homework
from handlers.family import marks as family_marks
from handlers.family import meetings as family_meetings
from handlers.family import overview as family_overview
from handlers.family import report_card as family_report_card
from handlers.family import timetable as family_timetable
from handlers.teacher import attendance as teacher_attendance
from handlers.teacher import finals as teacher_finals
from handlers.teacher import homework as teacher_homework
from handlers.teacher import lessons as teacher_lessons
from handlers.teacher import marks as teacher_marks
from handlers.teacher import planned_tests as teacher_planned_tests
from handlers.teacher import timetable as teacher_timetable
from models.enums import Role


def _detached(router: Router) -> Router:
    """Feature routers live at module level (one per module) and aiogram lets a router have one
    parent; the tests build a fresh Dispatcher per test, so each build takes them over anew."""
    router._parent_router = None
    return router


def _role_router(name: str, role_filter: Filter, *children: Router) -> Router:
    router = Router(name=name)
    router.message.filter(role_filter)
    router.callback_query.filter(role_filter)
    router.include_routers(*(_detached(child) for child in children))
    return router


def get_routers() -> list[Router]:
    everyone = Role.COORDINATOR, Role.DEPUTY, Role.TEACHER, Role.CLASS_TEACHER, Role.PARENT, Role.STUDENT
    return [
        _detached(errors.router),
        # Teachers' taps are most of the traffic: their router is tried first. (Typed input is
        # never a command, so /cancel or /start still reach their handlers: bot.filters.TYPED_TEXT.)
        _role_router(
            "teacher",
            HasRole(Role.TEACHER),
            teacher_lessons.router,
            teacher_attendance.router,
            teacher_marks.router,
            teacher_homework.router,
            teacher_timetable.router,
            teacher_finals.router,
            teacher_planned_tests.router,
        ),
        _detached(onboarding.router),
        _detached(common.router),
        _role_router(
            "coordinator",
            HasRole(Role.COORDINATOR),
            coordinator_staff.router,
            coordinator_deliveries.router,
            coordinator_access.router,
            coordinator_settings.router,
            coordinator_year.router,
            coordinator_calendar.router,
        ),
        # Families' links: the class teacher's, and the coordinator's, who answers for all access; a
        # deputy sees who joined (the services refuse him the links themselves).
        _role_router(
            "family_links", HasRole(Role.CLASS_TEACHER, Role.COORDINATOR, Role.DEPUTY), class_invites.router
        ),
        _role_router(
            "administration",
            HasRole(Role.COORDINATOR, Role.DEPUTY),
            admin_classes.router,
            admin_substitutions.router,
            admin_lesson_changes.router,
            admin_control.router,
            admin_tests_schedule.router,
        ),
        _role_router(
            "exports",
            HasRole(Role.CLASS_TEACHER, Role.COORDINATOR, Role.DEPUTY),
            exports.router,
            report_cards.router,
        ),
        # Files staff send: the coordinator's roster or timetable, a teacher's lesson plan.
        _role_router("files_in", HasRole(Role.COORDINATOR, Role.TEACHER), coordinator_imports.router),
        _role_router(
            "class_teacher",
            HasRole(Role.CLASS_TEACHER),
            class_remarks.router,
            class_absences.router,
        ),
        # Meetings with parents: a teacher's or a class teacher's days and offers; a parent's bookings.
        _role_router("meetings", HasRole(Role.TEACHER, Role.CLASS_TEACHER), meetings.router),
        _role_router("parent", HasRole(Role.PARENT), family_meetings.router),
        _role_router(
            "school_member",
            HasRole(*everyone),
            family_timetable.router,
            notifications.router,
            posts.router,
            post_questions.router,
            post_corrections.router,
            threads.router,
            files.router,
            file_corrections.router,
        ),
        _role_router(
            "family",
            HasRole(Role.PARENT, Role.STUDENT),
            family_marks.router,
            family_acknowledge.router,
            family_overview.router,
            family_absences.router,
            family_homework.router,
            family_charts.router,
            family_absence_note.router,
            family_report_card.router,
        ),
        _detached(fallback.router),
    ]
