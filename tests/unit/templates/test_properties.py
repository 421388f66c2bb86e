"""Properties of templates: every template the grammar of `/set…template` allows, once
accepted, renders for every title (random, empty, hostile) into a caption, a text and an
inline result that Kurigram parses and Telegram takes; a refused one changes nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyrogram import enums
from pyrogram.parser import Parser

from app.telegram.cards import caption_markup, text_markup
from app.telegram.html import telegram_refusal
from domain.errors import TemplateError
from domain.imdb.cards import movie_card
from domain.mydramalist.cards import drama_card
from domain.templates.per_user import UserTemplates
from domain.templates.samples import (
    EMPTY_DRAMA,
    EMPTY_MOVIE,
    HOSTILE_DRAMA,
    HOSTILE_MOVIE,
    SAMPLE_DRAMA,
    SAMPLE_MOVIE,
)
from domain.text import CAPTION_LIMIT, TEXT_LIMIT, fit_html, visible_text
from domain.titles import Drama, Movie
from infra.cache.memory import MemoryCache
from tests.unit.templates.grammar import dramas, movies, templates


class Clock:
    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC)


SHAPES = [
    ("caption", caption_markup, CAPTION_LIMIT, True),
    ("text", text_markup, TEXT_LIMIT, False),
    ("inline result", text_markup, TEXT_LIMIT, False),  # inline.py shapes with text_markup
]


def kurigram_text(markup: str) -> str:
    return str(asyncio.run(Parser(None).parse(markup, enums.ParseMode.HTML))["message"])


def squeeze(text: str) -> str:
    # Kurigram also drops some whitespace next to tags at the start; compare the rest.
    return "".join(text.split())


def check_contract(card: str) -> None:
    """The card goes out as a caption, a text and an inline result, and each is taken."""
    for shape, markup, limit, caption in SHAPES:
        sent = markup(card)
        problem = asyncio.run(telegram_refusal(sent, limit, caption=caption))
        assert problem is None, (shape, problem, sent)
        shown = kurigram_text(sent)
        assert shown.strip(), (shape, "empty", card)
        # What Telegram shows is exactly our visible text: no value escaped its escaping.
        assert squeeze(shown) == squeeze(visible_text(fit_html(card, limit))), (shape, sent)


def accepted(source: str, template: str) -> str | None:
    """The template as stored, or None when it is refused for showing nothing."""
    try:
        return UserTemplates.validate(source, template)
    except TemplateError as exc:
        refusal = str(exc)
    # The grammar only writes what is allowed; a refusal may only say it shows nothing.
    assert "shows nothing" in refusal, (template, refusal)
    return None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates("mdl"), dramas(), st.sampled_from(["", "N/A"]))
@example("<b>{title}</b> {year}", SAMPLE_DRAMA, "")
@example("I <3 {synopsis} >", SAMPLE_DRAMA, "")
def test_every_accepted_mdl_template_renders_a_card_telegram_takes(
    template: str, drama: Drama, missing: str
) -> None:
    checked = accepted("mdl", template)
    if checked is None:
        return
    for title in (drama, EMPTY_DRAMA, SAMPLE_DRAMA, HOSTILE_DRAMA):
        check_contract(drama_card(title, checked, missing))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates("imdb"), movies(), st.sampled_from(["", "N/A"]))
def test_every_accepted_imdb_template_renders_a_card_telegram_takes(
    template: str, movie: Movie, missing: str
) -> None:
    checked = accepted("imdb", template)
    if checked is None:
        return
    for title in (movie, EMPTY_MOVIE, SAMPLE_MOVIE, HOSTILE_MOVIE):
        check_contract(movie_card(title, checked, missing))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_a_refused_template_leaves_the_stored_one_unchanged(candidate: str) -> None:
    class Repo:
        def __init__(self) -> None:
            self.stored: dict[tuple[int, str], str] = {}

        async def get(self, user_id: int, source: str) -> str | None:
            return self.stored.get((user_id, source))

        async def put(self, user_id: int, source: str, template: str, at: datetime) -> None:
            self.stored[(user_id, source)] = template

        async def delete(self, user_id: int, source: str) -> bool:
            return self.stored.pop((user_id, source), None) is not None

    async def scenario() -> None:
        repo = Repo()
        templates = UserTemplates(repo, MemoryCache(), Clock())
        await templates.set(1, "mdl", "<b>{title}</b>")
        try:
            await templates.set(1, "mdl", candidate)
        except TemplateError:
            assert await templates.custom(1, "mdl") == "<b>{title}</b>"
            assert repo.stored[(1, "mdl")] == "<b>{title}</b>"
        else:
            assert await templates.custom(1, "mdl") == candidate.strip()

    asyncio.run(scenario())
