"""A message body as HTML with the flagged words marked, built safely.

Every piece of the writer's text is escaped by markupsafe; only the <p>,
<br> and <mark> this module writes are markup. Paragraphs and line breaks
follow the messaging templates' ``body`` macro, so a flagged message looks
the same as any other apart from the marks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _line(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> Markup:
    out = Markup("")
    pos = start
    for a, b in spans:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out += escape(text[pos:a]) + Markup("<mark>") + escape(text[a:b]) + Markup("</mark>")
        pos = b
    return out + escape(text[pos:end])


def highlighted(text: str, matches: Iterable[Mapping[str, object]]) -> Markup:
    """``text`` as paragraphs, with each match's [start, end) marked."""
    spans = []
    for m in matches:
        start, end = m.get("start"), m.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end))
    spans = _merged(spans)
    paragraphs: list[Markup] = []
    pos = 0
    for para in text.split("\n\n"):
        para_start, para_end = pos, pos + len(para)
        pos = para_end + 2
        if not para.strip():
            continue
        # Mirror the macro: leading and trailing newlines of a paragraph dropped.
        while para_start < para_end and text[para_start] == "\n":
            para_start += 1
        while para_end > para_start and text[para_end - 1] == "\n":
            para_end -= 1
        lines: list[Markup] = []
        line_start = para_start
        for line in text[para_start:para_end].split("\n"):
            lines.append(_line(text, line_start, line_start + len(line), spans))
            line_start += len(line) + 1
        paragraphs.append(Markup("<p>") + Markup("<br>").join(lines) + Markup("</p>"))
    return Markup("").join(paragraphs)
