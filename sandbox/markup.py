"""Telegram's text formatting rules: HTML parse mode, entity offsets, trimming, lengths.

Telegram renders ``parse_mode=HTML`` text into plain text plus a list of entities and
rejects malformed markup with ``Bad Request: can't parse entities: ...``.  The fake
reproduces that, because unescaped ``<`` in user-provided strings (a pupil's name, a
teacher's comment) is exactly the kind of bug a test should catch before production does.

Offsets and lengths are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

# Tag name -> entity type.  ``span`` is only valid with class="tg-spoiler".
_TAG_ENTITIES: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);")
_ATTR_RE = re.compile(r"""\s*([a-zA-Z0-9_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
# Like Telegram, a tag name runs to whitespace, ">" or "/" (so "<Иван>" is reported as such).
_TAG_NAME_RE = re.compile(r"[^\s>/]*")
# Telegram trims these around message texts and captions.
_TRIMMED = " \t\r\n"


class EntityParseError(ValueError):
    """Markup Telegram would reject; ``str(error)`` is the part after ``can't parse entities:``."""


class UnsupportedParseModeError(ValueError):
    """A parse_mode Telegram does not know."""


@dataclass(frozen=True)
class FormattedText:
    """Text as Telegram stores it: trimmed plain text and its entities."""

    plain: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def strip_html(html: str) -> str:
    """Plain text of HTML markup (raises EntityParseError on markup Telegram rejects)."""
    return parse_html(html).plain


def format_text(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None = None
) -> FormattedText:
    """Render text the way Telegram does for sendMessage/editMessageText/captions.

    Only HTML is actually parsed; Markdown modes are accepted but kept verbatim, since
    the project sends HTML and a half-right Markdown parser would mislead more than help.
    """
    mode = (parse_mode or "").lower()
    if mode == "html":
        cached = _parsed_html(text)
        return FormattedText(cached.plain, [dict(entity) for entity in cached.entities])
    if mode in ("", "markdown", "markdownv2"):
        return _trim(text, list(entities or []))
    raise UnsupportedParseModeError(parse_mode)


@functools.lru_cache(maxsize=4096)
def _parsed_html(text: str) -> FormattedText:
    """Bots redraw the same screens over and over: parse each distinct text once (callers copy)."""
    return parse_html(text)


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    start: int  # UTF-16 offset in the output


@dataclass
class _HtmlParser:
    source: str
    out: list[str] = field(default_factory=list)
    length: int = 0  # UTF-16 length of the output so far
    stack: list[_OpenTag] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)

    def byte_offset(self, index: int) -> int:
        # Telegram reports positions as UTF-8 byte offsets into the source text.
        return len(self.source[:index].encode())

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.length += utf16_len(text)

    def run(self) -> FormattedText:
        i = 0
        while i < len(self.source):
            char = self.source[i]
            if char == "&":
                i = self.read_entity(i)
            elif char == "<":
                i = self.read_tag(i)
            else:
                self.emit(char)
                i += 1
        if self.stack:
            raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"')
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return _trim("".join(self.out), self.entities)

    def read_entity(self, i: int) -> int:
        match = _ENTITY_RE.match(self.source, i)
        decoded = _decode_entity(match.group(1)) if match else None
        if match is None or decoded is None:
            # Telegram keeps an ampersand that does not start a known entity as is.
            self.emit("&")
            return i + 1
        self.emit(decoded)
        return match.end()

    def read_tag(self, i: int) -> int:
        if self.source.startswith("</", i):
            return self.read_end_tag(i)
        name_match = _TAG_NAME_RE.match(self.source, i + 1)
        assert name_match is not None  # the pattern matches the empty string
        name = name_match.group(0).lower()
        if name not in _TAG_ENTITIES:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {self.byte_offset(i)}')
        close = _find_tag_end(self.source, name_match.end())
        if close < 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {self.byte_offset(i)}")
        attrs = _parse_attrs(self.source[name_match.end() : close])
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(i)}'
            )
        self.stack.append(_OpenTag(name=name, attrs=attrs, start=self.length))
        return close + 1

    def read_end_tag(self, i: int) -> int:
        close = self.source.find(">", i)
        if close < 0:
            raise EntityParseError(f"Unclosed end tag at byte offset {self.byte_offset(i)}")
        name = self.source[i + 2 : close].strip().lower()
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self.byte_offset(i)}")
        top = self.stack[-1]
        if name != top.name:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {self.byte_offset(i)}, expected "</{top.name}>", '
                f'found "</{name}>"'
            )
        self.stack.pop()
        self.add_entity(top)
        return close + 1

    def add_entity(self, tag: _OpenTag) -> None:
        length = self.length - tag.start
        if length == 0:
            return  # Telegram drops empty entities
        entity: dict[str, Any] = {"type": _TAG_ENTITIES[tag.name], "offset": tag.start, "length": length}
        if tag.name == "a":
            entity["url"] = tag.attrs.get("href", "")
        elif tag.name == "blockquote" and "expandable" in tag.attrs:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attrs.get("emoji-id", "")
        elif tag.name == "code" and self.stack and self.stack[-1].name == "pre":
            # <pre><code class="language-x"> is one pre entity with a language.
            language = tag.attrs.get("class", "").removeprefix("language-")
            if language:
                self.stack[-1].attrs["language"] = language
            return
        elif tag.name == "pre" and tag.attrs.get("language"):
            entity["language"] = tag.attrs["language"]
        self.entities.append(entity)


def parse_html(html: str) -> FormattedText:
    return _HtmlParser(source=html).run()


def _decode_entity(body: str) -> str | None:
    if body.startswith("#x"):
        return _safe_chr(int(body[2:], 16))
    if body.startswith("#"):
        return _safe_chr(int(body[1:]))
    return _NAMED_ENTITIES.get(body)


def _safe_chr(code: int) -> str | None:
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None


def _find_tag_end(source: str, start: int) -> int:
    """Index of the ``>`` closing a start tag, skipping quoted attribute values."""
    quote: str | None = None
    for index in range(start, len(source)):
        char = source[index]
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == ">":
            return index
    return -1


def _parse_attrs(raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR_RE.finditer(raw):
        name, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        attrs[name.lower()] = _unescape(value)
    return attrs


def _unescape(text: str) -> str:
    return _ENTITY_RE.sub(lambda m: _decode_entity(m.group(1)) or m.group(0), text)


def _trim(text: str, entities: list[dict[str, Any]]) -> FormattedText:
    """Strip leading/trailing whitespace like Telegram, moving entities along."""
    stripped = text.strip(_TRIMMED)
    if not stripped:
        return FormattedText(plain="", entities=[])
    shift = utf16_len(text[: len(text) - len(text.lstrip(_TRIMMED))])
    limit = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(int(entity["offset"]) - shift, 0)
        end = min(int(entity["offset"]) + int(entity["length"]) - shift, limit)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return FormattedText(plain=stripped, entities=kept)
