"""Routes tie a command's registry entry to its handler."""

from __future__ import annotations

from dataclasses import dataclass

from app.wiring.commands import CommandSpec
from app.wiring.middleware import Handler


@dataclass(frozen=True, slots=True)
class CommandRoute:
    spec: CommandSpec
    handler: Handler
