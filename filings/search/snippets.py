"""Snippets: the page text around what the search matched, with only that marked.

PostgreSQL's ts_headline marks every query word wherever it stands: a `"fair use"`
search marked each lone "use", and a citation typed as `17 U.S.C. § 1202` (searched as
the words 17, u.s.c and 1202) marked "17 U.S.C" in every other section's citation. Here a
phrase is marked only where its words stand in order, a word or prefix where its stem
is, and a citation exactly where the pipeline found it (its stored offsets on the page).
Words are compared by their PostgreSQL lexemes, so "torrent" marks "torrenting".
"""

import bisect
import html
import re

from django.db import connection

from filings.search.query import SearchRequest
from filings.search.text_query import Term, TextQuery

MARK_START, MARK_END = "\x02", "\x03"  # never in page text (the pipeline strips them)
FRAGMENTS = 3
FRAGMENT_WORDS = 28
WORDS_BEFORE = 8  # context before the first mark of a fragment
_TOKEN = re.compile(r"[^\W_]+")  # words as PostgreSQL's parser splits them, near enough
_WORD = re.compile(r"\S+")  # what a fragment counts


def snippets_for(pages: dict, request: SearchRequest, query: TextQuery | None) -> dict[int, str]:
    """Page id → snippet HTML (the page text escaped, matches in <mark>) for `pages`
    (id → Page with its text)."""
    spans: dict[int, list[tuple[int, int]]] = {page_id: [] for page_id in pages}
    if query is not None:
        matcher = TermMatcher(query, [page.text for page in pages.values()])
        for page_id, page in pages.items():
            spans[page_id] += matcher.spans(page.text)
    if request.citations:
        for page_id, start, end in citation_spans(pages, request.citations):
            spans[page_id].append((start, end))
    return {page_id: render(page.text, spans[page_id]) for page_id, page in pages.items()}


def citation_spans(pages: dict, citations: list[str]) -> list[tuple[int, int, int]]:
    """Where the pipeline found the searched citations on these pages, pin cites included
    ("17 U.S.C. § 1202(b)")."""
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT page_id, start, "end", pin FROM filings_citation '
            "WHERE page_id = ANY(%s) AND normalized = ANY(%s)",
            [list(pages), citations],
        )
        rows = cursor.fetchall()
    found = []
    for page_id, start, end, pin in rows:
        text = pages[page_id].text
        if pin and text[end : end + len(pin)] == pin:
            end += len(pin)
        found.append((page_id, start, end))
    return found


class TermMatcher:
    """Finds the query's terms (not its exclusions) in page text, word by word."""

    def __init__(self, query: TextQuery, texts: list[str]):
        self.terms = [term for term in query.terms if not term.negated]
        self.query_lexemes = query.lexemes
        self.lexemes = self.text_lexemes(texts)

    def text_lexemes(self, texts: list[str]) -> dict[str, str]:
        """The lexemes of the page words that may match a query word, from PostgreSQL's
        stemmer (one statement for all pages). A stem is its word's start bar its last
        few letters ("librari" for "library"), so only words starting like one are asked."""
        stems = {lexeme for lexeme in self.query_lexemes.values() if lexeme}
        if not stems:
            return {}
        starts = tuple({stem[: max(3, len(stem) - 3)] for stem in stems})
        words = {w.lower() for text in texts for w in _TOKEN.findall(text)}
        asked = sorted(w for w in words if w.startswith(starts))
        if not asked:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, coalesce((ts_lexize('english_stem', w))[1], '') FROM unnest(%s::text[]) AS w",
                [asked],
            )
            return dict(cursor.fetchall())

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the terms stand in `text`. Each distinct word of the page is compared once
        per word of a term; the page is then searched for the forms found, in order, with
        one regular expression (a Python loop over every word cost 0.2 ms a page)."""
        words = set(_TOKEN.findall(text.lower()))
        found = []
        for term in self.terms:
            if not self.is_searched(term):
                continue
            size = len(term.words)
            forms = [sorted(w for w in words if self.word_matches(term, k, w)) for k in range(size)]
            if not all(forms):
                continue
            body = r"[\W_]+".join("(?:" + "|".join(map(re.escape, f)) + ")" for f in forms)
            pattern = re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])", re.IGNORECASE)
            found += [match.span() for match in pattern.finditer(text)]
        return found

    def is_searched(self, term: Term) -> bool:
        """A lone stop word is not searched for, so it is not marked; a phrase is."""
        return term.phrase or self.query_lexemes.get(term.words[0]) != ""

    def word_matches(self, term: Term, k: int, token: str) -> bool:
        word = term.words[k]
        lexeme = self.query_lexemes.get(word, word)
        if term.prefix and k == len(term.words) - 1:
            forms = (word, lexeme) if lexeme else (word,)
            return token.startswith(forms) or self.lexemes.get(token, "").startswith(forms)
        if not lexeme:  # a stop word in a phrase: as written
            return token == word
        return token == lexeme or self.lexemes.get(token) == lexeme


def render(text: str, spans: list[tuple[int, int]]) -> str:
    """Up to FRAGMENTS stretches of about FRAGMENT_WORDS words around the marks, in page
    order, joined by " … "; the start of the page when nothing is marked."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not words:
        return ""
    marks = merged(spans)
    if not marks:
        return safe_snippet(text[words[0][0] : words[min(len(words), FRAGMENT_WORDS) - 1][1]])
    starts = [start for start, _ in words]
    fragments: list[list[int]] = []  # [first word, last word]
    for start, end in marks:
        first_word = max(0, bisect.bisect_right(starts, start) - 1)
        last_word = max(first_word, bisect.bisect_left(starts, end) - 1)
        if fragments and first_word <= fragments[-1][1]:
            fragments[-1][1] = max(fragments[-1][1], last_word)
            continue
        if len(fragments) == FRAGMENTS:
            break
        begin = max(0, first_word - WORDS_BEFORE)
        if fragments:
            begin = max(begin, fragments[-1][1] + 1)
        fragments.append([begin, max(last_word, min(len(words), begin + FRAGMENT_WORDS) - 1)])
    return " … ".join(marked(text, words[first][0], words[last][1], marks) for first, last in fragments)


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    marks: list[list[int]] = []
    for start, end in sorted(spans):
        if marks and start <= marks[-1][1]:
            marks[-1][1] = max(marks[-1][1], end)
        else:
            marks.append([start, end])
    return [(start, end) for start, end in marks]


def marked(text: str, begin: int, end: int, marks: list[tuple[int, int]]) -> str:
    """text[begin:end] with the marks inside it (clipped to it) as MARK_START/MARK_END,
    escaped for HTML."""
    pieces, at = [], begin
    for start, stop in marks:
        start, stop = max(start, begin), min(stop, end)
        if start >= stop:
            continue
        pieces += [text[at:start], MARK_START, text[start:stop], MARK_END]
        at = stop
    pieces.append(text[at:end])
    return safe_snippet("".join(pieces))


def safe_snippet(text: str) -> str:
    """Escape the page text (it can hold anything, "<script>" included), then mark hits."""
    escaped = html.escape(" ".join(text.split()))
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
