"""A quoted phrase is matched word for word, its stop words included: the english
configuration drops "and", "will", "not", so `"proceedings and will not"` was just
'proceed', and any page with "proceeding" was a hit."""

import pytest

from tests.filings.search.conftest import doc_ids, search

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pages(indexed):
    return {
        "exact": indexed("The stay applies to these proceedings and will not be lifted before trial."),
        "reordered": indexed("The proceedings will not be stayed and the parties agree."),
        "other_stop_words": indexed("The proceedings or will of the testator are not before us."),
        "unrelated": indexed("Discovery proceedings continue under the protective order."),
    }


def test_only_pages_with_the_exact_phrase_are_hits(api, paralegal, pages):
    assert doc_ids(search(api(paralegal), q='"proceedings and will not"')) == {pages["exact"].pk}


def test_the_phrase_is_matched_across_case_punctuation_and_line_breaks(api, paralegal, indexed):
    broken = indexed("Counsel said: PROCEEDINGS, and\nwill not; end of the colloquy.")
    assert doc_ids(search(api(paralegal), q='"proceedings and will not"')) == {broken.pk}


def test_stop_words_in_the_phrase_must_be_those_typed(api, paralegal, pages):
    client = api(paralegal)
    assert doc_ids(search(client, q='"proceedings or will"')) == {pages["other_stop_words"].pk}
    assert doc_ids(search(client, q='"motion to dismiss"')) == set()


def test_a_phrase_of_stop_words_alone_with_another_word(api, paralegal, indexed):
    hamlet = indexed("To be or not to be, the witness said of the license.")
    indexed("It was not to be licensed, the witness said.")
    assert doc_ids(search(api(paralegal), q='"to be or not to be" witness')) == {hamlet.pk}


def test_other_words_and_filters_still_apply(api, paralegal, pages):
    client = api(paralegal)
    assert doc_ids(search(client, q='"proceedings and will not" trial')) == {pages["exact"].pk}
    assert doc_ids(search(client, q='"proceedings and will not" -trial')) == set()


def test_the_viewer_counts_only_pages_with_the_exact_phrase(client, paralegal, pages):
    client.force_login(paralegal)
    exact = client.get(f"/documents/{pages['exact'].pk}/", {"q": '"proceedings and will not"'})
    reordered = client.get(f"/documents/{pages['reordered'].pk}/", {"q": '"proceedings and will not"'})
    assert '<script id="matching-pages" type="application/json">[1]</script>' in exact.content.decode()
    assert '<script id="matching-pages" type="application/json">[]</script>' in reordered.content.decode()


def test_the_search_page_shows_the_exact_page_first(client, paralegal, pages):
    client.force_login(paralegal)
    html = client.get("/search/", {"q": '"proceedings and will not"'}).content.decode()
    assert f"/documents/{pages['exact'].pk}/" in html
    assert f"/documents/{pages['reordered'].pk}/" not in html
    assert "<mark>proceedings and will not</mark>" in html


def test_the_phrase_keys_choose_the_pages_checked(api, paralegal, pages, indexed, monkeypatch):
    """The text is checked on at most EXACT_SCAN_CAP pages, but those are the pages with
    the phrase's keys ("proceedings and", "proceedings and will"…), not the first pages
    with its one other word: past the cap the hit is still found and the count exact."""
    from filings.search import engine

    later = [indexed(f"Further proceedings number {n} were held and will resume.") for n in range(3)]
    later.append(indexed("The court said these proceedings and will not be reopened."))
    monkeypatch.setattr(engine, "EXACT_SCAN_CAP", 2)
    body = search(api(paralegal), q='"proceedings and will not"').json()
    assert {hit["document"] for hit in body["results"]} == {pages["exact"].pk, later[-1].pk}
    assert (body["count"], body["count_is_lower_bound"]) == (2, False)


def test_a_lone_word_between_stop_words_is_found_by_its_keys(api, paralegal, indexed):
    phrase = indexed("This is not the court that decides the motion.")
    indexed("The court did not decide; the parties did.")
    indexed("Not the first court, but the court of appeals.")
    assert doc_ids(search(api(paralegal), q='"not the court"')) == {phrase.pk}


def test_pages_stored_without_keys_get_them_from_reindex_pages(api, paralegal, pages):
    from django.core.management import call_command

    from filings.models import Page

    Page.objects.update(phrase_keys=None)
    assert doc_ids(search(api(paralegal), q='"proceedings and will not"')) == set()
    call_command("reindex_pages", verbosity=0)
    assert doc_ids(search(api(paralegal), q='"proceedings and will not"')) == {pages["exact"].pk}
    assert not Page.objects.filter(phrase_keys=None).exists()
