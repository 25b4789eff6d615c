import pytest

from caselaw import testing_pdfs as pdfs
from filings.pipeline.runner import process_document
from tests.factories import FilingFactory
from tests.helpers import upload


@pytest.fixture
def indexed(case):
    """Upload and process (in this process) a one-page PDF whose page says `text`
    (repeated, as text_pdf fills a page); returns the document."""

    def make(text: str, *, name: str = "doc.pdf", filing=None, pages: int = 1):
        data = pdfs.text_pdf(pages=pages, sentences=[text])
        document = upload(filing or FilingFactory(case=case), data, name=name)
        process_document(document.pk, token="test")
        return document

    return make


def search(client, **params):
    return client.get("/api/v1/search/", params)


def doc_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {hit["document"] for hit in response.json()["results"]}
