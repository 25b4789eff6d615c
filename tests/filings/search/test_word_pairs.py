"""caselaw_word_pairs (migrations 0006, 0016): a page's pairs of neighbouring lexemes, as
buckets, in the order the words stand; what a quoted phrase is looked up by."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def pairs(text: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(caselaw_word_pairs(to_tsvector('english', %s)))", [text])
        return set(cursor.fetchone()[0])


def test_a_phrase_has_the_pairs_of_every_page_that_holds_it():
    phrase = pairs("motion to dismiss the claims")
    assert len(phrase) == 2  # motion_dismiss, dismiss_claim: stop words leave no lexeme
    assert phrase <= pairs("Defendant's motion to dismiss the claims is granted in part.")


def test_pairs_follow_word_order():
    assert not pairs("motion to dismiss") <= pairs("dismiss the motion")
    assert not pairs("fair use") <= pairs("use of fair")


def test_a_page_of_one_word_or_none_has_no_pairs():
    assert pairs("") == set() and pairs("court") == set() and pairs("the of and") == set()


def test_a_word_repeated_makes_each_of_its_neighbours_a_pair():
    assert pairs("fair use") <= pairs("use fair use")
    assert pairs("use fair") <= pairs("use fair use")
