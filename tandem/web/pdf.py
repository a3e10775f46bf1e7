"""HTML to PDF, the one way Tandem makes documents (letters, safety plans,
right-of-access copies), so every PDF is made with the same settings."""

from __future__ import annotations


def html_to_pdf(html: str, *, tagged: bool = True) -> tuple[bytes, int]:
    """The PDF and its page count.

    ``tagged`` makes a PDF/UA document, which screen readers can follow; a
    person reading their own plan or record may use one. Printed letter
    batches go to a print room and are not tagged.
    """
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    # WeasyPrint reads the variant both while laying out and while writing.
    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    document = HTML(string=html).render(**options)
    return document.write_pdf(**options), len(document.pages)
