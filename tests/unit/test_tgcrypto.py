"""Kurigram's fast crypto: a build with a wheel for every supported Python, in use."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pyrogram.crypto.aes as kurigram_aes

ROOT = Path(__file__).resolve().parents[2]


def _requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(project["project"]["dependencies"])


def test_kurigram_uses_the_compiled_module() -> None:
    # Without it Kurigram falls back to pure-Python AES, several times slower per update.
    assert hasattr(kurigram_aes, "tgcrypto")
    key, iv, data = os.urandom(32), os.urandom(32), os.urandom(64)
    encrypted = kurigram_aes.ige256_encrypt(data, key, iv)
    assert encrypted != data and kurigram_aes.ige256_decrypt(encrypted, key, iv) == data


def test_the_crypto_build_ships_wheels_past_python_3_11_and_is_pinned() -> None:
    names = [re.split(r"[<>=;\s\[]", r, maxsplit=1)[0].lower() for r in _requirements()]
    # TgCrypto 1.2.5, the last release, has no wheel for 3.12 or later: it compiles there.
    assert "tgcrypto" not in names
    assert {"tgcrypto-pyrofork", "tgcrypto-pyroblack"} <= set(names)
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8").lower().splitlines()
    assert "tgcrypto-pyrofork==1.2.8" in lock and "tgcrypto-pyroblack==1.3.0" in lock
