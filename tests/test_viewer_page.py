"""The document viewer page: the PDF through the gated file view, the citations beside it,
and the pages that match the search that led here."""

import pytest
from django.contrib.postgres.search import SearchVector
from pytest_django.asserts import assertContains, assertNotContains

from filings.models import Citation, Document, Page
from filings.search.indexing import TEXT_SEARCH_CONFIG
from tests.factories import DocumentFactory, FilingFactory
from tests.helpers import upload


def add_page(document: Document, number: int, text: str, *, from_ocr: bool = False) -> Page:
    """A page as the pipeline writes it: with its filing's case and date, and searchable."""
    filing = document.filing
    page = Page.objects.create(
        document=document,
        number=number,
        text=text,
        from_ocr=from_ocr,
        case=filing.case,
        date_filed=filing.date_filed,
    )
    Page.objects.filter(pk=page.pk).update(search_vector=SearchVector("text", config=TEXT_SEARCH_CONFIG))
    return page


def cite(page: Page, kind: str, normalized: str, *, start: int = 0) -> Citation:
    return Citation.objects.create(
        page=page,
        document=page.document,
        kind=kind,
        normalized=normalized,
        matched_text=normalized,
        start=start,
        end=start + len(normalized),
    )


@pytest.fixture
def document(case):
    """An indexed three-page brief: fair use on page 1, torrenting on pages 2 and 3 (3 was scanned)."""
    filing = FilingFactory(case=case, entry_number=7, description="Motion for summary judgment")
    document = DocumentFactory(
        filing=filing,
        original_filename="msj.pdf",
        status=Document.Status.INDEXED,
        page_count=3,
        pages_done=3,
        used_ocr=True,
    )
    first = add_page(document, 1, "Training is a fair use of the works.")
    second = add_page(document, 2, "Meta obtained the books by torrenting them.")
    third = add_page(document, 3, "Torrenting is not excused by 17 U.S.C. § 107.", from_ocr=True)
    cite(first, Citation.Kind.STATUTE, "17 U.S.C. § 107", start=0)
    cite(first, Citation.Kind.STATUTE, "17 U.S.C. § 107", start=40)  # twice on one page
    cite(second, Citation.Kind.CASE, "510 U.S. 569", start=0)
    cite(third, Citation.Kind.STATUTE, "17 U.S.C. § 107", start=0)
    return document


def view(client, user, document, **params):
    client.force_login(user)
    return client.get(f"/documents/{document.pk}/", params)


@pytest.mark.django_db
def test_it_shows_a_member_the_viewer_reading_the_file_through_the_gate(client, viewer, document):
    response = view(client, viewer, document)

    assertContains(response, f'data-file-url="/documents/{document.pk}/file/"')
    assertContains(response, "js/viewer.js")


@pytest.mark.django_db
def test_it_groups_citations_by_kind_with_links_to_each_citing_page(client, viewer, document):
    response = view(client, viewer, document)

    html = response.content.decode()
    statutes = html[html.index("<h3>Statutes") : html.index("<h3>Cases")]
    cases = html[html.index("<h3>Cases") :]
    assert "17 U.S.C. § 107" in statutes
    assert "510 U.S. 569" not in statutes
    assert "510 U.S. 569" in cases
    page_link = '<a href="?page={0}" data-goto-page="{0}" aria-label="Page {0}">{0}</a>'
    assertContains(
        response,
        f'<span class="cite-pages">p. {page_link.format(1)}, {page_link.format(3)}</span>',
        html=True,
    )
    assertContains(response, f'<span class="cite-pages">p. {page_link.format(2)}</span>', html=True)


@pytest.mark.django_db
def test_it_counts_the_pages_that_match_the_search(client, viewer, document):
    response = view(client, viewer, document, q="torrent")

    assertContains(response, "2 pages match")
    assertContains(response, '<script id="matching-pages" type="application/json">[2, 3]</script>')


@pytest.mark.django_db
def test_it_shows_a_quoted_search_with_its_own_quotes_once(client, viewer, document):
    response = view(client, viewer, document, q='"fair use"')

    assertContains(response, '1 page matches <span class="q">&quot;fair use&quot;</span>')
    assertNotContains(response, "“<span")


@pytest.mark.django_db
def test_it_names_each_count_with_its_number_in_the_link_list(client, lawyer, document):
    from tests.factories import AllegationFactory

    AllegationFactory(case=document.filing.case, count_number=3, title="Direct copyright infringement")
    client.force_login(lawyer)

    response = client.get(f"/documents/{document.pk}/")

    assertContains(response, "Count 3: Direct copyright infringement</option>")


@pytest.mark.django_db
def test_a_find_box_searches_this_document_and_keeps_what_was_asked(client, viewer, document):
    response = view(client, viewer, document, q="torrent")

    assertContains(response, 'role="search" aria-label="Find in this document"')
    assertContains(response, 'name="q" type="search" value="torrent"')
    assertContains(response, "2 pages match")


@pytest.mark.django_db
def test_it_says_when_no_page_matches_the_search(client, viewer, document):
    response = view(client, viewer, document, q="antitrust")

    assertContains(response, "No pages match")
    assertContains(response, '<script id="matching-pages" type="application/json">[]</script>')


@pytest.mark.django_db
def test_it_passes_the_words_to_highlight_to_the_page_script(client, viewer, document):
    response = view(client, viewer, document, q='"fair use" torrenting -dmca OR infringing')

    assertContains(
        response,
        '<script id="highlight-stems" type="application/json">["fair use", "torrent", "infring"]</script>',
    )


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["2", "999", "0", "-1", "two", "1e99", ""])
def test_it_ignores_a_page_number_out_of_range_or_junk(client, viewer, document, page):
    response = view(client, viewer, document, page=page)

    assertContains(response, f'data-file-url="/documents/{document.pk}/file/"')


@pytest.mark.django_db
def test_it_refuses_a_nul_in_the_search(client, viewer, document):
    # PostgreSQL refuses a NUL in a query; the request is refused before the view.
    response = view(client, viewer, document, q="torrent\x00ing")

    assertContains(response, "control character (NUL)", status_code=400)


@pytest.mark.django_db
def test_it_survives_a_search_longer_than_search_allows(client, viewer, document):
    response = view(client, viewer, document, q="torrenting " + "x" * 600)

    assertContains(response, "No pages match")


@pytest.mark.django_db
def test_it_escapes_the_search_it_shows(client, viewer, document):
    response = view(client, viewer, document, q="<script>alert(1)</script>")

    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")


@pytest.mark.django_db
def test_it_offers_a_file_that_is_not_a_pdf_for_download_instead_of_the_viewer(
    client, viewer, case, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = upload(FilingFactory(case=case), b"just some notes\n", name="notes.pdf")
    assert document.status == Document.Status.FAILED

    response = view(client, viewer, document)

    assertContains(response, "cannot be shown here")
    assertContains(response, document.error)
    assertContains(response, f'href="/documents/{document.pk}/file/?download=1"')
    assertNotContains(response, "data-file-url")
    assertNotContains(response, "js/viewer.js")


@pytest.mark.django_db
def test_it_shows_how_far_a_document_in_processing_has_been_read(client, viewer, case):
    document = DocumentFactory(
        filing=FilingFactory(case=case), status=Document.Status.PROCESSING, page_count=10, pages_done=4
    )

    response = view(client, viewer, document)

    assertContains(response, "<strong>Processing.</strong>", html=True)
    assertContains(response, "4 of 10 pages read.")
    assertContains(response, f'data-file-url="/documents/{document.pk}/file/"')


@pytest.mark.django_db
def test_it_hides_the_document_from_an_outsider(client, outsider, document):
    response = view(client, outsider, document)

    assert response.status_code == 404


@pytest.mark.django_db
def test_it_reads_the_page_in_a_fixed_number_of_queries(client, viewer, document, django_assert_num_queries):
    # Many more citing pages must not mean more queries.
    for number in range(4, 40):
        page = add_page(document, number, "More torrenting, more fair use.", from_ocr=True)
        cite(page, Citation.Kind.CASE, f"{number} F.4th 1")
    client.force_login(viewer)

    # The document, citations, OCR pages, matching pages, allegations (to tag), the user's
    # role (may annotate?), the evidence links and the audit row, and the session's new
    # expiry (idle timeout: savepoint, update, release), the header's unread notifications:
    # a fixed number, however many pages.
    with django_assert_num_queries(14):
        response = client.get(f"/documents/{document.pk}/", {"q": "fair use"})

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_lawyer_renames_a_document_and_a_viewer_cannot(client, lawyer, viewer, document):
    client.force_login(viewer)
    assertNotContains(client.get(f"/documents/{document.pk}/"), 'id="doc-title"')
    assert client.post(f"/documents/{document.pk}/title/", {"title": "Nope"}).status_code == 403

    client.force_login(lawyer)
    response = client.post(f"/documents/{document.pk}/title/", {"title": "  Plaintiffs'   motion  "})
    too_long = client.post(f"/documents/{document.pk}/title/", {"title": "x" * 301})

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Plaintiffs' motion"
    assert too_long.status_code == 400
