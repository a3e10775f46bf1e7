"""Every multi-line text box in Tandem normalises what the browser sends.

Browsers send a textarea's line breaks as CRLF while stored text has LF, so a
field that compares or stores the raw value sees a change nobody made (issue 16:
every safety plan section marked 'Changed' on its first save) and counts each
line break twice against its limit. FreeTextField fixes that; this guard fails
when a new textarea is added without it.

Two checks, because fields are made in two ways: the fields a form class
declares are inspected as objects (whatever helper built them), and fields a
form adds in ``__init__`` (the diary's note, for one), or forms written outside
a forms module, are found in the source: every ``Textarea`` in tandem's code
must be the widget of a ``FreeTextField(...)`` or ``text_field(...)`` call.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType

from django import forms

import tandem
from tandem.web.forms import FreeTextField

# Textareas that must keep exactly what was typed, each with the reason.
ALLOWED = {
    # A questionnaire definition is JSON that is parsed, not prose that is
    # compared or shown; json.loads already treats CRLF as whitespace, and
    # trimming line ends inside a JSON string would change the questionnaire.
    ("tandem.measures.forms", "InstrumentForm", "definition"),
}


def forms_modules() -> list[ModuleType]:
    """tandem.<app>.forms and tandem.<app>.forms_<part>, for every app."""
    found = []
    for info in pkgutil.walk_packages(tandem.__path__, prefix="tandem."):
        last = info.name.rsplit(".", 1)[-1]
        if ".tests" in info.name or ".migrations" in info.name:
            continue
        if last == "forms" or last.startswith("forms_"):
            found.append(importlib.import_module(info.name))
    return found


def form_classes(module: ModuleType) -> list[type[forms.BaseForm]]:
    return [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    ]


def test_the_guard_sees_the_forms_it_should() -> None:
    """A guard that imports nothing passes for nothing: check it reaches known forms."""
    names = {m.__name__ for m in forms_modules()}
    assert {
        "tandem.messaging.forms",
        "tandem.worklist.forms",
        "tandem.safety.forms",
        "tandem.appointments.forms_person",
    } <= names
    classes = {c.__name__ for m in forms_modules() for c in form_classes(m)}
    assert {"CloseWorkItemForm", "ReplyForm", "EntryForm"} <= classes


def test_every_declared_textarea_field_is_free_text() -> None:
    raw = []
    for module in forms_modules():
        for cls in form_classes(module):
            for name, field in cls.base_fields.items():
                if not isinstance(field.widget, forms.Textarea):
                    continue
                if isinstance(field, FreeTextField):
                    continue
                if (module.__name__, cls.__name__, name) not in ALLOWED:
                    raw.append(f"{module.__name__}.{cls.__name__}.{name}")
    assert not raw, (
        "Textarea fields that keep the browser's CRLF (use FreeTextField):\n" + "\n".join(raw)
    )


def _textarea_uses(tree: ast.AST) -> list[ast.AST]:
    """Every mention of Textarea (``forms.Textarea``, ``Textarea``, called or not)."""
    return [
        node
        for node in ast.walk(tree)
        if (isinstance(node, ast.Attribute) and node.attr == "Textarea")
        or (isinstance(node, ast.Name) and node.id == "Textarea")
    ]


def _field_call_of(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> ast.Call | None:
    """The call whose ``widget=`` keyword holds ``node`` (through any ``x if y else z``)."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.keyword) and parent.arg == "widget":
            call = parents.get(parent)
            return call if isinstance(call, ast.Call) else None
        if not isinstance(parent, ast.Call | ast.IfExp):
            return None
        if isinstance(parent, ast.Call) and child is not parent.func:
            return None  # an argument of something else, not the widget itself
        child, parent = parent, parents.get(parent)
    return None


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _enclosing(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> tuple[str, str]:
    """(class, field) names of the assignment a field call sits in, for the allow-list."""
    names = ["", ""]
    current: ast.AST | None = node
    while current is not None:
        if isinstance(current, ast.Assign) and not names[1]:
            target = current.targets[0]
            if isinstance(target, ast.Name):
                names[1] = target.id
        if isinstance(current, ast.ClassDef) and not names[0]:
            names[0] = current.name
        current = parents.get(current)
    return names[0], names[1]


def source_files() -> dict[str, Path]:
    """Every module of tandem by dotted name, tests and migrations aside: a form
    may be written in a view's module too (the sign-in form is)."""
    root = Path(tandem.__file__).parent
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        found[".".join(parts)] = path
    return found


def test_every_textarea_in_the_source_is_the_widget_of_a_free_text_field() -> None:
    raw = []
    files = source_files()
    assert "tandem.home.signin_views" in files and "tandem.diary.forms" in files
    for module_name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for use in _textarea_uses(tree):
            parent = parents.get(use)
            if isinstance(parent, ast.Call) and _callee(parent) == "isinstance":
                continue  # asking what a widget is, not making one
            call = _field_call_of(use, parents)
            # text_field (tandem.web.forms) always builds a FreeTextField.
            if call is not None and _callee(call) in ("FreeTextField", "text_field"):
                continue
            cls, field = _enclosing(use, parents)
            if (module_name, cls, field) not in ALLOWED:
                raw.append(f"{module_name} line {getattr(use, 'lineno', '?')}")
    assert not raw, "Textareas that are not the widget of a FreeTextField:\n" + "\n".join(raw)
