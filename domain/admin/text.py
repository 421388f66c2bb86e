"""HTML for the owner's views: users, health, log tail. Pure functions of their inputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.models import User
from domain.paging import Page
from domain.text import TEXT_LIMIT, escape, fit_html, visible_len


def user_label(user_id: int, user: User | None) -> str:
    if user is None:
        return f"<code>{user_id}</code> (has not written to me yet)"
    profile = user.profile
    name = escape(f"{profile.first_name} {profile.last_name}".strip() or "—")
    handle = f" @{escape(profile.username)}" if profile.username else ""
    blocked = " 🚫 blocked me" if user.blocked else ""
    return f"{name}{handle} — <code>{user_id}</code>{blocked}"


def users_page_text(page: Page[int], users: Mapping[int, User | None], total: int) -> str:
    if total == 0:
        return (
            "<b>Authorised users</b>\nNobody yet. Add someone with "
            "<code>/authorize &lt;user id or @username&gt;</code>."
        )
    lines = [f"<b>Authorised users</b> ({total}) — page {page.number + 1} of {page.count}"]
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


def _check_line(name: str, state: Mapping[str, object]) -> str:
    mark = "✅" if state.get("ok") else "❌"
    error = "" if state.get("ok") else f" {escape(state.get('error', 'down'))}"
    return f"{mark} {escape(name)}{error} — {state.get('latency_ms', '?')} ms"


def _uptime(seconds: float) -> str:
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h {minutes}m" if days else f"{hours}h {minutes}m"


def health_text(
    dependencies: Mapping[str, Mapping[str, object]],
    upstreams: Mapping[str, Mapping[str, object]],
    breakers: Sequence[BreakerView],
    uptime: float,
    version: str,
) -> str:
    lines = ["<b>🩺 Health</b>"]
    lines += [_check_line(name.capitalize(), s) for name, s in sorted(dependencies.items())]
    lines += [_check_line(name, s) for name, s in upstreams.items()]
    if breakers:
        lines += ["", "<b>Circuit breakers</b>"]
        for b in breakers:
            wait = f" (next try in {b.retry_in:.0f} s)" if b.state == "open" else ""
            lines.append(f"{escape(b.name)}: {escape(b.state)}{wait}")
    lines += ["", f"Uptime: {_uptime(uptime)} · Version: {escape(version)}"]
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
    body = "\n".join(escape(line) for line in reversed(kept)) or "(empty)"
    return fit_html(f"<pre>{body}</pre>", limit)
