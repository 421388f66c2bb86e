"""Handing HTML to Kurigram so that Telegram shows exactly what we meant.

Kurigram's HTML parser decodes entities twice (``&amp;lt;`` arrives as ``<``).
Our renderers produce standard HTML, escaped once; this adds the one extra
level of ``&`` escaping in text (never inside tags) that the second decoding
takes away again.
"""

from __future__ import annotations

import re

from pyrogram import enums
from pyrogram.parser import Parser

from domain.i18n import gettext
from domain.text import utf16_len

_TAG_SPLIT = re.compile(r"(<[^>]*>)")


def for_kurigram(markup: str) -> str:
    return "".join(
        part if part.startswith("<") and part.endswith(">") else part.replace("&", "&amp;")
        for part in _TAG_SPLIT.split(markup)
    )


async def telegram_refusal(markup: str, limit: int, *, caption: bool) -> str | None:
    """Why Telegram would refuse ``markup`` (as handed to Kurigram), or None when it takes it:
    plain text in the reader's language, for the template error that quotes it.

    Reads it with Kurigram's own parser, then checks what Telegram checks: a
    text is not empty, the length after parsing is within ``limit`` UTF-16
    units, every entity lies inside the text and can be encoded.
    """
    try:
        parsed = await Parser(None).parse(markup, enums.ParseMode.HTML)
        text: str = parsed["message"]
        entities = parsed["entities"] or []
        for entity in entities:
            entity.write()  # a custom emoji id beyond 64 bits fails here
    except Exception as exc:  # whatever Kurigram raises, the message could not be sent
        # Translators: why Telegram would refuse a card; {error} is a Python error's name.
        return gettext("Kurigram cannot read it ({error})", error=type(exc).__name__)
    units = utf16_len(text)
    if not caption and not text.strip():
        return gettext("it would be empty")
    if units > limit:
        # Translators: {length} and {limit} count characters (UTF-16 units).
        return gettext(
            "it would be {length} characters long, over Telegram's {limit}",
            length=str(units),
            limit=str(limit),
        )
    if any(e.offset < 0 or e.length <= 0 or e.offset + e.length > units for e in entities):
        return gettext("its formatting would fall outside the text")
    return None
