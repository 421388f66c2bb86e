"""DATA_DIR and the Telegram session file are owner-only (issue 15.6).

The session file holds the bot's auth key: whoever reads it is the bot. The
real Kurigram client and its real SQLite storage run here; nothing connects.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.wiring.bootstrap import open_services
from app.wiring.bot import create_client
from tests.conftest import make_settings


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common default umask, under which files are world-readable unless made otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


async def test_a_new_session_file_and_data_dir_are_owner_only(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, data_dir=tmp_path / "data" / "bot")
    client = create_client(settings)
    assert mode(settings.data_dir) == 0o700
    await client.storage.open()
    try:
        await client.storage.auth_key(b"\x01" * 256)  # what a login writes
        await client.storage.save()
    finally:
        await client.storage.close()
    session = settings.data_dir / f"{settings.session_name}.session"
    assert session.is_file() and mode(session) == 0o600
    assert mode(settings.data_dir) == 0o700


async def test_an_existing_world_readable_session_is_tightened_and_still_works(
    tmp_path: Path,
) -> None:
    # A session written by an earlier version: readable by everyone, in a 0755 dir.
    settings = make_settings(tmp_path)
    first = create_client(settings)
    await first.storage.open()
    await first.storage.auth_key(b"\x02" * 256)
    await first.storage.save()
    await first.storage.close()
    session = settings.data_dir / f"{settings.session_name}.session"
    os.chmod(settings.data_dir, 0o755)  # noqa: S103 - the loose mode under test
    os.chmod(session, 0o644)

    again = create_client(settings)
    await again.storage.open()
    try:
        assert await again.storage.auth_key() == b"\x02" * 256  # the login survives
    finally:
        await again.storage.close()
    assert mode(session) == 0o600 and mode(settings.data_dir) == 0o700


async def test_the_services_create_the_data_dir_owner_only(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    async with open_services(settings):
        assert mode(settings.data_dir) == 0o700
        assert (settings.data_dir / "bot.sqlite3").exists()
