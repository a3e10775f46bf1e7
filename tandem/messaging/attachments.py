"""Checking files sent with a message: what they are is told by their content.

A name and a browser's stated type are only claims. Each file is read (up to
the size limit), its first bytes matched against known signatures with
``filetype``, and then opened by a real parser: Pillow for PNG and JPEG (and
``verify()`` walks the image data), ``pypdf`` for PDF. A file whose name says
one type and whose content is another (a PNG called ``.pdf``, a program
called ``.pdf``) is refused with a message that says what is wrong.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Protocol

import filetype
from django.utils.translation import gettext
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
MAX_NAME = 100
# What can be sent, by the type the content shows, with the names each may have.
ALLOWED = {
    "application/pdf": ("PDF", (".pdf",)),
    "image/png": ("PNG image", (".png",)),
    "image/jpeg": ("JPEG image", (".jpg", ".jpeg")),
}
KNOWN_EXTENSIONS = {ext: kind for kind, (_, exts) in ALLOWED.items() for ext in exts}
WHAT_WE_TAKE = "a PDF, PNG or JPEG file"
_UNSAFE_NAME = re.compile(r"[^\w .()+-]")


class AttachmentRefused(ValueError):
    """A file that cannot be sent, with the reason in plain English."""


class Upload(Protocol):
    """What Django's UploadedFile offers and the checks need."""

    name: str | None
    size: int | None

    def read(self, size: int = ...) -> bytes: ...


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return gettext("%(size)s MB") % {"size": f"{size / (1024 * 1024):.1f}"}
    return gettext("%(size)s KB") % {"size": max(1, round(size / 1024))}


def clean_name(name: str) -> str:
    """A name safe to show and to send back in a download header."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = _UNSAFE_NAME.sub("_", "".join(c for c in name if c.isprintable())).strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 5 else name
        name = name[:MAX_NAME]
    return name or "file"


def _extension(name: str) -> str:
    _, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot else ""


def _prove_image(data: bytes, kind: str, shown: str) -> None:
    expected = {"image/png": "PNG", "image/jpeg": "JPEG"}[kind]
    try:
        with warnings.catch_warnings():
            # A picture of absurd size is a decompression bomb, not a photo.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found = image.format
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as exc:
        raise AttachmentRefused(
            f"'{shown}' could not be opened as an image. It may be damaged: "
            "try saving it again, or send a different file"
        ) from exc
    if found != expected:
        raise AttachmentRefused(f"'{shown}' is not {WHAT_WE_TAKE}")


def _prove_pdf(data: bytes, shown: str) -> None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise AttachmentRefused(
                f"'{shown}' is protected with a password, so your care team could not open "
                "it. Send a copy without a password"
            )
        pages = len(reader.pages)
    except AttachmentRefused:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AttachmentRefused(
            f"'{shown}' could not be opened as a PDF. It may be damaged: try saving it "
            "again, or send a different file"
        ) from exc
    if pages < 1:
        raise AttachmentRefused(f"'{shown}' is a PDF with no pages")


def check_file(upload: Upload) -> CheckedFile:
    """Read and check one upload; raise ``AttachmentRefused`` saying why not."""
    shown = clean_name(upload.name or "file")
    if upload.size is not None and upload.size > MAX_BYTES:
        raise AttachmentRefused(
            f"'{shown}' is {size_text(upload.size)}. Each file must be "
            f"{size_text(MAX_BYTES)} or smaller"
        )
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise AttachmentRefused(f"'{shown}' is larger than {size_text(MAX_BYTES)}")
    if not data:
        raise AttachmentRefused(f"'{shown}' is empty")
    guessed = filetype.guess(data)
    kind = guessed.mime if guessed is not None else ""
    if kind not in ALLOWED:
        raise AttachmentRefused(f"'{shown}' is not {WHAT_WE_TAKE}. We can only accept those")
    named_as = KNOWN_EXTENSIONS.get(_extension(shown))
    label, extensions = ALLOWED[kind]
    if named_as is not None and named_as != kind:
        raise AttachmentRefused(
            f"'{shown}' is called a {ALLOWED[named_as][0]} but it is a {label}. "
            "Check it is the file you meant to send"
        )
    if kind == "application/pdf":
        _prove_pdf(data, shown)
    else:
        _prove_image(data, kind, shown)
    if named_as is None:
        shown = clean_name(shown + extensions[0])
    return CheckedFile(
        filename=shown,
        content_type=kind,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def check_files(uploads: list[Upload]) -> list[CheckedFile]:
    """Check every file; all must pass or none is kept."""
    if len(uploads) > MAX_FILES:
        raise AttachmentRefused(f"Send up to {MAX_FILES} files with one message")
    return [check_file(upload) for upload in uploads]
