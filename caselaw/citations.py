"""Legal citations found with eyecite, in the normalised form we store and match on."""

import fcntl
import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from eyecite import get_citations
from eyecite import helpers as eyecite_helpers
from eyecite.models import FullCaseCitation, FullLawCitation, ShortCaseCitation
from eyecite.tokenizers import AhocorasickTokenizer, _strip_ws

# eyecite maps a parenthetical such as "2d Cir." to a court by running two regex
# substitutions against every court it knows: about 25 ms a call, most of a page's
# processing time. The same few parentheticals recur on every page, so remember answers.
eyecite_helpers.get_court_by_paren = functools.lru_cache(maxsize=4096)(eyecite_helpers.get_court_by_paren)


class CompiledPatterns:
    """The `regex` module's match/search/sub/split with each compiled pattern kept.

    eyecite's helpers call `regex.match(pattern_string, …)` some forty times a page;
    `regex` looks each pattern up in its cache through flag arithmetic on Python enums,
    which cost more than the matching (about a tenth of a page's processing). Same
    patterns, same results; at most MAX_PATTERNS kept (some are built from the text)."""

    MAX_PATTERNS = 512

    def __init__(self, module):
        self._module = module
        self._compiled: dict = {}

    def _pattern(self, pattern, flags):
        key = (pattern, int(flags))
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= self.MAX_PATTERNS:
                self._compiled.clear()
            compiled = self._compiled[key] = self._module.compile(pattern, flags)
        return compiled

    def match(self, pattern, string, flags=0, **options):
        if options:
            return self._module.match(pattern, string, flags, **options)
        return self._pattern(pattern, flags).match(string)

    def search(self, pattern, string, flags=0, **options):
        if options:
            return self._module.search(pattern, string, flags, **options)
        return self._pattern(pattern, flags).search(string)

    def sub(self, pattern, repl, string, count=0, flags=0, **options):
        if options:
            return self._module.sub(pattern, repl, string, count, flags, **options)
        return self._pattern(pattern, flags).sub(repl, string, count)

    def split(self, pattern, string, maxsplit=0, flags=0, **options):
        if options:
            return self._module.split(pattern, string, maxsplit, flags, **options)
        return self._pattern(pattern, flags).split(string, maxsplit)

    def __getattr__(self, name):  # flags (IGNORECASE, X), compile, escape…
        return getattr(self._module, name)


eyecite_helpers.re = CompiledPatterns(eyecite_helpers.re)


class PageTokenizer(AhocorasickTokenizer):
    """eyecite's Aho-Corasick tokenizer, choosing extractors by identity.

    The stock version collects candidate extractors in a set, hashing each (a dataclass
    hash over all its fields) every time a reporter string appears: half of the time
    eyecite spends on a page. The extractors are fixed objects, so identity suffices.
    """

    def get_extractors(self, text: str):
        stripped = _strip_ws(text)
        chosen = {id(e): e for e in self.unfiltered_extractors}
        for _, extractors in self.case_sensitive_filter.iter(stripped):
            chosen.update((id(e), e) for e in extractors)
        for _, extractors in self.case_insensitive_filter.iter(stripped.lower()):
            chosen.update((id(e), e) for e in extractors)
        return list(chosen.values())


_SCANNING = threading.Lock()


@functools.cache
def tokenizer():
    """eyecite's Hyperscan tokenizer where the hyperscan package is installed (x86-64): 2.25×
    the Aho-Corasick one here (0.88 vs 1.99 ms a page, the same citations). Its database
    of eyecite's patterns is compiled once (~16 s) into CASELAW_VAR_DIR/eyecite-hyperscan
    and loaded from there (~0.3 s) by every later process; a file lock keeps two processes
    from compiling it at once. Elsewhere, the Aho-Corasick tokenizer above."""
    try:
        import hyperscan  # noqa: F401
        from eyecite.tokenizers import HyperscanTokenizer
    except ImportError:
        return PageTokenizer()
    folder = Path(settings.VAR_DIR) / "eyecite-hyperscan"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            chosen = HyperscanTokenizer(cache_dir=str(folder))
            get_citations("17 U.S.C. § 1202; 1 U.S. 1", tokenizer=chosen)  # compiles or loads now
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return chosen


@dataclass(frozen=True)
class FoundCitation:
    kind: str  # "statute" or "case"
    normalized: str  # canonical: "17 U.S.C. § 1202", "212 F. Supp. 3d 917"
    matched_text: str  # as written in the text
    start: int
    end: int
    pin: str = ""  # "(b)" for 17 U.S.C. § 1202(b)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def statute_key(cite: FullLawCitation) -> str:
    """ "17 U.S.C. § 1202" however it was written ("17 USC § 1202", "17 U. S. C. section
    1202", "17 U.S.C.A. §§ 1202"): eyecite's canonical reporter, and "§" for the section.

    A code with a subject ("Cal. Civ. Code") keeps its reporter as written, spaces
    squeezed: eyecite's canonical form drops the subject ("Cal. Code")."""
    groups = cite.groups
    reporter = groups.get("reporter", "")
    if not groups.get("subject"):
        reporter = cite.corrected_reporter() or reporter
    parts = [groups.get("title", ""), reporter, "§", groups.get("section", "")]
    return _squeeze(" ".join(p for p in parts if p))


def case_key(cite: FullCaseCitation | ShortCaseCitation) -> str:
    """ "212 F. Supp. 3d 917" for "212 F.Supp.3d 917" and the other spellings of the
    reporter that eyecite's reporter database knows (its edition's short name)."""
    groups = cite.groups
    reporter = cite.corrected_reporter() or groups.get("reporter", "")
    return _squeeze(f"{groups.get('volume', '')} {reporter} {groups.get('page', '')}")


# Every full citation has "§" or "<volume> <Reporter> <page>" in it. eyecite scans its
# whole input once per candidate reporter and looks back for a case name, so it gets only
# the text around such spots: enough before for a statute's title ("Cal. Civ. Code §") and
# after for a pin cite ("§ 1202(b)(1)"). We keep no case names, so eyecite need not see
# far back for one (300 characters before cost twice the time, same citations found).
_ANCHOR = re.compile(r"§|\b\d{1,4}\s+[A-Z][A-Za-z0-9.&' ]{0,30}?\s+\d{1,5}\b")
_BEFORE, _AFTER = 40, 60


def citation_windows(text: str) -> list[tuple[int, int]]:
    """Merged (start, end) stretches of `text` that may hold a citation."""
    windows: list[list[int]] = []
    for match in _ANCHOR.finditer(text):
        start, end = max(0, match.start() - _BEFORE), min(len(text), match.end() + _AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


def find_citations(text: str) -> list[FoundCitation]:
    """Statutes and cases cited in `text`; ids (Id., supra) are left out."""
    found: list[FoundCitation] = []
    for offset, stop in citation_windows(text or ""):
        found += _citations_in(text[offset:stop], offset)
    return found


def _citations_in(text: str, offset: int) -> list[FoundCitation]:
    found = []
    with _SCANNING:  # a Hyperscan database has one scratch space: one scan at a time
        cites = get_citations(text, tokenizer=tokenizer())
    for cite in cites:
        start, end = (position + offset for position in cite.span())
        if isinstance(cite, FullLawCitation):
            pin = cite.metadata.pin_cite or ""
            found.append(FoundCitation("statute", statute_key(cite), cite.matched_text(), start, end, pin))
        elif isinstance(cite, (FullCaseCitation, ShortCaseCitation)):
            found.append(FoundCitation("case", case_key(cite), cite.matched_text(), start, end))
    return found


def parse_statutes(text: str) -> list[str]:
    """The statutes a legal basis rests on, normalised and without repeats, in order."""
    seen: list[str] = []
    for cite in find_citations(text):
        if cite.kind == "statute" and cite.normalized not in seen:
            seen.append(cite.normalized)
    return seen


def canonical_form(kind: str, matched_text: str, normalized: str) -> str:
    """The canonical form of a citation stored earlier, read again from its text as
    written; what was stored when eyecite no longer reads it alone."""
    for cite in find_citations(matched_text):
        if cite.kind == kind:
            return cite.normalized
    return normalized
