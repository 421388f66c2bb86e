"""The fixtures of the feature folders these regression tests reach into."""

from __future__ import annotations

from tests.e2e.watch.conftest import tmdb, tmdb_bot

__all__ = ["tmdb", "tmdb_bot"]
