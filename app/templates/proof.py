"""Proof, before a template is stored, that Telegram will take every card it makes.

Each probe title (the sample, one with every optional field empty, one with
long hostile values) is rendered and shaped as each delivery shape is sent
(photo caption, text message, inline result) and read back with Kurigram's
own parser. Rendering is built so that this always holds; the proof keeps a
future change from breaking it for a stored template.
"""

from __future__ import annotations

from app.people.cards import count, dates
from app.telegram.cards import caption_markup, text_markup
from app.telegram.html import telegram_refusal
from domain.errors import TemplateError
from domain.i18n import N_, gettext
from domain.imdb.cards import movie_card
from domain.mydramalist.cards import drama_card
from domain.people.cards import person_card
from domain.templates import samples
from domain.text import CAPTION_LIMIT, TEXT_LIMIT

# Each shape's refusal, translated where it is raised. Kurigram's and Telegram's own
# reasons ({problem}) are said by app.telegram.html.
_SHAPES = (
    (
        N_("Telegram would refuse a card from this template as a photo caption: {problem}"),
        caption_markup,
        CAPTION_LIMIT,
        True,
    ),
    (
        N_("Telegram would refuse a card from this template as a message: {problem}"),
        text_markup,
        TEXT_LIMIT,
        False,
    ),
    # An inline result's message is a text message, shaped by the same function.
    (
        N_("Telegram would refuse a card from this template as an inline result: {problem}"),
        text_markup,
        TEXT_LIMIT,
        False,
    ),
)


def _cards(source: str, template: str, empty: str) -> list[str]:
    if source == "person":
        people = (samples.SAMPLE_PERSON, samples.EMPTY_PERSON, samples.HOSTILE_PERSON)
        day = samples.SAMPLE_DAY
        return [person_card(p, day, template, empty, count, dates()) for p in people]
    if source == "imdb":
        movies = (samples.SAMPLE_MOVIE, samples.EMPTY_MOVIE, samples.HOSTILE_MOVIE)
        return [movie_card(movie, template, empty) for movie in movies]
    dramas = (samples.SAMPLE_DRAMA, samples.EMPTY_DRAMA, samples.HOSTILE_DRAMA)
    return [drama_card(drama, template, empty) for drama in dramas]


async def prove_template(source: str, template: str, empty: str) -> None:
    """Raise ``TemplateError`` when some card of ``template`` would be refused."""
    for card in _cards(source, template, empty):
        for refusal, markup, limit, caption in _SHAPES:
            problem = await telegram_refusal(markup(card), limit, caption=caption)
            if problem:
                raise TemplateError(gettext(refusal, problem=problem))
