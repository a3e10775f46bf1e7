"""Measures of how the code hangs together, as docs/architecture.md reports them.

    .venv/bin/python bench/structure.py            # the figures
    .venv/bin/python bench/structure.py --edges    # also list every app-level edge
    .venv/bin/python bench/structure.py --upward   # also list each upward import

Counted over ``tandem/`` outside ``tests/`` and ``migrations/``, from the
syntax tree (so imports inside functions count; those under
``if TYPE_CHECKING:`` do not, as they never run):

- app-level edges: pairs of apps (top-level packages of ``tandem``) where one
  imports the other;
- upward edges: those that break the layers in pyproject.toml's import-linter
  ``layers`` contract (importing the same independent layer or one above);
- cycles: strongly connected groups of more than one app, and of more than
  one module;
- modules over 600 lines;
- repeated-code pairs, if the ``duplicates`` tool is on PATH (pairs of places
  sharing six or more lines of the same shape; templates are left out), twice:
  over every line, and with declarative data left out (URL tables, classes of
  ``TextChoices``/``IntegerChoices``, and the message templates in
  ``notify/wording_*.py`` and ``invitations/messages.py``), whose likeness is
  the shape of a table rather than code written twice (ADR 0078).
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tandem"
LONG = 600


def source_files() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and "jinja2" not in p.parts
    )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Modules of this project that ``path`` imports (resolved to a known module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != here:
                found.add(name)
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (PACKAGE / parts[-1]).is_dir() else None


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (the module graph is deep)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def layers() -> tuple[dict[str, int], dict[str, bool]]:
    """Each app's layer (0 at the top) and whether its layer's siblings are independent."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    rank: dict[str, int] = {}
    independent: dict[str, bool] = {}
    for number, layer in enumerate(contract["layers"]):
        separator = ":" if ":" in layer else "|"
        for name in layer.split(separator):
            name = name.strip().strip("()")
            rank[name] = number
            independent[name] = separator == "|"
    return rank, independent


CHOICES = ("TextChoices", "IntegerChoices")
MESSAGE_FILES = ("notify/wording_*.py", "invitations/messages.py")


def declarative_lines(source: str, *, messages: bool) -> set[int]:
    """Line numbers (from 1) of the declarative data in a module: URL tables
    (``urlpatterns = [...]`` or ``+=``), classes of choices, and, in a module of
    message templates, each ``Template(...)``."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        table = isinstance(node, ast.Assign | ast.AugAssign) and "urlpatterns" in {
            t.id
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)
        }
        choices = isinstance(node, ast.ClassDef) and any(
            ast.unparse(base).endswith(CHOICES) for base in node.bases
        )
        template = (
            messages
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Template"
        )
        if table or choices or template:
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def leave_out_declarative(tree: Path) -> None:
    """Blank the declarative data's lines in a copy of the package (``duplicates``
    has no option to leave code out; blank lines are passed over, and the other
    lines keep their numbers)."""
    messages = {p for pattern in MESSAGE_FILES for p in tree.glob(pattern)}
    for path in tree.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        cut = declarative_lines(source, messages=path in messages)
        if cut:
            kept = ["" if n in cut else line for n, line in enumerate(source.splitlines(), start=1)]
            path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def repeated_pairs(*, declarative: bool = True) -> str:
    if shutil.which("duplicates") is None:
        return "not measured (the `duplicates` tool is not on PATH)"
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "tandem"
        shutil.copytree(
            PACKAGE,
            target,
            ignore=shutil.ignore_patterns("tests", "migrations", "__pycache__", "*.jinja"),
        )
        if not declarative:
            leave_out_declarative(target)
        out = subprocess.run(
            ["duplicates", "--most", "200", "--seconds", "120"],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    return out.splitlines()[0] if out else "no output"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", action="store_true", help="list the app-level edges")
    parser.add_argument("--upward", action="store_true", help="list each upward import")
    parser.add_argument("--no-duplicates", action="store_true", help="skip the slow count")
    args = parser.parse_args()

    files = source_files()
    modules = {module_name(p) for p in files}
    graph = {module_name(p): imports_of(p, modules) for p in files}

    app_edges: dict[str, set[str]] = defaultdict(set)
    upward: list[tuple[str, str]] = []
    rank, independent = layers()
    for importer, imported in graph.items():
        for target in imported:
            a, b = app_of(importer), app_of(target)
            if a is None or b is None or a == b:
                continue
            app_edges[a].add(b)
            ra, rb = rank.get(a), rank.get(b)
            if ra is None or rb is None:
                continue
            if rb < ra or (rb == ra and independent[a]):
                upward.append((importer, target))

    edge_count = sum(len(v) for v in app_edges.values())
    upward_apps = {(app_of(a), app_of(b)) for a, b in upward}
    app_cycles = strongly_connected({a: set(v) for a, v in app_edges.items()})
    file_cycles = strongly_connected(graph)
    long_modules = sorted(
        (n, str(p.relative_to(ROOT)))
        for p in files
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > LONG
    )

    print(f"app-level edges: {edge_count}")
    print(
        f"upward edges (against the layers contract): {len(upward_apps)} app pairs, "
        f"{len(upward)} module imports"
    )
    print(f"app-level cycles: {len(app_cycles)}", end="")
    print("".join(f"\n  {' <-> '.join(group)}" for group in app_cycles))
    print(f"file-level cycles: {len(file_cycles)}", end="")
    print("".join(f"\n  {' <-> '.join(group)}" for group in file_cycles))
    print(f"modules over {LONG} lines: {len(long_modules)}", end="")
    print("".join(f"\n  {path} ({n})" for n, path in reversed(long_modules)))
    if not args.no_duplicates:
        print(f"repeated-code pairs, every line: {repeated_pairs()}")
        print(
            "repeated-code pairs, declarative data left out (URL tables, choice classes, "
            f"message templates): {repeated_pairs(declarative=False)}"
        )
    if args.edges:
        for a in sorted(app_edges):
            print(f"{a} -> {' '.join(sorted(app_edges[a]))}")
    if args.upward:
        for a, b in sorted(upward):
            print(f"{a} -> {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
