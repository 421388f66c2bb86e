"""Recording users without a database write on every update.

Every update records its sender (names, last seen). Writing that on every
message was a third of the bot's work on a cached lookup, so a user is
written again only when their profile changed or ``interval`` has passed;
last-seen statistics are in days, so minutes of lag change nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from domain.models import User, UserProfile
from domain.ports import UserRepository

MAX_REMEMBERED = 50_000


class ThrottledUsers:
    """A ``UserRepository`` that skips repeated ``record_seen`` writes."""

    def __init__(self, users: UserRepository, interval: float = 300.0) -> None:
        self._users = users
        self._interval = interval
        self._written: OrderedDict[int, tuple[UserProfile, datetime]] = OrderedDict()

    async def record_seen(self, profile: UserProfile, at: datetime) -> None:
        last = self._written.get(profile.id)
        if (
            last is not None
            and last[0] == profile
            and (at - last[1]).total_seconds() < self._interval
        ):
            return
        await self._users.record_seen(profile, at)
        self._written[profile.id] = (profile, at)
        self._written.move_to_end(profile.id)
        while len(self._written) > MAX_REMEMBERED:
            self._written.popitem(last=False)

    async def get(self, user_id: int) -> User | None:
        return await self._users.get(user_id)

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        # A user marked as having blocked the bot is cleared by their next message.
        self._written.pop(user_id, None)
        await self._users.set_blocked(user_id, blocked)

    async def count(self) -> int:
        return await self._users.count()
