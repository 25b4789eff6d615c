"""OCR of one page with tesseract, for pages without a usable text layer."""

import os
import shutil

import pypdfium2 as pdfium
import pytesseract

from filings.pipeline.pdf import clean

# A worker OCRs one page at a time and workers are the unit of parallelism; tesseract's
# own OpenMP threads only contend with each other and the other workers (measured on 2
# cores: 0.30 → 0.53 pages/s per worker, using one CPU instead of 1.4).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# 300 dpi is tesseract's sweet spot for court scans; higher costs time, lower loses accuracy.
OCR_DPI = 300


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_page(page: pdfium.PdfPage) -> str:
    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
    image = bitmap.to_pil()
    try:
        return clean(pytesseract.image_to_string(image, lang="eng"))
    finally:
        image.close()
        bitmap.close()
