"""Shared reportlab pieces: page, styles, escaped paragraphs, "page x of y", safe writes.

Every piece of user text reaches the page through `para`, which escapes markup: a memo
such as `R&D <b>unclosed &` prints as typed instead of being read as reportlab markup.
A PDF is written beside the target and renamed into place (`files.write_atomically`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from app.reports.files import write_atomically
from app.reports.fonts import register_fonts

PAGE_SIZE = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN
#: A table cell's padding on the left and on the right (reportlab's default).
CELL_PADDING = 6
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#616E7C")
ACCENT = colors.HexColor("#24506B")
RULE = colors.HexColor("#CBD2D9")
SHADE = colors.HexColor("#F0F4F8")


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of every document."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle


@cache
def styles() -> Styles:
    """The styles, built once (after the fonts are registered)."""
    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, textColor=INK)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", parent=cell, fontName=bold, textColor=colors.white)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=bold, fontSize=20, leading=24),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=bold, fontSize=10.5, leading=14, spaceBefore=6
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        label=ParagraphStyle("label", parent=body, fontSize=7.5, leading=10, textColor=MUTED),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=head,
        cell_head_right=ParagraphStyle("cell_head_right", parent=head, alignment=TA_RIGHT),
    )


def para(text: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """A paragraph showing `text` exactly as typed (markup escaped, line breaks kept)."""
    markup = escape(text).replace("\n", "<br/>")
    return Paragraph(f"<b>{markup}</b>" if bold else markup, style)


def text_cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """`text` as a table cell `width` points wide: plain when it fits on one line, else wrapped.

    A plain cell is drawn as typed in the table's own font (give the table the style's font
    and colour: `cell_font`) and lays out far quicker than a paragraph, which long invoices
    feel; text that needs more than one line becomes a paragraph that wraps.
    """
    room = width - 2 * CELL_PADDING
    if text.isprintable() and stringWidth(text, style.fontName, style.fontSize) <= room:
        return text
    return para(text, style)


def cell_font(style: ParagraphStyle, first: tuple[int, int], last: tuple[int, int]) -> list[Any]:
    """Table style commands that draw plain cells in [first, last] in `style`'s font and colour.

    Their rows keep the table's own leading, so a row is as tall as it was with paragraphs.
    """
    return [
        ("FONTNAME", first, last, style.fontName),
        ("FONTSIZE", first, last, style.fontSize),
        ("TEXTCOLOR", first, last, style.textColor),
    ]


def party_block(label: str, name: str, details: Sequence[str]) -> list[Paragraph]:
    """A small labelled block: "FROM", the name in bold, then its detail lines."""
    s = styles()
    block = [para(label.upper(), s.label), para(name or "—", s.body, bold=True)]
    block.extend(para(line, s.body) for line in details if line.strip())
    return block


def document_header(left: list[Any], right: list[Any], *, left_share: float) -> Table:
    """The title block: the document's name on the left, its facts on the right, a rule below."""
    widths = [CONTENT_WIDTH * left_share, CONTENT_WIDTH * (1 - left_share)]
    table = Table([[left, right]], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    return table


def three_parties(blocks: Sequence[list[Paragraph]]) -> Table:
    """Three party blocks side by side (from, to, what), aligned at the top."""
    third = CONTENT_WIDTH / 3
    table = Table([list(blocks)], colWidths=[third, third, third])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    return table


def key_value_table(
    rows: Sequence[tuple[str, str]], *, width: float, strong_last: bool = False
) -> Table:
    """A two-column box of labels and right-aligned values (totals, summaries)."""
    s = styles()
    data = []
    for index, (key, value) in enumerate(rows):
        strong = strong_last and index == len(rows) - 1
        data.append([para(key, s.cell, bold=strong), para(value, s.cell_right, bold=strong)])
    table = Table(data, colWidths=[width * 0.58, width * 0.42], hAlign="RIGHT")
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if strong_last:
        commands += [
            ("BACKGROUND", (0, -1), (-1, -1), SHADE),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
        ]
    table.setStyle(TableStyle(commands))
    return table


def write_pdf(out: Path, story: list[Any], *, title: str, author: str, footer: str) -> int:
    """Lay the story out into `out` (replaced atomically); returns the number of pages."""
    pages: list[int] = []

    def build(path: str) -> None:
        """Lay the story out into the temporary file."""
        doc = SimpleDocTemplate(
            path,
            pagesize=PAGE_SIZE,
            # The frame pads by 6 pt: this puts paragraphs and full-width tables on MARGIN.
            leftMargin=MARGIN - 6,
            rightMargin=MARGIN - 6,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 6 * mm,
            title=title,
            author=author,
            creator="Tallyhour",
        )
        doc.build(story, canvasmaker=_numbered_canvas(footer, pages))

    write_atomically(out, build)
    return pages[0] if pages else 0


def _numbered_canvas(footer: str, pages: list[int]) -> Callable[..., Canvas]:
    """A canvas class that prints the footer and "Page x of y" once the page count is known."""
    regular, _ = register_fonts()

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Holds each page until the end, then stamps the footer with the total."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            """A canvas with no page held yet."""
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            """Keep the finished page's state instead of emitting it now."""
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            """Emit every held page with its footer, then the file."""
            total = len(self._held)
            pages.append(total)
            for state in self._held:
                self.__dict__.update(state)
                self._draw_footer(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_footer(self, total: int) -> None:
            """A thin rule, the document's name on the left, the page number on the right."""
            y = MARGIN
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y + 9, PAGE_SIZE[0] - MARGIN, y + 9)
            self.setFont(regular, 7.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, y, footer)
            self.drawRightString(PAGE_SIZE[0] - MARGIN, y, f"Page {self._pageNumber} of {total}")

    return NumberedCanvas
