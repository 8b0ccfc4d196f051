"""Invite slips for a parent meeting: one PDF, a slip per student, cut along the dashes.

Each slip: the student's name and class, the QR code and link of each parent on the roster not yet
in the bot and of the student (the phone's camera opens the bot with the link), or «already in the
bot», and three lines of instructions. Where the school offers two messengers, each person has a QR
code for each (Telegram's and MAX's, the same one-time token). Drawn with reportlab; the Cyrillic
font is matplotlib's DejaVu Sans, which the bot ships already for its charts.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models import School
from models.enums import Role
from services import access, invites
from services.audit import Actor
from services.classes import class_roster
from services.pdf_fonts import FONT, FONT_BOLD, register_fonts

SLIPS_PER_PAGE = 3
QR_SIZE_MM = 36
# What `texts` must name, in the reader's language.
SLIP_WORDS = ("title", "parent", "student", "joined", "step1", "step2", "step3")


# (the messenger's name, the link) for each messenger the school offers.
Links = list[tuple[str, str]]


@dataclass(frozen=True)
class SlipCode:
    """One person's codes on a slip: whose they are and his links (None: already in the bot)."""

    label: str
    links: Links | None


@dataclass(frozen=True)
class Slip:
    student: str
    class_label: str
    codes: list[SlipCode]


def slips_pdf(slips: list[Slip], school_name: str, valid_line: str, texts: dict[str, str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(texts["title"])
    width, height = A4
    slip_height = (height - 20 * mm) / SLIPS_PER_PAGE
    for index, slip in enumerate(slips):
        if index and index % SLIPS_PER_PAGE == 0:
            canvas.showPage()
        top = height - 10 * mm - (index % SLIPS_PER_PAGE) * slip_height
        _draw_slip(canvas, slip, school_name, valid_line, texts, top, width, slip_height)
    canvas.save()
    return buffer.getvalue()


def _draw_slip(
    canvas: object,
    slip: Slip,
    school_name: str,
    valid_line: str,
    texts: dict[str, str],
    top: float,
    width: float,
    height: float,
) -> None:
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    assert isinstance(canvas, Canvas)
    left = 12 * mm
    column = (width - 2 * left) / 3
    canvas.setDash(3, 3)
    canvas.line(8 * mm, top - height + 2 * mm, width - 8 * mm, top - height + 2 * mm)  # cut here
    canvas.setDash()
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawString(left, top - 8 * mm, f"{slip.student}, {slip.class_label} · {school_name}")
    for index, code in enumerate(slip.codes[:3]):
        _draw_code(canvas, code, texts, left + index * column, top - 14 * mm, column - 4 * mm)
    canvas.setFont(FONT, 9)
    lines = [texts["step1"], texts["step2"], texts["step3"], valid_line]
    for number, line in enumerate(lines):
        canvas.drawString(left, top - (74 + 4.5 * number) * mm, line)


def _draw_code(
    canvas: object, code: SlipCode, texts: dict[str, str], x: float, top: float, room: float
) -> None:
    """Whose code it is (wrapped to the column), the QR code, and the link under it in two lines; with
    two messengers, a smaller code for each."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    assert isinstance(canvas, Canvas)
    canvas.setFont(FONT, 8.5)
    for number, line in enumerate(simpleSplit(code.label, FONT, 8.5, room)[:2]):
        canvas.drawString(x, top - number * 3.6 * mm, line)
    size = QR_SIZE_MM * mm
    qr_top = top - 9 * mm
    if code.links is None:
        canvas.setFont(FONT, 10)
        canvas.drawString(x, qr_top - size / 2, texts["joined"])
        return
    if len(code.links) == 1:
        link = code.links[0][1]
        _draw_qr(canvas, link, x, qr_top, size)
        address, _, token = link.partition("?start=")
        canvas.setFont(FONT, 6.5)
        canvas.drawString(x, qr_top - size - 3.5 * mm, f"{address}?start=")
        canvas.drawString(x, qr_top - size - 6.5 * mm, token)
        return
    # One code per messenger side by side, each named; the token (the same in both) once below.
    small = min(size, (room - 3 * mm) / len(code.links))
    for number, (name, link) in enumerate(code.links):
        left = x + number * (small + 3 * mm)
        _draw_qr(canvas, link, left, qr_top, small)
        canvas.setFont(FONT_BOLD, 7.5)
        canvas.drawString(left, qr_top - small - 3.5 * mm, name)
    canvas.setFont(FONT, 6.5)
    canvas.drawString(x, qr_top - small - 7 * mm, "?start=" + code.links[0][1].partition("?start=")[2])


def _draw_qr(canvas: object, link: str, x: float, top: float, size: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.pdfgen.canvas import Canvas

    assert isinstance(canvas, Canvas)
    widget = QrCodeWidget(link)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, top - size)


async def class_slips(
    session: AsyncSession,
    actor: Actor,
    class_id: int,
    *,
    links_for: Callable[[str], Links],
    now: dt.datetime,
    ttl_days: int,
    texts: dict[str, str],
    valid_text: Callable[[dt.date], str],
) -> tuple[str, bytes]:
    """Fresh links for everyone of the class not yet in the bot (older unused ones stop working) and
    their slips; returns the file name and the PDF. `links_for` makes the links of a token (a link per
    messenger the school offers)."""
    roster = await class_roster(session, actor, class_id)
    school_class = await access.class_for_family_admin(session, actor, class_id)
    school = await session.get(School, school_class.school_id)
    issued = await invites.issue_class_invites(session, actor, class_id, now=now, ttl_days=ttl_days)
    links: dict[tuple[int | None, Role, str | None], Links] = {
        (item.student_id, item.role, item.guardian_name): links_for(item.token) for item in issued
    }
    slips = []
    for row in roster.students:
        codes = [
            SlipCode(
                f"{texts['parent']}: {parent.full_name}",
                None if parent.joined else links.get((row.student_id, Role.PARENT, parent.full_name)),
            )
            for parent in row.parents
        ][:2] or [SlipCode(texts["parent"], links.get((row.student_id, Role.PARENT, None)))]
        codes.append(
            SlipCode(
                texts["student"], None if row.joined else links.get((row.student_id, Role.STUDENT, None))
            )
        )
        slips.append(Slip(row.full_name, roster.label, codes))
    valid = valid_text(issued[0].valid_through) if issued else ""
    content = slips_pdf(slips, school.name if school else "", valid, texts)
    # The time it was made, in the school's time, is in the name: a newer set makes the older links
    # dead, and two files of one name could not be told apart in the chat or the downloads folder.
    made = now.astimezone(ZoneInfo(school.timezone)) if school else now
    return f"{roster.label} {texts['title']} {made:%d.%m.%Y %H-%M}.pdf", content
