"""A poster URL from an upstream cannot make the bot fetch an internal address (issue 15.4).

When Telegram refuses a poster URL the bot downloads the image itself. The
upstream chose that URL, so the download must refuse internal addresses (also
behind a redirect), oversized bodies and anything that is not an image; the
card then goes out as text. 127.0.0.2 (``cdn.test``) stands in for a public
CDN, 127.0.0.1 (``internal.test``) for an internal service.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from pyrogram import errors, raw

from infra.safe_fetch import SafeFetcher
from tests.conftest import BotUnderTest
from tests.fakes.image_hosts import PUBLIC_STAND_IN, ImageHosts, image_hosts, only_admitting
from tests.fakes.kuryana import FIXTURES
from tests.harness.telegram import People, Sent

CAP = 4096
GOBLIN_URL = "https://mydramalist.com/18452-goblin"


@pytest.fixture
async def hosts(bot: BotUnderTest) -> AsyncIterator[ImageHosts]:
    """The hosts, and the bot's poster downloads resolving their names."""
    async with image_hosts(big=CAP) as started:
        fetcher = SafeFetcher(
            only_admitting(PUBLIC_STAND_IN, max_bytes=CAP), resolver=started.resolver
        )
        bot.services.http = fetcher
        try:
            yield started
        finally:
            await fetcher.close()


async def card_with_poster(bot: BotUnderTest, people: People, poster: str) -> Sent:
    detail = json.loads((FIXTURES / "drama_goblin.json").read_text())["data"]
    detail["poster"] = poster
    bot.kuryana.add_drama("18452-goblin", detail)
    bot.tg.fail_next(raw.functions.messages.SendMedia, errors.WebpageMediaEmpty())
    await bot.tg.send_text(people.alice, f"/mdlurl {GOBLIN_URL}")
    return bot.tg.last_to(people.alice.id)


def assert_text_card(card: Sent) -> None:
    assert card.photo is None and not card.photo_uploaded
    assert "🎬 <b>Goblin</b>" in card.html
    assert card.button("Cast")


async def test_a_public_poster_telegram_refused_is_downloaded_and_uploaded(
    bot: BotUnderTest, people: People, hosts: ImageHosts
) -> None:
    card = await card_with_poster(bot, people, hosts.cdn("/poster.jpg"))
    assert card.photo_uploaded
    assert hosts.cdn_hits["/poster.jpg"] == 1


async def test_a_poster_on_an_internal_address_is_never_fetched(
    bot: BotUnderTest, people: People, hosts: ImageHosts
) -> None:
    card = await card_with_poster(bot, people, hosts.internal())
    assert_text_card(card)
    assert not hosts.internal_hits


@pytest.mark.parametrize("path", ["/to-internal-name", "/to-internal-ip"])
async def test_a_poster_redirecting_to_an_internal_address_is_never_fetched(
    bot: BotUnderTest, people: People, hosts: ImageHosts, path: str
) -> None:
    card = await card_with_poster(bot, people, hosts.cdn(path))
    assert_text_card(card)
    assert hosts.cdn_hits[path] == 1 and not hosts.internal_hits


@pytest.mark.parametrize("path", ["/big.jpg", "/big-chunked.jpg"])
async def test_an_oversized_poster_falls_back_to_text(
    bot: BotUnderTest, people: People, hosts: ImageHosts, path: str
) -> None:
    card = await card_with_poster(bot, people, hosts.cdn(path))
    assert_text_card(card)
    assert hosts.cdn_hits[path] == 1


async def test_a_poster_that_is_not_an_image_falls_back_to_text(
    bot: BotUnderTest, people: People, hosts: ImageHosts
) -> None:
    card = await card_with_poster(bot, people, hosts.cdn("/page.jpg"))
    assert_text_card(card)


async def test_the_bots_own_policy_refuses_a_plain_http_loopback_poster(
    bot: BotUnderTest, people: People
) -> None:
    # No test allowance: the wired fetcher, as in production.
    async with image_hosts() as started:
        card = await card_with_poster(
            bot, people, f"http://127.0.0.1:{started.port}/admin/secret.jpg"
        )
        assert_text_card(card)
        assert not started.internal_hits
