"""The scheduler's exactly-once bookkeeping against hand-written fakes of its ports."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from domain.airing.notifier import AiringScheduler, Ports
from domain.airing.schedule import first_state
from domain.airing.watches import FINALE, AiringState, Notice, NoticeStatus, Watch
from domain.errors import UpstreamUnavailable
from domain.lookup import Fetched
from domain.models import User, UserProfile
from domain.pacing import SENT, Delivery, DeliveryKind, PacedSender
from domain.titles import Drama, NextEpisode
from tests.fakes.clock import SettableClock

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
WINDOW = 6 * 3600.0


class Crash(Exception):
    pass


class Store:
    """Watches, airing states, the ledger and users in dicts (the ports the scheduler uses)."""

    def __init__(self) -> None:
        self.watch_rows: dict[tuple[int, str], Watch] = {}
        self.states: dict[str, AiringState] = {}
        self.rows: dict[tuple[int, str, int], Notice] = {}
        self.blocked: set[int] = set()

    # WatchRepository
    async def watchers(self, slug: str) -> list[int]:
        return sorted(u for u, s in self.watch_rows if s == slug)

    async def remove_drama(self, slug: str) -> int:
        doomed = [k for k in self.watch_rows if k[1] == slug]
        for key in doomed:
            del self.watch_rows[key]
        return len(doomed)

    # AiringRepository (as .airing)
    async def due(self, now: datetime, limit: int) -> list[AiringState]:
        due = sorted(
            (s for s in self.states.values() if s.next_refresh <= now), key=lambda s: s.next_refresh
        )
        return due[:limit]

    # UserRepository
    async def get(self, user_id: int) -> User | None:
        return User(UserProfile(user_id), T0, T0, user_id in self.blocked)

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        self.blocked.add(user_id)


class Airing:
    def __init__(self, store: Store) -> None:
        self.s = store

    async def due(self, now: datetime, limit: int) -> list[AiringState]:
        return await self.s.due(now, limit)

    async def save(self, state: AiringState) -> None:
        self.s.states[state.slug] = state

    async def delete(self, slug: str) -> None:
        self.s.states.pop(slug, None)


class Ledger:
    def __init__(self, store: Store) -> None:
        self.s = store

    async def plan(self, notices: list[Notice]) -> int:
        new = [n for n in notices if n.key not in self.s.rows]
        self.s.rows.update({n.key: n for n in new})
        return len(new)

    async def due(self, limit: int) -> list[Notice]:
        return [n for n in self.s.rows.values() if n.status is NoticeStatus.DUE][:limit]

    async def claim(self, key: tuple[int, str, int]) -> bool:
        if self.s.rows[key].status is not NoticeStatus.DUE:
            return False
        await self.mark(key, NoticeStatus.PENDING)
        return True

    async def mark(self, key: tuple[int, str, int], status: NoticeStatus) -> None:
        old = self.s.rows[key]
        self.s.rows[key] = Notice(
            old.user_id, old.slug, old.episode, old.title, old.aired_at, status
        )

    async def settle_interrupted(self) -> int:
        pending = [k for k, n in self.s.rows.items() if n.status is NoticeStatus.PENDING]
        for key in pending:
            await self.mark(key, NoticeStatus.UNCERTAIN)
        return len(pending)


class Upstream:
    """``DramaLookup.refresh``: the drama as MyDramaList shows it now, or an outage."""

    def __init__(self) -> None:
        self.drama = Drama("1-show", "Show", next_episode=NextEpisode(5, T0 + timedelta(hours=1)))
        self.down = False
        self.calls = 0

    async def refresh(self, slug: str) -> Fetched[Drama]:
        self.calls += 1
        if self.down:
            raise UpstreamUnavailable("MyDramaList")
        return Fetched(self.drama)


class Telegram:
    def __init__(self) -> None:
        self.inbox: Counter[int] = Counter()
        self.script: dict[int, Delivery] = {}
        self.crash_on: int | None = None

    async def send_text(self, user_id: int, html: str) -> Delivery:
        if user_id == self.crash_on:
            self.crash_on = None
            raise Crash("died mid-send")
        delivery = self.script.pop(user_id, SENT)
        if delivery is SENT:
            self.inbox[user_id] += 1
        return delivery


class Counts:
    def __init__(self) -> None:
        self.notices: Counter[str] = Counter()
        self.refreshes: Counter[str] = Counter()

    def notice_outcome(self, outcome: str) -> None:
        self.notices[outcome] += 1

    def refresh_outcome(self, outcome: str) -> None:
        self.refreshes[outcome] += 1


class World:
    def __init__(self, users: tuple[int, ...] = (1, 2, 3)) -> None:
        self.clock = SettableClock(T0)
        self.store, self.upstream, self.tg, self.counts = Store(), Upstream(), Telegram(), Counts()
        for user in users:
            self.store.watch_rows[(user, "1-show")] = Watch(user, "1-show", "Show", T0)
        self.store.states["1-show"] = first_state(self.upstream.drama, T0)

    def scheduler(self) -> AiringScheduler:
        async def sleep(seconds: float) -> None:
            self.clock.advance(seconds)

        ports = Ports(self.store, Airing(self.store), Ledger(self.store), self.store)  # type: ignore[arg-type]
        return AiringScheduler(
            ports,
            self.upstream,  # type: ignore[arg-type]
            self.tg,
            PacedSender(self.clock, 25),
            self.clock,
            self.counts,
            WINDOW,
            sleep,
        )

    def status(self, user: int, episode: int = 5) -> NoticeStatus:
        return self.store.rows[(user, "1-show", episode)].status


async def test_an_airing_notifies_each_watcher_once_with_one_fetch() -> None:
    world = World()
    scheduler = world.scheduler()
    await scheduler.tick()
    assert world.upstream.calls == 0  # not due before the air time
    world.clock.advance(3600)

    await scheduler.tick()
    await scheduler.tick()

    assert world.upstream.calls == 1
    assert world.tg.inbox == {1: 1, 2: 1, 3: 1}
    assert world.counts.notices == {"sent": 3}


async def test_a_crash_mid_send_is_uncertain_and_the_rest_go_out_once_after_a_restart() -> None:
    world = World()
    world.clock.advance(3600)
    world.tg.crash_on = 2
    with pytest.raises(Crash):
        await world.scheduler().tick()
    assert world.tg.inbox == {1: 1}
    assert world.status(2) is NoticeStatus.PENDING and world.status(3) is NoticeStatus.DUE

    restarted = world.scheduler()
    assert await restarted.recover() == 1
    await restarted.tick()

    assert world.tg.inbox == {1: 1, 3: 1}  # user 2 maybe got it: never sent twice
    assert world.status(2) is NoticeStatus.UNCERTAIN
    assert world.counts.notices == {"sent": 2, "uncertain": 1}


async def test_notices_older_than_the_window_are_skipped_and_counted() -> None:
    world = World()
    world.clock.advance(3600)
    world.store.rows.update(
        {
            (1, "1-show", 4): Notice(1, "1-show", 4, "Show", T0 - timedelta(hours=7)),
            (2, "1-show", 4): Notice(2, "1-show", 4, "Show", T0 - timedelta(hours=5)),
        }
    )
    await world.scheduler().tick()
    assert world.status(1, 4) is NoticeStatus.SKIPPED
    assert world.status(2, 4) is NoticeStatus.SENT
    assert world.counts.notices["skipped"] == 1


async def test_an_outage_delays_and_never_drops() -> None:
    world = World(users=(1,))
    world.upstream.down = True
    world.clock.advance(3600)
    scheduler = world.scheduler()
    await scheduler.tick()
    assert world.tg.inbox == {} and world.store.states["1-show"].failures == 1

    world.upstream.down = False
    world.clock.advance(300)
    await scheduler.tick()
    assert world.tg.inbox == {1: 1}


async def test_blocked_users_are_marked_and_skipped_after() -> None:
    world = World(users=(1, 2))
    world.tg.script[1] = Delivery(DeliveryKind.BLOCKED, "UserIsBlocked")
    world.clock.advance(3600)
    scheduler = world.scheduler()
    await scheduler.tick()
    assert world.status(1) is NoticeStatus.BLOCKED and 1 in world.store.blocked

    world.upstream.drama = Drama(
        "1-show", "Show", next_episode=NextEpisode(7, T0 + timedelta(days=7))
    )
    world.clock.advance(12 * 3600)  # no air time was known: the 12-hour look
    await scheduler.tick()
    assert world.status(1, 6) is NoticeStatus.BLOCKED  # not even tried
    assert world.tg.inbox == {2: 2}


async def test_a_finished_drama_gets_a_last_message_and_leaves_every_list() -> None:
    world = World(users=(1, 2))
    world.upstream.drama = Drama("1-show", "Show", episodes="5", current_episode="5")
    world.clock.advance(3600)
    await world.scheduler().tick()
    assert world.status(1, FINALE) is NoticeStatus.SENT
    assert world.status(1, 5) is NoticeStatus.SENT
    assert world.store.watch_rows == {} and world.store.states == {}
