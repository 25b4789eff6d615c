"""Real-world defect PDFs, built by code: each builder imitates one way real filings lose text.

Every builder is deterministic (same arguments, same bytes) and returns the PDF's bytes.
What a perfect reader would get from each page (the ground truth) is the builder's input,
or a module constant for the builders that take none; `defect_samples()` pairs each file
with it, for the tests and `benchmarks/fidelity.py`.

Fonts come from the machine (Debian's fonts-dejavu-core: DejaVu Sans and Serif);
`FontNotFound` says so where they are missing.
"""

import io
import random
import re
import textwrap
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pikepdf
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from caselaw.testing_pdfs import BRIEF_SENTENCES, FIXED_DATE

SCAN_DPI = 300
LETTER = (612, 792)  # points
ECF_STAMP = "Case 3:23-cv-03417-VC Document 351 Filed 12/11/23 Page 4 of 23"
PROTECTIVE_ORDER_LEGEND = "CONFIDENTIAL \u2013 SUBJECT TO PROTECTIVE ORDER"
FORM_FIELD_VALUE = "Counsel for Plaintiffs: Joseph R. Saveri"
FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]

EMAILS_AND_URLS_TEXT = (
    "Notice of appearance. Please direct all correspondence to jdoe@cooleyllp.com and "
    "mweinberg@saverilawfirm.com, with a copy to docketing@bsfllp.com. The docket is "
    "public at https://www.courtlistener.com/docket/67569326/kadrey-v-meta-platforms-inc/ "
    "and the order at https://www.cand.uscourts.gov/judges/chhabria-vince-vc/ is binding. "
    "The court-ordered meet-and-confer addressed the third-party subpoenas, the "
    "well-established fair-use defense, and the so-called shadow-library datasets."
)
CITATION_SPELLINGS_PAGES = [
    "The court follows Doe v. Acme Corp., 212 F.Supp.3d 917 (N.D. Cal. 2016). Removal of "
    "copyright management information is actionable under 17 U.S.C. § 1202 when the "
    "remover knew it would conceal infringement.",
    "Defendant misreads Doe v. Acme Corp., 212 F. Supp. 3d 917 (N.D. Cal. 2016). The "
    "complaint pleads no facts showing the knowledge that 17 USC section 1202 requires, "
    "so the claim is dismissed with leave to amend.",
]


class FontNotFound(RuntimeError):
    pass


@cache
def font_path(name: str) -> Path:
    """A TrueType file by name (e.g. "DejaVuSans.ttf") from the machine's font folders."""
    for folder in FONT_DIRS:
        if folder.is_dir():
            for found in sorted(folder.rglob(name)):
                return found
    raise FontNotFound(f"{name} is not installed (Debian: apt-get install fonts-dejavu-core)")


def _pdf(size: tuple[float, float] = LETTER) -> FPDF:
    pdf = FPDF(unit="pt", format=size)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_auto_page_break(True, margin=54)
    pdf.set_margins(72, 72, 72)
    pdf.set_font("Helvetica", size=11)
    return pdf


def _png(image: Image.Image) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    buffer.seek(0)
    return buffer


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


# (a) A font without a Unicode map ----------------------------------------------------


def no_unicode_map_pdf(text: str, *, shift: int = 29) -> bytes:
    """A born-digital page whose embedded font has no /ToUnicode map.

    Imitates PDFs from some court and word-processor pipelines that embed a subset
    TrueType font and number its glyphs in the font's own order: without a Unicode map
    pdfium and pdftotext return each glyph's number as a character, shifted by 29
    ("81,7('67$7(6" for "UNITED STATES"; the space becomes \\x03, which pdfium drops).
    The page looks right; its text layer is gibberish.
    """
    pdf = _pdf()
    pdf.add_font("DejaVuSans", fname=str(font_path("DejaVuSans.ttf")))
    pdf.set_font("DejaVuSans", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 16, text)
    with pikepdf.open(io.BytesIO(bytes(pdf.output()))) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                if "/ToUnicode" in font:
                    _renumber_glyphs(document, page, font, shift)
        return _save(document)


def _renumber_glyphs(document: pikepdf.Pdf, page: pikepdf.Page, font: pikepdf.Dictionary, shift: int) -> None:
    """Give every glyph the code (its character − shift) and delete the Unicode map."""
    unicode_of = {
        int(code, 16): chr(int(char, 16))
        for code, char in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})>", font.ToUnicode.read_bytes().decode())
    }
    descendant = font.DescendantFonts[0]
    gid_map = descendant.CIDToGIDMap.read_bytes()
    widths = _cid_widths(descendant.W)
    new_code = {cid: max(ord(char) - shift, 1) for cid, char in unicode_of.items() if cid}

    def recode(string: pikepdf.String) -> pikepdf.String:
        raw = bytes(string)
        cids = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
        return pikepdf.String(b"".join(new_code[c].to_bytes(2, "big") for c in cids))

    instructions = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "Tj":
            operands = [recode(operands[0])]
        elif str(operator) == "TJ":
            operands = [pikepdf.Array(recode(o) if isinstance(o, pikepdf.String) else o for o in operands[0])]
        instructions.append(pikepdf.ContentStreamInstruction(operands, operator))
    page.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))

    size = max(new_code.values()) + 1
    new_map = bytearray(2 * size)
    new_widths = []
    for cid, code in sorted(new_code.items(), key=lambda item: item[1]):
        new_map[2 * code : 2 * code + 2] = gid_map[2 * cid : 2 * cid + 2]
        new_widths += [code, pikepdf.Array([widths.get(cid, 500)])]
    descendant.CIDToGIDMap = document.make_stream(bytes(new_map))
    descendant.W = pikepdf.Array(new_widths)
    del font["/ToUnicode"]


def _cid_widths(w: pikepdf.Array) -> dict[int, int]:
    """A CIDFont's /W array ([c [w1 w2 …]] and [c1 c2 w] forms) as {cid: width}."""
    widths, items, i = {}, list(w), 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                widths[first + offset] = int(width)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = int(items[i + 2])
            i += 3
    return widths


# (b, c) Scans --------------------------------------------------------------------------


def typed_page_image(body_lines: list[str], *, seed: int = 0) -> Image.Image:
    """A letter page of typed text at 300 dpi, 12 pt serif, double-spaced, with a scanner's
    specks and softness: what a clerk's flatbed makes of a printed filing."""
    width, height = 8 * SCAN_DPI + SCAN_DPI // 2, 11 * SCAN_DPI
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("DejaVuSerif.ttf")), 50)  # 12 pt at 300 dpi
    y = SCAN_DPI
    for line in _fit(body_lines, font, width - 2 * SCAN_DPI):
        draw.text((SCAN_DPI, y), line, fill=20, font=font)
        y += 100
    rng = random.Random(seed)
    for _ in range(800):  # dust: single grey specks, too faint and small to read as marks
        x, y = rng.randrange(width - 2), rng.randrange(height - 2)
        draw.rectangle((x, y, x + rng.randrange(2), y + rng.randrange(2)), fill=rng.randrange(120, 200))
    return image.filter(ImageFilter.GaussianBlur(0.7))


def _fit(lines: list[str], font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    fitted = []
    for line in lines:
        chars = len(line)
        while chars > 10 and font.getlength(line[:chars]) > width:
            chars -= 5
        fitted += textwrap.wrap(line, chars, break_on_hyphens=False) or [""]
    return fitted


def scanned_page_with_stamp_pdf(
    body_lines: list[str], stamp: str = ECF_STAMP, *, legible_stamp: bool = False
) -> bytes:
    """A scanned page (a full-page image of typed text, no text for its body) that still
    carries the court's e-filing header as real text: what RECAP exhibits look like once
    CM/ECF has stamped "Case … Document … Filed … Page N of M" across the top.

    The copy was photocopied with a dark shadow along its top edge, and the blue stamp
    lands on it: on the rendered page it is blue on near-black, which OCR does not read,
    so only the text layer keeps it (as it does on many real exhibits). With
    `legible_stamp` there is no shadow, and OCR reads the stamp as well as the layer has it.
    """
    image = typed_page_image(body_lines)
    if not legible_stamp:
        _photocopy_shadow(image, depth=int(0.5 * SCAN_DPI))
    pdf = _pdf()
    pdf.add_page()
    pdf.image(_png(image), x=0, y=0, w=LETTER[0], h=LETTER[1])
    pdf.set_text_color(0, 0, 255)
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(72, 14)
    pdf.cell(LETTER[0] - 144, 12, stamp, align="C")
    return bytes(pdf.output())


def _photocopy_shadow(image: Image.Image, *, depth: int) -> None:
    """Darken the top `depth` pixel rows as a copier's lid shadow does: near black at the
    edge, fading to mid-grey, mottled."""
    rng = random.Random(depth)
    draw = ImageDraw.Draw(image)
    for y in range(depth):
        base = 15 + 50 * y // depth
        draw.line((0, y, image.width, y), fill=base + rng.randrange(10))


def rotated_scan_pdf(body_lines: list[str], angle: int = 180) -> bytes:
    """A scanned page fed into the scanner upside down (180) or sideways (90, 270:
    counter-clockwise), so the image itself is rotated; no /Rotate, no text layer.
    Unaided, tesseract reads 90 and 180 as gibberish; 270 it mostly reads anyway."""
    if angle not in (90, 180, 270):
        raise ValueError("angle must be 90, 180 or 270")
    image = typed_page_image(body_lines, seed=angle).rotate(angle, expand=True)
    size = (image.width * 72 / SCAN_DPI, image.height * 72 / SCAN_DPI)
    pdf = _pdf(size)
    pdf.add_page()
    pdf.image(_png(image), x=0, y=0, w=size[0], h=size[1])
    return bytes(pdf.output())


# (d) A small image of text on a text page ---------------------------------------------


def word_image(word: str, *, width_in: float = 2, height_in: float = 0.5) -> Image.Image:
    """`word` in bold serif filling a small box at 300 dpi, like a pasted heading."""
    width, height = int(width_in * SCAN_DPI), int(height_in * SCAN_DPI)
    image = Image.new("L", (width, height), 255)
    size = 80
    font = ImageFont.truetype(str(font_path("DejaVuSerif-Bold.ttf")), size)
    while size > 20 and font.getlength(word) > width - 30:
        size -= 4
        font = ImageFont.truetype(str(font_path("DejaVuSerif-Bold.ttf")), size)
    ImageDraw.Draw(image).text((15, height // 2), word, fill=0, font=font, anchor="lm")
    return image


def text_page_with_small_image_pdf(text: str, image_word: str) -> bytes:
    """A born-digital page whose text layer lacks one thing: a heading or signature block
    pasted as a 2 × 0.5 in picture (about 6% of the page), its word only in pixels."""
    pdf = _pdf()
    pdf.add_page()
    pdf.multi_cell(0, 15, text)
    pdf.ln(18)
    pdf.image(_png(word_image(image_word)), x=72, y=pdf.get_y(), w=144, h=36)
    return bytes(pdf.output())


# (e) Annotations and form fields --------------------------------------------------------


def watermark_annotation_pdf(
    text: str, watermark: str = PROTECTIVE_ORDER_LEGEND, *, field_value: str = FORM_FIELD_VALUE
) -> bytes:
    """A text page with a legend stamped as a FreeText annotation (/Contents plus the
    appearance stream that draws it, as Acrobat and e-discovery tools stamp productions)
    and an AcroForm text field filled in. The legend and the value exist only in the
    annotations: pdftotext prints them, pdfium's page text does not."""
    pdf = _pdf()
    pdf.add_page()
    pdf.multi_cell(0, 15, text)
    with pikepdf.open(io.BytesIO(bytes(pdf.output()))) as document:
        helvetica = document.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        )
        page = document.pages[0]
        legend = _text_annotation(
            document, helvetica, watermark, rect=(72, 40, 540, 64), size=14, rgb="0.8 0 0"
        )
        legend.Subtype = pikepdf.Name.FreeText
        legend.Contents = pikepdf.String(watermark)
        legend.DA = pikepdf.String("/Helv 14 Tf 0.8 0 0 rg")
        field = _text_annotation(
            document, helvetica, field_value, rect=(72, 80, 400, 98), size=10, rgb="0 0 0"
        )
        field.Subtype = pikepdf.Name.Widget
        field.FT = pikepdf.Name.Tx
        field.T = pikepdf.String("counsel")
        field.V = pikepdf.String(field_value)
        field.DA = pikepdf.String("/Helv 10 Tf 0 g")
        field.P = page.obj
        page.Annots = document.make_indirect(pikepdf.Array([legend, field]))
        document.Root.AcroForm = pikepdf.Dictionary(
            Fields=pikepdf.Array([field]),
            DA=pikepdf.String("/Helv 10 Tf 0 g"),
            DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helvetica)),
        )
        return _save(document)


def _text_annotation(document, font, words, *, rect, size, rgb) -> pikepdf.Dictionary:
    """An annotation dictionary whose normal appearance draws `words` in Helvetica."""
    x0, y0, x1, y1 = rect
    drawn = words.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
    drawn = drawn.replace(b")", b"\\)")
    content = b"BT /Helv %d Tf %s rg 4 %d Td (%s) Tj ET" % (
        size,
        rgb.encode(),
        (y1 - y0 - size) // 2 + 2,
        drawn,
    )
    appearance = document.make_stream(
        content,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=pikepdf.Array([0, 0, x1 - x0, y1 - y0]),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font)),
    )
    return document.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Rect=pikepdf.Array(list(rect)),
            F=4,  # printed
            AP=pikepdf.Dictionary(N=appearance),
        )
    )


# (f, g) Text that search must find as people type it ------------------------------------


def emails_and_urls_pdf() -> bytes:
    """A notice with e-mail addresses, URLs and hyphenated compounds
    (EMAILS_AND_URLS_TEXT): words a paralegal searches for by their parts."""
    pdf = _pdf()
    pdf.add_page()
    pdf.multi_cell(0, 15, EMAILS_AND_URLS_TEXT)
    return bytes(pdf.output())


def citation_spellings_pdf() -> bytes:
    """Two pages citing the same case and statute spelled differently
    (CITATION_SPELLINGS_PAGES): "212 F.Supp.3d 917" / "212 F. Supp. 3d 917",
    "17 U.S.C. § 1202" / "17 USC section 1202"."""
    pdf = _pdf()
    for text in CITATION_SPELLINGS_PAGES:
        pdf.add_page()
        pdf.multi_cell(0, 15, text)
    return bytes(pdf.output())


# Samples with their ground truth ---------------------------------------------------------


SURNAMES = (
    "Quintero Halvorsen Okonkwo Vanterpool Lindqvist Abernathy Castellanos Nakashima "
    "Pettigrew Oyelaran Brannigan Szymanski Fairweather Delacroix Mbeki Ravensworth "
    "Kowalczyk Thistlewood Amundsen Carrasquillo Featherstone Gallagher Iwasaki Montgomery"
).split()
ORGANISATIONS = ["Meta", "Anthropic", "the plaintiffs", "Books3", "LibGen", "the publishers"]
RECORDS = (
    "training logs|torrent client settings|dataset manifests|Slack messages|licensing "
    "spreadsheets|deduplication scripts|evaluation reports|retention policies|seeding "
    "statistics|annotation guidelines|crawler configurations|board presentations"
).split("|")
TEMPLATES = [
    "{name} testified on {date} that the {record} were assembled by {org}.",
    "Counsel for {org} produced {n} pages Bates-stamped META_{bates} concerning the {record}.",
    "The declarant {name} reviewed the {record} kept on servers in {city}.",
    "On {date}, {org} served a {ordinal} set of interrogatories about the {record}.",
    "Magistrate Judge Hixson ordered {org} to produce the {record} by {date}.",
    "{name} could not recall whether the {record} mentioned {other}.",
    "The deposition of {name} was taken in {city} and lasted {n} minutes.",
]
CITIES = "Menlo Park|Palo Alto|Sacramento|Redwood City|Oakland|Burlingame|Fremont".split("|")
MONTHS = "January February March April May June July August September October".split()


def filing_sentences(seed: int, count: int = 12) -> list[str]:
    """Sentences like a record's facts, varied enough (names, dates, Bates numbers) that
    a phrase of a few words is usually found on one page only, as in a real docket."""
    rng = random.Random(seed)
    return [
        rng.choice(TEMPLATES).format(
            name=f"{rng.choice('ABCDEJLMRS')}. {rng.choice(SURNAMES)}",
            other=rng.choice(SURNAMES),
            date=f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2019, 2024)}",
            record=rng.choice(RECORDS),
            org=rng.choice(ORGANISATIONS),
            city=rng.choice(CITIES),
            n=rng.randint(12, 900),
            bates=f"{rng.randint(0, 99999999):08d}",
            ordinal=rng.choice(["first", "second", "third", "fourth"]),
        )
        for _ in range(count)
    ]


# Words only the small images hold, so that finding one finds its page.
IMAGE_HEADINGS = "WESTERHAVEN ZABRISKIE PROKOPCHUK ABERCROMBIE TARKINGTON OYELOWO".split()


@dataclass(frozen=True)
class DefectSample:
    """A generated PDF, the defect it imitates, each page's ground-truth text, and what a
    searcher would type to find it: (query, the page numbers it should find)."""

    name: str
    kind: str
    data: bytes
    pages: list[str]
    queries: list[tuple[str, list[int]]] = field(default_factory=list)


def _lines(rng: random.Random, count: int = 12) -> list[str]:
    return filing_sentences(rng.randrange(10**6), count)


def _prose(rng: random.Random) -> str:
    """A paragraph of record facts closing with a brief's sentence (a citation, at times)."""
    return " ".join(_lines(rng, 8) + [rng.choice(BRIEF_SENTENCES)])


def defect_samples(copies: int = 3, *, seed: int = 0) -> list[DefectSample]:
    """`copies` of each defect, each with words of its own (f and g once: their text is
    fixed); three copies give all three rotations."""
    samples = []
    for copy in range(copies):
        rng = random.Random(seed * 1000 + copy)
        court = "UNITED STATES DISTRICT COURT NORTHERN DISTRICT OF CALIFORNIA " + _prose(rng)
        stamp, scan = ECF_STAMP.replace("Page 4", f"Page {copy + 4}"), _lines(rng)
        angle, rotated = (180, 90, 270)[copy % 3], _lines(rng)
        heading, pasted = IMAGE_HEADINGS[copy % len(IMAGE_HEADINGS)], _prose(rng)
        stamped = _prose(rng)
        samples += [
            DefectSample(
                f"no-unicode-{copy}", "no_unicode_map", no_unicode_map_pdf(court), [court]
            ),
            DefectSample(
                f"stamped-scan-{copy}", "scan_with_stamp", scanned_page_with_stamp_pdf(scan, stamp),
                [stamp + " " + " ".join(scan)], [(f'"{stamp}"', [1])],
            ),
            DefectSample(
                f"rotated-{angle}-{copy}", f"rotated_scan_{angle}", rotated_scan_pdf(rotated, angle),
                [" ".join(rotated)],
            ),
            DefectSample(
                f"small-image-{copy}", "small_image_of_text",
                text_page_with_small_image_pdf(pasted, heading), [pasted + " " + heading],
                [(heading.lower(), [1])],
            ),
            DefectSample(
                f"watermark-{copy}", "annotation_text", watermark_annotation_pdf(stamped),
                [f"{stamped} {PROTECTIVE_ORDER_LEGEND} {FORM_FIELD_VALUE}"],
                [('"subject to protective order"', [1]), ("Saveri", [1])],
            ),
        ]  # fmt: skip
    everywhere = [1, 2]
    samples += [
        DefectSample(
            "emails-urls", "emails_urls", emails_and_urls_pdf(), [EMAILS_AND_URLS_TEXT],
            [(q, [1]) for q in ("cooleyllp", "jdoe@cooleyllp.com", "saverilawfirm",
                                "courtlistener", "uscourts", "confer")],
        ),
        DefectSample(
            "citation-spellings", "citation_spellings", citation_spellings_pdf(),
            list(CITATION_SPELLINGS_PAGES),
            [(q, everywhere) for q in ("212 F.Supp.3d 917", "212 F. Supp. 3d 917",
                                       "17 U.S.C. § 1202", "17 USC section 1202")],
        ),
    ]  # fmt: skip
    return samples
