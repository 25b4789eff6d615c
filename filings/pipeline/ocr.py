"""OCR with tesseract, for pages without a usable text layer.

A scanned page is rendered in the worker's pdfium thread (pdfium is not thread-safe) and
read by a tesseract process; a document's scanned pages are read by up to
`CASELAW_OCR_PROCESSES` tesseract processes at once, each single-threaded, as OCRmyPDF
does: pages are independent, and tesseract's own OpenMP threads scale worse than pages.
"""

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


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def processes() -> int:
    """How many pages one worker has tesseract read at once."""
    configured = settings.CASELAW_OCR_PROCESSES
    return max(1, configured or os.cpu_count() or 1)


def render(page: pdfium.PdfPage):
    """The page as a greyscale PIL image at OCR_DPI (call from the pdfium thread)."""
    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
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
