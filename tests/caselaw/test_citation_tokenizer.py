"""The fast (Hyperscan) tokenizer finds exactly the citations the Aho-Corasick one does."""

import pytest
from eyecite import get_citations

from caselaw.citations import PageTokenizer, tokenizer
from caselaw.testing_pdfs import LEGAL_SENTENCES
from tests import pdfs


def readings(text, chosen):
    return [(type(c).__name__, c.matched_text(), c.span()) for c in get_citations(text, tokenizer=chosen)]


@pytest.mark.parametrize("text", [*LEGAL_SENTENCES, *pdfs.CITATION_SPELLINGS_PAGES])
def test_both_tokenizers_find_the_same_citations(text):
    assert readings(text, tokenizer()) == readings(text, PageTokenizer())


def test_hyperscan_is_used_where_it_is_installed():
    hyperscan = pytest.importorskip("hyperscan")
    assert hyperscan and type(tokenizer()).__name__ == "HyperscanTokenizer"


TEXTS = [" ".join(LEGAL_SENTENCES), *pdfs.CITATION_SPELLINGS_PAGES]


def test_remembered_patterns_find_what_eyecite_finds_alone():
    from caselaw.citations import find_citations

    with_shim = [find_citations(text) for text in TEXTS]
    import eyecite.helpers as helpers

    shim, helpers.re = helpers.re, helpers.re._module
    try:
        alone = [find_citations(text) for text in TEXTS]
    finally:
        helpers.re = shim
    assert with_shim == alone and any(with_shim)


def test_remembered_patterns_are_bounded():
    import regex

    from caselaw.citations import CompiledPatterns

    patterns = CompiledPatterns(regex)
    for n in range(CompiledPatterns.MAX_PATTERNS + 10):
        assert patterns.match(rf"a{n}", f"a{n}")
    assert len(patterns._compiled) <= CompiledPatterns.MAX_PATTERNS
    assert patterns.split(r"\s+v\.?\s+", "Kadrey V. Meta", maxsplit=1, flags=regex.IGNORECASE) == [
        "Kadrey",
        "Meta",
    ]
