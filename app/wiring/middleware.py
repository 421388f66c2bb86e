"""Per-update pipeline: correlation id, user record, timing, one error boundary.

Pyrogram has no middleware, so every handler is registered through
``guarded``, which wraps it once. Handlers stay thin and never repeat this.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from pyrogram import Client, errors, types

from app.admin.gate import LOOKUP, Gate, sender_of
from app.telegram.replies import notify
from app.wiring.context import Services
from app.wiring.errors import GENERIC, user_message
from domain.errors import DomainError, StorageUnavailable
from domain.i18n import gettext
from domain.models import UserProfile

log = structlog.get_logger("app.update")

Handler = Callable[[Client, Any, Services], Awaitable[None]]
Callback = Callable[[Client, Any], Awaitable[None]]


def update_kind(update: Any) -> str:
    if isinstance(update, types.Message):
        return "message"
    if isinstance(update, types.CallbackQuery):
        return "callback"
    if isinstance(update, types.InlineQuery):
        return "inline"
    return type(update).__name__.lower()


def profile_of(user: types.User) -> UserProfile:
    return UserProfile(
        id=user.id,
        first_name=user.first_name or "",
        last_name=user.last_name or "",
        username=user.username or "",
        language_code=user.language_code or "",
    )


async def _record_user(services: Services, user: types.User | None) -> None:
    if user is None or user.is_bot:
        return
    try:
        await services.users.record_seen(profile_of(user), services.clock.now())
    except StorageUnavailable:
        # A lookup must not fail because its bookkeeping did.
        services.metrics.storage_errors.labels("record_seen").inc()
        log.warning("user_record_failed")


class _LogContext:
    """structlog's ``bound_contextvars`` without its generator and its copy of every bound
    variable: what this update binds is reset when it is done (a Kurigram worker task
    runs update after update in one context)."""

    __slots__ = ("_tokens", "_values")

    def __init__(self, **values: Any) -> None:
        self._values = values

    def __enter__(self) -> None:
        self._tokens = structlog.contextvars.bind_contextvars(**self._values)

    def __exit__(self, *_: object) -> None:
        structlog.contextvars.reset_contextvars(**self._tokens)


def guarded(handler: Handler, services: Services, name: str, gate: Gate = LOOKUP) -> Callback:
    """``gate``: who may run it (app/admin/gate.py); by default it is a lookup, the strictest."""

    async def callback(client: Client, update: Any) -> None:
        kind = update_kind(update)
        user = getattr(update, "from_user", None)
        sender = sender_of(update)
        correlation_id = secrets.token_hex(6)
        started = time.perf_counter()
        outcome = "ok"
        with _LogContext(
            correlation_id=correlation_id,
            user_id=getattr(user, "id", None),
            sender=f"{sender.kind}:{sender.id}" if sender else None,
            handler=name,
        ):
            # What the handler sends with session buttons is bound to those sessions,
            # and its small writes leave in one round trip when it is done.
            # ... and everything it says is in the sender's language (app/i18n/languages.py).
            async with (
                services.cache.update(),
                services.sessions.binding(),
                services.languages.speaking_to(user),
            ):
                try:
                    await _record_user(services, user)
                    if await services.admin.gatekeeper.admit(client, update, gate, name):
                        await handler(client, update, services)
                    else:
                        outcome = "refused"
                except DomainError as exc:
                    outcome = type(exc).__name__
                    log.info("domain_error", error=outcome, detail=str(exc))
                    await _safe_notify(update, user_message(exc))
                except errors.RPCError as exc:
                    outcome = "telegram_error"
                    log.warning("telegram_error", error=type(exc).__name__, detail=str(exc))
                except Exception:
                    outcome = "crash"
                    log.exception("unhandled_error")
                    await _safe_notify(update, gettext(GENERIC, ref=correlation_id))
                finally:
                    duration = time.perf_counter() - started
                    services.metrics.handler_seconds.labels(kind).observe(duration)
                    services.metrics.updates.labels(kind, outcome).inc()
                    log.debug(
                        "update_handled", kind=kind, outcome=outcome, duration=round(duration, 4)
                    )

    callback.__name__ = f"guarded_{name}"
    return callback


async def _safe_notify(update: Any, text: str) -> None:
    try:
        await notify(update, text)
    except errors.RPCError as exc:
        log.warning("notify_failed", error=type(exc).__name__)
