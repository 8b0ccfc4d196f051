"""Stored files: ids, paths, MIME types and image dimensions the way Telegram reports them."""

from __future__ import annotations

import mimetypes
import struct
from dataclasses import dataclass
from typing import Any

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass
class StoredFile:
    """An uploaded file, downloadable through getFile + the file route."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    filename: str
    mime: str
    kind: str  # "document" | "photo"
    width: int = 0
    height: int = 0

    def document_dict(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "mime_type": self.mime,
            "file_size": len(self.content),
        }

    def photo_sizes(self) -> list[dict[str, Any]]:
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": self.width,
                "height": self.height,
                "file_size": len(self.content),
            }
        ]


def guess_mime(filename: str, sent: str | None) -> str:
    # Telegram derives the MIME type from the file name; aiogram sends octet-stream anyway.
    guessed, _ = mimetypes.guess_type(filename)
    if guessed:
        return guessed
    if sent and sent != "application/octet-stream":
        return sent
    return "application/octet-stream"


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF, JPEG or WebP image, or None when it is not one."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
        return int(width), int(height)
    if content.startswith(b"RIFF") and content[8:12] == b"WEBP":
        return 1, 1  # dimensions need VP8 parsing; not worth it for a fake
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content) or (1, 1)
    return None


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(content):
        if content[index] != 0xFF:
            return None
        marker = content[index + 1]
        (length,) = struct.unpack(">H", content[index + 2 : index + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", content[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + int(length)
    return None
