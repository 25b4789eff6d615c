"""PDFs written object by object, for what fpdf2 will not make quickly: a tiny file with a
huge page (the 699-byte, 6,000-point page of issue #11), or thousands of pages."""


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF whose objects are numbered from 1 in order; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


def huge_page_pdf(width: float = 6000, height: float | None = None) -> bytes:
    """One page `width` × `height` points covered by a 2×2 grey image and nothing else, so
    the pipeline takes it for a scan and sends it to OCR."""
    height = width if height is None else height
    size = b"%g %g" % (width, height)
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + size + b"] "
            b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
            stream(b"q %g 0 0 %g 0 0 cm /Im0 Do Q" % (width, height)),
            stream(
                bytes([255, 200, 200, 255]),
                b"/Type /XObject /Subtype /Image /Width 2 /Height 2 "
                b"/ColorSpace /DeviceGray /BitsPerComponent 8",
            ),
        ]
    )


def blank_pages_pdf(pages: int) -> bytes:
    """`pages` empty letter pages: a large page count in a small, quickly made file."""
    kids = b" ".join(b"%d 0 R" % (3 + index) for index in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            *[page] * pages,
        ]
    )


def text_pages_pdf(pages: int, lines: int = 40) -> bytes:
    """`pages` born-digital letter pages of legal prose sharing one content stream: seconds
    of work for a worker in a file made in milliseconds."""
    sentence = b"Plaintiffs allege that Meta copied their books to train its models; see 17 U.S.C. 1202."
    text = b"BT /F1 10 Tf 12 TL 54 740 Td " + b" ".join(b"(%s) '" % sentence for _ in range(lines)) + b" ET"
    kids = b" ".join(b"%d 0 R" % (5 + index) for index in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            stream(text),
            *[page] * pages,
        ]
    )
