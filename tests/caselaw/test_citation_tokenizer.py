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
