"""What a page's text is made of, when OCR has a part in it. These run in the OCR threads
(`PageQueue`), each returning the page's `PageText` with where its text came from and why.

OCR adds, it does not replace: a scanned exhibit still carries the court's e-filing
header ("Case 3:23-cv-03417-VC Document 351 Filed 12/11/23 Page 4 of 23") and often a
Bates number as real text. Those lines of the text layer that OCR did not read are kept,
above or below what OCR read (as they sit on the page); lines OCR read too are not doubled.
"""

import re

from filings.pipeline import ocr
from filings.pipeline.pdf import PageText

_WORD = re.compile(r"\w+")
# A text-layer line counts as read by OCR when this share of its words are in OCR's text.
COVERED = 0.8
# Images of text on a text page: what OCR reads in one is added only at this confidence.
IMAGE_CONFIDENCE = 50.0


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def unread_lines(layer: str, read: set[str]) -> list[str]:
    """The lines of `layer` whose words OCR mostly did not read."""
    kept = []
    for line in layer.splitlines():
        line_words = words(line)
        if line_words and sum(w in read for w in line_words) < COVERED * len(line_words):
            kept.append(line.strip())
    return kept


def merge(top: str, ocr_text: str, bottom: str) -> tuple[str, bool]:
    """OCR's text with the text layer's unread lines around it; and whether any were kept."""
    read = set(words(ocr_text))
    above, below = unread_lines(top, read), unread_lines(bottom, read)
    parts = ["\n".join(above), ocr_text, "\n".join(below)]
    return "\n".join(part for part in parts if part.strip()), bool(above or below)


def read_scan(
    number: int, image, *, top: str = "", bottom: str = "", reason: str = "scanned page"
) -> PageText:
    """A page read whole by OCR: a scan, or a page whose text layer is unreadable (then
    `top` and `bottom` are empty: nothing of that layer is worth keeping)."""
    reading = ocr.recognise(image)
    text, kept = merge(top, reading.text, bottom)
    notes = [f"{reason}: read with OCR"]
    if kept:
        notes.append("text-layer lines OCR did not read (stamps, numbers) kept")
    if reading.turned:
        notes.append("upside down, turned upright" if reading.turned == 180 else "sideways, turned upright")
    if reading.confidence is not None and reading.confidence < ocr.LOW_CONFIDENCE:
        notes.append(f"OCR confidence low ({reading.confidence:.0f} of 100)")
    if not reading.words and not kept:
        notes.append("OCR found no text")
    return PageText(
        number,
        text,
        from_ocr=True,
        source="both" if kept else "ocr" if text else "none",
        note="; ".join(notes),
        confidence=reading.confidence,
    )


def read_images(number: int, text: str, images: list) -> PageText:
    """A text page with images that may hold words: what OCR reads in them, where it is
    confident and not already in the text layer, is added to the page's text."""
    added, confidences = [], []
    for image in images:
        reading = ocr.recognise(image, upright=False)
        if reading.confidence is None or reading.confidence < IMAGE_CONFIDENCE:
            continue
        confidences.append(reading.confidence)
        added += unread_lines(reading.text, set(words(text)))
    if not added:
        return PageText(number, text)
    count = len(confidences)
    return PageText(
        number,
        "\n".join([text, *added]) if text else "\n".join(added),
        from_ocr=True,
        source="both",
        note=f"text of {count} image{'s' if count != 1 else ''} on the page read with OCR and added",
        confidence=round(sum(confidences) / count, 1),
    )
