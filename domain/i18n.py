"""The language of the update being handled, and the translation calls every layer makes.

Standard library only: the catalogs are loaded with Babel in ``infra/i18n`` and
set here once per update by the middleware (a contextvar), so no handler or
service takes a language parameter. Strings are marked for extraction by the
names Babel looks for (``gettext``, ``ngettext``, ``N_``). Placeholders are
named (``{title}``) and filled after translation, so a translation may move
them; values are filled as given, so the caller escapes what is untrusted.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass


def _english_number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


@dataclass(frozen=True, slots=True)
class Speech:
    """One language: its catalog name ("en", "id", "pt_BR") and its translations.

    ``numbers`` writes a number as the language does (Babel's, from infra/i18n: "12.345",
    "8,8"); ``right_to_left`` is the script's direction (Arabic), for text that mixes in
    upstream values written left to right.
    """

    code: str
    translations: stdlib_gettext.NullTranslations
    numbers: Callable[[float, int], str] = _english_number
    right_to_left: bool = False


ENGLISH = Speech("en", stdlib_gettext.NullTranslations())
_current: ContextVar[Speech] = ContextVar("speech", default=ENGLISH)


def current() -> Speech:
    return _current.get()


def use(speech: Speech) -> Token[Speech]:
    """Speak ``speech`` until ``restore(token)``: the middleware's, once per update."""
    return _current.set(speech)


def restore(token: Token[Speech]) -> None:
    _current.reset(token)


@contextmanager
def speaking(speech: Speech) -> Iterator[Speech]:
    """Everything translated inside speaks ``speech``; the previous language comes back after."""
    token = _current.set(speech)
    try:
        yield speech
    finally:
        _current.reset(token)


def gettext(message: str, /, **values: object) -> str:
    """``message`` in the current language, its ``{name}`` placeholders filled from ``values``."""
    text = _current.get().translations.gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The plural form the current language uses for ``n``; ``{n}`` is ``n`` unless given."""
    text = _current.get().translations.ngettext(singular, plural, n)
    values.setdefault("n", n)
    return text.format(**values)


def number(value: float, decimals: int = 0) -> str:
    """``value`` grouped and with ``decimals`` fixed digits, in the current language
    ("12,345" / "12.345", "8.8" / "8,8"): for the layers that may not import Babel."""
    return _current.get().numbers(value, decimals)


def N_(message: str) -> str:
    """Marks ``message`` for the catalog where it is defined (the name gettext's tools know);
    it is translated where it is shown."""
    return message
