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

import re
import unicodedata
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

_WORD = re.compile(r"[A-Za-z]+")
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


def english_share(text: str) -> tuple[float, int]:
    """The share of letter pairs inside words that are common in English, and how many."""
    pairs = common = 0
    for word in _WORD.findall(text):
        word = word.lower()
        for i in range(len(word) - 1):
            pairs += 1
            common += word[i : i + 2] in COMMON_PAIRS
    return (common / pairs if pairs else 1.0), pairs


def strange_share(raw: str) -> float:
    """The share of non-space characters that are control or private-use characters, or
    the replacement character: glyph numbers a viewer could not map to letters."""
    visible = strange = 0
    for char in raw:
        if char.isspace():
            continue
        visible += 1
        if char in "\ufffd\ufffe" or unicodedata.category(char) in ("Cc", "Co", "Cn"):
            strange += 1
    return strange / visible if visible else 0.0


def judge(raw: str) -> Verdict:
    """Whether `raw`, a page's text layer as pdfium returns it, is readable text."""
    if not raw.strip():
        return Verdict(True)
    if strange_share(raw) > MAX_STRANGE:
        return Verdict(False, "its text layer is glyphs without letters (a font without a Unicode map)")
    share, pairs = english_share(raw)
    if pairs >= MIN_PAIRS and share < MIN_ENGLISH:
        return Verdict(False, "its text layer is unreadable (a font without a Unicode map)")
    tokens = [token for token in raw.split() if len(token) >= 3]
    if len(tokens) >= 6 and sum(bool(_ODD.search(t)) for t in tokens) > MAX_ODD * len(tokens):
        return Verdict(False, "its text layer is unreadable (a font without a Unicode map)")
    run_on = sum(len(m) for m in _LONG.findall(raw) if not _ADDRESS.match(m))
    letters = sum(map(str.isalpha, raw))
    if letters >= MIN_PAIRS and run_on > letters / 2:
        return Verdict(False, "its text layer has lost its spaces")
    return Verdict(True)
