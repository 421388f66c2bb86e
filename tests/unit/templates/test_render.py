"""The pure card renderer."""

from __future__ import annotations

import pytest

from domain.errors import TemplateError
from domain.render import parse_fields, render


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
