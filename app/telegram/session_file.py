"""Kurigram's session storage, kept owner-only: the session file holds the bot's auth key."""

from __future__ import annotations

from pathlib import Path

from pyrogram.storage import SQLiteStorage

from infra.private_files import private_dir, private_file


class PrivateSessionStorage(SQLiteStorage):
    """``SQLiteStorage`` whose directory is 0700 and whose file is 0600.

    SQLite creates the file with the process umask (world-readable by default)
    and cannot be handed an already-created empty file (Kurigram would then try
    to migrate it), so the file is restricted right after it is opened, inside
    a directory that is already owner-only. SQLite gives its journal files the
    database file's mode, so they follow.
    """

    def __init__(self, name: str, workdir: Path) -> None:
        super().__init__(name, workdir=workdir)
        self._workdir = workdir

    async def open(self) -> None:
        private_dir(self._workdir)
        await super().open()
        if isinstance(self.database, Path):
            private_file(self.database)
