"""Small synthetic files for the attachment tests, made on the fly."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 94, 184)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 94, 184)).save(out, format="JPEG")
    return out.getvalue()


def pdf_bytes(*, password: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def exe_bytes() -> bytes:
    # The start of a Windows program: 'MZ', padding, and a PE header offset.
    header = bytearray(b"MZ" + b"\x90" * 58 + (64).to_bytes(4, "little"))
    return bytes(header) + b"PE\x00\x00" + b"\x00" * 200


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(name, data, content_type=content_type)
