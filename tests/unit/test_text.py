"""Cutting HTML to Telegram's limits without breaking it."""

from __future__ import annotations

import asyncio
import html
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrogram.parser.html import HTML

from app.telegram.html import for_kurigram
from domain.text import (
    ELLIPSIS,
    canonical_by_parsing,
    emoji_id_problem,
    escape,
    fit_html,
    link_problem,
    shows_nothing,
    telegram_html,
    utf16_len,
    visible_len,
    visible_text,
)


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


def balanced(markup: str) -> bool:
    parser = _Balance()
    parser.feed(markup)
    parser.close()
    return parser.ok and not parser.stack


def test_utf16_counts_astral_characters_twice() -> None:
    assert utf16_len("a") == 1
    assert utf16_len("é") == 1
    assert utf16_len("😀") == 2


def test_entities_count_as_one_character() -> None:
    assert visible_len("<b>&amp;</b>") == 1
    assert visible_text("<i>a &lt;b&gt;</i>") == "a <b>"


def test_short_markup_is_untouched() -> None:
    assert fit_html("<b>hi</b>", 10) == "<b>hi</b>"


def test_cut_keeps_tags_balanced_and_says_it_was_cut() -> None:
    markup = "<b>Title</b>\n<blockquote expandable>" + "word " * 400 + "</blockquote>"
    cut = fit_html(markup, 100)
    assert visible_len(cut) <= 100
    assert cut.endswith(ELLIPSIS + "</blockquote>")
    assert balanced(cut)


def test_cut_never_splits_an_entity() -> None:
    markup = "x" * 8 + "&amp;&amp;&amp;"
    cut = fit_html(markup, 10)
    assert "&am" not in cut.replace("&amp;", "")
    assert visible_len(cut) <= 10


def test_cut_never_splits_a_surrogate_pair() -> None:
    cut = fit_html("😀" * 20, 9)
    assert visible_text(cut) == "😀😀😀😀" + ELLIPSIS
    assert utf16_len(visible_text(cut)) <= 9


def test_an_opened_tag_with_nothing_left_inside_is_dropped() -> None:
    cut = fit_html("a" * 20 + '<a href="https://x.org">link</a>', 15)
    assert "<a" not in cut
    assert balanced(cut)


TAGS = st.sampled_from(["b", "i", "u", "s", "code", "blockquote", "tg-spoiler"])


MARKUP = st.recursive(
    st.text(max_size=30).map(escape),
    lambda inner: st.tuples(TAGS, st.lists(inner, max_size=3)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"
    ),
    max_leaves=12,
)


@given(MARKUP, st.integers(min_value=2, max_value=200))
def test_fit_is_always_within_the_limit_and_valid(markup: str, limit: int) -> None:
    cut = fit_html(markup, limit)
    assert visible_len(cut) <= limit
    assert balanced(cut)
    if visible_len(markup) <= limit:
        assert cut == markup
    else:
        assert ELLIPSIS in visible_text(cut)
        # What is kept is a prefix of what was there.
        kept = visible_text(cut).rstrip(ELLIPSIS).rstrip()
        assert visible_text(markup).startswith(kept) or kept == ""


@given(st.text())
def test_escape_round_trips(value: str) -> None:
    assert html.unescape(escape(value)) == value
    assert "<" not in escape(value) and ">" not in escape(value)


# -- the canonical form Kurigram reads -------------------------------------

ANY_MARKUP = st.lists(
    st.sampled_from(
        ["<", ">", "&", "/", "=", '"', " ", "\n", "3", "b", "i", "a", "x", "😀", "\ud800",
         "<b>", "</b>", "<i>", "</i>", "<code>", "</code>", '<a href="https://e.com/?a=1&amp;b">',
         '<a href="tg://user?id=99999999999999999999">', "</a>", "<blockquote>", "</blockquote>",
         '<tg-emoji emoji-id="x">', '<tg-emoji emoji-id="5368324170671202286">', "</tg-emoji>",
         "<pre language>", "</pre>", "&amp;", "&lt;", "&#128512;", "<!-- c -->", "<3", "\x00"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


def kurigram_reads(markup: str) -> tuple[str, list[object]]:
    parsed = asyncio.run(HTML(None).parse(for_kurigram(markup)))
    return str(parsed["message"]), list(parsed["entities"] or [])


@settings(max_examples=300, deadline=None)
@given(ANY_MARKUP)
def test_canonical_markup_is_read_by_kurigram_as_it_is_measured_here(markup: str) -> None:
    canonical = telegram_html(markup)
    assert telegram_html(canonical) == canonical  # a fixed point: nothing left to change
    assert balanced(canonical)
    text, entities = kurigram_reads(canonical)
    # Kurigram drops some whitespace next to leading and trailing tags; the rest is ours.
    assert "".join(text.split()) == "".join(visible_text(canonical).split())
    assert utf16_len(text) <= visible_len(canonical)
    for entity in entities:
        entity.write()  # type: ignore[attr-defined]  # every entity can be encoded
        assert entity.offset + entity.length <= utf16_len(text)  # type: ignore[attr-defined]


NEAR_CANONICAL = st.recursive(
    st.sampled_from(["x", "&amp;", "&lt;", "&quot;", "&#x27;", "😀", " ", "\n", ">", "&", "\r"]),
    lambda inner: st.tuples(
        st.sampled_from(
            [("<b>", "</b>"), ("<i>", "</i>"), ("<code>", "</code>"),
             ("<tg-spoiler>", "</tg-spoiler>"), ('<a href="https://e.com/?a=1&amp;b=2">', "</a>"),
             ('<a href=" https://e.com">', "</a>"),
             ('<pre language="py">', "</pre>"), ("<blockquote expandable>", "</blockquote>"),
             ('<tg-emoji emoji-id="5">', "</tg-emoji>"), ('<tg-emoji emoji-id="0">', "</tg-emoji>"),
             ("<b>", "</i>")]
        ),
        st.lists(inner, max_size=3),
    ).map(lambda t: t[0][0] + "".join(t[1]) + t[0][1]),
    max_leaves=12,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(NEAR_CANONICAL, max_size=4).map("".join))
def test_the_fast_path_is_read_by_kurigram_as_the_full_parse(markup: str) -> None:
    assert kurigram_reads(telegram_html(markup)) == kurigram_reads(canonical_by_parsing(markup))


def test_stray_angle_brackets_are_text_as_telegram_shows_them() -> None:
    canonical = telegram_html("I <3 it so much >")
    assert canonical == "I &lt;3 it so much &gt;"
    assert visible_len(canonical) == len("I <3 it so much >")


def test_what_kurigram_cannot_encode_is_dropped_and_its_text_kept() -> None:
    markup = (
        '<tg-emoji emoji-id="star">⭐</tg-emoji><a href="tg://user?id=99999999999999999999">'
        "A</a><pre language>B</pre><code><b>C</b></code><a href='https://e.com'><a href="
        "'https://f.com'>D</a></a>\ud800\x07"
    )
    assert telegram_html(markup) == '⭐A<pre>B</pre><code>C</code><a href="https://e.com">D</a>'


def test_overlapping_tags_are_nested_properly() -> None:
    assert telegram_html("<b>x<i>y</b>z</i>") == "<b>x<i>y</i></b><i>z</i>"


def test_shows_nothing_sees_only_whitespace_and_empty_tags() -> None:
    assert shows_nothing(telegram_html("<b> </b>\n<i>\t</i>"))
    assert not shows_nothing(telegram_html("<b>.</b>"))


@pytest.mark.parametrize(
    ("href", "ok"),
    [
        ("https://mydramalist.com/18452-goblin", True),
        ("http://example.com/?a=1&b=2#x", True),
        ("tg://resolve?domain=durov", True),
        ("tg://user?id=1", False),
        ("TG://USER?id=99999999999999999999", False),
        ("https://", False),
        ("https://a b", False),
        ("javascript:alert(1)", False),
        ("https://e.com/\u200b", False),
        ("https://e.com/\t", False),
        ("https://e.com/a\x7fb", False),
        ("https://e.com/a\x00b", False),
        ("https://e.com/\u00a0x", False),
        ("https://drama.example/é-title", True),
        ("", False),
    ],
)
def test_links_kurigram_and_telegram_take(href: str, ok: bool) -> None:
    assert (link_problem(href) is None) == ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("1", True), (str(2**63 - 1), True), (str(2**63), False), ("0", False), ("٣", False),
     ("x", False), (None, False), ("", False)],
)  # fmt: skip
def test_custom_emoji_ids_are_positive_64_bit_numbers(value: str | None, ok: bool) -> None:
    assert (emoji_id_problem(value) is None) == ok
