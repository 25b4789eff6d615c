"""Quoted phrases holding hyphens, underscores, colons and slashes — a Bates number, a
docket number, the e-filing stamp — find the page that has them, as typed."""

import pytest
from rest_framework.test import APIClient

from caselaw import testing_pdfs
from filings.pipeline.runner import process_document
from tests.factories import FilingFactory
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "The custodian of LibGen produced 525 pages Bates-stamped META_42308081 concerning the "
    "torrent seeding logs. Case 3:23-cv-03417-VC Document 351 Filed 12/11/23 Page 4 of 23. "
    "The well-established fair-use defense was raised."
)


@pytest.fixture
def document(case):
    data = testing_pdfs.text_pdf(pages=1, seed=5, marker=TEXT)
    document = upload(FilingFactory(case=case), data, name="p.pdf")
    process_document(document.pk, token="test")
    return document


@pytest.mark.parametrize(
    "q",
    [
        '"LibGen produced 525 pages Bates-stamped"',
        '"pages Bates-stamped META_42308081 concerning"',
        '"Bates-stamped META_42308081 concerning the"',
        '"Case 3:23-cv-03417-VC Document 351 Filed 12/11/23 Page 4 of 23"',
        '"the well-established fair-use defense"',
    ],
)
def test_a_phrase_with_symbols_finds_its_page(document, lawyer, q):
    client = APIClient()
    client.force_authenticate(lawyer)

    response = client.get("/api/v1/search/", {"q": q})

    assert response.status_code == 200, response.content
    assert [hit["document"] for hit in response.json()["results"]] == [document.pk]
