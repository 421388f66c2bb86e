"""Hostile MyDramaList queries and upstream URLs end to end, through the Telegram test client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from app.admin.health import health_app
from tests.conftest import bot_settings, running_bot
from tests.fakes.imdb import FakeImdb
from tests.fakes.kuryana import FIXTURES, FakeKuryana, Fault
from tests.harness.telegram import People

UNAVAILABLE = "MyDramaList is not answering right now"
USER, PASSWORD = "mdl-operator", "hunter2-kuryana-pw"


async def test_dot_queries_reach_the_search_route(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    async with running_bot(bot_settings(tmp_path, kuryana), kuryana, imdb) as bot:
        for query in ("..", "."):
            await bot.tg.send_text(people.alice, f"/mdl {query}")
            answer = bot.tg.last_to(people.alice.id)
            assert f"“{query}”" in answer.text and UNAVAILABLE not in answer.text
    # URL normalisation would have sent these to "/search/" and "/search/q/".
    assert dict(kuryana.route_hits) == {"search": 2}
    assert kuryana.queries == ["..", "."]


@asynccontextmanager
async def kuryana_refusing_searches(status: int) -> AsyncIterator[str]:
    """A kuryana whose MyDramaList refuses searches starting with "refuse" with
    ``status`` (kuryana passes MDL's status through with its error body) and
    answers "goblin" from the recorded fixture."""
    goblin = json.loads((FIXTURES / "search_goblin.json").read_text())

    async def search(request: web.Request) -> web.Response:
        if request.match_info["query"].startswith("refuse"):
            body = {"error": True, "code": status, "description": "An unexpected error occurred."}
            return web.json_response(body, status=status)
        return web.json_response(goblin)

    app = web.Application()
    app.router.add_get("/search/q/{query}", search)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        await server.close()


async def test_five_searches_mdl_refuses_leave_mydramalist_on_for_everyone(
    tmp_path: Path, kuryana: FakeKuryana, imdb: FakeImdb, people: People
) -> None:
    async with kuryana_refusing_searches(414) as url:
        settings = bot_settings(tmp_path, kuryana, mdl_api_urls=[url])
        async with running_bot(settings, kuryana, imdb) as bot:
            for n in range(5):
                await bot.tg.send_text(people.alice, f"/mdl refuse {'x' * n}")
                answer = bot.tg.last_to(people.alice.id)
                assert "MyDramaList could not search for that." in answer.text
                assert UNAVAILABLE not in answer.text
            await bot.tg.send_text(people.bob, "/mdl goblin")
            results = bot.tg.last_to(people.bob.id)
    assert UNAVAILABLE not in results.text
    assert "1. Goblin (2016)" in [b.text for b in results.flat_buttons]


async def test_credentials_in_mdl_api_urls_never_reach_health_metrics_or_logs(
    tmp_path: Path,
    kuryana: FakeKuryana,
    imdb: FakeImdb,
    people: People,
    capsys: pytest.CaptureFixture[str],
) -> None:
    host = kuryana.url.removeprefix("http://")
    settings = bot_settings(tmp_path, kuryana, mdl_api_urls=[f"http://{USER}:{PASSWORD}@{host}"])
    async with running_bot(settings, kuryana, imdb) as bot:
        kuryana.fail_always(Fault.SERVER_ERROR)
        await bot.tg.send_text(people.alice, "/mdl goblin")
        assert UNAVAILABLE in bot.tg.last_to(people.alice.id).text
        await bot.tg.send_text(people.owner, "/health")
        health = bot.tg.last_to(people.owner.id).text
        async with TestClient(TestServer(health_app(bot.services))) as http:
            ready = await (await http.get("/health/ready")).text()
            metrics = await (await http.get("/metrics")).text()
    logs = capsys.readouterr()
    assert "mdl_upstream_error" in logs.out + logs.err  # the failure was logged, with its host
    assert host in health  # the instance is still named, by its host
    assert f'breaker="{host}"' in metrics
    for shown in (health, ready, metrics, logs.out, logs.err):
        assert PASSWORD not in shown and USER not in shown
