"""School life beyond the journal: news, events and announcements written by staff for an audience."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt


class Post(CreatedAt, Base):
    """A news item, an event (with its time and place) or an announcement, for one audience: the school
    (everyone), the staff room (staff only), a class (its students and parents) or a class's parents.

    The audience decides who is told and who may read it; a staff-room post is never shown to a parent
    or a student, whatever button he sends.
    """

    __tablename__ = "post"
    __table_args__ = (
        CheckConstraint("kind IN ('news', 'event', 'announcement')", name="kind"),
        CheckConstraint("audience IN ('school', 'staff', 'class', 'class_parents')", name="audience"),
        CheckConstraint("(audience IN ('class', 'class_parents')) = (class_id IS NOT NULL)", name="class"),
        CheckConstraint("(kind = 'event') = (event_at IS NOT NULL)", name="event_at"),
        CheckConstraint("question IS NULL OR question IN ('ack', 'yes_no', 'choice')", name="question"),
        Index("ix_post_school_id_published_at", "school_id", "published_at"),
        Index("ix_post_school_id_event_at", "school_id", "event_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(16))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    event_at: Mapped[dt.datetime | None]
    place: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
    # A question its readers answer with one tap (services/questions.py): «Ознакомлен», yes/no, or one
    # of `options`; per child (a parent answers for each of his children) or per person; until a deadline.
    question: Mapped[str | None] = mapped_column(String(8))
    options: Mapped[list[str]] = mapped_column(JSONB, default=list, server_default="[]")
    per_child: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    answers_until: Mapped[dt.datetime | None]
    reminded_at: Mapped[dt.datetime | None]  # those who had not answered were reminded (once a day)
    # Corrected after it went out (the text before is in the audit log), or withdrawn: a withdrawn post
    # leaves the readers' lists and stays in the administration's archive.
    edited_at: Mapped[dt.datetime | None]
    withdrawn_at: Mapped[dt.datetime | None]


class PostAnswer(Base):
    """One answer to a post's question: a person's (student_id NULL), or a child's given by a parent.
    Changed in place until the deadline; who answered last is kept."""

    __tablename__ = "post_answer"
    __table_args__ = (
        Index(
            "uq_post_answer_post_id_student_id",
            "post_id",
            "student_id",
            unique=True,
            postgresql_where=text("student_id IS NOT NULL"),
        ),
        Index(
            "uq_post_answer_post_id_account",
            "post_id",
            "account",
            unique=True,
            postgresql_where=text("student_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    account: Mapped[int] = mapped_column(BigInteger)  # the tg_user who answered (kept if he leaves)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    choice: Mapped[int] = mapped_column(SmallInteger)
    answered_at: Mapped[dt.datetime]


class Thread(CreatedAt, Base):
    """A conversation between a family's Telegram account (a parent, or the student himself) and one
    staff member, about one child. The bot relays it both ways; neither side sees the other's account.

    The people's names are kept as they were: a person removed from the school leaves his threads
    (their links NULL) and every message of them in the archive."""

    __tablename__ = "thread"
    __table_args__ = (UniqueConstraint("student_id", "family_account", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id", ondelete="SET NULL"))
    family_account: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("tg_user.id", ondelete="SET NULL")
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    student_name: Mapped[str] = mapped_column(Text, default="", server_default="")
    staff_name: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The staff member stopped being told of this thread's new messages (they are still kept).
    muted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")


class ThreadMessage(CreatedAt, Base):
    """One message of a thread: kept for the school's archive. The database refuses UPDATE, DELETE and
    TRUNCATE (migration 0010), and the bot's role has no right to them (bot/db_roles.py)."""

    __tablename__ = "thread_message"
    __table_args__ = (Index("ix_thread_message_sender_created_at", "sender_account", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id", ondelete="RESTRICT"), index=True)
    from_family: Mapped[bool] = mapped_column(Boolean)
    sender_account: Mapped[int] = mapped_column(BigInteger)
    sender_name: Mapped[str] = mapped_column(Text, default="", server_default="")  # as it was then
    text: Mapped[str] = mapped_column(Text)


class Folder(CreatedAt, Base):
    """The «Файлы» section: a folder of a school year (with subfolders), for staff only or for everyone,
    written by any staff member or by the administration only."""

    __tablename__ = "folder"
    __table_args__ = (
        CheckConstraint("writers IN ('staff', 'administration')", name="writers"),
        # A removed folder keeps its name in the archive; a new one may take it.
        Index(
            "uq_folder_academic_year_id_parent_id_name",
            "academic_year_id",
            "parent_id",
            "name",
            unique=True,
            postgresql_where=text("removed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("folder.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    everyone: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    writers: Mapped[str] = mapped_column(String(16), default="staff", server_default="staff")
    removed_at: Mapped[dt.datetime | None]  # removed with what it held: only the archive shows it


class StoredFile(CreatedAt, Base):
    """A document or photo in a folder, kept by its Telegram file id (the bot sends it by that id)."""

    __tablename__ = "stored_file"
    __table_args__ = (CheckConstraint("kind IN ('document', 'photo')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    folder_id: Mapped[int] = mapped_column(ForeignKey("folder.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    tg_file_id: Mapped[str] = mapped_column(String(200))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    removed_at: Mapped[dt.datetime | None]  # removed: only the administration's archive shows it
