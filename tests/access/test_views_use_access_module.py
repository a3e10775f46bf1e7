"""A view that reads a model directly would bypass scoping and audit.

This walks the syntax tree of every module that handles requests or jobs
(views, consumers, tasks, APIs, and the pages and presenters modules views
hand their work to) and fails on `.objects`, `._default_manager`,
`get_object_or_404` or raw SQL, so personal data is only reached through
`tandem.access` and written only through services.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "tandem"
HANDLER_SUFFIXES = (
    "views.py",
    "consumers.py",
    "tasks.py",
    "api.py",
    "pages.py",
    "presenters.py",
)
# The health check runs `SELECT 1` and touches no table; it is the benchmark floor.
ALLOWED = {("web/views.py", "connection")}
FORBIDDEN_ATTRIBUTES = {"objects", "_default_manager", "_base_manager", "raw", "extra"}
FORBIDDEN_NAMES = {"get_object_or_404", "get_list_or_404", "connection", "connections"}


def handler_modules() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        # views_staff.py and the like: one app's views split by audience.
        if (p.name.endswith(HANDLER_SUFFIXES) or p.name.startswith("views_"))
        and "tests" not in p.parts
        and "migrations" not in p.parts
    )


def violations(source: str, relative: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"{relative}:{node.lineno} uses .{node.attr}")
        names = []
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.ImportFrom):
            names.extend(alias.name for alias in node.names)
        for name in names:
            if name in FORBIDDEN_NAMES and (relative, name) not in ALLOWED:
                found.append(f"{relative}:{node.lineno} uses {name}")
    return found


def test_there_are_handler_modules_to_check():
    assert len(handler_modules()) >= 3


@pytest.mark.parametrize("path", handler_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_handlers_reach_data_only_through_access_module(path):
    relative = str(path.relative_to(ROOT))
    assert violations(path.read_text(encoding="utf-8"), relative) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "ServiceUser.objects.get(pk=1)",
        "from django.shortcuts import get_object_or_404",
        "person = get_object_or_404(ServiceUser, pk=1)",
        "ServiceUser._default_manager.all()",
        "from django.db import connection",
    ],
)
def test_the_check_catches_direct_access(snippet):
    assert violations(snippet, "people/views.py")
