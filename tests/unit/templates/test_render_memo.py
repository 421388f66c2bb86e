"""Rendered cards are remembered (domain/render.py), never at the cost of a stale card."""

from __future__ import annotations

from domain.render import RENDERED_CARDS, _render, render

TEMPLATE = "<b>{title}</b>\n⭐ {rating}\n{synopsis}"


def test_a_changed_value_or_template_renders_anew() -> None:
    values = {"title": "Goblin", "rating": "8.8", "synopsis": "A & B"}
    first = render(TEMPLATE, values)
    assert first == "<b>Goblin</b>\n⭐ 8.8\nA &amp; B"
    assert render(TEMPLATE, values) == first
    assert render(TEMPLATE, values | {"rating": "9.0"}) == "<b>Goblin</b>\n⭐ 9.0\nA &amp; B"
    assert render("<i>{title}</i>", values) == "<i>Goblin</i>"
    assert render(TEMPLATE, values | {"rating": ""}) == "<b>Goblin</b>\nA &amp; B"
    assert render(TEMPLATE, values, "—") == first


def test_a_card_that_shows_nothing_still_falls_back_to_its_title() -> None:
    values = {"title": "Goblin", "link": "https://mydramalist.com/18452-goblin", "rating": ""}
    for _ in range(2):
        assert render("{rating}", values) == (
            '<b><a href="https://mydramalist.com/18452-goblin">Goblin</a></b>'
        )


def test_the_memory_of_rendered_cards_is_bounded() -> None:
    for i in range(RENDERED_CARDS + 100):
        render(TEMPLATE, {"title": f"Title {i}", "rating": "", "synopsis": ""})
    assert _render.cache_info().currsize <= RENDERED_CARDS
