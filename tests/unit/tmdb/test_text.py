"""The where-to-watch view stays inside Telegram's limits and escapes what TMDB sends."""

from __future__ import annotations

from domain.text import TEXT_LIMIT, visible_len
from domain.tmdb.models import Offers, TmdbTitle
from domain.tmdb.text import flag, where_to_watch


def test_a_huge_hostile_offer_list_stays_under_the_message_limit() -> None:
    names = tuple(f"<b>{'&' * 80}{i}</b>" for i in range(300))
    lists = dict.fromkeys(("flatrate", "free", "ads", "rent", "buy"), names)
    title = TmdbTitle(
        "tv", 1, "<i>" + "X" * 296 + "</i>", year=2020, offers={"US": Offers("", **lists)}
    )
    html = where_to_watch(title, "US", [])
    assert visible_len(html) < TEXT_LIMIT
    assert "<b>&amp;" not in html and "&lt;b&gt;" in html and "and 290 more" in html
    assert '<a href="https://www.themoviedb.org/tv/1/watch?locale=US">' in html


def test_flags_only_for_two_letters() -> None:
    assert flag("KR") == "🇰🇷" and flag("K") == "" and flag("K1") == "" and flag("ÄÖ") == ""
