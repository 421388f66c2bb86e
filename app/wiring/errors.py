"""The one place that turns domain errors into what a user reads."""

from __future__ import annotations

import html

from domain.errors import (
    AccessDenied,
    DomainError,
    InvalidInput,
    NotFound,
    RateLimited,
    StorageUnavailable,
    TemplateError,
    UpstreamBusy,
    UpstreamUnavailable,
)

GENERIC = "Sorry, something went wrong on my side. Please try again in a moment. (ref {ref})"


def user_message(exc: DomainError) -> str:
    """Short HTML for the user; every piece of text inside is escaped here."""
    if isinstance(exc, InvalidInput):
        hint = f"\n{html.escape(exc.hint)}" if exc.hint else ""
        return f"⚠️ {html.escape(exc.message)}{hint}"
    if isinstance(exc, NotFound):
        return f"🔍 {html.escape(str(exc) or 'Nothing found.')}"
    if isinstance(exc, UpstreamBusy):
        return (
            f"⏳ {html.escape(exc.source)} is busy right now: many people are looking things "
            "up at once. Please try again in a minute."
        )
    if isinstance(exc, UpstreamUnavailable):
        verb = "are" if " and " in exc.source else "is"  # "MyDramaList and IMDb" from /search
        return (
            f"⏳ {html.escape(exc.source)} {verb} not answering right now. "
            "Please try again in a few minutes."
        )
    if isinstance(exc, RateLimited):
        return f"🐢 Slow down a little: try again in {max(1, round(exc.retry_after))} s."
    if isinstance(exc, AccessDenied):
        return f"🔒 {html.escape(exc.reason or 'You may not use this.')}"
    if isinstance(exc, TemplateError):
        return f"⚠️ Template not saved: {html.escape(str(exc))}"
    if isinstance(exc, StorageUnavailable):
        return "💾 I could not save that just now; nothing was changed. Please try again."
    return "⚠️ That did not work. Please try again."
