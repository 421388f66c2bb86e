"""Fuzzing templates by grammar through the whole bot.

Whatever template the grammar of `/setmdltemplate` writes, once saved, every
card it makes reaches the user, for a drama with random fields and for one
with every optional field empty, as a photo caption, a text message and an
inline result. The test client refuses what Telegram refuses; a crash inside
Kurigram's parser would show in the bot's crash counter.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import kuryana_server
from tests.harness.telegram import People
from tests.unit.templates.grammar import UPSTREAM_VALUE, templates

POSTER = "https://i.mydramalist.com/fuzz_4c.jpg"


def kuryana_drama(slug: str, fields: dict[str, str], poster: str) -> dict[str, Any]:
    """A kuryana ``/id`` data object carrying ``fields`` where MyDramaList puts them."""
    return {
        "link": f"https://mydramalist.com/{slug}",
        "title": fields["title"] or "Untitled",
        "complete_title": fields["title"],
        "year": fields["year"] or None,
        "rating": 7.5,
        "poster": poster,
        "synopsis": fields["synopsis"],
        "casts": [{"name": fields["cast"], "slug": "/people/1-x"}],
        "details": {
            "country": fields["country"],
            "episodes": fields["episodes"],
            "aired": fields["aired"],
            "original_network": fields["network"],
        },
        "others": {"native_title": fields["native"], "genres": [fields["genres"]]},
    }


FIELDS = st.fixed_dictionaries(
    dict.fromkeys(
        [
            "title", "year", "synopsis", "cast", "country", "episodes", "aired", "network",
            "native", "genres",
        ],
        UPSTREAM_VALUE,
    )
)  # fmt: skip


async def scenario(tmp_path: Path, template: str, fields: dict[str, str]) -> None:
    people = People()
    imdb = FakeImdb().install(cookie_dir=tmp_path / "imdb")
    try:
        async with (
            kuryana_server() as kuryana,
            running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb) as bot,
        ):
            tg = bot.tg
            kuryana.add_drama("1-fuzz", kuryana_drama("1-fuzz", fields, POSTER))
            kuryana.add_drama("2-bare", {"link": "https://mydramalist.com/2-bare", "title": "B"})
            kuryana.add_search(
                "fuzz", [{"slug": "1-fuzz", "title": "F"}, {"slug": "2-bare", "title": "B"}]
            )
            await tg.send_text(people.alice, f"/setmdltemplate\n{template}")
            saved = tg.last_to(people.alice.id).text
            if not saved.startswith("✅"):
                # The grammar only writes what is allowed; a refusal may only say it shows nothing.
                assert "shows nothing" in saved, saved
                return
            before = len(tg.order)
            for slug in ("1-fuzz", "2-bare"):
                await tg.send_text(people.alice, f"/mdlurl https://mydramalist.com/{slug}")
            await tg.send_text(people.alice, "/previewmdltemplate")
            answer = tg.inline_answer_for(await tg.inline(people.alice, "fuzz"))
            cards = tg.order[before:]
            assert len(cards) == 3 and all(card.text.strip() for card in cards)
            assert {c.photo for c in cards[:1]} <= {POSTER, None}
            assert len(answer.results) == 2 and all(r.text.strip() for r in answer.results)
            sample = bot.services.metrics.registry.get_sample_value
            for kind in ("message", "inline"):
                for outcome in ("crash", "telegram_error"):
                    labels = {"kind": kind, "outcome": outcome}
                    assert sample("bot_updates_total", labels) is None, labels
    finally:
        imdb.uninstall()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(templates("mdl"), FIELDS)
def test_every_saved_template_gives_cards_telegram_takes_in_every_shape(
    tmp_path: Path, template: str, fields: dict[str, str]
) -> None:
    asyncio.run(scenario(tmp_path, template, fields))
