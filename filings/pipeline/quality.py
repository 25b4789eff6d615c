"""Is a page's text layer text? A judgement made before indexing, page by page.

Some PDFs embed fonts without a map from glyphs to Unicode. Their text layer then reads
as shifted gibberish ("81,7('67$7(6" for "UNITED STATES", "WKH" for "the"), as control
characters or private-use code points, often without spaces; pdfium and pdftotext both
return it as if it were text. Such a page must be read with OCR, like a scan.

The test is how English the letters look: the share of letter pairs in words that are
among the 250 pairs most common in English prose (`COMMON_PAIRS`, counted on the English
licence texts every Debian system ships in /usr/share/common-licenses, 300 kB; the 250
cover 99% of that text's pairs). Measured (tests/filings/pipeline/test_text_quality.py):
court opinions, captions, service lists of names and firms and OCR output score 0.85 to
0.98; the same texts with their glyphs shifted as a missing map shifts them score 0.25
to 0.35. A page is judged unreadable below 0.6, or when a quarter of its characters are
control or private-use characters (glyph numbers passed through), or when more than 15%
of its words have symbols between their letters or digits ("81,7('67$7(6": capitals
shifted; real pages have a few, "12(b)(6)"), or when most of its letters sit in "words"
of 20 characters or more that are not addresses (the spaces are gone).
"""

import operator
import re
from dataclasses import dataclass

COMMON_PAIRS = frozenset(
    "th he er on or in re ti an en se co at li is io ic of ns nt ed te it ce ar nd es ou ve ri de to ra "
    "di al ng le ha st yo ro me ec pr hi ut ot ib fo ma ct si no if ne op tr so om us bl rs od as ll ta "
    "ch rm wi pa ur wo ie ts ac la ho ge bu un rk fi ca ea ov ig ny pl ly do pe fr su il am mo ry iv ex "
    "ee ss py be wa cu gr nc ab ai rt pu um na ub im gh mi wh ay ht by ci cl em ia el ty br ir po ms vi "
    "os mp oc sh uc rc id ad tw ol ft og ag ow ap pp sp et rr fe ei lo lu ev da ni pi bi va gi ul nu ef "
    "qu ep ga tl ud gn yr sa ke mb nv ld rd ui mu ff xt pt we eq av ey au eg tt ak du cc ba dd fy ip ob "
    "sc ls ua bo fu yi fa mm nf xe xc rp bj je ks ue rg nl tu ck oo cr ew ys lt oe rv ki ru aw af nk up "
    "sl rn bs rw rf wr xp gu nn ds ug wn kn eo hr ye rb lf ph".split()
)
# Fewer letter pairs than this, and a page is too short to judge: it is taken as it is.
MIN_PAIRS = 30
MIN_ENGLISH = 0.6
MAX_STRANGE = 0.25
RUN_ON = 20  # characters without a space: few words of a filing are this long

_LONG = re.compile(rf"\S{{{RUN_ON},}}")
_ADDRESS = re.compile(r"^[(<\[]?((https?://|www\.)\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+)[)>\].,;:]?$", re.IGNORECASE)
# Symbols between letters or digits ("81,7('67$7(6"): what capitals become in a font
# without a map. Real text has them in a few tokens ("12(b)(6)"), garbled capitals in many.
_ODD = re.compile(r"[0-9A-Za-z][$&'()*+%][0-9A-Za-z]")
MAX_ODD = 0.15


@dataclass(frozen=True)
class Verdict:
    usable: bool
    reason: str = ""  # why not, for the page's note


# Judged on the first SAMPLE characters: a missing map garbles a whole page alike, and the
# judgement must cost little next to reading the page (pdfium: ~0.4 ms a page).
SAMPLE = 3000
_NOT_LETTERS = re.compile(r"[^a-z]+")
_STRANGE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ufffe\U000f0000-\U0010ffff]")
_SPACE = re.compile(r"\s")


def english_share(text: str) -> tuple[float, int]:
    """The share of letter pairs inside words that are common in English, and how many."""
    letters = _NOT_LETTERS.sub(" ", text.lower())
    pairs = len(letters) - letters.count(" ") - len(letters.split())
    if pairs <= 0:
        return 1.0, 0
    common = sum(map(COMMON_PAIRS.__contains__, map(operator.add, letters, letters[1:])))
    return common / pairs, pairs


def strange_share(raw: str) -> float:
    """The share of non-space characters that are control or private-use characters, or
    the replacement character: glyph numbers a viewer could not map to letters."""
    visible = len(raw) - len(_SPACE.findall(raw))
    return len(_STRANGE.findall(raw)) / visible if visible > 0 else 0.0


# The four commonest pairs ("th", "he", "in", "er") are about 8% of an English page's
# letter pairs and under 1% of a garbled one's. A page with many of them in its first
# PLAIN_SAMPLE characters, ordinary word lengths and no strange characters is plainly
# text: a few str.count calls decide it, and most pages go no further.
PLAIN_PAIRS = ("th", "he", "in", "er")
PLAIN_SHARE = 0.035
PLAIN_SAMPLE = 1500


def plainly_text(raw: str) -> bool:
    raw = raw[:PLAIN_SAMPLE]
    visible = len(raw) - raw.count(" ") - raw.count("\n")
    if visible < 400 or _STRANGE.search(raw):
        return False
    lower = raw.lower()
    common = sum(lower.count(pair) for pair in PLAIN_PAIRS)
    return common >= PLAIN_SHARE * visible and visible < 12 * len(raw.split())


def judge(raw: str) -> Verdict:
    """Whether `raw`, a page's text layer as pdfium returns it, is readable text."""
    raw = raw[:SAMPLE]
    if not raw.strip() or plainly_text(raw):
        return Verdict(True)
    if strange_share(raw) > MAX_STRANGE:
        return Verdict(False, "its text layer is glyphs without letters (a font without a Unicode map)")
    share, pairs = english_share(raw)
    if pairs >= MIN_PAIRS and share < MIN_ENGLISH:
        return Verdict(False, "its text layer is unreadable (a font without a Unicode map)")
    words = len(raw.split())
    if words >= 6 and len(_ODD.findall(raw)) > MAX_ODD * words:
        return Verdict(False, "its text layer is unreadable (a font without a Unicode map)")
    # Letters, not characters: a table of contents' dot leaders are long but hold few.
    run_on = sum(sum(map(str.isalpha, m)) for m in _LONG.findall(raw) if not _ADDRESS.match(m))
    letters = sum(map(str.isalpha, raw))
    if letters >= MIN_PAIRS and run_on > letters / 2:
        return Verdict(False, "its text layer has lost its spaces")
    return Verdict(True)
