"""Prometheus metrics on a registry owned by the composition root (no globals)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from infra.metrics_watch import WatchedState


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "bot_updates_total",
            "Updates handled, by kind and outcome",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.handler_seconds = Histogram(
            "bot_handler_seconds",
            "Time to handle one update",
            ["kind"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.storage_errors = Counter(
            "bot_storage_errors_total",
            "Database operations that failed",
            ["operation"],
            registry=self.registry,
        )
        self.lookups = Counter(
            "bot_lookups_total",
            "Lookups by cache namespace and outcome (hit, miss, stale, not_found, ...)",
            ["namespace", "outcome"],
            registry=self.registry,
        )
        self.inline_late = Counter(
            "bot_inline_late_answers_total",
            "Inline answers Telegram refused as too late (QueryIdInvalid)",
            registry=self.registry,
        )
        self.up = Gauge(
            "bot_dependency_up",
            "1 when a dependency answered its last check",
            ["dependency"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "bot_rate_limited_total",
            "Lookups refused by the per-user rate limit, by update kind",
            ["kind"],
            registry=self.registry,
        )
        self.access_refused = Counter(
            "bot_access_refused_total",
            "Updates refused by the access policy (banned, not_authorised, not_subscribed)",
            ["reason"],
            registry=self.registry,
        )
        self.broadcast_messages = Counter(
            "bot_broadcast_messages_total",
            "Broadcast deliveries by outcome (sent, blocked, failed)",
            ["outcome"],
            registry=self.registry,
        )
        self.broadcast_remaining = Gauge(
            "bot_broadcast_remaining",
            "Recipients the running broadcast has still to reach (0 when none runs)",
            registry=self.registry,
        )
        self.notifications = Counter(
            "bot_notifications_total",
            "Airing notifications by outcome (sent, blocked, failed, skipped, uncertain)",
            ["outcome"],
            registry=self.registry,
        )
        self.scheduler_refreshes = Counter(
            "bot_scheduler_refreshes_total",
            "Airing refreshes by the scheduler, by outcome (ok, failed, dropped)",
            ["outcome"],
            registry=self.registry,
        )
        self.scheduler_leader = Gauge(
            "bot_scheduler_lock_held",
            "1 while this process holds the scheduler lock and runs the scheduler",
            registry=self.registry,
        )
        # Several processes (app/wiring/roles.py): the update stream, read when scraped.
        self.stream_length = Gauge(
            "bot_stream_length", "Entries in the update stream", registry=self.registry
        )
        self.stream_pending = Gauge(
            "bot_stream_pending",
            "Updates taken by a worker and not yet acknowledged",
            registry=self.registry,
        )
        self.stream_lag = Gauge(
            "bot_stream_lag",
            "Updates on the stream that no worker has taken yet",
            registry=self.registry,
        )
        self.stream_entries = Counter(
            "bot_stream_entries_total",
            "Stream entries this worker took, by outcome (handled, duplicate, undecodable)",
            ["outcome"],
            registry=self.registry,
        )
        self.stream_claims = Counter(
            "bot_stream_claims_total",
            "Stream entries this worker took over from a worker that stopped (XAUTOCLAIM)",
            registry=self.registry,
        )
        self.receiver_holding = Gauge(
            "bot_receiver_lock_held",
            "1 while this process holds the receiver lock and gets the updates",
            registry=self.registry,
        )
        # Cache hits/misses and breaker states, read when scraped.
        self.watched = WatchedState()
        self.registry.register(self.watched)

    def observe(self, namespace: str, outcome: str) -> None:
        """The domain's ``LookupObserver`` port."""
        self.lookups.labels(namespace, outcome).inc()

    def notice_outcome(self, outcome: str) -> None:
        """The airing scheduler's ``SchedulerObserver`` port."""
        self.notifications.labels(outcome).inc()

    def refresh_outcome(self, outcome: str) -> None:
        self.scheduler_refreshes.labels(outcome).inc()

    def lookup_outcomes(self) -> dict[tuple[str, str], float]:
        """(namespace, outcome) → count since start-up, for /userstats."""
        return {
            (sample.labels["namespace"], sample.labels["outcome"]): sample.value
            for family in self.lookups.collect()
            for sample in family.samples
            if sample.name.endswith("_total")
        }

    def stream_outcome(self, outcome: str, identity: str) -> None:
        """The stream worker's observer."""
        if outcome == "claimed":
            self.stream_claims.inc()
        else:
            self.stream_entries.labels(outcome).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
