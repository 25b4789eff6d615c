"""A PostgreSQL tsquery (as `compile_text_query` builds it) as a Tantivy query over the
page index's lexemes (filings/search/page_index.py), matching the same pages.

The index holds each page's lexemes in their positions, so the translation is one to one:
a lexeme is a term, `'torr':*` a prefix, `&` must, `|` should, `!` must not, and
`'motion' <2> 'dismiss'` a phrase with its gap. What has no such counterpart — a phrase
operator between anything but plain lexemes, `'fair' <-> ( 'use' | 'uses' )`, or a prefix
inside a phrase — gives None, and search stays with PostgreSQL.
"""

import re

import tantivy

FIELD = "text"
_TOKEN = re.compile(r"\s*(?:(\()|(\))|(&)|(\|)|(!)|<(-|\d+)>|'((?:[^']|'')*)'(:\*)?(?::[A-D]+)?)")
# Characters the regex crate treats specially (regex::escape's list).
_REGEX_SPECIAL = re.compile(r"([\\.+*?()|\[\]{}^$#&\-~])")


class Untranslatable(Exception):
    """The tsquery uses something the index cannot answer the same way."""


def translate(tsquery: str, schema: tantivy.Schema) -> tantivy.Query | None:
    """The Tantivy query for `tsquery`, or None when it cannot match the same pages."""
    try:
        tokens = tokenize(tsquery)
        parser = _Parser(tokens)
        node = parser.expression()
        if parser.position != len(tokens):
            raise Untranslatable("trailing tokens")
        return node.query(schema)
    except Untranslatable:
        return None


def tokenize(tsquery: str) -> list[tuple[str, object]]:
    tokens, position = [], 0
    text = tsquery.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise Untranslatable(f"unexpected {text[position : position + 10]!r}")
        opening, closing, conjunction, disjunction, negation, distance, lexeme, prefix = match.groups()
        if opening:
            tokens.append(("(", None))
        elif closing:
            tokens.append((")", None))
        elif conjunction:
            tokens.append(("&", None))
        elif disjunction:
            tokens.append(("|", None))
        elif negation:
            tokens.append(("!", None))
        elif distance is not None:
            tokens.append(("<>", 1 if distance == "-" else int(distance)))
        else:
            tokens.append(("lexeme", (lexeme.replace("''", "'"), bool(prefix))))
        position = match.end()
    return tokens


class _Lexeme:
    def __init__(self, text: str, prefix: bool):
        self.text, self.prefix = text, prefix

    def query(self, schema):
        if self.prefix:
            return tantivy.Query.regex_query(schema, FIELD, _REGEX_SPECIAL.sub(r"\\\1", self.text) + ".*")
        return tantivy.Query.term_query(schema, FIELD, self.text)


class _Not:
    def __init__(self, inner: "_Node"):
        self.inner = inner

    def query(self, schema):
        # Alone, "not X" is every page without X.
        everything = (tantivy.Occur.Must, tantivy.Query.all_query())
        return tantivy.Query.boolean_query([everything, (tantivy.Occur.MustNot, self.inner.query(schema))])


class _And:
    def __init__(self, parts: "list[_Node]"):
        self.parts = parts

    def query(self, schema):
        clauses = [
            (tantivy.Occur.MustNot, part.inner.query(schema))
            if isinstance(part, _Not)
            else (tantivy.Occur.Must, part.query(schema))
            for part in self.parts
        ]
        if all(occur == tantivy.Occur.MustNot for occur, _ in clauses):
            clauses.insert(0, (tantivy.Occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)


class _Or:
    def __init__(self, parts: "list[_Node]"):
        self.parts = parts

    def query(self, schema):
        clauses = [(tantivy.Occur.Should, part.query(schema)) for part in self.parts]
        return tantivy.Query.boolean_query(clauses)


class _Phrase:
    def __init__(self, words: list[tuple[int, str]]):
        self.words = words  # (offset from the first word, lexeme)

    def query(self, schema):
        return tantivy.Query.phrase_query(schema, FIELD, self.words)


# What the parser builds; each knows its Tantivy query.
_Node = _Lexeme | _Not | _And | _Or | _Phrase


class _Parser:
    """tsquery text: `|` binds loosest, then `&`, then the phrase operators, then `!`."""

    def __init__(self, tokens):
        self.tokens, self.position = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expression(self) -> _Node:
        parts = [self.conjunction()]
        while self.peek() == "|":
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else _Or(parts)

    def conjunction(self) -> _Node:
        parts = [self.phrase()]
        while self.peek() == "&":
            self.take()
            parts.append(self.phrase())
        return parts[0] if len(parts) == 1 else _And(parts)

    def phrase(self) -> _Node:
        """`'a' <-> 'b' <2> 'c'`: each distance counts from the word before it."""
        first = self.unary()
        if self.peek() != "<>":
            return first
        words, offset = [(0, self.plain(first))], 0
        while self.peek() == "<>":
            offset += self.take()[1]
            words.append((offset, self.plain(self.unary())))
        return _Phrase(words)

    def unary(self) -> _Node:
        kind = self.peek()
        if kind is None:
            raise Untranslatable("ends early")
        if kind == "!":
            self.take()
            return _Not(self.unary())
        if kind == "(":
            self.take()
            inner = self.expression()
            if self.peek() != ")":
                raise Untranslatable("unclosed parenthesis")
            self.take()
            return inner
        if kind == "lexeme":
            text, prefix = self.take()[1]
            return _Lexeme(text, prefix)
        raise Untranslatable(f"unexpected {kind}")

    @staticmethod
    def plain(node: _Node) -> str:
        if not isinstance(node, _Lexeme) or node.prefix:
            raise Untranslatable("a phrase of something other than plain lexemes")
        return node.text
