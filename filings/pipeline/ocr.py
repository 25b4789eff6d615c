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


def recognise(image) -> str:
    """The text tesseract reads in `image` (safe to call from any thread)."""
    # pytesseract hands the image over as a temporary file, PNG unless told otherwise;
    # compressing a 300 dpi page to PNG takes ~180 ms, writing it as PGM ~10 ms.
    image.format = "PPM"
    try:
        return clean(pytesseract.image_to_string(image, lang="eng"))
    finally:
        image.close()


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
