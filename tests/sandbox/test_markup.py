"""Telegram's HTML parse mode as the fake renders it."""

from __future__ import annotations

import pytest

from sandbox.markup import EntityParseError, format_text, parse_html, strip_html, utf16_len


def test_tags_become_entities_with_utf16_offsets() -> None:
    parsed = parse_html('😀 <b>Жирный</b> и <a href="https://x.org/?a=1&amp;b=2">ссылка</a>')

    assert parsed.plain == "😀 Жирный и ссылка"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 6},
        {"type": "text_link", "offset": 12, "length": 6, "url": "https://x.org/?a=1&b=2"},
    ]


def test_entities_are_unescaped_and_unknown_ampersands_kept() -> None:
    assert (
        strip_html("&lt;b&gt; &amp; &quot;x&quot; &#1071; &#x44F; AT&T &nbsp;") == '<b> & "x" Я я AT&T &nbsp;'
    )


def test_nested_tags_and_pre_with_language() -> None:
    parsed = parse_html('<b>a<i>b</i></b><pre><code class="language-python">x = 1</code></pre>')

    assert parsed.plain == "abx = 1"
    assert {"type": "italic", "offset": 1, "length": 1} in parsed.entities
    assert {"type": "pre", "offset": 2, "length": 5, "language": "python"} in parsed.entities
    assert all(entity["type"] != "code" for entity in parsed.entities)


def test_text_is_trimmed_and_entities_shift() -> None:
    parsed = parse_html("\n\n  <b>итог</b>  \n")

    assert parsed.plain == "итог"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 4}]


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("Ё <b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b x='1'", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
def test_malformed_markup_is_rejected_like_telegram(html: str, error: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(html)
    assert str(caught.value) == error


def test_byte_offsets_count_utf8_bytes() -> None:
    with pytest.raises(EntityParseError, match='start tag "иван" at byte offset 14'):
        parse_html("Привет, <Иван>")  # "Привет, " is 14 bytes in UTF-8


def test_plain_and_markdown_modes_are_kept_verbatim_but_trimmed() -> None:
    assert format_text("  <b>x</b> ", None).plain == "<b>x</b>"
    assert format_text("*x*", "MarkdownV2").plain == "*x*"


def test_utf16_len_counts_surrogate_pairs() -> None:
    assert utf16_len("я😀") == 3
