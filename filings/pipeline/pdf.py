"""Reading PDFs with pypdfium2: open with clear errors, text per page, does it need OCR."""

import contextlib
import ctypes
import hashlib
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
    source: str = "layer"  # Page.TextSource: layer, ocr, both, none
    note: str = ""  # why, in words: "scanned page: read with OCR"
    confidence: float | None = None  # tesseract's mean word confidence, where OCR read it
    ocr_pending: bool = False  # indexed as it is for now; the OCR follow-up reads it


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Plain text with \\n line ends and no control characters: PostgreSQL text cannot
    hold NUL, and search snippets use two control characters as highlight markers."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    return _CONTROL.sub("", text)


def extract_text(page: pdfium.PdfPage) -> str:
    return clean(raw_text(page))


def raw_text(page: pdfium.PdfPage, **bounds) -> str:
    """The text layer as pdfium returns it (control characters and all, for judging it);
    `bounds` (left, bottom, right, top, in points) limit it to part of the page."""
    textpage = page.get_textpage()
    try:
        return textpage.get_text_bounded(**bounds)
    finally:
        textpage.close()


def halves(page: pdfium.PdfPage) -> tuple[str, str]:
    """The text layer of the page's upper and lower half (stamps above, Bates numbers below)."""
    height = page.get_size()[1]
    return clean(raw_text(page, bottom=height / 2)), clean(raw_text(page, top=height / 2))


# Annotations: links and pop-ups carry no text of the page; everything else may (stamps,
# watermarks, "CONFIDENTIAL" legends, free text, sticky notes, form fields).
_NO_TEXT_ANNOTATIONS = {pdfium_c.FPDF_ANNOT_LINK, pdfium_c.FPDF_ANNOT_POPUP}


def with_annotations(
    pdf: pdfium.PdfDocument, index: int, page: pdfium.PdfPage
) -> tuple[pdfium.PdfPage, list[str]]:
    """The page with its annotations' appearances merged into its content (pdfium's
    flatten, in memory only: the stored file is never changed), so their text is read
    with the page's; and the annotations' own text (their /Contents, a field's value),
    for what has no appearance to draw. Returns the page to read (reloaded if flattened)."""
    count = pdfium_c.FPDFPage_GetAnnotCount(page.raw)
    if count <= 0:
        return page, []
    texts, drawn = [], False
    for i in range(count):
        annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        if not annotation:
            continue
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annotation)
            if subtype in _NO_TEXT_ANNOTATIONS:
                continue
            drawn = True
            texts += [string_value(annotation, "Contents"), string_value(annotation, "V")]
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annotation)
    if drawn and pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) == pdfium_c.FLATTEN_SUCCESS:
        page.close()
        page = pdf[index]
    return page, [clean(t).strip() for t in texts if t and t.strip()]


def string_value(annotation, key: str) -> str:
    name = key.encode()
    size = pdfium_c.FPDFAnnot_GetStringValue(annotation, name, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetStringValue(
        annotation, name, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size
    )
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def add_unseen(text: str, extra: list[str]) -> str:
    """`text` and each of `extra` whose words it does not already hold."""
    seen = set(_WORDS.findall(text.lower()))
    for piece in extra:
        words = _WORDS.findall(piece.lower())
        if words and not all(word in seen for word in words):
            text = f"{text}\n{piece}" if text else piece
            seen.update(words)
    return text


_WORDS = re.compile(r"\w+")


# Images that may hold words on a page that also has a text layer (a heading or signature
# block pasted as a picture): at least this wide and high, in points (a short word in
# 10-point type), and at most this many per page.
TEXT_IMAGE_MIN = (54.0, 14.0)
TEXT_IMAGES_PER_PAGE = 8


def text_images(page: pdfium.PdfPage, seen: set | None = None) -> list[tuple[float, float, float, float]]:
    """The bounds (left, bottom, right, top) of images on the page large enough to hold
    words and smaller than a scan, largest first. With `seen` (a document's set), an image
    whose bytes were found on an earlier page (a letterhead logo on every page) is skipped:
    its words are read once. Walks pdfium's objects directly (a quarter of the cost of
    pypdfium2's wrappers): this runs on every text page."""
    width, height = page.get_size()
    found = []
    for obj in image_objects(page):
        left, bottom, right, top = bounds_of(obj)
        left, bottom, right, top = max(left, 0), max(bottom, 0), min(right, width), min(top, height)
        w, h = right - left, top - bottom
        if w < TEXT_IMAGE_MIN[0] or h < TEXT_IMAGE_MIN[1] or w * h >= SCAN_IMAGE_SHARE * width * height:
            continue
        if seen is not None:
            key = image_key(obj)
            if key in seen:
                continue
            seen.add(key)
        found.append((left, bottom, right, top))
    found.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    return found[:TEXT_IMAGES_PER_PAGE]


def image_objects(page: pdfium.PdfPage, max_depth: int = 3):
    """The page's image objects (raw pdfium handles), inside form objects too."""
    stack = [(pdfium_c.FPDFPage_CountObjects(page.raw), page.raw, None, 1)]
    while stack:
        count, parent, form, depth = stack.pop()
        for i in range(count):
            obj = pdfium_c.FPDFFormObj_GetObject(form, i) if form else pdfium_c.FPDFPage_GetObject(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                yield obj
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < max_depth:
                stack.append((pdfium_c.FPDFFormObj_CountObjects(obj), None, obj, depth + 1))


def bounds_of(obj) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return left.value, bottom.value, right.value, top.value


def image_key(obj) -> str:
    """A digest of an image object's stored bytes (the same picture on every page)."""
    size = pdfium_c.FPDFImageObj_GetImageDataRaw(obj, None, 0)
    if size <= 0:
        return f"unknown-{ctypes.addressof(obj.contents)}"
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFImageObj_GetImageDataRaw(obj, buffer, size)
    return hashlib.blake2b(buffer.raw, digest_size=16).hexdigest()


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
