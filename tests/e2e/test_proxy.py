"""Telegram behind a proxy: with TELEGRAM_PROXY set, `schoolbot run` reaches the Bot API only through it,
both aiogram's requests (getMe, getUpdates, the replies) and the sender's own (a notice to a parent).
The proxy here is a small HTTP CONNECT proxy that counts its tunnels and where they went."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.e2e.conftest import Sandbox, announce_now


@dataclass
class ConnectProxy:
    port: int = 0
    tunnels: list[str] = field(default_factory=list)  # "host:port" of each CONNECT

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await reader.readuntil(b"\r\n\r\n")
            method, target, _ = request.split(b"\r\n", 1)[0].decode().split(" ", 2)
            if method != "CONNECT":
                writer.write(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
                return
            host, port = target.rsplit(":", 1)
            upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
            self.tunnels.append(target)
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()


async def _pipe(source: asyncio.StreamReader, target: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError):
        while chunk := await source.read(65536):
            target.write(chunk)
            await target.drain()
    target.close()


@pytest.fixture
async def proxy() -> AsyncIterator[ConnectProxy]:
    recorder = ConnectProxy()
    server = await asyncio.start_server(recorder.handle, "127.0.0.1", 0)
    recorder.port = server.sockets[0].getsockname()[1]
    async with server:
        yield recorder


async def test_the_bot_and_the_sender_reach_telegram_only_through_the_proxy(
    sandbox: Sandbox, session: AsyncSession, proxy: ConnectProxy
) -> None:
    demo = await sandbox.demo()
    fake_address = urlsplit(sandbox.url).netloc
    bot = await sandbox.start_bot(TELEGRAM_PROXY=f"http://127.0.0.1:{proxy.port}")
    try:
        assert fake_address in proxy.tunnels  # getMe, setMyCommands, getUpdates went through it
        teacher, screen = await sandbox.join(str(demo["personas"]["teacher"]["link"]), "Ольга")
        assert "Учитель" in screen.text
        tunnels_before = len(proxy.tunnels)
        await announce_now(session, int(demo["school_id"]), teacher.user_id, "Педсовет в 15:00")
        before = sandbox.fake.activity_version(teacher.user_id)
        await sandbox.fake.wait_for_activity(teacher.user_id, after_version=before, timeout=15)
        assert "Педсовет в 15:00" in sandbox.fake.messages(teacher.user_id)[-1].text
        assert len(proxy.tunnels) > tunnels_before  # the sender's own connection
        assert set(proxy.tunnels) == {fake_address}
    finally:
        await bot.stop()
