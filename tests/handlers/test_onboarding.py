"""Joining by invite link through the real Dispatcher: what each person sees, and what is stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from models import Guardian, GuardianLink, InviteFailure, Staff
from tests.handlers.conftest import Harness


async def test_parent_joins_with_consent_and_sees_the_parent_menu(harness: Harness) -> None:
    await harness.build_demo()
    parent = await harness.newcomer("Ольга", "Андреева")
    screen = await parent.send(f"/start {harness.token('parent')}")
    assert "Согласие на обработку персональных данных" in screen.text
    assert "152-ФЗ" in screen.text
    assert screen.buttons == [["✅ Даю согласие"], ["Не даю согласия"]]
    async with harness.session_factory() as session:  # nothing is bound before consent
        assert await session.scalar(select(Guardian.id).where(Guardian.tg_user_id == parent.user_id)) is None

    # Typed instead of pressed: she is pointed at the button, not sent back to a link she just opened.
    screen = await parent.send("да, согласна")
    assert "нажмите кнопку «✅ Даю согласие»" in screen.text and "ссылку" not in screen.text
    assert screen.buttons == [["✅ Даю согласие"], ["Не даю согласия"]]

    screen = await parent.press("✅ Даю согласие")
    assert any("Готово! Вы подключены как родитель. Ученик: " in m.text for m in screen.messages)
    assert "<b>Родитель</b>" in screen.current.html  # type: ignore[union-attr]
    assert screen.has_button("📅 Расписание")
    async with harness.session_factory() as session:
        guardian = await session.scalar(select(Guardian).where(Guardian.tg_user_id == parent.user_id))
        assert guardian is not None
        assert guardian.full_name == harness.school.personas["parent"].name  # type: ignore[union-attr]
        assert guardian.consent_given_at == harness.clock.now()


async def test_declined_consent_binds_nothing(harness: Harness) -> None:
    await harness.build_demo()
    parent = await harness.newcomer("Ольга")
    await parent.send(f"/start {harness.token('parent')}")
    screen = await parent.press("Не даю согласия")
    assert "Без согласия" in screen.text
    async with harness.session_factory() as session:
        assert await session.scalar(select(Guardian.id).where(Guardian.tg_user_id == parent.user_id)) is None
    # The link is still good: the parent may change his mind.
    screen = await parent.send(f"/start {harness.token('parent')}")
    assert "Согласие на обработку" in screen.text


async def test_reused_expired_and_made_up_tokens_are_refused(harness: Harness) -> None:
    await harness.join("teacher")
    stranger = await harness.newcomer("Пётр")
    screen = await stranger.send(f"/start {harness.token('teacher')}")
    assert screen.text.startswith("Эта ссылка уже использована")

    screen = await stranger.send("/start Zm9yZ2VkLXRva2VuLXRoYXQtZG9lcy1ub3Q")
    assert screen.text.startswith("Ссылка не найдена")

    harness.clock.advance(dt.timedelta(days=15))
    screen = await stranger.send(f"/start {harness.token('deputy')}")
    assert screen.text.startswith("Срок действия ссылки истёк")
    async with harness.session_factory() as session:
        bound = await session.scalar(
            select(func.count()).select_from(Staff).where(Staff.tg_user_id == stranger.user_id)
        )
        assert bound == 0


async def test_guessing_is_stopped_after_ten_bad_tokens(harness: Harness) -> None:
    await harness.build_demo()
    guesser = await harness.newcomer("Бот")
    for attempt in range(10):
        screen = await guesser.send(f"/start guess-{attempt:02d}-aaaaaaaaaaaaaaaaaaaaaaa")
        assert screen.text.startswith("Ссылка не найдена")
    screen = await guesser.send(f"/start {harness.token('coordinator')}")
    assert screen.text.startswith("Слишком много неверных ссылок")
    async with harness.session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(InviteFailure)) == 10
        assert await session.scalar(select(Staff.tg_user_id).where(Staff.is_coordinator)) is None


async def test_opening_ones_own_link_again_just_shows_the_menu(harness: Harness) -> None:
    teacher, _ = await harness.join("teacher")
    screen = await teacher.send(f"/start {harness.token('teacher')}")
    assert any("Вы уже подключены" in m.text for m in screen.messages)
    assert screen.has_button("📅 Моё расписание")


async def test_parent_of_two_children_joins_both(harness: Harness) -> None:
    parent, _ = await harness.join("parent_two_children")
    second = harness.school.personas["parent_two_children"].extra["second_child_token"]  # type: ignore[union-attr]
    await parent.send(f"/start {second}")
    await parent.press("✅ Даю согласие")
    screen = await parent.press("📅 Расписание")
    assert screen.text == "Чьё расписание показать?"
    assert len(screen.buttons) == 3  # two children and the menu
    async with harness.session_factory() as session:
        children = await session.scalar(
            select(func.count())
            .select_from(GuardianLink)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .where(Guardian.tg_user_id == parent.user_id)
        )
        assert children == 2


async def test_plain_start_for_a_stranger_explains_how_to_join(harness: Harness) -> None:
    stranger = await harness.newcomer("Иван")
    screen = await stranger.send("/start")
    assert "ссылку-приглашение" in screen.text
    screen = await stranger.send("/menu")
    assert "ещё не подключены" in screen.text
