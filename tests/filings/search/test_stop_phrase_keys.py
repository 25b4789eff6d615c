"""The keys a phrase with stop words is looked up by are ones every page holding it has,
whatever stands around it (filings/search/stop_phrases.py)."""

import re

import pytest

from filings.search.stop_phrases import MAX_RUN, page_keys, phrase_keys

PHRASES = [
    ["not", "the", "court"],
    ["proceedings", "and", "will", "not"],
    ["motion", "to", "dismiss"],
    ["the", "court", "of", "appeals", "for", "the", "ninth", "circuit"],
    ["it", "is", "not", "for", "the", "parties", "to", "say"],  # a run longer than MAX_RUN
    ["fair", "use"],
]


@pytest.mark.parametrize("words", PHRASES, ids=" ".join)
@pytest.mark.parametrize(
    "around",
    [("", ""), ("It is so", "; and then"), ("Of the a an", "to the of which"), ("\n", "_x")],
)
def test_a_page_holding_the_phrase_has_all_its_keys(words, around):
    before, after = around
    spelled = re.sub("(?<=t) (?=the)", ",\n", " ".join(words)).upper()  # case, punctuation, line breaks
    assert set(phrase_keys(words)) <= set(page_keys(f"{before} {spelled} {after}").split())


def test_keys_tell_stop_words_apart():
    assert not set(phrase_keys(["not", "the", "court"])) <= set(page_keys("of the court").split())
    assert not set(phrase_keys(["proceedings", "or", "will"])) <= set(
        page_keys("proceedings and will").split()
    )


def test_phrases_without_a_stop_word_beside_a_word_have_no_keys():
    assert phrase_keys(["fair", "use"]) == []
    assert phrase_keys(["to", "be", "or", "not"]) == []
    assert len(phrase_keys(["it", "is", "not", "for", "the", "parties"])) == 1
    assert MAX_RUN == 4
