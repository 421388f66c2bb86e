"""The "📝 Reviews" view of a drama card: MyDramaList's reviews, a page at a time.

Reviews are the words of MyDramaList's users: escaped exactly once, and
always inside a spoiler (they may give the story away). A MyDramaList page of
reviews is shown in parts that fit the message showing them (a few under a
card's poster, whose caption holds 1024 characters; more in a text message),
each review cut to its first lines. A button names a part as
``page * PARTS + part``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.i18n import gettext, number
from domain.lookup import CachedLookup, Codec, Fetched, Freshness
from domain.paging import Page, page_of
from domain.text import CAPTION_LIMIT, escape, isolate, utf16_len
from domain.titles import drama_key

NAMESPACE = "mdl:reviews"
# Review pages past this are not asked for: a forged "page 9999" costs no upstream call.
MAX_PAGES = 50
PARTS = 16  # parts of one MyDramaList page at most (48 reviews under a poster)
EXCERPT_MAX = 320  # characters of a review's text
NAME_CHARS = 40
# What each review costs beyond its excerpt (number, score, name, separators).
_ROW_OVERHEAD = 70
_HEAD_ROOM = 220  # the heading, the link and a stale copy's note


@dataclass(frozen=True, slots=True)
class Review:
    reviewer: str = ""
    overall: float | None = None  # None when MyDramaList showed no score
    headline: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class DramaReviews:
    slug: str
    title: str
    page: int  # 1-based, as MyDramaList numbers them
    reviews: tuple[Review, ...] = ()


class ReviewSource(Protocol):
    async def reviews(self, slug: str, page: int) -> DramaReviews:
        """Page ``page`` (1-based) of the title's reviews; raises NotFound / UpstreamUnavailable."""
        ...


class ReviewLookup:
    """Review pages through the shared cache policy (one entry per title and page)."""

    def __init__(
        self,
        source: ReviewSource,
        lookup: CachedLookup,
        codec: Codec[DramaReviews],
        freshness: Freshness,
    ) -> None:
        self._source = source
        self._lookup = lookup
        self._codec = codec
        self._freshness = freshness

    async def page(self, slug: str, page: int) -> Fetched[DramaReviews]:
        page = min(max(1, page), MAX_PAGES)
        return await self._lookup.get(
            NAMESPACE,
            f"{drama_key(slug)}/{page}",
            lambda: self._source.reviews(slug, page),
            self._codec,
            self._freshness,
        )


def _within(text: str, limit: int) -> str:
    """The longest prefix of ``text`` that is at most ``limit`` UTF-16 units long."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return text[:index]
    return text


def excerpt(text: str, limit: int) -> str:
    """The first lines of ``text`` within ``limit`` characters, cut on a word, with "…".

    Characters as Telegram counts them (UTF-16 units): an emoji costs two.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    flat = "\n".join(line for line in lines if line)
    if utf16_len(flat) <= limit:
        return flat
    cut = _within(flat, limit)
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _score(review: Review) -> str:
    if review.overall is None:
        return gettext("no score")
    decimals = 0 if float(review.overall).is_integer() else 1
    return f"⭐ {number(review.overall, decimals)}/10"


def per_part(limit: int) -> int:
    """Reviews shown at once in a message of ``limit`` characters."""
    return 3 if limit <= CAPTION_LIMIT else 10


def part_of(reviews: DramaReviews, part: int, limit: int) -> Page[Review]:
    return page_of(list(reviews.reviews[: PARTS * per_part(limit)]), part, per_part(limit))


def reviews_text(reviews: DramaReviews, part: Page[Review], limit: int, link: str = "") -> str:
    """One part of a page of reviews, within ``limit`` visible characters."""
    # Translators: {title} is the drama's, {page} the page of MyDramaList's reviews shown.
    head = gettext(
        "📝 <b>Reviews of {title}</b> · page {page}",
        title=isolate(escape(excerpt(reviews.title, 80))),
        page=number(reviews.page),
    )
    if part.count > 1:
        # Translators: a page of reviews is shown in parts: "page 1, part 2/4".
        head += gettext(
            ", part {number}/{count}", number=number(part.number + 1), count=number(part.count)
        )
    if not part.items:
        if reviews.page == 1:
            more = gettext("No reviews on MyDramaList yet.")
        else:
            more = gettext("No more reviews.")
        return f"{head}\n\n{more}"
    room = min(EXCERPT_MAX, (limit - _HEAD_ROOM) // len(part.items) - _ROW_OVERHEAD)
    lines = [head]
    for shown, review in enumerate(part.items, start=part.first_index + 1):
        name = excerpt(review.reviewer, NAME_CHARS)
        who = isolate(escape(name)) if name else gettext("a MyDramaList user")
        lines += ["", f"<b>{shown}. {_score(review)}</b> · {who}"]
        # The headline is the reviewer's words too: inside the spoiler with the text.
        headline = excerpt(review.headline, min(100, room // 3))
        parts = [f"<i>{escape(headline)}</i>"] if headline else []
        body = excerpt(review.text, room - utf16_len(headline))
        if body:
            parts.append(escape(body))
        if parts:
            lines.append("<tg-spoiler>" + "\n".join(parts) + "</tg-spoiler>")
    if link:
        lines += ["", gettext('<a href="{link}">All reviews on MyDramaList</a>', link=escape(link))]
    return "\n".join(lines)
