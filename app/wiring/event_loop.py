"""The event loop the bot runs on, and the heap it starts serving with.

uvloop (libuv, in C) where it is installed, which is everywhere but Windows:
the loop's own work per update (waking a worker, a socket read, a timer) costs
several times fewer instructions than asyncio's pure-Python loop. asyncio's
loop otherwise; the bot behaves the same on both.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_loop(main: Coroutine[Any, Any, T]) -> T:
    try:
        import uvloop
    except ImportError:  # Windows: uvloop does not exist there
        return asyncio.run(main)
    return uvloop.run(main)


def freeze_startup_heap() -> None:
    """Keep what start-up built out of every later garbage collection.

    Modules, settings, pools and the client are alive for the whole run; a
    full collection would walk them all (hundreds of thousands of objects)
    for nothing and pause every update meanwhile.
    """
    gc.collect()
    gc.freeze()
