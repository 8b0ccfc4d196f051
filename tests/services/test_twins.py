"""One person in both messengers (services/twins.py): a twin acts as the first account, messages follow
the messenger he last wrote from or the one he chose, and a gone chat gives way to the other one."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import AccountLink, Outbox, Staff, TgUser
from models.enums import Role
from services import acknowledgements, delivery, twins
from services.channels import Channel
from services.twins import LinkRejected, MessengerChoice
from services.users import TelegramProfile, enter
from tests.factories import NOW, small_school

MOTHER_TG, MOTHER_MAX, STRANGER_MAX = 4_100_001, -4_100_002, -4_100_003


async def _mother_in_telegram(session: AsyncSession) -> int:
    """The school's id; the first 5Б mother joined in Telegram."""
    school = await small_school(session)
    await enter(session, TelegramProfile(MOTHER_TG, MOTHER_TG, "Ольга"), NOW)
    mother = school.mothers[school.students_5b[0].id]
    mother.tg_user_id, mother.consent_given_at = MOTHER_TG, NOW
    await session.flush()
    return school.school_id


async def _arrive(session: AsyncSession, account: int, at: dt.datetime = NOW) -> int:
    """He writes from `account`; returns the account the journal takes him for."""
    context, _ = await enter(session, TelegramProfile(account, account, "Ольга"), at)
    assert context.has(Role.PARENT)
    return context.tg_user_id


async def _chat_of(session: AsyncSession, account: int) -> int:
    session.expire_all()
    chat = await session.scalar(select(TgUser.chat_id).where(TgUser.id == account))
    assert chat is not None
    return int(chat)


async def _join_max(session: AsyncSession) -> None:
    token = await twins.issue_link(session, MOTHER_TG, now=NOW)
    await enter(session, TelegramProfile(MOTHER_MAX, MOTHER_MAX, "Ольга"), NOW)
    attached = await twins.attach(session, MOTHER_MAX, token, now=NOW)
    assert (attached.principal, attached.already) == (MOTHER_TG, False)


async def test_a_twin_acts_as_her_first_account_and_messages_follow_her(session: AsyncSession) -> None:
    await _mother_in_telegram(session)
    await _join_max(session)
    assert await _chat_of(session, MOTHER_TG) == MOTHER_MAX  # she is in MAX right now

    assert await _arrive(session, MOTHER_MAX) == MOTHER_TG  # her roles, her children
    later = NOW + dt.timedelta(minutes=1)
    assert await _arrive(session, MOTHER_TG, later) == MOTHER_TG
    assert await _chat_of(session, MOTHER_TG) == MOTHER_TG  # she wrote from Telegram last
    assert await _arrive(session, MOTHER_MAX, later) == MOTHER_TG
    assert await _chat_of(session, MOTHER_TG) == MOTHER_MAX

    # She chooses Telegram: writing from MAX no longer moves her messages.
    await twins.choose(session, MOTHER_TG, MessengerChoice.TELEGRAM)
    assert await _chat_of(session, MOTHER_TG) == MOTHER_TG
    await _arrive(session, MOTHER_MAX, later + dt.timedelta(minutes=20))
    assert await _chat_of(session, MOTHER_TG) == MOTHER_TG

    # Leaving MAX: the MAX account is nobody again.
    assert await twins.detach(session, MOTHER_TG, Channel.MAX)
    context, _ = await enter(session, TelegramProfile(MOTHER_MAX, MOTHER_MAX, "Ольга"), later)
    assert context.grants == () and context.tg_user_id == MOTHER_MAX


async def test_a_link_joins_once_in_its_messenger_and_never_an_account_with_roles_of_its_own(
    session: AsyncSession,
) -> None:
    await _mother_in_telegram(session)
    token = await twins.issue_link(session, MOTHER_TG, now=NOW)
    telegram_stranger = 4_100_009
    for account in (telegram_stranger, MOTHER_MAX, STRANGER_MAX):
        await enter(session, TelegramProfile(account, account, "Кто-то"), NOW)

    for wrong in (telegram_stranger, MOTHER_TG):  # opened in Telegram, by someone else or by her
        with pytest.raises(LinkRejected) as refused:
            await twins.attach(session, wrong, token, now=NOW)
        assert refused.value.reason == "wrong-messenger"
    with pytest.raises(LinkRejected) as refused:  # a day later it is gone
        await twins.attach(session, MOTHER_MAX, token, now=NOW + twins.LINK_LIFETIME)
    assert refused.value.reason == "expired"

    # A MAX account that joined as a teacher by its own invite cannot become her twin.
    await session.execute(update(Staff).where(Staff.last_name == "Попова").values(tg_user_id=STRANGER_MAX))
    with pytest.raises(LinkRejected) as refused:
        await twins.attach(session, STRANGER_MAX, token, now=NOW)
    assert refused.value.reason == "has-roles"

    await twins.attach(session, MOTHER_MAX, token, now=NOW)
    again = await twins.attach(session, MOTHER_MAX, token, now=NOW)  # opened twice: already hers
    assert again.already
    used = await session.scalar(select(AccountLink.used_at))
    assert used == NOW
    # A newer link makes the older unused one stop working.
    first = await twins.issue_link(session, MOTHER_TG, now=NOW)
    await twins.issue_link(session, MOTHER_TG, now=NOW)
    await enter(session, TelegramProfile(-4_100_010, -4_100_010, "Ольга"), NOW)
    with pytest.raises(LinkRejected):
        await twins.attach(session, -4_100_010, first, now=NOW)


async def test_her_max_chat_gone_sends_her_messages_to_telegram(session: AsyncSession) -> None:
    await _mother_in_telegram(session)
    await _join_max(session)
    await delivery.block(session, [MOTHER_MAX], NOW)  # MAX: bot_stopped, or a 403 to that chat
    assert await _chat_of(session, MOTHER_TG) == MOTHER_TG
    blocked = await session.scalar(select(TgUser.is_blocked).where(TgUser.id == MOTHER_MAX))
    principal_blocked = await session.scalar(select(TgUser.is_blocked).where(TgUser.id == MOTHER_TG))
    assert blocked is True and principal_blocked is False  # she is still reachable in Telegram

    # Writing from MAX again: her messages follow her back there, and the MAX account is live.
    await _arrive(session, MOTHER_MAX, NOW + dt.timedelta(minutes=1))
    assert await _chat_of(session, MOTHER_TG) == MOTHER_MAX
    blocked = await session.scalar(select(TgUser.is_blocked).where(TgUser.id == MOTHER_MAX))
    assert blocked is False


async def test_acknowledging_needs_the_chat_the_message_went_to(session: AsyncSession) -> None:
    school_id = await _mother_in_telegram(session)
    await _join_max(session)
    remark = Outbox(school_id=school_id, tg_user_id=MOTHER_TG, kind="remark", dedupe_key="r:1",
                    payload={"remark_id": 1, "student_id": 1},
                    status="sent", sent_message_id=57, sent_chat_id=MOTHER_MAX)  # fmt: skip
    session.add(remark)
    await session.flush()
    # Message 57 of her Telegram chat is another message: pressing there brings nothing.
    assert await acknowledgements.acknowledge(session, MOTHER_TG, 57, now=NOW, chat=MOTHER_TG) == 0
    assert await acknowledgements.acknowledge(session, MOTHER_TG, 57, now=NOW, chat=MOTHER_MAX) == 1
