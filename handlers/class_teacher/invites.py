"""A class teacher hands out parent and student links for his class (the regulation: families get
their access from the class teacher)."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import (
    ExportAction,
    ExportCb,
    FamilyAction,
    FamilyInviteCb,
    RemarkAction,
    RemarkCb,
    RevokeCb,
    SummaryAction,
    SummaryCb,
    ThreadAction,
    ThreadCb,
)
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import back_to_menu, clamp_page, page_slice, pager, single_column
from bot.links import InviteLinks
from bot.repeat_guard import NOT_SENT, ONCE, NotSent
from bot.screens import h, show
from bot.settings import Settings
from handlers.helpers import invite_message, making_a_file, offered_links, school_links
from models.enums import Role
from services import access, classes, invites, school_settings
from services.audit import Actor
from services.classes import StudentRow
from services.invites import IssuedInvite
from services.revocation import Whose
from services.slips import SLIP_WORDS, class_slips

router = Router(name=__name__)


def _student_label(row: StudentRow) -> str:
    student = "🎒✅" if row.joined else "🎒⏳"
    parents = f"👪{row.parents_joined}/{len(row.parents)}" if row.parents else "👪—"
    return f"{row.full_name} · {parents} · {student}"


@router.callback_query(FamilyInviteCb.filter(F.action == FamilyAction.CLASS))
async def class_roster(
    query: CallbackQuery, callback_data: FamilyInviteCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    roster = await classes.class_roster(session, actor, callback_data.class_id)
    page = clamp_page(len(roster.students), callback_data.page)
    families = sum(1 for s in roster.students if s.parents_joined)
    students_joined = sum(1 for s in roster.students if s.joined)
    text = t(
        "roster-title",
        label=roster.label,
        count=len(roster.students),
        families=families,
        students_joined=students_joined,
    )
    shown = page_slice(roster.students, page)
    paging = pager(
        t, page, len(roster.students), FamilyInviteCb, action=FamilyAction.CLASS, class_id=roster.class_id
    )
    exports = [
        InlineKeyboardButton(
            text=t("btn-exports"),
            callback_data=ExportCb(action=ExportAction.HOME, class_id=roster.class_id).pack(),
        )
    ]
    if not roster.may_issue:  # a deputy: who has joined, as text, and the class's exports
        lines = [text, t("roster-legend-view"), *(h(_student_label(row)) for row in shown)]
        await show(query, "\n".join(lines), single_column([], paging, exports, [back_to_menu(t)]))
        return
    items = [
        (
            _student_label(row),
            FamilyInviteCb(
                action=FamilyAction.STUDENT, class_id=roster.class_id, student_id=row.student_id, page=page
            ),
        )
        for row in shown
    ]
    markup = single_column(
        items,
        paging,
        [
            InlineKeyboardButton(
                text=t("btn-all-links"),
                callback_data=FamilyInviteCb(action=FamilyAction.ALL_LINKS, class_id=roster.class_id).pack(),
            ),
            InlineKeyboardButton(
                text=t("btn-slips"),
                callback_data=FamilyInviteCb(action=FamilyAction.SLIPS, class_id=roster.class_id).pack(),
            ),
        ],
        *_class_teacher_rows(t, actor, roster.class_id),
        exports,
        [back_to_menu(t)],
    )
    await show(query, f"{text}\n{t('roster-legend')}", markup)


def _class_teacher_rows(t: Translator, actor: Actor, class_id: int) -> list[list[InlineKeyboardButton]]:
    """Remarks, acknowledgements and the week's absences: the class teacher's own (a coordinator
    looking after the class's access does not see them)."""
    if not access.leads_class(actor, class_id):
        return []
    remarks = RemarkCb(action=RemarkAction.LIST, class_id=class_id)
    finals = RemarkCb(action=RemarkAction.FINALS, class_id=class_id)
    week = SummaryCb(action=SummaryAction.SHOW, class_id=class_id, monday=0)
    return [
        [
            InlineKeyboardButton(text=t("btn-remarks"), callback_data=remarks.pack()),
            InlineKeyboardButton(text=t("btn-finals-acknowledged"), callback_data=finals.pack()),
        ],
        [InlineKeyboardButton(text=t("btn-summary-week"), callback_data=week.pack())],
    ]


@router.callback_query(FamilyInviteCb.filter(F.action == FamilyAction.STUDENT))
async def student_card(
    query: CallbackQuery, callback_data: FamilyInviteCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    row, class_id = await classes.student_row(session, actor, callback_data.student_id)
    lines = [t("student-card-title", name=h(row.full_name))]
    if row.parents:
        lines.append(t("student-card-parents"))
        for parent in row.parents:
            state = t("joined") if parent.joined else t("not-joined")
            lines.append(f"• {h(parent.full_name)} — {state}")
    else:
        lines.append(t("student-card-no-parents"))
    lines.append(t("student-card-student", state=t("joined") if row.joined else t("not-joined")))
    lines.append(t("student-card-hint"))

    def button(text: str, action: FamilyAction, guardian_id: int = 0) -> list[InlineKeyboardButton]:
        data = FamilyInviteCb(
            action=action,
            class_id=class_id,
            student_id=row.student_id,
            guardian_id=guardian_id,
            page=callback_data.page,
        )
        return [InlineKeyboardButton(text=text, callback_data=data.pack())]

    keyboard = [
        button(t("btn-parent-link", name=h(parent.full_name)), FamilyAction.PARENT_LINK, parent.guardian_id)
        for parent in row.parents
    ]
    keyboard.append(button(t("btn-new-parent-link"), FamilyAction.NEW_PARENT_LINK))
    keyboard.append(button(t("btn-student-link"), FamilyAction.STUDENT_LINK))
    if access.leads_class(actor, class_id):
        write = RemarkCb(action=RemarkAction.WRITE, class_id=class_id, student_id=row.student_id)
        keyboard.append([InlineKeyboardButton(text=t("btn-remark-write"), callback_data=write.pack())])
        to_parents = ThreadCb(action=ThreadAction.FAMILY, student_id=row.student_id)
        keyboard.append([InlineKeyboardButton(text=t("btn-write-parents"), callback_data=to_parents.pack())])
    if actor.context is not None and actor.context.has(Role.COORDINATOR):
        keyboard += _revoke_buttons(t, row, class_id)
    keyboard.append(button(t("btn-back"), FamilyAction.CLASS))
    await show(query, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=keyboard))


def _revoke_buttons(t: Translator, row: StudentRow, class_id: int) -> list[list[InlineKeyboardButton]]:
    """The coordinator's: close the access of whoever in the family has joined."""
    back = {"class_id": class_id, "student_id": row.student_id}
    revokes = [
        (
            t("btn-revoke-parent", name=parent.full_name),
            RevokeCb(whose=Whose.PARENT.value, person_id=parent.guardian_id, **back),
        )
        for parent in row.parents
        if parent.joined
    ]
    if row.joined:
        revokes.append(
            (t("btn-revoke-student"), RevokeCb(whose=Whose.STUDENT.value, person_id=row.student_id, **back))
        )
    return [[InlineKeyboardButton(text=text, callback_data=data.pack())] for text, data in revokes]


@router.callback_query(
    FamilyInviteCb.filter(
        F.action.in_({FamilyAction.PARENT_LINK, FamilyAction.NEW_PARENT_LINK, FamilyAction.STUDENT_LINK})
    ),
    flags={ONCE: 60},  # a second link would replace the first, already forwarded
)
async def one_link(
    query: CallbackQuery,
    callback_data: FamilyInviteCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    invite_links: InviteLinks,
) -> None:
    now, ttl = clock.now(), settings.invite_ttl_days
    if callback_data.action == FamilyAction.STUDENT_LINK:
        issued = await invites.issue_student_invite(
            session, actor, callback_data.student_id, now=now, ttl_days=ttl
        )
    else:
        guardian_id = callback_data.guardian_id if callback_data.action == FamilyAction.PARENT_LINK else None
        issued = await invites.issue_parent_invite(
            session, actor, callback_data.student_id, guardian_id=guardian_id, now=now, ttl_days=ttl
        )
    await session.commit()  # the link must exist before anyone can be handed it
    # A separate message that the class teacher forwards to the family as it is.
    links = await school_links(bot, invite_links, session, issued)
    await bot.send_message(query.from_user.id, invite_message(t, links, issued))
    await query.answer(t("invite-issued"))


@router.callback_query(FamilyInviteCb.filter(F.action == FamilyAction.ALL_LINKS), flags={ONCE: 60})
async def all_links(
    query: CallbackQuery,
    callback_data: FamilyInviteCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    invite_links: InviteLinks,
) -> NotSent | None:
    issued = await invites.issue_class_invites(
        session, actor, callback_data.class_id, now=clock.now(), ttl_days=settings.invite_ttl_days
    )
    if not issued:
        await query.answer(t("all-links-nobody"), show_alert=True)
        return NOT_SENT
    label = issued[0].class_label or ""
    links = await school_links(bot, invite_links, session, issued[0])
    document = BufferedInputFile(
        _links_file(t, links, label, issued).encode("utf-8"),
        filename=t("all-links-filename", label=label),
    )
    await session.commit()  # the links must exist before anyone can be handed them
    await bot.send_document(
        query.from_user.id, document, caption=t("all-links-caption", label=label, count=len(issued))
    )
    await query.answer()
    return None


@router.callback_query(FamilyInviteCb.filter(F.action == FamilyAction.SLIPS), flags={ONCE: 60})
async def slips(
    query: CallbackQuery,
    callback_data: FamilyInviteCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    invite_links: InviteLinks,
) -> None:
    async with making_a_file(bot, query):
        await _send_slips(
            query, session, actor, t, bot, clock, settings, callback_data.class_id, invite_links
        )
    await query.answer()


async def _send_slips(
    query: CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    class_id: int,
    invite_links: InviteLinks,
) -> None:
    links = await _class_links(bot, invite_links, session, class_id)
    name, content = await class_slips(
        session,
        actor,
        class_id,
        links_for=links.of,
        now=clock.now(),
        ttl_days=settings.invite_ttl_days,
        # The start button is «Запустить» in Telegram and «Начать» in MAX: step 2 names the slip's.
        texts={word: t(f"slip-{word}", messengers=_slip_messengers(links)) for word in SLIP_WORDS},
        valid_text=lambda day: t("slip-valid", date=t.date(day)),
    )
    await session.commit()  # the links must exist before anyone can be handed them
    await bot.send_document(
        query.from_user.id, BufferedInputFile(content, filename=name), caption=t("slips-caption")
    )


def _slip_messengers(links: InviteLinks) -> str:
    return "both" if len(links.messengers) > 1 else links.messengers[0] if links.messengers else "telegram"


async def _class_links(
    bot: Bot, invite_links: InviteLinks, session: AsyncSession, class_id: int
) -> InviteLinks:
    """The links the class's school hands out (as school_links, for a class rather than an invite)."""
    offered = await school_settings.messengers_for_class(session, class_id)
    return await offered_links(bot, invite_links, offered)


def _links_file(t: Translator, links: InviteLinks, label: str, issued: list[IssuedInvite]) -> str:
    out = io.StringIO()
    out.write(t("all-links-header", label=label) + "\n\n")
    for item in issued:
        if item.role.value == "student":
            who = t("links-line-student", student=item.person_name)
        elif item.guardian_name:
            who = t("links-line-parent", parent=item.guardian_name, student=item.person_name)
        else:
            who = t("links-line-any-parent", student=item.person_name)
        out.write(f"{who}\n{links.text(item.token)}\n\n")
    out.write(t("all-links-footer", until=t.date(issued[0].valid_through)) + "\n")
    return out.getvalue()
