"""A message's formatting entities back into Telegram HTML (for templates sent formatted)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from pyrogram import enums, types

_SIMPLE = {
    enums.MessageEntityType.BOLD: "b",
    enums.MessageEntityType.ITALIC: "i",
    enums.MessageEntityType.UNDERLINE: "u",
    enums.MessageEntityType.STRIKETHROUGH: "s",
    enums.MessageEntityType.SPOILER: "tg-spoiler",
    enums.MessageEntityType.CODE: "code",
}
FORMATTING = frozenset(
    [
        *_SIMPLE,
        enums.MessageEntityType.PRE,
        enums.MessageEntityType.TEXT_LINK,
        enums.MessageEntityType.BLOCKQUOTE,
    ]
)


def _tags(entity: types.MessageEntity) -> tuple[str, str] | None:
    kind = entity.type
    if kind in _SIMPLE:
        return f"<{_SIMPLE[kind]}>", f"</{_SIMPLE[kind]}>"
    if kind == enums.MessageEntityType.TEXT_LINK and entity.url:
        return f'<a href="{html.escape(entity.url)}">', "</a>"
    if kind == enums.MessageEntityType.PRE:
        lang = f' language="{html.escape(entity.language)}"' if entity.language else ""
        return f"<pre{lang}>", "</pre>"
    if kind == enums.MessageEntityType.BLOCKQUOTE:
        opening = "<blockquote expandable>" if entity.expandable else "<blockquote>"
        return opening, "</blockquote>"
    return None


def has_formatting(entities: Sequence[types.MessageEntity] | None) -> bool:
    return any(e.type in FORMATTING for e in entities or ())


def entities_to_html(text: str, entities: Sequence[types.MessageEntity] | None) -> str:
    """``text`` with its formatting entities as tags; all text escaped once.

    Offsets are UTF-16 code units, as Telegram counts them.
    """
    units = text.encode("utf-16-le")
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for entity in sorted(entities or (), key=lambda e: (e.offset, -e.length)):
        tags = _tags(entity)
        if tags is None:
            continue
        opens.setdefault(entity.offset, []).append(tags[0])
        closes.setdefault(entity.offset + entity.length, []).insert(0, tags[1])
    points = sorted({0, len(units) // 2, *opens, *closes})
    out: list[str] = []
    for here, after in zip(points, [*points[1:], None], strict=True):
        out += closes.get(here, [])
        out += opens.get(here, [])
        if after is not None:
            out.append(html.escape(units[here * 2 : after * 2].decode("utf-16-le"), quote=False))
    return "".join(out)
