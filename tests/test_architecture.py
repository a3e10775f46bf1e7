"""The layers of docs/architecture.md (ADR 0025), enforced.

Runs import-linter on the contracts in pyproject.toml's ``[tool.importlinter]``:
each app imports only the layers below it, the core never imports a feature
app, and no app imports another app's views or pages. A broken contract fails
with import-linter's own report, which names each import that breaks it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def lint_imports() -> list[str]:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("import-linter is not installed: it is a dev dependency (make install)")
    return [found]


def test_import_contracts_are_kept():
    result = subprocess.run(
        [*lint_imports(), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"An import contract is broken:\n{report}"
    assert "BROKEN" not in report


def test_every_app_has_a_layer():
    """A new app must be placed in the layers (pyproject.toml) before it can be
    imported by anything, so the drawing in docs/architecture.md stays whole."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")[
        "layers"
    ]
    named = {
        name.strip().strip("()") for layer in layers for name in layer.replace(":", "|").split("|")
    }
    packages = {p.name for p in (ROOT / "tandem").iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in (ROOT / "tandem").glob("*.py") if p.stem != "__init__"}
    assert packages | modules <= named, f"Not in any layer: {sorted((packages | modules) - named)}"
