"""«🎓 Новый учебный год» (from «⚙️ Настройки школы»): the coordinator sees what starting the next
year will do, marks who leaves after the 9th grade, and starts it with one tap once the lessons are over.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import SchoolSettingsCb, YearAction, YearCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import button, markup
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.helpers import grant_for
from models.enums import Role
from services import school_year
from services.audit import Actor
from services.calendar import school_today
from services.errors import InvalidInput
from services.school_year import YearPlan
from services.users import UserContext

router = Router(name=__name__)


def plan_text(t: Translator, plan: YearPlan, *, startable: bool) -> str:
    periods = ", ".join(t.date_range(start, end) for start, end in plan.periods)
    lines = [
        t("year-title", year=plan.next_year_name),
        t(
            "year-periods",
            date=t.date(plan.starts_on),
            count=len(plan.periods),
            periods=periods,
            kind=plan.period_kind.value,
        ),
        "",
        t("year-moves"),
    ]
    for move in plan.moves:
        teacher = t("year-class-teacher", name=h(move.class_teacher)) if move.class_teacher else ""
        if move.next_label is None:
            lines.append(t("year-graduates", label=move.label, count=move.leaving))
            continue
        lines.append(
            t("year-move", label=move.label, next=move.next_label, count=move.moving, teacher=teacher)
        )
        if move.leaving:
            lines.append(t("year-move-leaving", count=move.leaving))
    if not plan.moves:
        lines.append(t("year-no-classes"))
    lines += ["", t("year-keeps")]
    if not startable:
        lines += ["", t("year-wait", date=t.date(plan.startable_from), year=plan.next_year_name)]
    return "\n".join(lines)


def started_text(t: Translator, plan: YearPlan) -> str:
    """«✅ Учебный год 2027/2028 начат: 3 класса перешли (75 учеников), выпуск — 2. …»"""
    moved_up = len([move for move in plan.moves if move.next_label])
    return t(
        "year-started",
        year=plan.next_year_name,
        classes=moved_up,
        moved=plan.moving,
        graduated=plan.graduating,
    )


def _plan_markup(t: Translator, plan: YearPlan, *, startable: bool) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if any(move.label.startswith(str(school_year.LEAVING_GRADE)) for move in plan.moves):
        rows.append([button(t("btn-year-leavers"), YearCb(action=YearAction.LEAVERS))])
    if startable:
        rows.append([button(t("btn-year-start", year=plan.next_year_name), YearCb(action=YearAction.START))])
    rows.append([button(t("btn-back"), SchoolSettingsCb())])
    return markup(*rows)


@router.callback_query(YearCb.filter(F.action == YearAction.PREVIEW))
async def year_preview(
    query: CallbackQuery, session: AsyncSession, ctx: UserContext, actor: Actor, t: Translator, clock: Clock
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    plan = await school_year.plan_year(session, actor, school_id)
    today = await school_today(session, school_id, clock.now())
    startable = await school_year.startable(session, school_id, plan, today)
    await show(query, plan_text(t, plan, startable=startable), _plan_markup(t, plan, startable=startable))


@router.callback_query(YearCb.filter(F.action == YearAction.START), flags={ONCE: 60})
async def year_start(
    query: CallbackQuery, session: AsyncSession, ctx: UserContext, actor: Actor, t: Translator, clock: Clock
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    today = await school_today(session, school_id, clock.now())
    try:
        plan = await school_year.start_year(session, actor, school_id, today=today)
    except InvalidInput as refused:
        await show(
            query,
            t(f"error-{refused.code}", **refused.params),
            markup([button(t("btn-back"), SchoolSettingsCb())]),
        )
        return
    await session.commit()
    await show(query, started_text(t, plan), markup([button(t("btn-back"), SchoolSettingsCb())]))


@router.callback_query(YearCb.filter(F.action == YearAction.LEAVERS))
async def leaving_classes(
    query: CallbackQuery, session: AsyncSession, ctx: UserContext, actor: Actor, t: Translator
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    classes = await school_year.leaving_classes(session, actor, school_id)
    rows = [
        [
            button(
                t("btn-year-leaving-class", label=label, count=count),
                YearCb(action=YearAction.CLASS, class_id=cid),
            )
        ]
        for cid, label, count in classes
    ]
    rows.append([button(t("btn-back"), YearCb(action=YearAction.PREVIEW))])
    await show(query, t("year-leavers-title"), markup(*rows))


@router.callback_query(YearCb.filter(F.action.in_({YearAction.CLASS, YearAction.TOGGLE})))
async def leaving_students(
    query: CallbackQuery, callback_data: YearCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    if callback_data.action is YearAction.TOGGLE:
        await school_year.toggle_leaving(
            session, actor, callback_data.class_id, callback_data.student_id, bool(callback_data.leaving)
        )
        await session.commit()
    students = await school_year.leaving_candidates(session, actor, callback_data.class_id)
    rows = [
        [
            button(
                f"{'🎓' if s.leaving else '▫️'} {s.name}",
                YearCb(
                    action=YearAction.TOGGLE,
                    class_id=callback_data.class_id,
                    student_id=s.student_id,
                    leaving=int(not s.leaving),  # the mark the tap sets: a double tap sets it once
                ),
            )
        ]
        for s in students
    ]
    rows.append([button(t("btn-back"), YearCb(action=YearAction.LEAVERS))])
    leaving = sum(s.leaving for s in students)
    await show(query, t("year-leavers-class", count=leaving), markup(*rows))
