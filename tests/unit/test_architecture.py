"""The layers point inward: the import-linter contracts run as part of the suite.

A second check plants a forbidden import in a copy of the tree, to prove the
contract would catch one (a contract that cannot fail proves nothing).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "adapters", "infra", "app")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-c",
        "from importlinter.cli import lint_imports_command; lint_imports_command()",
    ]
    return subprocess.run(  # noqa: S603 - our own interpreter and tool
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    found: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return found


def test_the_layer_and_capability_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(contracts())} kept, 0 broken." in result.stdout


def test_the_shared_core_contract_names_every_top_level_domain_module() -> None:
    """A new shared module must not escape the rule by being left off the list."""
    (core,) = [
        c for c in contracts() if c["name"] == "The domain's shared core imports no capability"
    ]
    on_disk = {f"domain.{path.stem}" for path in (ROOT / "domain").glob("*.py")} - {
        "domain.__init__"
    }
    packages = {f"domain.{init.parent.name}" for init in (ROOT / "domain").glob("*/__init__.py")}
    assert set(core["source_modules"]) == on_disk  # type: ignore[arg-type]
    assert set(core["forbidden_modules"]) == packages  # type: ignore[arg-type]


def copy_tree(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        ("domain/leak.py", "import aiohttp\nfrom app import bootstrap\n", "framework|Layers"),
        # One capability reaching into another without a declared reason.
        ("domain/broadcast/leak.py", "from domain.airing import watches\n", "stand alone"),
        ("domain/airing/leak.py", "from domain.imdb import cards\n", "stand alone"),
        # The shared core depending on a capability.
        ("domain/text_leak.py", "from domain.templates import rules\n", "shared core"),
        # Telegram plumbing depending on a feature.
        ("app/telegram/leak.py", "from app.search import handlers\n", "Telegram plumbing"),
    ],
)
def test_a_stray_import_breaks_a_contract(
    tmp_path: Path, module: str, source: str, contract: str
) -> None:
    tree = copy_tree(tmp_path)
    (tree / module).write_text(source)
    if module == "domain/text_leak.py":
        # Listed as core, as the completeness test above demands of every top-level module.
        pyproject = tree / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text().replace(
                '"domain.titles",\n]', '"domain.titles", "domain.text_leak",\n]'
            )
        )
    result = lint_imports(tree)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    expected = contract.split("|")
    assert len(broken) == len(expected), result.stdout
    assert all(any(name in line for line in broken) for name in expected), result.stdout
    leaked = module.removesuffix(".py").replace("/", ".")
    assert leaked in result.stdout
