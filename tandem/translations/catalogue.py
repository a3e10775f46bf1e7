"""The shipped catalogues (tandem/locale/<code>/LC_MESSAGES/django.po) as
Tandem reads them: what is marked, what is translated, and a digest of each
so a reviewer's sign-off holds for exactly the wording they read (ADR 0061)."""

from __future__ import annotations

import functools
import gettext
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# %(name)s placeholders: numbers, names and links go in these, never in the
# words a translator may change (HAZ-338).
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def mo_path(code: str) -> Path:
    return locale_dir() / code / "LC_MESSAGES" / "django.mo"


def po_path(code: str) -> Path:
    return locale_dir() / code / "LC_MESSAGES" / "django.po"


def template_path() -> Path:
    return locale_dir() / "django.pot"


def _compiled(code: str) -> dict[object, str]:
    path = mo_path(code)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog: dict[object, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return catalog


def translated(code: str) -> dict[str, str]:
    """English source -> translation, for every string translated in `code`
    (from the compiled catalogue, which is what pages read). A string with
    plural forms (ngettext) is here by its singular, with its first form; all
    its forms are in `plurals`."""
    catalog = _compiled(code)
    # Plural forms are keyed (msgid, n); the header is keyed "".
    found = {key: value for key, value in catalog.items() if isinstance(key, str) and key and value}
    for source, forms in plurals(code).items():
        if all(forms):
            found[source] = forms[0]
    return found


def plurals(code: str) -> dict[str, tuple[str, ...]]:
    """Singular English source -> every plural form of its translation, in order."""
    forms: dict[str, dict[int, str]] = {}
    for key, value in _compiled(code).items():
        if isinstance(key, tuple):
            source, n = key
            forms.setdefault(source, {})[n] = value
    return {source: tuple(by_n[n] for n in sorted(by_n)) for source, by_n in forms.items()}


MSGID = re.compile(r'^msgid "(.*)"$')
CONTINUED = re.compile(r'^"(.*)"$')


def marked() -> list[str]:
    """Every string marked for translation, from the template `make messages` writes."""
    found: list[str] = []
    current: list[str] | None = None
    for line in [*template_path().read_text(encoding="utf-8").splitlines(), ""]:
        start = MSGID.match(line)
        if start:
            current = [start.group(1)]
            continue
        more = CONTINUED.match(line)
        if current is not None and more:
            current.append(more.group(1))
            continue
        if current is not None:
            text = "".join(current).encode("utf-8").decode("unicode_escape").encode("latin-1")
            if text:
                found.append(text.decode("utf-8"))
            current = None
    return found


@functools.cache
def digest(code: str) -> str:
    """Changes whenever any translation in `code` changes."""
    path = mo_path(code)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


@dataclass(frozen=True)
class Coverage:
    code: str
    marked: int
    translated: int

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.marked) if self.marked else 100


def coverage(code: str) -> Coverage:
    sources = set(marked())
    return Coverage(code=code, marked=len(sources), translated=len(sources & set(translated(code))))
