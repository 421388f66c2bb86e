"""Handing HTML to Kurigram so that Telegram shows exactly what we meant.

Kurigram's HTML parser decodes entities twice (``&amp;lt;`` arrives as ``<``).
Our renderers produce standard HTML, escaped once; this adds the one extra
level of ``&`` escaping in text (never inside tags) that the second decoding
takes away again.
"""

from __future__ import annotations

import re

_TAG_SPLIT = re.compile(r"(<[^>]*>)")


def for_kurigram(markup: str) -> str:
    return "".join(
        part if part.startswith("<") and part.endswith(">") else part.replace("&", "&amp;")
        for part in _TAG_SPLIT.split(markup)
    )
