"""The protective order in a real browser: the client's docket lists no attorneys'-eyes-
only document and its address is the not-found page; a lawyer opens it under the banner."""

import pytest
from playwright.sync_api import expect

from caselaw.models import Designation
from filings.models import Document
from tests.e2e.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser]


def aeo_document() -> Document:
    """The demo's unredacted refiling (ECF 340), designated AEO."""
    return Document.objects.get(filing__entry_number=340, filing__case__short_name="Kadrey v. Meta")


def test_the_client_never_sees_an_aeo_document(demo, page):
    document = aeo_document()
    assert document.designation == Designation.AEO
    log_in(page, "client")
    page.get_by_role("link", name="Kadrey v. Meta").click()
    page.goto(page.url.split("?")[0] + "?entry=340#entry-340")
    row = page.locator("#entry-340")
    expect(row).to_be_visible()
    expect(row.locator(".doc")).to_have_count(0)  # the entry shows; its document does not
    expect(page.locator(f'a[href="/documents/{document.pk}/"]')).to_have_count(0)
    expect(page.locator("#entry-1 .doc")).to_have_count(1)  # a public document does show
    screenshot(page, "protective-order-01-client-docket")

    response = page.goto(f"/documents/{document.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    screenshot(page, "protective-order-02-client-not-found")


def test_a_lawyer_opens_it_under_the_aeo_banner(demo, page):
    document = aeo_document()
    log_in(page, "lawyer")
    page.goto(f"/documents/{document.pk}/")
    banner = page.get_by_role("note")
    expect(banner).to_contain_text("attorneys' eyes only")
    expect(banner).to_contain_text("do not share with the client")
    expect(page.get_by_label("Designation")).to_be_visible()  # lawyers may change it
    screenshot(page, "protective-order-03-lawyer-banner")
