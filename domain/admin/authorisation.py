"""The access use cases: checking a user, and the owner's commands that change access."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime

from domain.admin.access import (
    AccessFlags,
    Decision,
    Target,
    decide,
    decide_for_chat,
    how_to_ask,
)
from domain.admin.ports import AccessRepository, UserDirectory
from domain.errors import InvalidInput, StorageUnavailable
from domain.i18n import gettext
from domain.models import User
from domain.paging import Page
from domain.ports import Clock, SettingsRepository, UserRepository

PUBLIC_MODE_KEY = "public_mode"
MODE_TTL = 10.0  # seconds; another process's /setpublicmode is seen within this
FLAGS_TTL = 10.0  # seconds; likewise another process's /ban or /authorize
MAX_CACHED_FLAGS = 10_000


class AccessControl:
    def __init__(
        self,
        repo: AccessRepository,
        settings: SettingsRepository,
        clock: Clock,
        owners: frozenset[int],
        default_public: bool,
        contact: str = "",
    ) -> None:
        self._repo = repo
        self._settings = settings
        self._clock = clock
        self.owners = owners
        self._default_public = default_public
        self._contact = contact
        self._mode: tuple[bool, datetime] | None = None
        # Checked on every update: kept briefly, so a busy user costs no query at all.
        self._flags: OrderedDict[int, tuple[AccessFlags, datetime]] = OrderedDict()

    def is_owner(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.owners

    async def public_mode(self) -> bool:
        # Read on nearly every lookup: kept briefly, so most lookups cost one query, not two.
        now = self._clock.now()
        if self._mode is not None and (now - self._mode[1]).total_seconds() < MODE_TTL:
            return self._mode[0]
        try:
            stored = await self._settings.get(PUBLIC_MODE_KEY)
        except StorageUnavailable:
            # The database is down: keep to the last mode seen (or the configured one).
            return self._mode[0] if self._mode is not None else self._default_public
        mode = self._default_public if stored is None else stored == "on"
        self._mode = (mode, now)
        return mode

    async def set_public_mode(self, on: bool) -> None:
        await self._settings.set(PUBLIC_MODE_KEY, "on" if on else "off")
        self._mode = (on, self._clock.now())

    async def check(self, user_id: int, *, members_only: bool) -> Decision:
        """Owners cost no query; others one, and a second only when public mode matters."""
        if self.is_owner(user_id):
            return decide(owner=True, flags=AccessFlags(), public_mode=True, members_only=False)
        flags = await self._flags_of(user_id)
        needs_mode = members_only and not flags.authorised and not flags.banned
        public = await self.public_mode() if needs_mode else True
        return decide(owner=False, flags=flags, public_mode=public, members_only=members_only)

    async def check_chat(self, *, members_only: bool, per_user: bool) -> Decision:
        """A chat speaking for itself: it has no flags of its own, only public mode."""
        public = await self.public_mode() if members_only and not per_user else True
        return decide_for_chat(public_mode=public, members_only=members_only, per_user=per_user)

    async def _flags_of(self, user_id: int) -> AccessFlags:
        now = self._clock.now()
        cached = self._flags.get(user_id)
        if cached is not None and (now - cached[1]).total_seconds() < FLAGS_TTL:
            return cached[0]
        try:
            flags = await self._repo.flags(user_id)
        except StorageUnavailable:
            # The database is down: what we last knew, else an ordinary user. Lookups go
            # on in public mode; in private mode an unknown user is still refused.
            return cached[0] if cached is not None else AccessFlags()
        self._flags[user_id] = (flags, now)
        self._flags.move_to_end(user_id)
        while len(self._flags) > MAX_CACHED_FLAGS:
            self._flags.popitem(last=False)
        return flags

    def how_to_ask(self, user_id: int) -> str:
        return how_to_ask(user_id, self._contact)

    async def authorize(self, user_id: int) -> bool:
        self._flags.pop(user_id, None)
        return await self._repo.set_authorised(user_id, True, self._clock.now())

    async def unauthorize(self, user_id: int) -> bool:
        self._flags.pop(user_id, None)
        return await self._repo.set_authorised(user_id, False, self._clock.now())

    async def ban(self, user_id: int) -> bool:
        if self.is_owner(user_id):
            raise InvalidInput(
                gettext("Owners cannot be banned."),
                # Translators: OWNER_IDS is the name of a setting: keep it as it is.
                hint=gettext("Owners come from OWNER_IDS."),
            )
        self._flags.pop(user_id, None)
        return await self._repo.set_banned(user_id, True, self._clock.now())

    async def unban(self, user_id: int) -> bool:
        self._flags.pop(user_id, None)
        return await self._repo.set_banned(user_id, False, self._clock.now())

    async def count_authorised(self) -> int:
        return await self._repo.count_authorised()

    async def authorised_page(self, number: int, size: int) -> Page[int]:
        """Page ``number`` of authorised ids, clamped into range like ``page_of``."""
        total = await self._repo.count_authorised()
        count = max(1, -(-total // size))
        number = min(max(0, number), count - 1)
        ids = await self._repo.authorised(number * size, size)
        return Page(ids, number, count, number * size)


class UserFinder:
    """Turns what an owner typed (an id or an @username) into a user id, with names."""

    def __init__(self, users: UserRepository, directory: UserDirectory) -> None:
        self._users = users
        self._directory = directory

    async def resolve(self, target: Target) -> int:
        if target.user_id is not None:
            return target.user_id
        name = target.username or ""
        user = await self._directory.find_username(name)
        if user is None:
            raise InvalidInput(
                gettext("I have not met @{name} yet.", name=name),
                hint=gettext("They must write to me first; or use their numeric user id."),
            )
        return user.id

    async def get(self, user_id: int) -> User | None:
        return await self._users.get(user_id)

    async def many(self, user_ids: Iterable[int]) -> dict[int, User | None]:
        return {uid: await self._users.get(uid) for uid in user_ids}
