"""The command registry: one source of truth for /help and the command menus.

Descriptions and usages are English msgids, translated where they are shown;
app/i18n/extract.py puts every registered one into the catalog template.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from domain.i18n import gettext


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    description: str
    usage: str = ""
    admin: bool = False
    aliases: tuple[str, ...] = ()
    # Hidden commands work and show in /help, but stay out of the short menu.
    in_menu: bool = True
    # A lookup: members only (see app/admin/gate.py), force-subscribe, per-user rate limit.
    lookup: bool = False
    # Usable by anyone who is not banned, even in private mode (/start, /help).
    everyone: bool = False
    # A feature of one person (templates, watchlists, time zone): refused to senders that
    # are not users (anonymous admins, channels), who have no person's identity.
    per_user: bool = False

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class CommandRegistry:
    def __init__(self, specs: Iterable[CommandSpec] = ()) -> None:
        self._specs: list[CommandSpec] = []
        for spec in specs:
            self.add(spec)

    def add(self, spec: CommandSpec) -> None:
        taken = {n for s in self._specs for n in s.names}
        clash = taken.intersection(spec.names)
        if clash:
            raise ValueError(f"command registered twice: {sorted(clash)}")
        self._specs.append(spec)

    def public(self) -> list[CommandSpec]:
        return [s for s in self._specs if not s.admin]

    def admin(self) -> list[CommandSpec]:
        return [s for s in self._specs if s.admin]

    def menu(self, *, owner: bool) -> list[tuple[str, str]]:
        specs = self._specs if owner else self.public()
        return [(s.name, gettext(s.description)) for s in specs if s.in_menu][:100]

    def help_text(self, *, owner: bool, member: bool = True) -> str:
        """``member`` False (private mode, not authorised): only what everyone may use."""
        lines = [gettext("<b>What I can do</b>")]
        lines += [_line(s) for s in self.public() if member or s.everyone]
        if owner and self.admin():
            lines += ["", gettext("<b>Owner commands</b>")]
            lines += [_line(s) for s in self.admin()]
        return "\n".join(lines)


def _line(spec: CommandSpec) -> str:
    usage = f" {html.escape(gettext(spec.usage))}" if spec.usage else ""
    return f"/{spec.name}{usage} — {html.escape(gettext(spec.description))}"
