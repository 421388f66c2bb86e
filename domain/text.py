"""Telegram-sized HTML: escaping, UTF-16 lengths and safe cutting.

Telegram counts lengths in UTF-16 code units of the text *after* entity
parsing, so markup is free and ``&amp;`` costs one unit.
"""

from __future__ import annotations

import html
import re

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
ELLIPSIS = "…"

_TOKEN_RE = re.compile(r"(<[^>]*>)")
_TAG_NAME_RE = re.compile(r"^</?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def escape(value: object) -> str:
    """HTML-escape a value exactly once (quotes too: it may land in an attribute)."""
    return html.escape(str(value), quote=True)


def safe_url(url: str) -> str:
    """``url`` when it is http(s), else nothing: upstream links may land in an href."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_text(markup: str) -> str:
    """What Telegram shows for ``markup``: tags dropped, entities decoded."""
    return "".join(html.unescape(part) for part in _TOKEN_RE.split(markup) if not _is_tag(part))


def visible_len(markup: str) -> int:
    return utf16_len(visible_text(markup))


def _is_tag(token: str) -> bool:
    return token.startswith("<") and token.endswith(">")


def _tag_name(tag: str) -> str:
    match = _TAG_NAME_RE.match(tag)
    return match.group(1).lower() if match else ""


def _cut_text(text: str, budget: int) -> str:
    """The longest prefix of ``text`` within ``budget`` UTF-16 units, ending on a word if near."""
    out, used = [], 0
    for char in text:
        cost = utf16_len(char)
        if used + cost > budget:
            break
        out.append(char)
        used += cost
    cut = "".join(out)
    space = max(cut.rfind(" "), cut.rfind("\n"))
    # Prefer a word boundary unless that would throw away most of the room.
    if space > 0 and space >= len(cut) * 0.7:
        cut = cut[:space]
    return cut.rstrip()


def fit_html(markup: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """Cut ``markup`` so its visible text fits ``limit``; tags stay balanced.

    Text is only cut between characters of decoded text (never inside a tag,
    an entity or a surrogate pair), and an ellipsis says that it was cut.
    """
    if visible_len(markup) <= limit:
        return markup
    budget = limit - utf16_len(ellipsis)
    out: list[str] = []
    open_tags: list[str] = []
    used = 0
    for token in _TOKEN_RE.split(markup):
        if not token:
            continue
        if _is_tag(token):
            name = _tag_name(token)
            if token.startswith("</"):
                if name in open_tags:
                    idx = len(open_tags) - 1 - open_tags[::-1].index(name)
                    del open_tags[idx]
            else:
                open_tags.append(name)
            out.append(token)
            continue
        text = html.unescape(token)
        cost = utf16_len(text)
        if used + cost <= budget:
            out.append(token)
            used += cost
            continue
        out.append(html.escape(_cut_text(text, budget - used), quote=False))
        break
    # Drop tags opened with nothing inside them, then close the rest.
    while out and _is_tag(out[-1]) and not out[-1].startswith("</"):
        out.pop()
        open_tags.pop()
    result = "".join(out).rstrip() + ellipsis
    return result + "".join(f"</{name}>" for name in reversed(open_tags))
