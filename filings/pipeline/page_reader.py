"""How each page's text is had, and the document's notes on its pages in words.

`PageReader` reads one page in the pdfium thread and decides: its text layer as it is, OCR
of the whole page, or the layer plus OCR of images of text on it (see
filings/pipeline/page_reading.py for what the OCR jobs return).
"""

import logging
from functools import partial

import pypdfium2 as pdfium

from filings.models import Document, Page
from filings.pipeline import ocr, page_reading, quality
from filings.pipeline import pdf as pdf_reading
from filings.pipeline.pdf import PageText

log = logging.getLogger(__name__)


def stored_notes(document: Document) -> list[PageText]:
    """The document's pages that carry a note, as the notes' wording needs them."""
    rows = Page.objects.filter(document=document).exclude(text_note="").order_by("number")
    return [PageText(number, "", note=note) for number, note in rows.values_list("number", "text_note")]


class PageReader:
    """Reads one page in the pdfium thread and decides how its text is to be had: from its
    text layer as it is; by OCR of the whole page (a scan, or a layer that is gibberish);
    or from the layer plus OCR of images of text on it. What needs OCR comes back as a job
    for the OCR threads (a callable returning the PageText), the rest as the PageText."""

    def __init__(
        self, document: Document, pdf: pdfium.PdfDocument, *, can_ocr: bool, defer_ocr: bool = False
    ):
        self.document, self.pdf, self.can_ocr = document, pdf, can_ocr
        self.defer_ocr = can_ocr and defer_ocr  # pages needing OCR are kept for the follow-up
        self.large_pages = ocr.LargePages()
        self.skipped_scans = 0
        self.seen_images: set[str] = set()  # images of text already read in this document

    def read(self, index: int):
        number = index + 1
        page = self.pdf[index]
        try:
            page, annotations = pdf_reading.with_annotations(self.pdf, index, page)
            raw = pdf_reading.raw_text(page)
            text = pdf_reading.add_unseen(pdf_reading.clean(raw), annotations)
            verdict = quality.judge(raw)
            scan = pdf_reading.needs_ocr(page, text)
            if scan or not verdict.usable:
                return self.whole_page(page, number, text, scan=scan, verdict=verdict)
            images = pdf_reading.text_images(page, self.seen_images) if self.can_ocr else []
            if images and self.defer_ocr:
                return PageText(number, text, note="images of text on it: waiting for OCR", ocr_pending=True)
            if images:
                rendered = [ocr.render_region(page, bounds) for bounds in images]
                return partial(page_reading.read_images, number, text, rendered)
            return PageText(number, text)
        except pdfium.PdfiumError:
            log.warning("page %s of document %s could not be read", number, self.document.pk)
            return PageText(number, "", source="none", note="this page could not be read (damaged)")
        finally:
            page.close()

    def whole_page(self, page, number: int, text: str, *, scan: bool, verdict):
        reason = "scanned page" if scan and verdict.usable else verdict.reason
        if not self.can_ocr:
            self.skipped_scans += 1
            kept = text if verdict.usable else ""
            note = f"{reason}: not read, OCR (tesseract) is not installed"
            return PageText(number, kept, source="layer" if kept else "none", note=note)
        if self.defer_ocr:
            kept = text if verdict.usable else ""
            note = f"{reason}: waiting for OCR"
            return PageText(number, kept, source="layer" if kept else "none", note=note, ocr_pending=True)
        image = render_for_ocr(page, number, self.large_pages, document=self.document)
        if image is None:
            kept = text if verdict.usable else ""
            return PageText(
                number, kept, source="layer" if kept else "none", note=f"{reason}: too large for OCR"
            )
        top, bottom = pdf_reading.halves(page) if verdict.usable and text.strip() else ("", "")
        return partial(page_reading.read_scan, number, image, top=top, bottom=bottom, reason=reason)

    def messages(self) -> list[str]:
        if not self.skipped_scans:
            return []
        return [
            f"{self.skipped_scans} scanned or unreadable page(s) have no OCR text because OCR "
            "(tesseract) is not installed on the worker."
        ]


def page_notes(pages: list[PageText]) -> list[str]:
    """The document's notes on its pages, in words a paralegal reads at a glance."""
    unreadable = [p.number for p in pages if "Unicode map" in p.note or "lost its spaces" in p.note]
    turned = [p.number for p in pages if "turned upright" in p.note]
    doubtful = [p.number for p in pages if "confidence low" in p.note]
    notes = []
    if unreadable:
        were = "was" if len(unreadable) == 1 else "were"
        notes.append(
            f"{pages_in_words(unreadable)} had an unreadable text layer (a font without a Unicode map) "
            f"and {were} read with OCR instead."
        )
    if turned:
        were = "was" if len(turned) == 1 else "were"
        notes.append(
            f"{pages_in_words(turned)} {were} scanned upside down or sideways and read turned upright."
        )
    if doubtful:
        notes.append(
            f"OCR confidence is low on {pages_in_words(doubtful).lower()}: their text may have errors."
        )
    return notes


def pages_in_words(numbers: list[int]) -> str:
    return f"Page {numbers[0]}" if len(numbers) == 1 else f"Pages {ocr.page_list(numbers)}"


def render_for_ocr(page: pdfium.PdfPage, number: int, large_pages: ocr.LargePages, *, document: Document):
    """The page rendered for tesseract within CASELAW_OCR_MAX_PIXELS, or None when it is
    too large to read; either way `large_pages` notes what was done."""
    width, height = page.get_size()
    dpi = ocr.resolution(width, height)
    large_pages.note(number, width, height, dpi)
    if dpi != ocr.OCR_DPI:
        log.info(
            "page %s of document %s is %.0f × %.0f pt: %s",
            number,
            document.pk,
            width,
            height,
            f"OCR at {dpi} dpi" if dpi else "too large for OCR",
        )
    return ocr.render(page, dpi) if dpi else None
