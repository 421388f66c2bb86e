"""The access use cases over hand-written fakes of the ports."""

from __future__ import annotations

from datetime import datetime

import pytest

from domain.admin.access import AccessFlags, Refusal, Target
from domain.admin.authorisation import MODE_TTL, AccessControl, UserFinder
from domain.errors import InvalidInput
from domain.models import User, UserProfile
from tests.fakes.clock import SettableClock

OWNER = 1


class Flags:
    def __init__(self) -> None:
        self.rows: dict[int, AccessFlags] = {}
        self.reads = 0

    async def flags(self, user_id: int) -> AccessFlags:
        self.reads += 1
        return self.rows.get(user_id, AccessFlags())

    async def set_authorised(self, user_id: int, authorised: bool, at: datetime) -> bool:
        old = self.rows.get(user_id, AccessFlags())
        self.rows[user_id] = AccessFlags(authorised, old.banned)
        return old.authorised != authorised

    async def set_banned(self, user_id: int, banned: bool, at: datetime) -> bool:
        old = self.rows.get(user_id, AccessFlags())
        self.rows[user_id] = AccessFlags(old.authorised, banned)
        return old.banned != banned

    async def authorised(self, offset: int, limit: int) -> list[int]:
        ids = sorted(i for i, f in self.rows.items() if f.authorised)
        return ids[offset : offset + limit]

    async def count_authorised(self) -> int:
        return sum(f.authorised for f in self.rows.values())


class KeyValues:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.reads = 0

    async def get(self, key: str) -> str | None:
        self.reads += 1
        return self.values.get(key)

    async def set(self, key: str, value: str) -> None:
        self.values[key] = value

    async def delete(self, key: str) -> None:
        self.values.pop(key, None)


def control(default_public: bool = True) -> tuple[AccessControl, Flags, KeyValues, SettableClock]:
    flags, values, clock = Flags(), KeyValues(), SettableClock()
    access = AccessControl(flags, values, clock, frozenset({OWNER}), default_public, "@boss")
    return access, flags, values, clock


async def test_owners_cost_no_query_and_are_always_allowed() -> None:
    access, flags, values, _ = control(default_public=False)
    assert (await access.check(OWNER, members_only=True)).allowed
    assert flags.reads == values.reads == 0


async def test_public_mode_defaults_to_the_setting_until_an_owner_changes_it() -> None:
    access, _, values, _ = control(default_public=False)
    assert (await access.check(5, members_only=True)).refusal is Refusal.NOT_AUTHORISED
    assert (await access.check(5, members_only=False)).allowed

    await access.set_public_mode(True)

    assert values.values == {"public_mode": "on"}
    assert (await access.check(5, members_only=True)).allowed


async def test_public_mode_is_read_at_most_once_per_few_seconds() -> None:
    access, _, values, clock = control()
    for _ in range(5):
        await access.check(5, members_only=True)
    assert values.reads == 1
    clock.advance(MODE_TTL)
    await access.check(5, members_only=True)
    assert values.reads == 2


async def test_ban_authorise_and_page() -> None:
    access, _, _, _ = control(default_public=False)
    for user_id in (30, 10, 20):
        assert await access.authorize(user_id) is True
    assert await access.authorize(10) is False
    assert await access.ban(20) is True
    assert (await access.check(20, members_only=False)).refusal is Refusal.BANNED
    assert (await access.check(10, members_only=True)).allowed

    page = await access.authorised_page(5, 2)  # past the end: the last page
    assert (page.number, list(page.items), page.count) == (1, [30], 2)
    assert await access.count_authorised() == 3


async def test_owners_cannot_be_banned() -> None:
    access, _, _, _ = control()
    with pytest.raises(InvalidInput, match="Owners cannot be banned"):
        await access.ban(OWNER)


async def test_how_to_ask_names_the_contact() -> None:
    access, _, _, _ = control()
    assert "@boss" in access.how_to_ask(5) and "/authorize 5" in access.how_to_ask(5)


class Directory:
    def __init__(self, users: dict[int, User]) -> None:
        self.users = users

    async def find_username(self, username: str) -> User | None:
        name = username.removeprefix("@").lower()
        return next((u for u in self.users.values() if u.profile.username == name), None)

    async def get(self, user_id: int) -> User | None:
        return self.users.get(user_id)

    async def count_active_since(self, since: datetime) -> int:
        return 0

    async def count_new_since(self, since: datetime) -> int:
        return 0

    async def count_blocked(self) -> int:
        return 0

    async def record_seen(self, profile: UserProfile, at: datetime) -> None: ...

    async def set_blocked(self, user_id: int, blocked: bool) -> None: ...

    async def count(self) -> int:
        return len(self.users)


async def test_the_finder_resolves_ids_and_known_usernames() -> None:
    clock = SettableClock()
    alice = User(UserProfile(7, "Alice", username="alice"), clock.now(), clock.now())
    directory = Directory({7: alice})
    finder = UserFinder(directory, directory)

    assert await finder.resolve(Target(user_id=99)) == 99
    assert await finder.resolve(Target(username="Alice")) == 7
    with pytest.raises(InvalidInput, match="I have not met @bob yet"):
        await finder.resolve(Target(username="bob"))
    assert await finder.many([7, 8]) == {7: alice, 8: None}
