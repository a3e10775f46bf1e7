"""The layers of docs/architecture.md (ADR 0025), enforced.

Runs import-linter on the contracts in pyproject.toml's ``[tool.importlinter]``:
each app imports only the layers below it, the core never imports a feature
app, and no app imports another app's views or pages. A broken contract fails
with import-linter's own report, which names each import that breaks it.

Then issue 23's two other limits: no module over 600 lines and no import
cycle between files, each with its allowances listed and explained.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

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


# --- Long modules and import cycles (issue 23) ------------------------------------
#
# Counted the way bench/structure.py counts the figures in docs/architecture.md
# (it is loaded here rather than copied, so the guard and the figures cannot
# disagree): over tandem/ outside tests/ and migrations/, imports inside
# functions counted, those under ``if TYPE_CHECKING:`` not.

# Modules allowed over 600 lines, each with why. An allowance for a module that
# is no longer long fails too, so the list only shrinks. Empty since the last
# one, notify's wording, was split by the messages' subject (issue 23).
LONG_ALLOWED: set[str] = set()

# Import cycles between files allowed, each with why; a stale one fails too.
# Empty since issue 19's round 6 broke the last one (warnings' meaning and
# neighbours: the statements are listed by build_neighbours, which needs the
# encoder; neighbours only loads what was built). Keep it empty.
CYCLES_ALLOWED: set[frozenset[str]] = set()


def structure() -> ModuleType:
    spec = importlib.util.spec_from_file_location("structure", ROOT / "bench" / "structure.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_module_is_over_600_lines():
    """Long modules are hard to read and to change without treading on someone
    else's work: split one by what its parts do (see how appointments, alerts'
    detector and the groups' services were split)."""
    bench = structure()
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in bench.source_files()
    }
    long = {path for path, lines in lengths.items() if lines > bench.LONG}
    over = {path: lengths[path] for path in sorted(long - LONG_ALLOWED)}
    assert not over, f"Over {bench.LONG} lines (split by what the parts do): {over}"
    stale = sorted(LONG_ALLOWED - long)
    assert not stale, f"No longer over {bench.LONG} lines: take them out of LONG_ALLOWED: {stale}"


def test_no_import_cycle_between_files():
    """Two modules that import each other can only be read, changed and loaded
    together. Break a cycle the house way: move what both need into a module
    of its own, or hand the later part in at start-up (``tandem.notify.scheduling``,
    ``tandem.signin.scheduling``) instead of importing it."""
    bench = structure()
    files = bench.source_files()
    modules = {bench.module_name(path) for path in files}
    graph = {bench.module_name(path): bench.imports_of(path, modules) for path in files}
    cycles = {frozenset(group) for group in bench.strongly_connected(graph)}
    new = [sorted(group) for group in cycles - CYCLES_ALLOWED]
    assert not new, f"Modules importing each other (in a cycle): {new}"
    stale = [sorted(group) for group in CYCLES_ALLOWED - cycles]
    assert not stale, f"No longer a cycle: take them out of CYCLES_ALLOWED: {stale}"
