"""The "🧭 Similar" view of a drama card: the titles MyDramaList relates to it.

kuryana has no recommendations route (its app/main.py serves search, details,
cast, episodes, reviews, people, dramalist, list, seasonal and schedule), so
"similar" is the page's "Related content" rows (sequels, prequels, specials,
adaptations), which kuryana reads into ``others.related_content``.
"""

from __future__ import annotations

from domain.i18n import gettext, number
from domain.mydramalist.links import is_slug
from domain.paging import Page, page_of
from domain.text import escape, isolate
from domain.titles import Drama, RelatedTitle

SIMILAR_PAGE_SIZE = 8
LABEL_CHARS = 60


def openable(item: RelatedTitle) -> bool:
    """Whether the entry names a title page the bot can open as a card."""
    return is_slug(item.slug) and not item.slug.startswith("people")


def similar_text(drama: Drama, page_number: int) -> tuple[str, Page[RelatedTitle]]:
    """The view's text and the page of entries it shows (their buttons come from the page)."""
    related = list(drama.related or ())
    page = page_of(related, page_number, SIMILAR_PAGE_SIZE)
    # Translators: the heading of the titles MyDramaList relates to {title} (a card's 🧭 Similar).
    head = gettext("🧭 <b>Like {title}</b>", title=isolate(escape(drama.title)))
    if page.count > 1:
        head += " · " + gettext(
            "page {number}/{count}", number=number(page.number + 1), count=number(page.count)
        )
    lines = [head, ""]
    if not related:
        lines.append(
            gettext(
                "MyDramaList lists no related titles for this one (and it offers no "
                "recommendations I can read)."
            )
        )
        return "\n".join(lines), page
    lines.append(gettext("Related on MyDramaList:"))
    for shown, item in enumerate(page.items, start=page.first_index + 1):
        line = f"{shown}. <b>{isolate(escape(item.title))}</b>"
        if item.description:
            line += f" {isolate(escape(item.description))}"
        lines.append(line)
    if any(openable(item) for item in page.items):
        lines += ["", gettext("Tap a title to open its card.")]
    return "\n".join(lines), page


def similar_label(number: int, item: RelatedTitle) -> str:
    return f"{number}. {item.title}"[:LABEL_CHARS]
