"""Person pages pasted as links: MyDramaList ``/people/<id>`` and IMDb ``/name/nm…``."""

from __future__ import annotations

import re

from domain.people.models import IMDB, MDL, person_ref, split_ref

_MDL = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:www\.|m\.)?mydramalist\.com/people/([0-9]+(?:-[A-Za-z0-9-]*)?)",
    re.IGNORECASE,
)
_IMDB = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:www\.|m\.)?imdb\.com/(?:[a-z]{2}(?:-[a-z]{2})?/)?name/(nm\d{7,10})",
    re.IGNORECASE,
)


def find_person_link(text: str) -> str | None:
    """The reference ("m:<slug>", "i:nm…") of the first person link in ``text``, if any."""
    for pattern, source in ((_MDL, MDL), (_IMDB, IMDB)):
        match = pattern.search(text or "")
        if match:
            ref = person_ref(source, match.group(1).rstrip("-"))
            if split_ref(ref):
                return ref
    return None
