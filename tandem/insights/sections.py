"""The parts a report is made of, each section with its tables and the charts
drawn from them. Apart from ``report`` so the modules that build one section
(``face_to_face``) and the report that gathers them do not import each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from tandem.insights.suppression import Shown


@dataclass(frozen=True)
class Table:
    slug: str
    caption: str
    headings: list[str]
    rows: list[list[str | Shown]]
    # Columns after the first that hold numbers (right-aligned).
    numeric_from: int = 1

    def text_rows(self) -> list[list[str]]:
        return [[str(cell) for cell in row] for row in self.rows]


@dataclass(frozen=True)
class Chart:
    svg: Markup
    table_slug: str  # the table holding the same figures


@dataclass
class Section:
    slug: str
    heading: str
    intro: list[str]
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
