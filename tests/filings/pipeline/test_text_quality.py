"""The text-layer judgement on a corpus built here: real court text of several kinds must
be judged readable, and the same texts as a font without a Unicode map garbles them must
be judged unreadable. The shares printed on failure are what README's figures come from."""

import html
import re
from pathlib import Path

import pytest

from caselaw.testing_pdfs import LEGAL_SENTENCES
from filings.pipeline.quality import english_share, judge

SHARED = Path(__file__).resolve().parents[3].parent / "shared"


def docket_text() -> str:
    """The text of a real PACER docket report (names, dates, numbers, legal abbreviations)."""
    dockets = sorted((SHARED / "fixtures").rglob("*.htm*")) if (SHARED / "fixtures").is_dir() else []
    if not dockets:
        return ""
    raw = dockets[0].read_text(errors="ignore")
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))[:6000]


REAL = {
    "opinion prose": " ".join(LEGAL_SENTENCES),
    "caption": (
        "UNITED STATES DISTRICT COURT NORTHERN DISTRICT OF CALIFORNIA RICHARD KADREY, et al., "
        "Plaintiffs, v. META PLATFORMS, INC., Defendant. Case No. 3:23-cv-03417-VC ORDER GRANTING "
        "IN PART AND DENYING IN PART MOTION TO DISMISS"
    ),
    "service list": (
        "Bobby A. Ghajar (SBN 198719) bghajar@cooley.com Colette A. Ghazarian (SBN 322235) "
        "COOLEY LLP 1333 2nd Street, Suite 400 Santa Monica, California 90401 Telephone: (310) 883-6400 "
        "Mark R. Weinstein (SBN 193043) Kathleen R. Hartnett (SBN 314267) Judd D. Lauter (SBN 290945) "
        "3175 Hanover Street Palo Alto, California 94304 Angela L. Dunning CLEARY GOTTLIEB STEEN"
    ),
    "citations": (
        "See 17 U.S.C. § 1202(b); Authors Guild v. Google, Inc., 804 F.3d 202, 214 (2d Cir. 2015); "
        "Campbell v. Acuff-Rose Music, Inc., 510 U.S. 569, 579 (1994); Fed. R. Civ. P. 12(b)(6); "
        "Stevens v. Corelogic, Inc., 899 F.3d 666, 673 (9th Cir. 2018); id. at 675."
    ),
    "table of contents": (
        "TABLE OF CONTENTS\nINTRODUCTION..........................................................1\n"
        "STATEMENT OF FACTS....................................................2\n"
        "ARGUMENT.............................................................4\n"
        "I. Plaintiffs fail to plead removal of CMI.............................4\n"
        "II. The DMCA claim fails for lack of knowledge..........................7\n"
        "CONCLUSION...........................................................12"
    ),
    "figures": (
        "$1,234.56 12/11/23 (1,200) 15% $0.99 3:23-cv-03417 1202(b)(1) 98.6 (310) 883-6400 7,500,000 "
        "12/31/2022 $42,000.00 (3,450.12) 2.5% 1,001 2,002 3,003 Total damages claimed per work"
    ),
    "OCR with errors": (
        "Plaintifls allcge that Meta cop1ed their b00ks without pennission and used thern to train "
        "LLaMA. The Court has reviewed the rnotion, the opposition and the rep1y. For the reasons "
        "below the rnotion is GRANTED in part and DENIED in part. Tbe claims are dismissed with leave."
    ),
}
if docket_text():
    REAL["PACER docket"] = docket_text()


def shifted(text: str) -> str:
    """What pdfium reads for a subset font without a Unicode map: each glyph's code, which
    for such subsets is its letter's code less 29 ("the" → "WKH")."""
    return "".join(chr(ord(c) - 29) if 61 < ord(c) < 127 else c for c in text)


def glyph_numbers(text: str) -> str:
    """A CID font without a map: glyph numbers come through as control and private-use characters."""
    return "".join(chr(0xE000 + ord(c)) if c.isalpha() else c for c in text)


def no_spaces(text: str) -> str:
    return text.replace(" ", "")


@pytest.mark.parametrize("kind", sorted(REAL))
def test_real_court_text_is_readable(kind):
    share, pairs = english_share(REAL[kind])
    assert judge(REAL[kind]).usable, f"{kind}: English share {share:.2f} over {pairs} pairs"
    assert share >= 0.8 or kind in ("figures", "table of contents")


@pytest.mark.parametrize("kind", sorted(set(REAL) - {"figures", "table of contents"}))  # too few letters
@pytest.mark.parametrize("garble", [shifted, glyph_numbers, no_spaces])
def test_the_same_text_garbled_is_unreadable(kind, garble):
    text = garble(REAL[kind])
    verdict = judge(text)
    assert not verdict.usable, f"{garble.__name__}({kind}): English share {english_share(text)[0]:.2f}"
    assert "Unicode map" in verdict.reason or "spaces" in verdict.reason


def test_a_short_page_is_taken_as_it_is():
    assert judge("EXHIBIT 12").usable
    assert judge("81,7('67$7(6").usable  # too little to judge: a stamp, a number
    assert judge("").usable
