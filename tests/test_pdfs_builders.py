"""The defect PDFs of tests/pdfs.py have the defect each one claims, and only that one."""

import io
import subprocess

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytesseract
import pytest

from tests import pdfs
from tests.helpers import require_tool

LINES = pdfs.filing_sentences(7, 10)
PROSE = " ".join(pdfs.filing_sentences(8, 8))


def pdfium_text(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    return [page.get_textpage().get_text_range() for page in document]


def pdftotext(data: bytes) -> str:
    require_tool("pdftotext")
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True)
    return result.stdout.decode()


def words(text: str) -> list[str]:
    return [word.strip(".,;:()") for word in text.split() if len(word) > 3]


def images(data: bytes) -> list[tuple[float, float, float, float]]:
    """Bounds (left, bottom, right, top, in points) of the first page's image objects."""
    page = pypdfium2.PdfDocument(data)[0]
    return [obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]


def ocr(image) -> str:
    require_tool("tesseract")
    return pytesseract.image_to_string(image, lang="eng")


def render(data: bytes, scale: float = 300 / 72):
    return pypdfium2.PdfDocument(data)[0].render(scale=scale, grayscale=True).to_pil()


@pytest.mark.parametrize(
    "build",
    [
        lambda: pdfs.no_unicode_map_pdf(PROSE),
        lambda: pdfs.scanned_page_with_stamp_pdf(LINES),
        lambda: pdfs.rotated_scan_pdf(LINES, 90),
        lambda: pdfs.text_page_with_small_image_pdf(PROSE, "QUINTERO"),
        lambda: pdfs.watermark_annotation_pdf(PROSE),
        pdfs.emails_and_urls_pdf,
        pdfs.citation_spellings_pdf,
    ],
)
def test_each_builder_makes_the_same_bytes_every_time(build):
    assert build() == build()


def test_a_font_without_unicode_map_reads_as_shifted_gibberish():
    data = pdfs.no_unicode_map_pdf("UNITED STATES DISTRICT COURT " + PROSE)

    with pikepdf.open(io.BytesIO(data)) as document:
        fonts = list(document.pages[0].Resources.Font.values())
    assert fonts and all("/ToUnicode" not in font for font in fonts)
    text = pdfium_text(data)[0]
    assert text.startswith("81,7('")  # "UNITED" shifted by 29, as real court PDFs read
    assert not set(words(PROSE)) & set(words(text))
    assert "STATES" not in pdftotext(data)


def test_a_font_without_unicode_map_still_looks_right_and_ocr_reads_it():
    data = pdfs.no_unicode_map_pdf(PROSE)

    read = ocr(render(data))

    assert len(set(words(PROSE)) & set(words(read))) >= 0.8 * len(set(words(PROSE)))


def test_a_stamped_scan_has_the_stamp_as_text_and_its_body_as_a_full_page_image():
    data = pdfs.scanned_page_with_stamp_pdf(LINES, pdfs.ECF_STAMP)

    assert pdfium_text(data)[0].strip() == pdfs.ECF_STAMP
    [(left, bottom, right, top)] = images(data)
    assert (left, bottom) == pytest.approx((0, 0)) and (right, top) == pytest.approx(pdfs.LETTER)
    assert "Case 3:23-cv-03417-VC Document 351" in pdftotext(data)
    assert not set(words(" ".join(LINES))) & set(words(pdftotext(data)))


def test_a_stamped_scans_body_is_readable_by_ocr_but_its_stamp_is_not():
    read = ocr(render(pdfs.scanned_page_with_stamp_pdf(LINES)))

    assert len(set(words(" ".join(LINES))) & set(words(read))) >= 0.9 * len(set(words(" ".join(LINES))))
    assert "03417" not in read and "Document 351" not in read


def test_a_legible_stamp_is_read_by_ocr_too():
    data = pdfs.scanned_page_with_stamp_pdf(LINES, legible_stamp=True)

    assert pdfium_text(data)[0].strip() == pdfs.ECF_STAMP
    assert "Document 351" in ocr(render(data))


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_a_rotated_scan_has_no_text_and_reads_only_once_turned_upright(angle):
    data = pdfs.rotated_scan_pdf(LINES, angle)
    expected = set(words(" ".join(LINES)))

    assert pdfium_text(data) == [""]
    width, height = pypdfium2.PdfDocument(data)[0].get_size()
    assert (width > height) == (angle in (90, 270))
    image = render(data)
    if angle != 270:  # tesseract's layout analysis reads lines rotated 270° unaided
        assert len(expected & set(words(ocr(image)))) < 0.3 * len(expected)
    upright = image.rotate(-angle, expand=True)
    assert len(expected & set(words(ocr(upright)))) >= 0.9 * len(expected)


def test_a_small_image_holds_a_word_the_text_layer_lacks():
    data = pdfs.text_page_with_small_image_pdf(PROSE, "HALVORSEN")

    text = pdfium_text(data)[0]
    assert words(PROSE)[0] in text
    assert "HALVORSEN" not in text
    [(left, bottom, right, top)] = images(data)
    assert (right - left, top - bottom) == pytest.approx((144, 36))  # 2 × 0.5 in
    scale = 300 / 72
    crop = render(data).crop((left * scale, (792 - top) * scale, right * scale, (792 - bottom) * scale))
    assert "HALVORSEN" in ocr(crop)


def test_annotation_text_is_in_pdftotext_but_not_in_the_page_text():
    data = pdfs.watermark_annotation_pdf(PROSE)

    extracted = pdftotext(data)
    assert pdfs.PROTECTIVE_ORDER_LEGEND in extracted
    assert pdfs.FORM_FIELD_VALUE in extracted
    page = pypdfium2.PdfDocument(data)[0]
    width, height = page.get_size()
    bounded = page.get_textpage().get_text_bounded(0, 0, width, height)
    assert words(PROSE)[0] in bounded
    assert "CONFIDENTIAL" not in bounded and "Saveri" not in bounded


def test_annotations_are_a_stamp_and_a_filled_form_field():
    data = pdfs.watermark_annotation_pdf(PROSE)

    with pikepdf.open(io.BytesIO(data)) as document:
        legend, field = document.pages[0].Annots
        assert legend.Subtype == "/FreeText" and str(legend.Contents) == pdfs.PROTECTIVE_ORDER_LEGEND
        assert "/N" in legend.AP
        assert field.Subtype == "/Widget" and field.FT == "/Tx"
        assert str(field.V) == pdfs.FORM_FIELD_VALUE
        assert len(document.Root.AcroForm.Fields) == 1


def test_emails_urls_and_hyphenated_words_are_in_the_text_layer_whole():
    data = pdfs.emails_and_urls_pdf()

    text = " ".join(pdfium_text(data))
    for token in [
        "jdoe@cooleyllp.com",
        "mweinberg@saverilawfirm.com",
        "https://www.courtlistener.com/docket/67569326/kadrey-v-meta-platforms-inc/",
        "meet-and-confer",
        "well-established",
    ]:
        assert token in text
        assert token in pdftotext(data)


def test_each_citation_spelling_is_on_its_own_page():
    pages = pdfium_text(pdfs.citation_spellings_pdf())

    assert len(pages) == 2
    assert "212 F.Supp.3d 917" in pages[0] and "17 U.S.C. § 1202" in pages[0]
    assert "212 F. Supp. 3d 917" in pages[1] and "17 USC section 1202" in pages[1]
    assert "F.Supp.3d" not in pages[1] and "U.S.C." not in pages[1]


def test_every_sample_names_the_ground_truth_of_each_of_its_pages():
    samples = pdfs.defect_samples(copies=3)

    assert len({sample.name for sample in samples}) == len(samples)
    assert {"rotated_scan_90", "rotated_scan_180", "rotated_scan_270"} <= {s.kind for s in samples}
    for sample in samples:
        assert len(pypdfium2.PdfDocument(sample.data)) == len(sample.pages)
