"""Where imdbinfo keeps the cookie that proves it passed IMDb's WAF challenge.

imdbinfo 0.11 computes ``services._WAF_COOKIE_FILE`` from the working directory
when it is imported, and reads that module global on every load, save and
delete (``_load_waf_cookies``, ``_save_waf_cookies``,
``_delete_waf_cookie_file``). Re-pointing the global therefore redirects every
later access; ``_waf_cookies`` is its in-memory mirror, reset so the next
request reads the new file instead of a copy loaded from the old one.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from imdbinfo import services

COOKIE_FILE_NAME = "waf_cookies.json"


def waf_cookie_file() -> Path:
    """The file imdbinfo currently reads and writes."""
    return Path(services._WAF_COOKIE_FILE)


def configure_imdbinfo(data_dir: Path) -> Path:
    """Keep imdbinfo's WAF cookie under ``data_dir/imdbinfo/``; returns the file.

    Call once at start-up, before the first IMDb request. The directory is
    created when possible; an unwritable one is not fatal (imdbinfo ignores
    write errors), it only means solving IMDb's challenge again after a restart.
    """
    cookie_file = Path(data_dir) / "imdbinfo" / COOKIE_FILE_NAME
    with contextlib.suppress(OSError):
        cookie_file.parent.mkdir(parents=True, exist_ok=True)
    services._WAF_COOKIE_FILE = cookie_file
    services._waf_cookies = services._UNSET
    return cookie_file
