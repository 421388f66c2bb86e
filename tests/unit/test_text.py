"""Cutting HTML to Telegram's limits without breaking it."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from domain.text import ELLIPSIS, escape, fit_html, utf16_len, visible_len, visible_text


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
