"""/set…template, /get…template, /remove…template, /preview…template, /…placeholders.

One set of five commands per source ("mdl", "imdb"), with the names the older
bot used, so its users find them where they were.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pyrogram import Client, types

from app.people.cards import count as people_count
from app.people.cards import dates as people_dates
from app.people.cards import photo_of as person_photo
from app.telegram.cards import send_card
from app.telegram.entities import entities_to_html, has_formatting
from app.telegram.lookups import chat_id_of, quote_in_groups, sender_id
from app.telegram.replies import reply
from app.templates.proof import prove_template
from app.wiring.commands import CommandSpec
from app.wiring.context import Services
from app.wiring.routing import CommandRoute
from domain.errors import DomainError, InvalidInput
from domain.i18n import N_, gettext
from domain.imdb import cards as imdb_cards
from domain.imdb.links import resize_imdb_image
from domain.mydramalist import cards as mdl_cards
from domain.people import cards as person_cards
from domain.templates.per_user import SAMPLE_VALUES, sample_values
from domain.templates.placeholders import BY_SOURCE
from domain.templates.samples import SAMPLE_DAY, SAMPLE_DRAMA, SAMPLE_MOVIE, SAMPLE_PERSON
from domain.text import TEXT_LIMIT, fit_html, isolate, utf16_len

_COMMAND_RE = re.compile(r"^/\S+[ \t]*\n?")


@dataclass(frozen=True, slots=True)
class Source:
    """One source's template commands; its nouns are marked for the catalog (N_) and
    translated where they are shown."""

    key: str  # "mdl", "imdb" or "person"
    name: str  # what the command menu calls it
    template: str  # "MyDramaList template": what the replies call it
    cards: str  # "MyDramaList cards"
    heading: str  # the heading of its placeholder list
    example: str


SOURCES = (
    Source(
        "mdl",
        "MyDramaList",
        N_("MyDramaList template"),
        N_("MyDramaList cards"),
        N_("MyDramaList placeholders"),
        "<b>{title}</b> ({year})\n⭐ {rating}\n{synopsis}",
    ),
    Source(
        "imdb",
        "IMDb",
        N_("IMDb template"),
        N_("IMDb cards"),
        N_("IMDb placeholders"),
        "<b>{title}</b> ({year})\n⭐ {rating} · {runtime}\n{plot}",
    ),
    Source(
        "person",
        "person",
        # Translators: the template of the cards of people (actors, directors, writers).
        N_("person template"),
        N_("person cards"),
        N_("person placeholders"),
        "<b>{name}</b> {age}\n🎬 {known_for}\n{bio}",
    ),
)
_HTML_TAGS = (
    "<code>&lt;b&gt;</code>, <code>&lt;i&gt;</code>, <code>&lt;u&gt;</code>, "
    "<code>&lt;s&gt;</code>, <code>&lt;code&gt;</code>, <code>&lt;blockquote&gt;</code>, "
    '<code>&lt;a href="{link}"&gt;</code>'
)


def template_text(message: types.Message) -> str:
    """The template after the command, or in the replied message.

    When Telegram formatting was used (bold, italic, links…), it is turned
    back into HTML; otherwise the text is taken as written, tags and all.
    """
    text = message.text or ""
    if _COMMAND_RE.sub("", text).strip():
        source, strip = message, True
    elif message.reply_to_message is not None:
        source, strip = message.reply_to_message, False
    else:
        return ""
    body = source.text or source.caption or ""
    entities = source.entities if source.text else source.caption_entities
    result = entities_to_html(body, entities) if has_formatting(entities) else body
    return _COMMAND_RE.sub("", result, count=1) if strip else result


async def render_preview(services: Services, user_id: int, source: str) -> tuple[str, str]:
    """(card HTML, poster) for the user's last title of ``source``, or the built-in sample."""
    last = await services.recent.last(user_id, source)
    template, _ = await services.templates.for_card(user_id, source)
    empty = services.settings.template_empty_value
    if source == "person":
        return await person_preview(services, last, template, empty)
    if source == "mdl":
        drama = SAMPLE_DRAMA
        if last:
            # When the last title cannot be had, the sample shows the template just as well.
            with contextlib.suppress(DomainError):
                drama = (await services.dramas.details(last)).value
        return mdl_cards.drama_card(drama, template, empty), drama.poster
    movie = SAMPLE_MOVIE
    if last:
        with contextlib.suppress(DomainError):
            movie = (await services.movies.details(last)).value
    poster = resize_imdb_image(movie.cover_url) if movie.cover_url else ""
    return imdb_cards.movie_card(movie, template, empty), poster


async def person_preview(
    services: Services, last: str | None, template: str, empty: str
) -> tuple[str, str]:
    """The last person card the user opened, or the built-in sample, in ``template``."""
    person = SAMPLE_PERSON
    if last:
        with contextlib.suppress(DomainError):
            person = (await services.people.person(last)).value
    today = services.clock.now().date()
    # Numbers and dates as the person's real card shows them, in the user's language.
    card = person_cards.person_card(person, today, template, empty, people_count, people_dates())
    return card, person_photo(person)


# The default templates as they read in the current language.
DEFAULT_TEXTS: dict[str, Callable[[], str]] = {
    "mdl": mdl_cards.MDL_TEMPLATE.text,
    "imdb": imdb_cards.IMDB_TEMPLATE.text,
    "person": person_cards.default_template,
}


def _sample_values(source: str) -> dict[str, str]:
    """The sample's values as its card shows them to this user (numbers, dates, kinds)."""
    if source == "person":
        dates = people_dates()
        return person_cards.person_values(SAMPLE_PERSON, SAMPLE_DAY, people_count, dates)
    return sample_values(source)


Handler = Callable[[Client, types.Message, Services], Awaitable[None]]


def routes_for(src: Source) -> list[CommandRoute]:
    setter, getter, remover = (
        f"set{src.key}template",
        f"get{src.key}template",
        f"remove{src.key}template",
    )
    previewer, lister = f"preview{src.key}template", f"{src.key}placeholders"

    def usage() -> str:
        """Plain text (escaped where it is shown), in the current language."""
        # Translators: <template> stands for the user's template; {example} is one,
        # written in Telegram HTML with placeholder names: both stay as they are.
        return gettext(
            "Usage: /{setter} <template>, or reply to a message holding it with /{setter}.\n"
            "Example: /{setter} {example}\nPlaceholders: /{lister}",
            setter=setter,
            example=src.example,
            lister=lister,
        )

    async def set_template(client: Client, message: types.Message, services: Services) -> None:
        template = template_text(message)
        if not template.strip():
            raise InvalidInput(gettext("Send the template after the command."), hint=usage())
        checked = services.templates.validate(src.key, template)
        await prove_template(src.key, checked, services.settings.template_empty_value)
        await services.templates.set(sender_id(message), src.key, checked)
        await reply(
            message,
            # Translators: {template} is "MyDramaList template", "IMDb template" or
            # "person template", as translated.
            gettext(
                "✅ Saved your {template}. See it on a title with /{previewer}; "
                "back to the default with /{remover}.",
                template=gettext(src.template),
                previewer=previewer,
                remover=remover,
            ),
        )

    async def get_template(client: Client, message: types.Message, services: Services) -> None:
        custom = await services.templates.custom(sender_id(message), src.key)
        if custom is None:
            # Not a lookup of some user's (0's) template; its labels in the user's language,
            # as their cards show them.
            default = DEFAULT_TEXTS[src.key]()
            await reply(
                message,
                # Translators: {default} is the default template itself, shown as code.
                gettext(
                    "You use the default {template}:\n<pre>{default}</pre>\n"
                    "Set your own with /{setter} — placeholders: /{lister}",
                    template=gettext(src.template),
                    default=html.escape(default),
                    setter=setter,
                    lister=lister,
                ),
            )
            return

        def framed(shown: str) -> str:
            # Translators: {shown} is the user's own template, shown as code.
            return gettext(
                "Your {template}:\n{shown}\nChange it with /{setter}; back to the default "
                "with /{remover}.",
                template=gettext(src.template),
                shown=shown,
                setter=setter,
                remover=remover,
            )

        # Cut to fit: a template stored before the limit counted as Telegram does may be
        # longer; the words around it are as long as the user's language makes them.
        room = TEXT_LIMIT - utf16_len(framed("")) - 20
        await reply(message, framed(fit_html(f"<pre>{html.escape(custom)}</pre>", room)))

    async def remove_template(client: Client, message: types.Message, services: Services) -> None:
        removed = await services.templates.remove(sender_id(message), src.key)
        if removed:
            # Translators: {cards} is "MyDramaList cards", "IMDb cards" or "person cards".
            text = gettext(
                "🗑 Removed. Your {cards} use the default template again.",
                cards=gettext(src.cards),
            )
        else:
            text = gettext(
                "You had no {template}; you already use the default.",
                template=gettext(src.template),
            )
        await reply(message, text)

    async def preview_template(client: Client, message: types.Message, services: Services) -> None:
        card, poster = await render_preview(services, sender_id(message), src.key)
        await send_card(
            client,
            chat_id_of(message),
            card,
            poster,
            None,
            services.http,
            reply_to=quote_in_groups(message),
        )

    async def placeholders(client: Client, message: types.Message, services: Services) -> None:
        lines = [f"<b>{html.escape(gettext(src.heading))}</b>"]
        english, shown = SAMPLE_VALUES[src.key], _sample_values(src.key)
        for p in BY_SOURCE[src.key].values():
            # The sample's own value is shown as a card shows it in the reader's language;
            # an example written by hand (cut, or absent from the sample) stays as it is.
            example = shown.get(p.name, "") if english.get(p.name) == p.example else p.example
            meaning, example = html.escape(gettext(p.meaning)), html.escape(example)
            lines.append(f"<code>{{{p.name}}}</code> — {meaning} · <i>{example}</i>")
        lines.append(
            # Translators: {tags} lists HTML tags, {open} and {close} are {{ and }}: all as code.
            gettext(
                "\nTelegram HTML works: {tags}. Write {open} and {close} for literal braces.",
                tags=isolate(_HTML_TAGS),
                open="<code>{{</code>",
                close="<code>}}</code>",
            )
        )
        lines.append(
            gettext(
                "Set yours: /{setter} {example}", setter=setter, example=html.escape(src.example)
            )
        )
        await reply(message, "\n".join(lines))

    return [
        CommandRoute(
            CommandSpec(
                setter, f"Set your {src.name} card template", usage="<template>", per_user=True
            ),
            set_template,
        ),
        CommandRoute(
            CommandSpec(getter, f"Show your {src.name} template", per_user=True), get_template
        ),
        CommandRoute(
            CommandSpec(remover, f"Back to the default {src.name} template", per_user=True),
            remove_template,
        ),
        CommandRoute(
            CommandSpec(previewer, f"Preview your {src.name} template", per_user=True),
            preview_template,
        ),
        CommandRoute(CommandSpec(lister, f"{src.name} template placeholders"), placeholders),
    ]


ROUTES = [route for src in SOURCES for route in routes_for(src)]
