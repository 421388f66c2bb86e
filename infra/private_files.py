"""Owner-only files and directories: ``DATA_DIR`` holds the Telegram session (the
bot's auth key), the database and the logs, none of which other local users may read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """``path`` created if missing, and made owner-only (0700) either way.

    An existing directory is tightened too: one created earlier by a looser
    umask, or by the log setup before this runs. A directory the process does not
    own (a volume mounted read-only, say) is left as it is, with a warning.
    """
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _restrict(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> None:
    """Make an existing file owner-only (0600)."""
    _restrict(path, PRIVATE_FILE)


def _restrict(path: Path, mode: int) -> None:
    try:
        if stat.S_IMODE(path.stat().st_mode) != mode:
            os.chmod(path, mode)
    except OSError as exc:
        log.warning("cannot_restrict_permissions", path=str(path), error=type(exc).__name__)
