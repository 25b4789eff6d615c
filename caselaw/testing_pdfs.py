"""Deterministic PDFs for tests and benchmarks: born-digital text, scans, and broken files.

Shared by tests/ and benchmarks/ so both measure and check the same kinds of file.
"""

import datetime
import io
import random

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

FIXED_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)

LEGAL_SENTENCES = [
    "Plaintiffs allege that Meta copied their books without permission to train its models.",
    "The court considers the four factors of fair use under 17 U.S.C. § 107.",
    "Removal of copyright management information is actionable under 17 U.S.C. § 1202(b).",
    "See Authors Guild v. Google, Inc., 804 F.3d 202 (2d Cir. 2015).",
    "Defendant moves to dismiss every claim except direct copyright infringement.",
    "The record shows that the datasets were obtained from shadow libraries.",
    "Discovery disputes are referred to the magistrate judge for resolution.",
    "The motion is granted in part and denied in part, with leave to amend.",
]

# Prose as court filings mostly are: facts, procedure, argument. Briefs and orders cite a
# case or statute every few sentences; transcripts, declarations and exhibits rarely do.
RECORD_SENTENCES = [
    "The witness testified that the training data was assembled in early 2023.",
    "Counsel for the plaintiffs asked whether the engineers discussed seeding the files.",
    "The declarant reviewed the internal messages produced in discovery.",
    "Meta's engineers described the datasets in messages that were later unsealed.",
    "The parties met and conferred regarding the scope of the production.",
    "The hearing was continued to allow supplemental briefing on the record.",
    "Plaintiffs are authors whose books were included in the training corpus.",
    "The court reporter certified the transcript as a true and correct record.",
    "The exhibit is a true and correct copy of an email chain produced by Meta.",
    "Discovery disputes are referred to the magistrate judge for resolution.",
    "The record shows that the datasets were obtained from shadow libraries.",
    "Defendant moves to dismiss every claim except direct copyright infringement.",
    "The motion is granted in part and denied in part, with leave to amend.",
    "Plaintiffs allege that Meta copied their books without permission to train its models.",
]
BRIEF_SENTENCES = RECORD_SENTENCES + [
    "The court considers the four factors of fair use under 17 U.S.C. § 107.",
    "See Authors Guild v. Google, Inc., 804 F.3d 202 (2d Cir. 2015).",
]


def _new_pdf() -> FPDF:
    pdf = FPDF(format="letter")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_font("Helvetica", size=11)
    pdf.set_auto_page_break(True, margin=20)
    return pdf


def text_pdf(pages: int = 3, *, seed: int = 0, marker: str = "", sentences=None) -> bytes:
    """Born-digital pages of legal prose; `marker` is written on every page."""
    rng = random.Random(seed)
    pool = sentences or LEGAL_SENTENCES
    pdf = _new_pdf()
    for number in range(1, pages + 1):
        pdf.add_page()
        body = " ".join(rng.choice(pool) for _ in range(14))
        pdf.multi_cell(0, 5.5, f"Page {number}. {marker} {body}".strip())
    return bytes(pdf.output())


def page_image(text: str, *, width: int = 1275, height: int = 1650) -> Image.Image:
    """A letter page at 150 dpi with `text` drawn in large type, like a clean scan."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 34)
    except OSError:
        font = ImageFont.load_default(size=34)
    y = 120
    for line in wrap(text, 52):
        draw.text((100, y), line, fill=0, font=font)
        y += 52
    return image


def wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def scanned_pdf(texts: list[str], *, stamp: str = "") -> bytes:
    """Image-only pages (no text layer), optionally with a small ECF-style text stamp."""
    pdf = _new_pdf()
    for text in texts:
        pdf.add_page()
        buffer = io.BytesIO()
        page_image(text).save(buffer, format="PNG")
        pdf.image(buffer, x=0, y=0, w=pdf.w, h=pdf.h)
        if stamp:
            pdf.set_xy(10, 5)
            pdf.set_font("Helvetica", size=7)
            pdf.cell(0, 4, stamp)
    return bytes(pdf.output())


def mixed_pdf(pages: list[tuple[str, str]]) -> bytes:
    """Pages in order, each ("text", words) born-digital or ("scan", words) image-only."""
    pdf = _new_pdf()
    for kind, text in pages:
        pdf.add_page()
        if kind == "scan":
            buffer = io.BytesIO()
            page_image(text).save(buffer, format="PNG")
            pdf.image(buffer, x=0, y=0, w=pdf.w, h=pdf.h)
        else:
            body = " ".join(random.Random(text).choice(LEGAL_SENTENCES) for _ in range(8))
            pdf.multi_cell(0, 5.5, f"{text} {body}")
    return bytes(pdf.output())


def encrypted_pdf(password: str = "secret") -> bytes:
    pdf = _new_pdf()
    pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Confidential settlement communication.")
    return bytes(pdf.output())


def truncated_pdf() -> bytes:
    whole = text_pdf(pages=6, seed=3)
    return whole[: len(whole) // 3]


def junk_before_header_pdf() -> bytes:
    return b"From: court-ecf-noreply\r\nX-Junk: yes\r\n\r\n" + text_pdf(pages=2, seed=4)
