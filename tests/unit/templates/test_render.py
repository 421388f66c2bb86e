"""The pure card renderer."""

from __future__ import annotations

import pytest

from domain.errors import TemplateError
from domain.render import NOTHING_TO_SHOW, parse_fields, render
from domain.text import visible_text


def test_placeholders_are_filled_and_escaped_once() -> None:
    out = render("<b>{title}</b> ({year})", {"title": "<script>&amp;", "year": "2016"})
    assert out == "<b>&lt;script&gt;&amp;amp;</b> (2016)"


def test_double_braces_are_literal() -> None:
    assert render("{{title}} {title}", {"title": "X"}) == "{title} X"


def test_a_line_whose_placeholders_are_all_empty_is_left_out() -> None:
    template = "<b>{title}</b>\nNetwork: {original_network}\nYear: {year}"
    assert render(template, {"title": "A", "year": "2020"}) == "<b>A</b>\nYear: 2020"


def test_a_line_that_holds_half_a_tag_is_kept_so_markup_stays_valid() -> None:
    template = "<blockquote>{synopsis}\nrest</blockquote>"
    assert render(template, {}) == "<blockquote>\nrest</blockquote>"


def test_missing_value_placeholder() -> None:
    assert render("Net: {original_network}", {}, missing="N/A") == "Net: N/A"


@pytest.mark.parametrize(
    "template",
    ["{title.__class__}", "{0}", "{title!r}", "{title:>10}", "{title[0]}", "{ }", "a { b", "a } b"],
)
def test_anything_but_a_plain_name_is_refused(template: str) -> None:
    with pytest.raises(TemplateError):
        parse_fields(template)


def test_stray_brackets_in_a_template_stay_text_next_to_any_value() -> None:
    out = render("I <3 {title} so much > <{type}>{title}", {"title": "G", "type": "b"})
    assert out == "I &lt;3 G so much &gt; &lt;b&gt;G"  # a value never completes a tag
    assert visible_text(out) == "I <3 G so much > <b>G"


def test_character_references_in_a_template_are_text_never_placeholders() -> None:
    out = render("a &b c &amp d &#123;0&#125; {title}", {"title": "T"})
    assert visible_text(out) == "a &b c & d {0} T"


def test_a_card_that_would_show_nothing_shows_the_title_instead() -> None:
    values = {"title": "Goblin", "link": "https://mydramalist.com/18452-goblin"}
    assert render("<b> </b>{aired_on}", values) == (
        '<b><a href="https://mydramalist.com/18452-goblin">Goblin</a></b>'
    )
    assert render("{aired_on}", {"title": " "}) == NOTHING_TO_SHOW
