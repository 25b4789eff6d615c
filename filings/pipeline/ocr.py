"""OCR of one page with tesseract, for pages without a usable text layer."""

import shutil

import pypdfium2 as pdfium
import pytesseract

from filings.pipeline.pdf import clean

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
