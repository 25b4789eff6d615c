"""OCR with tesseract, for pages without a usable text layer.

A scanned page is rendered in the worker's pdfium thread (pdfium is not thread-safe) and
read by a tesseract process; a document's scanned pages are read by up to
`CASELAW_OCR_PROCESSES` tesseract processes at once, each single-threaded, as OCRmyPDF
does: pages are independent, and tesseract's own OpenMP threads scale worse than pages.

A page is never rendered with more than `CASELAW_OCR_MAX_PIXELS` pixels: a PDF of a few
hundred bytes can declare a page 200 inches square, which at 300 dpi is 3.6 billion
pixels. Larger pages are read at a lower resolution, and pages that would need less than
MIN_OCR_DPI are not read at all; `LargePages` says which, for the document's notes.
"""

import math
import os
import shutil
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytesseract
from django.conf import settings

from filings.pipeline.pdf import clean

# One thread per tesseract process: parallelism comes from reading several pages at once.
# (Measured on 2 cores: OpenMP threads per page gave 0.30 pages/s per worker; single
# threads, 0.53.)
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# 300 dpi is tesseract's sweet spot for court scans; higher costs time, lower loses accuracy.
OCR_DPI = 300
# Below this, 12-point type is under 9 pixels high (its small letters about 4) and
# tesseract reads little but noise.
MIN_OCR_DPI = 50
# The largest page the PDF standard allows (ISO 32000-1, annex C): 200 inches a side.
PDF_MAX_PAGE_POINTS = 14_400


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def processes() -> int:
    """How many pages one worker has tesseract read at once."""
    configured = settings.CASELAW_OCR_PROCESSES
    return max(1, configured or os.cpu_count() or 1)


def resolution(width: float, height: float) -> int:
    """The dpi to read a page of `width` × `height` points at: OCR_DPI, less where that
    would pass CASELAW_OCR_MAX_PIXELS, or 0 where the page is too large to read at all."""
    if max(width, height) > PDF_MAX_PAGE_POINTS or min(width, height) <= 0:
        return 0
    inches = (width / 72) * (height / 72)
    dpi = min(OCR_DPI, math.floor(math.sqrt(settings.CASELAW_OCR_MAX_PIXELS / inches)))
    return dpi if dpi >= MIN_OCR_DPI else 0


def render(page: pdfium.PdfPage, dpi: int):
    """The page as a greyscale PIL image at `dpi` (call from the pdfium thread)."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        return bitmap.to_pil().copy()  # detached from the bitmap's pdfium buffer
    finally:
        bitmap.close()


def render_region(page: pdfium.PdfPage, bounds: tuple[float, float, float, float], dpi: int = OCR_DPI):
    """Part of the page (left, bottom, right, top, in points) as a greyscale image, with a
    small margin so letters at its edge are whole."""
    width, height = page.get_size()
    margin = 4.0
    left, bottom, right, top = bounds
    crop = (
        max(left - margin, 0),
        max(bottom - margin, 0),
        max(width - right - margin, 0),
        max(height - top - margin, 0),
    )
    bitmap = page.render(scale=dpi / 72, grayscale=True, crop=crop)
    try:
        return bitmap.to_pil().copy()
    finally:
        bitmap.close()


# Below this mean word confidence a page's reading is doubted: it may be upside down or
# sideways, and if it stays this low the page says so.
LOW_CONFIDENCE = 60.0


@dataclass
class Reading:
    text: str
    confidence: float | None  # mean word confidence, 0–100; None when no word was read
    words: int
    turned: int = 0  # degrees the image was turned (clockwise) to read it upright


def recognise(image, *, upright: bool = True) -> Reading:
    """What tesseract reads in `image` (safe to call from any thread). With `upright`, a
    doubtful reading makes tesseract look for the page's orientation (its OSD), and a
    page found upside down or sideways is read again turned the right way up."""
    try:
        reading = read(image)
        if upright and (reading.confidence is None or reading.confidence < LOW_CONFIDENCE):
            turn = orientation(image)
            if turn:
                with image.rotate(-turn, expand=True) as turned:
                    again = read(turned)
                if (again.confidence or 0) > (reading.confidence or 0):
                    again.turned = turn
                    reading = again
        return reading
    finally:
        image.close()


def read(image) -> Reading:
    # pytesseract hands the image over as a temporary file, PNG unless told otherwise;
    # compressing a 300 dpi page to PNG takes ~180 ms, writing it as PGM ~10 ms.
    image.format = "PPM"
    data = pytesseract.image_to_data(image, lang="eng", output_type=pytesseract.Output.DICT)
    lines: dict[tuple, list[str]] = {}
    confidences = []
    for i, word in enumerate(data["text"]):
        word = word.strip()
        if not word:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(word)
        confidence = float(data["conf"][i])
        if confidence >= 0:
            confidences.append(confidence)
    text, last_block = [], None
    for (block, paragraph, _), words in lines.items():
        if last_block is not None and (block, paragraph) != last_block:
            text.append("")
        text.append(" ".join(words))
        last_block = (block, paragraph)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return Reading(clean("\n".join(text)), mean, len(confidences))


def orientation(image) -> int:
    """Degrees to turn the image clockwise to stand it upright (0, 90, 180 or 270), by
    tesseract's orientation detection; 0 when it cannot tell."""
    image.format = "PPM"
    try:
        osd = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:  # too few letters to tell
        return 0
    if float(osd.get("orientation_conf", 0)) < 1.0:
        return 0
    return int(osd.get("rotate", 0)) % 360


class LargePages:
    """The scanned pages too large for OCR at OCR_DPI, and what became of them, in words
    for the document's notes."""

    def __init__(self):
        self.reduced: dict[int, int] = {}  # page number → dpi it was read at
        self.unread: list[int] = []
        self.largest: dict[int, tuple[float, float]] = {}  # page number → size in inches

    def note(self, number: int, width: float, height: float, dpi: int) -> None:
        if dpi == OCR_DPI:
            return
        if dpi:
            self.reduced[number] = dpi
        else:
            self.unread.append(number)
        self.largest[number] = (width / 72, height / 72)

    def messages(self) -> list[str]:
        notes = []
        if self.reduced:
            pages = list(self.reduced)
            lowest = min(self.reduced.values())
            if len(pages) == 1:
                notes.append(
                    f"Page {pages[0]} is unusually large ({self.size(pages[0])}), so OCR read it at "
                    f"{lowest} dpi instead of {OCR_DPI}; small print on it may be missing from its text."
                )
            else:
                notes.append(
                    f"Pages {page_list(pages)} are unusually large, so OCR read them at as little as "
                    f"{lowest} dpi instead of {OCR_DPI}; small print on them may be missing from their text."
                )
        if len(self.unread) == 1:
            notes.append(
                f"Page {self.unread[0]} is too large to read with OCR ({self.size(self.unread[0])}); "
                "it is stored without text."
            )
        elif self.unread:
            notes.append(
                f"Pages {page_list(self.unread)} are too large to read with OCR; "
                "they are stored without text."
            )
        return notes

    def size(self, number: int) -> str:
        width, height = self.largest[number]
        return f"{width:,.0f} × {height:,.0f} inches"


def page_list(numbers: list[int], shown: int = 5) -> str:
    """ "1, 4 and 9", or "1, 2, 3, 4, 5 and 12 more"."""
    if len(numbers) > shown:
        return ", ".join(map(str, numbers[:shown])) + f" and {len(numbers) - shown} more"
    return ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
