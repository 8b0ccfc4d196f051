"""A small HTTP/1.1 client for one host: JSON POSTs over a pool of kept-alive connections.

The sender makes one kind of request, thousands of times a second; a general client spends more
time on itself than on the request (aiohttp's client cost ~0.5 ms a request here, this one a tenth
of it). It speaks only what the Bot API needs: POST with a JSON body, answers with Content-Length or
chunked bodies, keep-alive, TLS for https. Anything unexpected closes the connection and raises
HttpError, which the sender treats like a network fault (retry with backoff).
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

MAX_HEADER_LINES = 100
MAX_BODY = 16 * 1024 * 1024
# A connection idle longer than this may have been closed by the server; it is not reused.
IDLE_SECONDS = 15.0


class HttpError(Exception):
    """The connection failed or the server said something this client does not understand."""


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.used_at = time.monotonic()

    def close(self) -> None:
        self.writer.close()


class JsonPoster:
    def __init__(
        self,
        base_url: str,
        *,
        connections: int = 64,
        timeout: float = 30.0,
        proxy: str | None = None,
        ca_bundle: str | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) address: {base_url}")
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self._ssl = ssl.create_default_context(cafile=ca_bundle) if parts.scheme == "https" else None
        self._proxy = proxy
        self._prefix = parts.path.rstrip("/")
        self._host_header = parts.netloc.rsplit("@", 1)[-1].encode()
        self._timeout = timeout
        self._idle: list[_Connection] = []
        self._slots = asyncio.Semaphore(connections)

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        """POST `body` as JSON to the base URL's path + `path`; returns (status, body bytes)."""
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        request = b"".join(
            (
                b"POST ",
                (self._prefix + path).encode(),
                b" HTTP/1.1\r\nHost: ",
                self._host_header,
                b"\r\nContent-Type: application/json\r\nContent-Length: ",
                str(len(payload)).encode(),
                b"\r\nConnection: keep-alive\r\n\r\n",
                payload,
            )
        )
        async with self._slots:
            connection = self._reusable() or await self._connect()
            try:
                async with asyncio.timeout(self._timeout):
                    result = await self._exchange(connection, request)
            except (OSError, EOFError, ValueError, TimeoutError, asyncio.IncompleteReadError) as error:
                connection.close()
                raise HttpError(f"{type(error).__name__}: {error}") from error
            except BaseException:
                connection.close()
                raise
            status, data, keep = result
            if keep:
                connection.used_at = time.monotonic()
                self._idle.append(connection)
            else:
                connection.close()
            return status, data

    def _reusable(self) -> _Connection | None:
        now = time.monotonic()
        while self._idle:
            connection = self._idle.pop()
            if now - connection.used_at < IDLE_SECONDS:
                return connection
            connection.close()
        return None

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    async def _connect(self) -> _Connection:
        try:
            async with asyncio.timeout(self._timeout):
                if self._proxy is None:
                    reader, writer = await asyncio.open_connection(self._host, self._port, ssl=self._ssl)
                else:
                    reader, writer = await self._through_proxy(self._proxy)
        except (OSError, TimeoutError) as error:
            raise HttpError(f"cannot connect: {error}") from error
        return _Connection(reader, writer)

    async def _through_proxy(self, proxy: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A tunnel through an HTTP (CONNECT) or SOCKS proxy, then TLS to Telegram inside it."""
        from python_socks import ProxyError
        from python_socks.async_.asyncio import Proxy

        try:
            sock = await Proxy.from_url(proxy).connect(self._host, self._port)
        except ProxyError as error:
            raise OSError(f"proxy: {error}") from error
        server_hostname = self._host if self._ssl is not None else None
        return await asyncio.open_connection(sock=sock, ssl=self._ssl, server_hostname=server_hostname)

    async def _exchange(self, connection: _Connection, request: bytes) -> tuple[int, bytes, bool]:
        connection.writer.write(request)
        reader = connection.reader
        status_line = await reader.readuntil(b"\r\n")
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            raise ValueError("not an HTTP/1.x answer")
        status = int(parts[1])
        length: int | None = None
        chunked = False
        keep = parts[0] == b"HTTP/1.1"
        for _ in range(MAX_HEADER_LINES):
            line = await reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            value = value.strip()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                keep = value.lower() == b"keep-alive" or (keep and value.lower() != b"close")
        else:
            raise ValueError("too many header lines")
        if chunked:
            body = await _read_chunked(reader)
        elif length is not None:
            if length > MAX_BODY:
                raise ValueError("answer too large")
            body = await reader.readexactly(length)
        else:
            body = await reader.read(MAX_BODY)
            keep = False
        return status, body, keep


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            # Trailers, if any, end with an empty line.
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass
            return b"".join(chunks)
        total += size
        if total > MAX_BODY:
            raise ValueError("answer too large")
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)
