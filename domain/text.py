"""Telegram-sized HTML: escaping, UTF-16 lengths and safe cutting.

Telegram counts lengths in UTF-16 code units of the text *after* entity
parsing, so markup is free and ``&amp;`` costs one unit.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from html.parser import HTMLParser

from domain.i18n import current

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
ELLIPSIS = "…"

_TOKEN_RE = re.compile(r"(<[^>]*>)")
_TAG_NAME_RE = re.compile(r"^</?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def escape(value: object) -> str:
    """HTML-escape a value exactly once (quotes too: it may land in an attribute)."""
    return html.escape(str(value), quote=True)


# Unicode's first strong isolate and its end: what is between takes its own direction.
FSI, PDI = "\u2068", "\u2069"


def right_to_left() -> bool:
    """Whether the current language is written right to left (Arabic)."""
    return current().right_to_left


def isolate(text: str) -> str:
    """``text`` set apart from the words around it when those are right-to-left.

    A Latin title inside an Arabic sentence ("Goblin (2016)", "Start-Up!") would
    otherwise have its brackets, digits and punctuation pulled to the wrong side;
    between FSI and PDI it reads as written. Left-to-right languages get ``text`` as is.
    """
    return f"{FSI}{text}{PDI}" if current().right_to_left and has_left_to_right(text) else text


def has_left_to_right(text: str) -> bool:
    """Whether ``text`` holds a left-to-right letter (Latin, Hangul, CJK…): only such text
    needs isolating in a right-to-left line; Arabic words and bare numbers read right as
    they are."""
    if text.isascii():
        return any(char.isalpha() for char in text)
    return any(unicodedata.bidirectional(char) == "L" for char in text)


def safe_url(url: str) -> str:
    """``url`` when it is http(s), else nothing: upstream links may land in an href."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_text(markup: str) -> str:
    """What Telegram shows for ``markup``: tags dropped, entities decoded."""
    return "".join(html.unescape(part) for part in _TOKEN_RE.split(markup) if not _is_tag(part))


@functools.lru_cache(maxsize=1024)  # asked of the same cached cards again and again
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


# -- Telegram HTML as Kurigram reads it ------------------------------------
#
# Kurigram parses HTML with the standard library's ``HTMLParser`` (default
# options) and turns some tags into entities. ``telegram_html`` reads markup
# with that same parser and writes it back in one canonical form: only tags
# Telegram supports, with attributes Kurigram can encode, properly nested,
# and text in which ``<`` and ``&`` only ever appear escaped. Everything
# above (lengths, cutting, the extra escaping for Kurigram) tokenises that
# form with a regular expression, which is only sound on canonical markup.

# Every tag Kurigram makes an entity of, and the name it is written as here.
TAG_NAMES = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "u": "u",
    "ins": "u",
    "s": "s",
    "strike": "s",
    "del": "s",
    "tg-spoiler": "tg-spoiler",
    "span": "tg-spoiler",  # only as <span class="tg-spoiler">; Kurigram ignores span
    "a": "a",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "tg-emoji",
}
# Tags whose content Telegram keeps as plain text: no entity may sit inside them.
LITERAL_TAGS = frozenset({"code", "pre", "tg-emoji"})
# Tags that may not contain themselves (a link in a link, a quote in a quote).
UNNESTABLE_TAGS = frozenset({"a", "blockquote"})
MAX_URL_CHARS = 2048
INT64_MAX = 2**63 - 1

_LANGUAGE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_+#.-]{0,31}$")
_HTTP_URL_RE = re.compile(r"^https?://[^\s/?#@\\]+(?:[/?#]\S*)?$", re.IGNORECASE)
_TG_URL_RE = re.compile(r"^tg://[a-z_]+(?:\?\S*)?$", re.IGNORECASE)
_MENTION_RE = re.compile(r"^tg://user\b", re.IGNORECASE)


def link_problem(href: str) -> str | None:
    """What keeps Telegram (or Kurigram) from taking ``href`` as a link, or None."""
    if not href:
        return "is empty"
    if len(href) > MAX_URL_CHARS:
        return f"is longer than {MAX_URL_CHARS} characters"
    # Printable ASCII holds no control or separator character but the space: most links
    # are that, and need no look at each character.
    plain = href.isascii() and href.isprintable() and " " not in href
    if not plain and any(unicodedata.category(char)[0] in "CZ" for char in href):
        return "holds spaces or invisible characters"
    if _MENTION_RE.match(href):
        # Kurigram looks each mentioned user up (a request per card) and crashes
        # on ids beyond 64 bits; a card has no need to mention a user.
        return "mentions a Telegram user (tg://user?id=…), which templates do not support"
    if _HTTP_URL_RE.match(href) or _TG_URL_RE.match(href):
        return None
    return "must start with http://, https:// or tg:// and be a whole address"


def emoji_id_problem(value: str | None) -> str | None:
    """Why ``value`` is no custom emoji id (a positive 64-bit number), or None."""
    if value is None or not value.isascii() or not value.isdigit():
        return 'emoji-id must be the emoji\'s number, e.g. emoji-id="5368324170671202286"'
    if not 0 < int(value) <= INT64_MAX:
        return "emoji-id is out of range (it is a 64-bit number)"
    return None


def language_ok(value: str | None) -> bool:
    return value is not None and bool(_LANGUAGE_RE.match(value))


def _opening(name: str, attrs: dict[str, str | None]) -> str | None:
    """The canonical opening tag, or None when Telegram could not take it (text is kept)."""
    if name == "a":
        href = (attrs.get("href") or "").strip()
        return f'<a href="{escape(href)}">' if link_problem(href) is None else None
    if name == "tg-emoji":
        emoji_id = attrs.get("emoji-id")
        return f'<tg-emoji emoji-id="{emoji_id}">' if emoji_id_problem(emoji_id) is None else None
    if name == "pre":
        language = attrs.get("language")
        return f'<pre language="{language}">' if language_ok(language) else "<pre>"
    if name == "blockquote":
        return "<blockquote expandable>" if "expandable" in attrs else "<blockquote>"
    return f"<{name}>"


def clean_text(text: str) -> str:
    """``text`` without what Telegram cannot carry: control characters and lone surrogates."""
    return "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs")
    )


class _Canonical(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # as Kurigram's parser
        self.out: list[str] = []
        self.open: list[str] = []  # canonical names of the tags written and not yet closed
        self.skipped: list[str] = []  # source tags dropped, so their closing is dropped too

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = TAG_NAMES.get(tag)
        values = dict(attrs)
        if tag == "span" and values.get("class") != "tg-spoiler":
            name = None
        nested = name in UNNESTABLE_TAGS and name in self.open
        allowed = name and not nested and not LITERAL_TAGS.intersection(self.open)
        opening = _opening(name, values) if name and allowed else None
        if opening is None or name is None:
            self.skipped.append(tag)
            return
        self.out.append(opening)
        self.open.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipped:
            self.skipped.remove(tag)
            return
        name = TAG_NAMES.get(tag)
        if name not in self.open:
            return  # a closing tag with no opening: Kurigram ignores it too
        # Close down to it; tags opened inside and still open are reopened after,
        # so entities nest properly instead of overlapping.
        reopen: list[str] = []
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == name:
                break
            reopen.append(top)
        for again in reversed(reopen):
            if again not in ("a", "tg-emoji", "pre"):  # their attributes are gone
                self.out.append(f"<{again}>")
                self.open.append(again)

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(clean_text(data), quote=False))


# Fast path: markup already in the canonical form (as a filled template mostly is) is
# recognised with regular expressions, far quicker than parsing it again.
# Text that is not canonical: a raw bracket, a control character or lone surrogate, or
# an "&" that starts no entity the escaping here writes.
_NON_CANONICAL_TEXT_RE = re.compile(
    r"[<>\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]|&(?!(?:amp|lt|gt|quot|#x27);)"
)
_CANONICAL_TAG_RE = re.compile(
    r"<(?:(/)?(b|i|u|s|tg-spoiler|code|pre|blockquote|a|tg-emoji)|(blockquote) expandable"
    r'|(pre) language="([^"]*)"|(a) href="([^"]*)"|(tg-emoji) emoji-id="([^"]*)")>'
)


def _canonical_opening_ok(match: re.Match[str]) -> bool:
    if match.group(2) in ("a", "tg-emoji", None) and match.group(1) is None:
        if match.group(4):
            return language_ok(match.group(5))
        if match.group(6):
            return link_problem(html.unescape(match.group(7))) is None
        if match.group(8):
            return emoji_id_problem(match.group(9)) is None
        return match.group(3) is not None
    return True


def _is_canonical(markup: str) -> bool:
    parts = _TOKEN_RE.split(markup)  # text, tag, text, tag, ..., text
    if any(_NON_CANONICAL_TEXT_RE.search(text) for text in parts[::2]):
        return False
    open_tags: list[str] = []
    for token in parts[1::2]:
        match = _CANONICAL_TAG_RE.fullmatch(token)
        if match is None or not _canonical_opening_ok(match):
            return False
        name = next(g for g in match.group(2, 3, 4, 6, 8) if g)
        if match.group(1):
            if not open_tags or open_tags.pop() != name:
                return False
            continue
        if LITERAL_TAGS.intersection(open_tags) or (name in UNNESTABLE_TAGS and name in open_tags):
            return False
        open_tags.append(name)
    return not open_tags


def telegram_html(markup: str) -> str:
    """``markup`` as Kurigram will read it, written canonically (see above)."""
    return markup if _is_canonical(markup) else canonical_by_parsing(markup)


def canonical_by_parsing(markup: str) -> str:
    """``telegram_html`` without its fast path."""
    reader = _Canonical()
    reader.feed(markup)
    reader.close()
    return "".join(reader.out) + "".join(f"</{name}>" for name in reversed(reader.open))


def shows_nothing(markup: str) -> bool:
    """Whether Telegram would find no text in ``markup`` (it refuses such a message)."""
    # Stops at the first text that shows something (most cards: the first).
    return not any(html.unescape(text).strip() for text in _TOKEN_RE.split(markup)[::2])
