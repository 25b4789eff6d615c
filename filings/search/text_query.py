"""The words of a search, read once: the tsquery the pages are matched with, the exact
checks PostgreSQL's tsquery cannot make, and the terms a snippet marks.

PostgreSQL's `websearch_to_tsquery` reads the query language (words, "phrases", OR,
-exclusions); this module adds what it lacks:

- **Prefixes**: `torr*` becomes `'torr':*` (websearch_to_tsquery drops the "*"). The word
  is matched as typed and as stemmed ("copy*" finds "copyright" and "copies").
- **Stop words in phrases**: the english configuration drops "and", "will", "not"…, so
  `"proceedings and will not"` is just 'proceed'. A required phrase holding a stop word
  is also checked word for word on the page text (case and punctuation aside).
"""

import re
from dataclasses import dataclass, field

from django.db import connection

from filings.search.indexing import TEXT_SEARCH_CONFIG
from filings.search.query import SearchError
from filings.search.stop_phrases import phrase_keys

MIN_PREFIX = 3  # letters before a "*": shorter prefixes match too many words to be useful
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OR = re.compile(r"(?:^|\s)or(?:\s|$)", re.IGNORECASE)
_PREFIX_WORD = re.compile(r"^(\w+)\*+$")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """One word or quoted phrase of the query: its words in lower case, as typed."""

    words: tuple[str, ...]
    phrase: bool = False  # quoted, or one token of several words ("name@firm.com")
    quoted: bool = False
    negated: bool = False
    prefix: bool = False  # the last word was typed with "*"
    text: str = ""  # a quoted phrase as typed, up to a prefix word: what its word pairs come from


@dataclass
class TextQuery:
    tsquery: str  # tsquery text ("" when only stop words were typed)
    exact_patterns: list[str] = field(default_factory=list)  # PostgreSQL regexes, case-insensitive
    phrase_keys: list[str] = field(default_factory=list)  # every page with those phrases has these
    terms: list[Term] = field(default_factory=list)
    lexemes: dict[str, str] = field(default_factory=dict)  # word → its lexeme, "" for a stop word
    has_or: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.tsquery


def parse_terms(text: str) -> tuple[list[Term], bool]:
    """The terms of `text` as websearch_to_tsquery reads it, and whether it has an OR."""
    terms, has_or = [], False
    for negated, quoted, bare in _TOKEN.findall(text):
        if bare:
            if bare.lower() == "or":
                has_or = True
                continue
            negated, bare = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
            prefix = _PREFIX_WORD.match(bare)
            words = (prefix.group(1).lower(),) if prefix else tuple(w.lower() for w in _WORD.findall(bare))
            if words:
                terms.append(Term(words, phrase=len(words) > 1, negated=bool(negated), prefix=bool(prefix)))
            continue
        words, prefix, typed = [], False, []
        for raw in quoted.split():
            match = _PREFIX_WORD.match(raw)
            if match:
                words.append(match.group(1).lower())
                prefix = True
                break  # a prefix ends the phrase: what follows it cannot be checked in order
            words += [w.lower() for w in _WORD.findall(raw)]
            typed.append(raw)
        if words:
            terms.append(
                Term(
                    tuple(words),
                    phrase=True,
                    quoted=True,
                    negated=bool(negated),
                    prefix=prefix,
                    text=" ".join(typed),
                )
            )
    return terms, has_or


def compile_text_query(text: str) -> TextQuery:
    """The tsquery and exact checks for `text`, in one round trip to PostgreSQL."""
    terms, has_or = parse_terms(text)
    prefixes: list[str] = []

    def placeholder(match: re.Match) -> str:
        word = match.group(2).lower()
        if len(word) < MIN_PREFIX:
            raise SearchError(f"Type at least {MIN_PREFIX} letters before a * (“{match.group(0).strip()}”).")
        prefixes.append(word)
        # A number-word the english configuration keeps as it is (the simple dictionary).
        return f"{match.group(1)}xq{len(prefixes) - 1}prefix0qx"

    rewritten = re.sub(r"(^|[\s\"(-])(\w+)\*+(?=$|[\s\")])", placeholder, text)
    words = sorted({w for term in terms for w in term.words})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %s)::text, "
            "(SELECT coalesce(json_object_agg(w, coalesce(ts_lexize('english_stem', w)::text[], "
            "ARRAY[w])), '{}') FROM unnest(%s::text[]) AS w)",
            [rewritten, words],
        )
        tsquery, lexeme_lists = cursor.fetchone()
    lexemes = {w: (found[0] if found else "") for w, found in lexeme_lists.items()}
    for number, word in enumerate(prefixes):
        forms = [word] + ([lexemes[word]] if lexemes.get(word) not in ("", word, None) else [])
        alternatives = " | ".join(f"'{form}':*" for form in forms)
        if len(forms) > 1:
            alternatives = f"( {alternatives} )"
        tsquery = tsquery.replace(f"'xq{number}prefix0qx'", alternatives)
    query = TextQuery(tsquery=tsquery, terms=terms, lexemes=lexemes, has_or=has_or)
    if not has_or:
        checked = [t for t in terms if t.quoted and not t.negated and has_stop_word(t, lexemes)]
        query.exact_patterns = [exact_pattern(t) for t in checked]
        # A prefix word's keys are not known: it ends what the keys can say.
        query.phrase_keys = sorted(
            {k for t in checked for k in phrase_keys(t.words[:-1] if t.prefix else t.words)}
        )
    return query


def has_stop_word(term: Term, lexemes: dict[str, str]) -> bool:
    return any(lexemes.get(word) == "" for word in term.words)


def exact_pattern(term: Term) -> str:
    """A PostgreSQL regular expression for the phrase word for word: whole words, any
    punctuation or spacing between them (line breaks included)."""
    body = r"[\W_]+".join(term.words)  # "META_42308081": an underscore parts words too
    return rf"\m{body}" + (r"\w*" if term.prefix else r"\M")
