"""Templates generated from the grammar `/set…template` accepts, and titles to fill them.

Tags Telegram supports with their attributes, nested as Telegram allows;
text with emoji, astral characters (surrogate pairs in UTF-16), entities and
stray ``<``/``&``; placeholders and literal braces.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from domain.templates.placeholders import IMDB, MDL
from domain.titles import CastMember, Drama, Movie, Person

PLAIN = st.text(
    st.characters(blacklist_characters="{}<>&", blacklist_categories=("Cs", "Cc")), max_size=12
)
LITERALS = st.sampled_from(
    [
        "I <3 it",
        "a < b",
        "x > y",
        "&amp;",
        "&lt;b&gt;",
        "&quot;",
        "&#39;",
        "&#x1F600;",
        "&#123;0&#125;",
        "&nbsp;",
        "Tom & Jerry",
        "😀",
        "𝕏",
        "👨‍👩‍👧",
        "🇰🇷",
        " ",
        "\n",
        "\t",
        "{{",
        "}}",
    ]
)
EMOJI_IDS = st.sampled_from(["1", "5368324170671202286", str(2**63 - 1)])
SIMPLE = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler"]


def _text(names: list[str]) -> st.SearchStrategy[str]:
    placeholder = st.sampled_from(names).map(lambda n: f"{{{n}}}")
    return st.one_of(PLAIN, LITERALS, placeholder)


@st.composite
def _node(draw: Any, names: list[str], inside: frozenset[str], depth: int) -> str:
    text = _text(names)
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return str(draw(text))
    kinds = ["simple", "span", "code", "pre", "emoji"]
    if "a" not in inside:
        kinds.append("a")
    if "blockquote" not in inside:
        kinds.append("blockquote")
    kind = draw(st.sampled_from(kinds))
    if kind in ("code", "pre"):
        body = "".join(draw(st.lists(text, max_size=3)))
        attrs = draw(st.sampled_from(["", ' language="python"'])) if kind == "pre" else ""
        return f"<{kind}{attrs}>{body}</{kind}>"
    if kind == "emoji":
        emoji = draw(st.sampled_from(["👍", "🔥", "⭐", "🇰🇷"]))
        return f'<tg-emoji emoji-id="{draw(EMOJI_IDS)}">{emoji}</tg-emoji>'
    children = draw(st.lists(_node(names, inside | {kind}, depth - 1), max_size=3))
    body = "".join(children)
    if kind == "simple":
        tag = draw(st.sampled_from(SIMPLE))
        return f"<{tag}>{body}</{tag}>"
    if kind == "span":
        return f'<span class="tg-spoiler">{body}</span>'
    if kind == "a":
        url_names = [n for n in ("link", "imdb_url", "poster") if n in names]
        href = draw(
            st.sampled_from(
                [f"{{{n}}}" for n in url_names]
                + ["https://example.com/x?a=1&amp;b=2", "tg://resolve?domain=durov"]
            )
        )
        return f'<a href="{href}">{body}</a>'
    opening = draw(st.sampled_from(["<blockquote>", "<blockquote expandable>"]))
    return f"{opening}{body}</blockquote>"


def templates(source: str) -> st.SearchStrategy[str]:
    names = sorted(MDL if source == "mdl" else IMDB)
    parts = st.lists(_node(names, frozenset(), 3), min_size=1, max_size=6)
    return parts.map("".join).filter(lambda t: t.strip())


# What an upstream can send as text (JSON from kuryana, models from imdbinfo).
UPSTREAM_VALUE = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.text(alphabet="<>&\"'/;#=ltgampquo0123456789x {}😀𝕏\u200f", max_size=40),
    st.sampled_from(["ctrl\x00\x07\x1b", "&amp;lt;b&amp;gt;", "  \n "]),
    st.text(min_size=500, max_size=2500),
)
# Titles handed to the renderer directly may hold worse: a lone surrogate (which a JSON
# "\ud800" escape decodes to) must not break a card either.
VALUE = st.one_of(UPSTREAM_VALUE, st.just("\ud800 lone surrogate"))
URL = st.sampled_from(["", "https://mydramalist.com/1-x", "javascript:alert(1)", "https://x y"])
NAMES = st.lists(VALUE, max_size=3).map(tuple)


def dramas() -> st.SearchStrategy[Drama]:
    text_fields = [
        "complete_title", "native_title", "year", "synopsis", "country", "type", "episodes",
        "aired", "aired_on", "original_network", "duration", "content_rating", "score",
        "ranked", "popularity", "watchers", "favorites",
    ]  # fmt: skip
    return st.builds(
        Drama,
        slug=st.just("1-x"),
        title=VALUE,
        link=URL,
        poster=URL,
        rating=st.one_of(st.none(), st.floats(0, 10)),
        genres=NAMES,
        tags=NAMES,
        also_known_as=NAMES,
        cast=st.lists(VALUE.map(CastMember), max_size=3).map(tuple),
        **dict.fromkeys(text_fields, VALUE),
    )


def movies() -> st.SearchStrategy[Movie]:
    return st.builds(
        Movie,
        imdb_id=st.just("tt0000001"),
        title=VALUE,
        url=URL,
        title_localized=VALUE,
        kind=VALUE,
        year=st.one_of(st.none(), st.integers(1900, 2100)),
        rating=st.one_of(st.none(), st.floats(0, 10)),
        votes=st.one_of(st.none(), st.integers(0, 10**8)),
        genres=NAMES,
        directors=st.lists(VALUE.map(Person), max_size=2).map(tuple),
        stars=st.lists(VALUE.map(Person), max_size=3).map(tuple),
        countries=NAMES,
        certificate=VALUE,
        plot=VALUE,
        cover_url=URL,
        box_office=VALUE,
    )
