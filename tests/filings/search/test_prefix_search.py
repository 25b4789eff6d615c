"""`torr*` finds the words that start so (to_tsquery's :*), through the API."""

import pytest

from tests.filings.search.conftest import doc_ids, search

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pages(indexed):
    return {
        "torrent": indexed("Meta downloaded the books through torrenting software."),
        "copyright": indexed("The copyrighted works were registered before the suit."),
        "library": indexed("Shadow libraries held the pirated books."),
    }


def test_a_prefix_finds_every_word_starting_with_it(api, paralegal, pages):
    assert doc_ids(search(api(paralegal), q="torr*")) == {pages["torrent"].pk}


def test_a_prefix_is_matched_as_typed_and_as_stemmed(api, paralegal, pages):
    client = api(paralegal)
    # "copy" stems to "copi", which "copyrighted" does not start with; the typed form does
    assert doc_ids(search(client, q="copy*")) == {pages["copyright"].pk}
    # "libraries" is stored as "librari", which the typed form does not start
    assert doc_ids(search(client, q="libraries*")) == {pages["library"].pk}


def test_a_prefix_combines_with_words_phrases_and_exclusions(api, paralegal, pages):
    client = api(paralegal)
    assert doc_ids(search(client, q="books -torr*")) == {pages["library"].pk}
    assert doc_ids(search(client, q='"through torr*"')) == {pages["torrent"].pk}
    assert doc_ids(search(client, q="torr* OR shadow")) == {pages["torrent"].pk, pages["library"].pk}


def test_a_prefix_is_marked_in_the_snippet(api, paralegal, pages):
    hit = search(api(paralegal), q="torr*").json()["results"][0]
    assert "<mark>torrenting</mark>" in hit["snippet_html"]


def test_a_prefix_too_short_to_mean_anything_gets_a_clear_400(api, paralegal, pages):
    response = search(api(paralegal), q="to*")
    assert response.status_code == 400
    assert "at least 3 letters" in response.json()["detail"]
