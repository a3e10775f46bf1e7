"""Files are judged by what they contain, not what they are called."""

from __future__ import annotations

import pytest

from tandem.messaging.attachments import MAX_BYTES, AttachmentRefused, check_file, check_files

from . import files


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("scan.pdf", files.pdf_bytes(), "application/pdf"),
        ("photo.PNG", files.png_bytes(), "image/png"),
        ("photo.jpeg", files.jpeg_bytes(), "image/jpeg"),
        ("photo.jpg", files.jpeg_bytes(), "image/jpeg"),
    ],
)
def test_pdfs_and_images_are_accepted_with_the_type_their_content_shows(
    name: str, data: bytes, kind: str
) -> None:
    # The browser's claim (text/plain) is ignored.
    checked = check_file(files.upload(name, data, content_type="text/plain"))
    assert checked.content_type == kind
    assert checked.size == len(data) and len(checked.sha256) == 64


def test_a_png_called_pdf_is_refused_saying_what_it_is() -> None:
    with pytest.raises(AttachmentRefused, match=r"'letter\.pdf' is called a PDF but it is a PNG"):
        check_file(files.upload("letter.pdf", files.png_bytes(), "application/pdf"))


def test_a_program_renamed_pdf_is_refused() -> None:
    with pytest.raises(AttachmentRefused, match="is not a PDF, PNG or JPEG file"):
        check_file(files.upload("invoice.pdf", files.exe_bytes(), "application/pdf"))


def test_text_pretending_to_be_a_pdf_is_refused() -> None:
    with pytest.raises(AttachmentRefused, match="is not a PDF, PNG or JPEG file"):
        check_file(files.upload("notes.pdf", b"<script>alert(1)</script>", "application/pdf"))


def test_a_damaged_image_is_refused() -> None:
    broken = files.png_bytes()[:40]
    with pytest.raises(AttachmentRefused, match="could not be opened as an image"):
        check_file(files.upload("photo.png", broken))


def test_a_damaged_pdf_is_refused() -> None:
    with pytest.raises(AttachmentRefused, match="could not be opened as a PDF"):
        check_file(files.upload("scan.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 20))


def test_a_password_protected_pdf_is_refused() -> None:
    with pytest.raises(AttachmentRefused, match="protected with a password"):
        check_file(files.upload("scan.pdf", files.pdf_bytes(password="secret")))


def test_an_oversize_file_is_refused_before_it_is_read() -> None:
    big = files.upload("big.pdf", files.pdf_bytes() + b"\x00" * MAX_BYTES)
    with pytest.raises(AttachmentRefused, match=r"Each file must be 5.0 MB or smaller"):
        check_file(big)


def test_empty_files_and_too_many_files_are_refused() -> None:
    with pytest.raises(AttachmentRefused, match="is empty"):
        check_file(files.upload("a.png", b""))
    four = [files.upload(f"{n}.png", files.png_bytes()) for n in range(4)]
    with pytest.raises(AttachmentRefused, match="up to 3 files"):
        check_files(four)


def test_names_are_made_safe_and_given_the_right_ending() -> None:
    checked = check_file(files.upload('../../etc/"pass\nwd"', files.png_bytes()))
    assert checked.filename == "_passwd_.png"
    assert check_file(files.upload("Scan", files.pdf_bytes())).filename == "Scan.pdf"
