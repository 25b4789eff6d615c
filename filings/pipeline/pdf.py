"""Reading PDFs with pypdfium2: open with clear errors, text per page, does it need OCR."""

import contextlib
import re
import shutil
import tempfile
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from filings.pipeline.errors import PermanentProcessingError

# A page with at least this many letters has a usable text layer whatever else is on it.
MIN_TEXT_CHARS = 200
# An image covering this share of the page makes it a scan (the text may be just a stamp).
SCAN_IMAGE_SHARE = 0.5


@contextlib.contextmanager
def local_path(document):
    """A filesystem path to the stored file (downloaded first if storage is remote)."""
    try:
        path = document.file.path
    except NotImplementedError:  # remote storage (S3): no local path
        path = None
    if path is not None:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=".pdf") as copy, document.file.open("rb") as source:
        shutil.copyfileobj(source, copy)
        copy.flush()
        yield copy.name


def open_pdf(path: str, *, max_pages: int) -> pdfium.PdfDocument:
    """The PDF, opened, or a PermanentProcessingError saying why not; its page count is
    checked against `max_pages` before any page is read."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise PermanentProcessingError(explain_open_error(error)) from error
    pages = len(pdf)
    if pages == 0:
        pdf.close()
        raise PermanentProcessingError("This PDF has no pages.")
    if pages > max_pages:
        pdf.close()
        raise PermanentProcessingError(
            f"This PDF has {pages:,} pages; the limit is {max_pages:,}. Split it into parts of "
            f"at most {max_pages:,} pages and upload them as separate documents."
        )
    return pdf


def explain_open_error(error: Exception) -> str:
    text = str(error).lower()
    if "password" in text:
        return "This PDF is password-protected. Upload a copy without a password."
    if "format" in text or "file" in text:
        return "This PDF is damaged or incomplete and cannot be read. Try downloading it again."
    if "security" in text:
        return "This PDF uses an unsupported security handler and cannot be read."
    return "This PDF cannot be read (it may be damaged)."


@dataclass
class PageText:
    number: int  # 1-based
    text: str
    from_ocr: bool = False


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Plain text with \\n line ends and no control characters: PostgreSQL text cannot
    hold NUL, and search snippets use two control characters as highlight markers."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    return _CONTROL.sub("", text)


def extract_text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        return clean(textpage.get_text_bounded())
    finally:
        textpage.close()


def needs_ocr(page: pdfium.PdfPage, text: str) -> bool:
    """True for pages whose text layer is missing or only a stamp over a scanned image."""
    if len(text) >= 4 * MIN_TEXT_CHARS:  # plainly a text page; skip counting
        return False
    letters = sum(map(str.isalnum, text))
    if letters >= MIN_TEXT_CHARS:
        return False
    return image_share(page) >= SCAN_IMAGE_SHARE or (letters == 0 and has_image(page))


def image_share(page: pdfium.PdfPage) -> float:
    width, height = page.get_size()
    area = max(width * height, 1.0)
    largest = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        largest = max(largest, (right - left) * (top - bottom))
    return min(largest / area, 1.0)


def has_image(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))
