import hashlib
import os
import shutil

import pytest
from django.core.files.base import ContentFile

from filings.models import Document
from filings.services import document_upload

TOOLS_REQUIRED = os.environ.get("CASELAW_REQUIRE_TOOLS") == "1"


def require_tool(name: str):
    """Skip where a system tool is missing, except in CI, which installs it and must run."""
    if shutil.which(name) is None and not TOOLS_REQUIRED:
        pytest.skip(f"{name} is not installed on this machine")


def upload(filing, data: bytes, name: str = "filing.pdf", **kwargs) -> Document:
    return document_upload(filing=filing, file=ContentFile(data, name=name), **kwargs)


def stored_bytes(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def assert_original_kept(document: Document, data: bytes) -> None:
    assert stored_bytes(document) == data
    assert document.sha256 == hashlib.sha256(data).hexdigest()


def suggested_links(allegation, document, numbers, *, score=0.5, reason="cites 17 U.S.C. § 1202(b)") -> list:
    """Suggested citation links of `allegation` on pages `numbers` of `document` (the pages
    made if missing, as the pipeline stores them), best score first by page order."""
    from filings.models import ClaimLink, Page

    links = []
    for number in numbers:
        page, _ = Page.objects.get_or_create(
            document=document,
            number=number,
            defaults={
                "text": "x",
                "case_id": document.filing.case_id,
                "date_filed": document.filing.date_filed,
            },
        )
        links.append(
            ClaimLink.objects.create(
                allegation=allegation,
                document=document,
                page=page,
                source=ClaimLink.Source.CITATION,
                score=score(number) if callable(score) else score,
                reason=f"{reason} on page {number}",
            )
        )
    return links


def indexed_document(case, text: str, *, designation=None, at=None, **filing) -> Document:
    """A one-page document of `case`, indexed (its page searchable), without the pipeline."""
    from django.contrib.postgres.search import SearchVector
    from django.utils import timezone

    from caselaw.models import Designation
    from filings.models import Page
    from filings.search.indexing import TEXT_SEARCH_CONFIG
    from tests.factories import DocumentFactory, FilingFactory

    filing = FilingFactory(case=case, **filing)
    document = DocumentFactory(
        filing=filing,
        designation=Designation.PUBLIC if designation is None else designation,
        status=Document.Status.INDEXED,
        page_count=1,
        indexed_at=at or timezone.now(),
    )
    page = Page.objects.create(
        document=document, number=1, text=text, case=case, date_filed=filing.date_filed
    )
    Page.objects.filter(pk=page.pk).update(search_vector=SearchVector("text", config=TEXT_SEARCH_CONFIG))
    return document
