"""HTML for the owner's views: users, health, log tail. Pure functions of their inputs.

Words go through the catalog where they are shown; numbers are written by a
``Numerals`` the app passes in (Babel's, in the reader's language: the domain
imports no Babel). The default writes them plainly, as the tests of this layer read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from domain.i18n import N_, gettext
from domain.models import User
from domain.paging import Page
from domain.text import TEXT_LIMIT, escape, fit_html, isolate, visible_len


def _plain_integer(value: float) -> str:
    return str(round(value))


def _plain_decimal(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True, slots=True)
class Numerals:
    """How the reader's language writes a count (``integer``) and a figure with one decimal."""

    integer: Callable[[float], str] = _plain_integer
    decimal: Callable[[float], str] = _plain_decimal

    def percent(self, ratio: float, *, decimals: bool = True) -> str:
        value = self.decimal(ratio * 100) if decimals else self.integer(round(ratio * 100))
        # Translators: a percentage; write it as your language does ("{value}%", "{value}٪").
        return gettext("{value} %", value=value)

    def size(self, n: int) -> str:
        if n < 1024:
            # Translators: a size in bytes.
            return gettext("{n} B", n=self.integer(n))
        if n < 1024 * 1024:
            return gettext("{n} KB", n=self.decimal(n / 1024))
        return gettext("{n} MB", n=self.decimal(n / 1024 / 1024))


PLAIN = Numerals()


def user_label(user_id: int, user: User | None) -> str:
    if user is None:
        # Translators: {id} is a Telegram user id (digits, not a number to group).
        return gettext("<code>{id}</code> (has not written to me yet)", id=user_id)
    profile = user.profile
    name = escape(f"{profile.first_name} {profile.last_name}".strip() or "—")
    handle = f" @{escape(profile.username)}" if profile.username else ""
    blocked = " " + gettext("🚫 blocked me") if user.blocked else ""
    # In a right-to-left language a Latin name keeps its own direction.
    return f"{isolate(name + handle)} — <code>{user_id}</code>{blocked}"


def users_page_text(
    page: Page[int], users: Mapping[int, User | None], total: int, numerals: Numerals = PLAIN
) -> str:
    if total == 0:
        return gettext(
            "<b>Authorised users</b>\nNobody yet. Add someone with "
            "<code>/authorize &lt;user id or @username&gt;</code>."
        )
    lines = [
        gettext(
            "<b>Authorised users</b> ({total}) — page {page} of {count}",
            total=numerals.integer(total),
            page=numerals.integer(page.number + 1),
            count=numerals.integer(page.count),
        )
    ]
    lines += [
        f"{page.first_index + i + 1}. {user_label(uid, users.get(uid))}"
        for i, uid in enumerate(page.items)
    ]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class BreakerView:
    name: str
    state: str
    retry_in: float


# The readiness checks the bot registers (app/wiring), by name; others show as named.
CHECK_NAMES = {
    "database": N_("Database"),
    "cache": N_("Cache"),
    "telegram": "Telegram",
}
# A circuit breaker's states (domain/breaker.py).
BREAKER_STATES = {
    "closed": N_("closed"),
    "open": N_("open"),
    "half_open": N_("half-open"),
}


def _check_line(name: str, state: Mapping[str, object], numerals: Numerals) -> str:
    mark = "✅" if state.get("ok") else "❌"
    # Translators: a check that failed without saying why.
    error = "" if state.get("ok") else " " + isolate(escape(state.get("error") or gettext("down")))
    latency = state.get("latency_ms")
    if isinstance(latency, float):
        shown = numerals.decimal(latency)
    else:
        shown = numerals.integer(latency) if isinstance(latency, int) else "?"
    # Translators: a check's latency in milliseconds.
    return f"{mark} {isolate(escape(name))}{error} — " + gettext("{ms} ms", ms=shown)


def _uptime(seconds: float, numerals: Numerals) -> str:
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    n = numerals.integer
    if days:
        # Translators: an uptime in days, hours and minutes, abbreviated.
        return gettext(
            "{days}d {hours}h {minutes}m", days=n(days), hours=n(hours), minutes=n(minutes)
        )
    # Translators: an uptime in hours and minutes, abbreviated.
    return gettext("{hours}h {minutes}m", hours=n(hours), minutes=n(minutes))


def health_text(
    dependencies: Mapping[str, Mapping[str, object]],
    upstreams: Mapping[str, Mapping[str, object]],
    breakers: Sequence[BreakerView],
    uptime: float,
    version: str,
    numerals: Numerals = PLAIN,
) -> str:
    lines = [gettext("<b>🩺 Health</b>")]
    for name, state in sorted(dependencies.items()):
        label = CHECK_NAMES.get(name)
        lines.append(_check_line(gettext(label) if label else name.capitalize(), state, numerals))
    lines += [_check_line(name, s, numerals) for name, s in upstreams.items()]
    if breakers:
        lines += ["", gettext("<b>Circuit breakers</b>")]
        for b in breakers:
            said = BREAKER_STATES.get(b.state)
            line = f"{isolate(escape(b.name))}: {escape(gettext(said) if said else b.state)}"
            if b.state == "open":
                # Translators: when a broken upstream is tried again, in seconds.
                line += " " + gettext("(next try in {n} s)", n=numerals.integer(round(b.retry_in)))
            lines.append(line)
    lines += [
        "",
        gettext(
            "Uptime: {uptime} · Version: {version}",
            uptime=_uptime(uptime, numerals),
            version=isolate(escape(version)),
        ),
    ]
    return "\n".join(lines)


def log_tail_html(lines: Sequence[str], limit: int = TEXT_LIMIT) -> str:
    """The newest lines that fit in one message, in a <pre>; older ones are left out."""
    kept: list[str] = []
    used = 0
    for line in reversed(lines):
        cost = visible_len(escape(line)) + 1
        if kept and used + cost > limit:
            break
        kept.append(line)
        used += cost
    body = "\n".join(escape(line) for line in reversed(kept)) or gettext("(empty)")
    return fit_html(f"<pre>{body}</pre>", limit)
