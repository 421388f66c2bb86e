"""Resident memory of the bot alone at idle, measured in a fresh process.

The load benchmark's own process also holds the test client, pytest and the
fake upstreams, so its figure overstates the bot. This child imports only the
product, wires it as ``app.__main__`` does (settings, services, the Kurigram
client with every handler, its dispatcher started), connects to nothing but
Redis and SQLite, and prints its VmRSS in MiB::

    python -m bench.idle_rss <redis-url> <data-dir>
"""

from __future__ import annotations

import asyncio
import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.wiring.bootstrap import open_services  # noqa: E402
from app.wiring.bot import all_routes, create_client, install_handlers  # noqa: E402
from bench.support import rss_mb  # noqa: E402
from infra.config import Settings  # noqa: E402


async def measure(redis_url: str, data_dir: Path) -> float:
    settings = Settings(
        _env_file=None,
        bot_token="123456:" + "A" * 35,
        api_id=12345,
        api_hash="f" * 32,
        redis_url=redis_url,
        data_dir=data_dir,
        health_port=0,
        log_level="WARNING",
    )
    async with open_services(settings) as services:
        client = create_client(settings)
        install_handlers(client, services, all_routes())
        await client.dispatcher.start()
        await services.cache.ping()
        gc.collect()
        current, _ = rss_mb()
        await client.dispatcher.stop()
    return current


def main() -> int:
    redis_url, data_dir = sys.argv[1], Path(sys.argv[2])
    print(f"{asyncio.run(measure(redis_url, data_dir)):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
