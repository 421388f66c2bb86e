"""Merging rows that a slug-keyed store kept apart but are one MyDramaList title.

Watches, airing states and notices used to be keyed by the slug as typed, so
"18452" and "18452-goblin" made two rows for one drama, and both would be
notified. The migration of each backend reads its rows, merges them here by
``drama_key`` and writes them back keyed by it. Pure, so both backends merge
alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from domain.airing.watches import NoticeStatus
from domain.titles import drama_key, richer_slug

Row = dict[str, Any]

# Of two notices of one episode, the one furthest along wins: a message sent
# (or maybe sent) under one slug must not go out again under the other.
_PROGRESS = [
    NoticeStatus.SENT,
    NoticeStatus.UNCERTAIN,
    NoticeStatus.PENDING,
    NoticeStatus.BLOCKED,
    NoticeStatus.FAILED,
    NoticeStatus.SKIPPED,
    NoticeStatus.DUE,
]
_RANK = {status.value: rank for rank, status in enumerate(_PROGRESS)}


def merge_watches(rows: Iterable[Row]) -> list[Row]:
    """One watch per (user, title): the oldest, under the slug that names the title."""
    merged: dict[tuple[int, str], Row] = {}
    for row in sorted(rows, key=lambda r: r["added_at"]):
        key = (int(row["user_id"]), drama_key(row["slug"]))
        if key in merged:
            merged[key]["slug"] = richer_slug(merged[key]["slug"], row["slug"])
        else:
            merged[key] = {**row, "title_key": key[1]}
    return list(merged.values())


def merge_airing(rows: Iterable[Row]) -> list[Row]:
    """One state per title: the one due first, so no one's episode is looked at later."""
    merged: dict[str, Row] = {}
    for row in sorted(rows, key=lambda r: r["next_refresh"]):
        key = drama_key(row["slug"])
        if key in merged:
            merged[key]["slug"] = richer_slug(merged[key]["slug"], row["slug"])
        else:
            merged[key] = {**row, "title_key": key}
    return list(merged.values())


def merge_notices(rows: Iterable[Row]) -> list[Row]:
    """One notice per (user, title, episode): the one furthest along."""
    merged: dict[tuple[int, str, int], Row] = {}
    for row in sorted(rows, key=lambda r: _RANK.get(str(r["status"]), len(_RANK))):
        key = (int(row["user_id"]), drama_key(row["slug"]), int(row["episode"]))
        if key in merged:
            merged[key]["slug"] = richer_slug(merged[key]["slug"], row["slug"])
        else:
            merged[key] = {**row, "title_key": key[1]}
    return list(merged.values())
