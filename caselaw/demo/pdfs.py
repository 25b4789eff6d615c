"""Deterministic PDFs for demo filings: a caption page, then the summary text.

The same inputs always give the same bytes (fixed creation date, no random ids), so the
document's sha256 is stable and a re-run of `load_demo` finds the copy it stored before.
Core Helvetica covers Latin-1 only, which is enough for "§", "é" and "í"; anything else
(curly quotes, dashes) is folded to ASCII first.
"""

import datetime
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FIXED_CREATION_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
DEMO_NOTICE = (
    "Demo document: a short plain-English summary written for this software demo. "
    "It is not the filed document and quotes nothing from it."
)
LINE_HEIGHT = 7.5  # mm; close to the double spacing of pleading paper
FONT_SIZE = 12

_ASCII_FOR = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": " - ",
    "\u2026": "...",
    "\u00a0": " ",
}


@dataclass(frozen=True)
class Caption:
    """What the first page of every filing in a case shows."""

    court_lines: tuple[str, ...]
    plaintiff_line: str  # "RICHARD KADREY, et al.,"
    defendant_line: str  # "META PLATFORMS, INC.,"
    docket_number: str
    short_name: str
    judge: str = ""


@dataclass(frozen=True)
class FilingText:
    """One filing's document: title, caption facts and body paragraphs.

    A paragraph starting with "## " is a section heading.
    """

    title: str
    filed_on: str  # as shown on the caption page, e.g. "July 7, 2023"
    entry_label: str  # e.g. "Docket entry 471" or "Docket entry 23 (illustrative number)"
    paragraphs: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def latin1(text: str) -> str:
    """Fold typographic characters to ASCII; anything left outside Latin-1 becomes '?'."""
    for char, replacement in _ASCII_FOR.items():
        text = text.replace(char, replacement)
    return text.encode("latin-1", "replace").decode("latin-1")


class _FilingPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="letter")
        self.footer_text = footer_text

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, f"{self.footer_text} - page {self.page_no()} of {{nb}}", align="C")


def render_filing_pdf(caption: Caption, text: FilingText) -> bytes:
    """The PDF bytes for one filing: caption page, then the body on the following pages."""
    pdf = _FilingPDF(latin1(f"{caption.short_name}, No. {caption.docket_number} - demo summary"))
    pdf.set_creation_date(FIXED_CREATION_DATE)
    pdf.set_title(latin1(text.title))
    pdf.set_author("caselaw demo data")
    pdf.set_margins(25.4, 25.4, 25.4)
    pdf.set_auto_page_break(auto=True, margin=25.4)
    _caption_page(pdf, caption, text)
    _body(pdf, text)
    return bytes(pdf.output())


def _line(pdf: FPDF, text: str, *, size: int = FONT_SIZE, style: str = "", align: str = "L"):
    pdf.set_font("Helvetica", style=style, size=size)
    height = LINE_HEIGHT * size / FONT_SIZE
    pdf.multi_cell(0, height, latin1(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _caption_page(pdf: FPDF, caption: Caption, text: FilingText):
    pdf.add_page()
    pdf.ln(20)
    for court_line in caption.court_lines:
        _line(pdf, court_line.upper(), style="B", align="C")
    pdf.ln(10)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    pdf.set_font("Helvetica", size=FONT_SIZE)
    parties = "\n".join(
        (
            caption.plaintiff_line,
            "        Plaintiffs,",
            "    v.",
            caption.defendant_line,
            "        Defendant.",
        )
    )
    pdf.multi_cell(half - 5, LINE_HEIGHT, latin1(parties), border="R", align="L")
    bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + half + 5, top)
    right = f"Case No. {caption.docket_number}\n\n{text.title.upper()}"
    pdf.set_font("Helvetica", style="B", size=FONT_SIZE)
    pdf.multi_cell(half - 5, LINE_HEIGHT, latin1(right), align="L")
    pdf.set_y(max(bottom, pdf.get_y()) + 10)
    if caption.judge:
        _line(pdf, f"Judge: Hon. {caption.judge}")
    _line(pdf, f"Filed: {text.filed_on}")
    _line(pdf, text.entry_label)
    pdf.ln(10)
    for note in (DEMO_NOTICE, *text.notes):
        _line(pdf, note, size=9, style="I")


def _body(pdf: FPDF, text: FilingText):
    pdf.add_page()
    _line(pdf, text.title.upper(), style="B", align="C")
    pdf.ln(4)
    for paragraph in text.paragraphs:
        if paragraph.startswith("## "):
            pdf.ln(2)
            _line(pdf, paragraph[3:], style="B")
        else:
            _line(pdf, paragraph, align="J")
            pdf.ln(3)
