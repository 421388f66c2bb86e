"""A MyDramaList user's public drama list (kuryana ``/dramalist/{user}``).

kuryana reads every list block of ``mydramalist.com/dramalist/{user}``:
``data.list`` maps each block's label ("Currently Watching", "Completed",
"Plan to Watch", "On Hold", "Dropped", ...) to ``{items, stats}``. A page with
no block (a private list, or an empty one) is ``list: {}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from domain.i18n import N_
from domain.lookup import CachedLookup, Codec, Fetched, Freshness

NAMESPACE = "mdl:dramalist"
# A list changes as its owner watches: kept briefly, and a missing one more briefly.
FRESHNESS = Freshness(fresh=600, stale=86_400, not_found=300)
# What the adapter raises (as NotFound) when MyDramaList's own page says the list is hidden.
HIDDEN = "MyDramaList shows this drama list to nobody but its owner"
# Shown where raised: gettext(NOT_A_USER), gettext(USER_HINT).
NOT_A_USER = N_("That is not a MyDramaList user name.")
USER_HINT = N_("For example: /import dramafan — or paste the link of their profile or drama list.")
_USER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_LINK_RE = re.compile(
    r"^(?:https?://)?(?:www\.|m\.)?mydramalist\.com/(?:dramalist|profile)/([^/?#\s]+)", re.I
)


@dataclass(frozen=True, slots=True)
class ListedDrama:
    slug: str  # "733445-i-will-die-soon"
    title: str
    seen: str = ""  # episodes seen, as MyDramaList shows it
    total: str = ""


@dataclass(frozen=True, slots=True)
class DramaList:
    user: str
    # Label → titles, in page order.
    lists: dict[str, tuple[ListedDrama, ...]]

    def titles_in(self, *labels: str) -> list[tuple[str, ListedDrama]]:
        """(label, title) of the named lists (any case), in the order asked."""
        wanted = [label.casefold() for label in labels]
        found = {label.casefold(): (label, items) for label, items in self.lists.items()}
        return [(found[w][0], item) for w in wanted if w in found for item in found[w][1]]


class DramaListSource(Protocol):
    async def dramalist(self, user: str) -> DramaList:
        """Raises NotFound (no such user, or ``HIDDEN``) or UpstreamUnavailable."""
        ...


def mdl_user(text: str) -> str | None:
    """The user name in "name", "@name" or a dramalist/profile link; None when it is none."""
    text = text.strip()
    match = _LINK_RE.match(text)
    name = match.group(1) if match else text.removeprefix("@")
    return name if _USER_RE.fullmatch(name) and ".." not in name else None


class DramaLists:
    def __init__(
        self,
        source: DramaListSource,
        lookup: CachedLookup,
        codec: Codec[DramaList],
        freshness: Freshness = FRESHNESS,
    ) -> None:
        self._source = source
        self._lookup = lookup
        self._codec = codec
        self._freshness = freshness

    async def of(self, user: str) -> Fetched[DramaList]:
        return await self._lookup.get(
            NAMESPACE, user, lambda: self._source.dramalist(user), self._codec, self._freshness
        )
