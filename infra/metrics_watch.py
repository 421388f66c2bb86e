"""Metrics read at scrape time from state other objects already keep.

Cache hits and misses live in each backend's ``HitCounter`` and breaker
states in the breakers; reading them when Prometheus scrapes costs nothing
on the hot path and can never drift from what /cache_stats and /health show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from domain.breaker import BreakerState, CircuitBreaker
from infra.cache.counters import HitCounter

BREAKER_VALUES = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}


class WatchedState(Collector):
    def __init__(self) -> None:
        self._caches: list[HitCounter] = []
        self._breakers: list[CircuitBreaker] = []

    def watch_cache(self, counter: HitCounter) -> None:
        self._caches.append(counter)

    def watch_breakers(self, breakers: Iterable[CircuitBreaker]) -> None:
        self._breakers.extend(breakers)

    def collect(self) -> Iterator[Metric]:
        hits = CounterMetricFamily(
            "bot_cache_hits", "Cache reads that found a value, by namespace", labels=["namespace"]
        )
        misses = CounterMetricFamily(
            "bot_cache_misses", "Cache reads that found nothing, by namespace", labels=["namespace"]
        )
        # A fallback cache has two backends, each counting: one series per namespace.
        hit_sum: Counter[str] = Counter()
        miss_sum: Counter[str] = Counter()
        for counter in self._caches:
            hit_sum.update(counter.hits)
            miss_sum.update(counter.misses)
        for namespace, n in sorted(hit_sum.items()):
            hits.add_metric([namespace], n)
        for namespace, n in sorted(miss_sum.items()):
            misses.add_metric([namespace], n)
        breakers = GaugeMetricFamily(
            "bot_breaker_state",
            "Circuit breaker per upstream: 0 closed, 1 half-open, 2 open",
            labels=["breaker"],
        )
        for breaker in self._breakers:
            breakers.add_metric([breaker.name], BREAKER_VALUES[breaker.state])
        yield hits
        yield misses
        yield breakers
