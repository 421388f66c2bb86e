"""The one place that turns domain errors into what a user reads."""

from __future__ import annotations

import html
import re

from domain.errors import (
    AccessDenied,
    DomainError,
    InvalidInput,
    NotFound,
    RateLimited,
    StorageUnavailable,
    TemplateError,
    UpstreamBusy,
    UpstreamUnavailable,
)
from domain.i18n import N_, gettext, ngettext
from infra.i18n.formatting import format_number

# Translators: {ref} is a code the user can quote to the bot's owner.
GENERIC = N_("Sorry, something went wrong on my side. Please try again in a moment. (ref {ref})")
NOTHING_FOUND = N_("Nothing found.")

# What the adapters raise, in their English (adapters/ is not extracted, and a cached
# "not found" replays it): the same texts as catalog messages, so ``gettext`` finds them.
_ADAPTER_TEXTS = (
    N_("IMDb has no such title"),
    N_("IMDb has no such person."),
    N_("MyDramaList has no such person."),
    N_("IMDb could not search for that."),
    N_("Try the title in plain words, for example: /imdb the matrix 1999"),
    N_("MyDramaList could not search for that."),
    N_("Try the title in plain words, for example: /mdl goblin"),
)
# ... and the ones they format with a value: the value is matched out and filled back in.
_ADAPTER_FORMATS = (
    (re.compile(r"IMDb has no title (?P<id>tt\d+)"), N_("IMDb has no title {id}")),
    (
        re.compile(r"MyDramaList has no such page \((?P<page>[^()]*)\)"),
        # Translators: {page} is the MyDramaList page asked for, e.g. "dramalist".
        N_("MyDramaList has no such page ({page})"),
    ),
)


def said(message: str, values: dict[str, str]) -> str:
    """``message`` (English, or already translated where it was raised) in the reader's
    language, its placeholders filled from ``values``; plain text, not yet escaped."""
    if not message:
        return message
    if values:
        return gettext(message, **values)
    translated = gettext(message)
    if translated == message:
        for pattern, template in _ADAPTER_FORMATS:
            found = pattern.fullmatch(message)
            if found is not None:
                return gettext(template, **found.groupdict())
    return translated


def user_message(exc: DomainError) -> str:
    """Short HTML for the user, in their language; every piece of text inside is escaped here.

    Details that domain errors carry (a source's name, what was wrong with an input)
    stay as they come.
    """
    if isinstance(exc, InvalidInput):
        hint = f"\n{html.escape(said(exc.hint, {}))}" if exc.hint else ""
        return f"⚠️ {html.escape(said(exc.message, exc.values))}{hint}"
    if isinstance(exc, NotFound):
        return f"🔍 {html.escape(said(exc.message, exc.values) or gettext(NOTHING_FOUND))}"
    if isinstance(exc, UpstreamBusy):
        return gettext(
            "⏳ {source} is busy right now: many people are looking things up at once. "
            "Please try again in a minute.",
            source=html.escape(exc.source),
        )
    if isinstance(exc, UpstreamUnavailable):
        source = html.escape(exc.source)
        if " and " in exc.source:  # "MyDramaList and IMDb" from /search (in the catalog)
            return gettext(
                "⏳ {sources} are not answering right now. Please try again in a few minutes.",
                sources=html.escape(gettext(exc.source)),
            )
        return gettext(
            "⏳ {source} is not answering right now. Please try again in a few minutes.",
            source=source,
        )
    if isinstance(exc, RateLimited):
        seconds = max(1, round(exc.retry_after))
        return ngettext(
            "🐢 Slow down a little: try again in {n} second.",
            "🐢 Slow down a little: try again in {n} seconds.",
            seconds,
            n=format_number(seconds),
        )
    if isinstance(exc, AccessDenied):
        # Reasons marked for the catalog (N_) are translated; others stay as they are.
        reason = gettext(exc.reason) if exc.reason else gettext("You may not use this.")
        return f"🔒 {html.escape(reason)}"
    if isinstance(exc, TemplateError):
        return gettext("⚠️ Template not saved: {problem}", problem=html.escape(str(exc)))
    if isinstance(exc, StorageUnavailable):
        return gettext("💾 I could not save that just now; nothing was changed. Please try again.")
    return gettext("⚠️ That did not work. Please try again.")
