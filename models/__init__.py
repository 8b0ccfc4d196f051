"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from models.audit import AuditLog
from models.base import Base
from models.invite import Invite, InviteFailure
from models.journal import (
    AbsenceNote,
    Acknowledgement,
    Attendance,
    FinalMark,
    Homework,
    Mark,
    PlannedTest,
    Remark,
)
from models.meetings import MeetingBooking, MeetingOffer, MeetingOfferClass, MeetingSlot
from models.outbox import Outbox
from models.people import ClassEnrollment, Guardian, GuardianLink, SchoolClass, Staff, Student
from models.runtime import FsmState, HandledUpdate, SchedulerRun, WebhookState
from models.school import AcademicYear, MarkKind, Period, School, SchoolCalendarDay
from models.school_life import Folder, Post, PostAnswer, StoredFile, Thread, ThreadMessage
from models.teaching import LessonPlan, LessonPlanTopic, SubgroupMember, Subject, TeachingAssignment
from models.telegram import AccountLink, ChannelFile, ChannelMessage, TgUser
from models.timetable import Bell, Lesson, LessonChange, LessonUnlock, Substitution, TimetableSlot

__all__ = [
    "AbsenceNote",
    "AcademicYear",
    "AccountLink",
    "Acknowledgement",
    "Attendance",
    "AuditLog",
    "Base",
    "Bell",
    "ChannelFile",
    "ChannelMessage",
    "ClassEnrollment",
    "FinalMark",
    "Folder",
    "FsmState",
    "Guardian",
    "GuardianLink",
    "HandledUpdate",
    "Homework",
    "Invite",
    "InviteFailure",
    "Lesson",
    "LessonChange",
    "LessonPlan",
    "LessonPlanTopic",
    "LessonUnlock",
    "Mark",
    "MarkKind",
    "MeetingBooking",
    "MeetingOffer",
    "MeetingOfferClass",
    "MeetingSlot",
    "Outbox",
    "Period",
    "PlannedTest",
    "Post",
    "PostAnswer",
    "Remark",
    "SchedulerRun",
    "School",
    "SchoolCalendarDay",
    "SchoolClass",
    "Staff",
    "StoredFile",
    "Student",
    "SubgroupMember",
    "Subject",
    "Substitution",
    "TeachingAssignment",
    "TgUser",
    "Thread",
    "ThreadMessage",
    "TimetableSlot",
    "WebhookState",
]
