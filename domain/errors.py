"""The one exception family that crosses layers.

Adapters translate library errors into these (``raise X from exc``); the error
boundary in ``app`` maps each to one user-facing message. ``NotFound`` and
``UpstreamUnavailable`` are kept apart on purpose: users are told which.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the product understands."""


class NotFound(DomainError):
    """The upstream answered, and the thing does not exist.

    ``message`` is English: a catalog message (marked with ``N_``) whose ``{name}``
    placeholders ``values`` fill where it is shown, in the reader's language
    (app/wiring/errors.py). ``str()`` is the English text, for logs. A cached "not
    found" (domain/lookup.py) keeps the message and its values, never a translation:
    one reader's language must not reach the next.
    """

    def __init__(self, message: str = "", /, **values: str) -> None:
        super().__init__(message.format(**values) if values else message)
        self.message = message
        self.values = values


class UpstreamUnavailable(DomainError):
    """An upstream (MyDramaList, IMDb) failed or timed out; try again later."""

    def __init__(self, source: str, reason: str = "") -> None:
        super().__init__(f"{source} unavailable: {reason}" if reason else f"{source} unavailable")
        self.source = source
        self.reason = reason


class UpstreamBusy(UpstreamUnavailable):
    """Every connection to an upstream stayed taken for as long as a user may wait.

    The upstream is not failing: the bot asks it all it can take. Saved copies
    are served as in an outage, but the breaker does not count it.
    """

    def __init__(self, source: str, waited: float) -> None:
        super().__init__(source, f"busy: no free connection within {waited:g}s")
        self.waited = waited


class InvalidInput(DomainError):
    """The user's input cannot be used; ``hint`` shows what right looks like.

    Both are plain text, translated where shown (app/wiring/errors.py): catalog
    messages (``N_``), ``message``'s ``{name}`` placeholders filled from ``values``
    there. Text already translated where it was raised is shown as it is.
    """

    def __init__(self, message: str, /, hint: str = "", **values: str) -> None:
        super().__init__(message.format(**values) if values else message)
        self.message = message
        self.hint = hint
        self.values = values


class RateLimited(DomainError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after:.0f}s")
        self.retry_after = retry_after


class AccessDenied(DomainError):
    """The user may not use this; ``reason`` says what they can do about it."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason or "access denied")
        self.reason = reason


class TemplateError(DomainError):
    """A user template was refused; the message names the problem and where."""


class StorageUnavailable(DomainError):
    """The database could not complete a read or write; nothing was half-written."""


class CacheUnavailable(DomainError):
    """The cache backend failed; callers may carry on without it."""
