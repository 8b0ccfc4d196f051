"""School life beyond the journal: news, events and announcements written by staff for an audience."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func
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
