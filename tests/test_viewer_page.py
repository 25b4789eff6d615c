"""Throwaway checks of the viewer page (not part of the repo)."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fpdf import FPDF
from pytest_django.asserts import assertContains, assertNotContains

from filings.models import Citation, Document, Page
from filings.services import document_upload
from filings.viewer import highlight_stems
from tests.conftest import *  # noqa: the project fixtures
from tests.factories import FilingFactory


def small_pdf(text):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


@pytest.fixture
def document(settings, tmp_path, case, lawyer):
    settings.MEDIA_ROOT = tmp_path
    filing = FilingFactory(case=case, entry_number=7)
    doc = document_upload(
        filing=filing, file=ContentFile(small_pdf("Fair use of torrenting"), name="a.pdf"), uploaded_by=lawyer
    )
    Document.objects.filter(pk=doc.pk).update(status="indexed", page_count=3, used_ocr=True)
    for n in (1, 2, 3):
        page = Page.objects.create(
            document=doc,
            number=n,
            text=f"page {n} fair use torrenting",
            from_ocr=n == 3,
            case=case,
            date_filed=filing.date_filed,
        )
        Citation.objects.create(
            page=page,
            document=doc,
            kind="statute",
            normalized="17 U.S.C. § 107",
            matched_text="17 U.S.C. § 107",
            start=0,
            end=5,
        )
        Citation.objects.create(
            page=page,
            document=doc,
            kind="case",
            normalized=f"{n}00 U.S. 1",
            matched_text="x",
            start=10,
            end=12,
        )
    from django.db import connection as c

    with c.cursor() as cur:
        cur.execute(
            "UPDATE filings_page SET search_vector = to_tsvector('english', text) WHERE document_id = %s",
            [doc.pk],
        )
    return Document.objects.get(pk=doc.pk)


@pytest.mark.django_db
def test_member_sees_viewer(client, viewer, document):
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/documents/{document.pk}/?page=2&q=%22fair+use%22+-dmca+OR+torrent")
    print(len(ctx.captured_queries), "queries")
    assertContains(r, 'type="module"')
    assertContains(r, f'data-file-url="/documents/{document.pk}/file/"')
    assertContains(r, "17 U.S.C. § 107")
    assertContains(r, "3 pages match")
    assertContains(r, '["fair", "use", "torrent"]')
    assertContains(r, "Back to search results")
    assert r.content.decode().count('data-goto-page="') >= 6
    assert len(ctx.captured_queries) < 15


@pytest.mark.django_db
def test_outsider_gets_404(client, outsider, document):
    client.force_login(outsider)
    assert client.get(f"/documents/{document.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q", ['"', "-", "OR", "the of", "§", "17 U.S.C. § 107", "x" * 600, "<script>alert(1)</script>", "a\x00b"]
)
def test_odd_queries_do_not_break_it(client, viewer, document, q):
    client.force_login(viewer)
    r = client.get(f"/documents/{document.pk}/", {"q": q})
    assert r.status_code == 200
    assertNotContains(r, "<script>alert(1)")


@pytest.mark.django_db
def test_text_file_gets_no_pdfjs(client, viewer, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    filing = FilingFactory(case=case, entry_number=8)
    doc = document_upload(filing=filing, file=ContentFile(b"just text\n", name="n.pdf"))
    client.force_login(viewer)
    r = client.get(f"/documents/{doc.pk}/")
    assertNotContains(r, "viewer.js")
    assertContains(r, "cannot be shown here")
    assertContains(r, "?download=1")


def test_stems():
    assert highlight_stems('"fair use" torrenting -dmca OR infringing') == [
        "fair",
        "use",
        "torrent",
        "infring",
    ]
