"""A paralegal's day in a real browser: log in, open Kadrey v. Meta, upload a PDF and
watch it processed, read it in the viewer, search and open a hit."""

import re

import pytest
from playwright.sync_api import expect

from caselaw import testing_pdfs as pdfs
from caselaw.models import Case
from tests.e2e.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.worker]

EXHIBIT_MARKER = "quetzalcoatl"  # a word no demo document contains


def test_a_paralegal_uploads_reads_and_searches(demo, e2e_worker, page):
    log_in(page, "paralegal")
    expect(page.get_by_role("link", name="Kadrey v. Meta")).to_be_visible()
    expect(page.get_by_text("Tremblay v. OpenAI")).to_have_count(0)  # the wall
    screenshot(page, "01-case-list")

    page.get_by_role("link", name="Kadrey v. Meta").click()
    expect(page.get_by_role("heading", name="Kadrey et al. v. Meta Platforms, Inc.")).to_be_visible()
    sections = page.get_by_label("Sections of this case")
    expect(page.locator("#docket")).to_be_visible()  # the docket first; other sections a click away
    expect(page.locator("figure.timeline svg")).to_be_hidden()
    sections.get_by_role("link", name="Timeline").click()
    expect(page.locator("figure.timeline svg")).to_be_visible()
    screenshot(page, "02-case-page")
    sections.get_by_role("link", name="Docket").click()

    # Upload to the complaint's docket entry and follow the real pipeline to "indexed".
    complaint = page.locator("#upload-filing option", has_text=re.compile(r"^ECF 1 "))
    page.get_by_label("Docket entry").select_option(complaint.get_attribute("value"))
    page.locator("#upload-files").set_input_files(
        {
            "name": "exhibit-a.pdf",
            "mimeType": "application/pdf",
            "buffer": pdfs.text_pdf(pages=6, seed=21, marker=EXHIBIT_MARKER),
        }
    )
    row = page.locator(".upload-row", has_text="exhibit-a.pdf")
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-state", "indexed", timeout=90_000)
    expect(row.locator(".upload-state")).to_have_text("Indexed — 6 pages")
    screenshot(page, "03-upload-indexed")
    # The docket refreshes itself with the new document.
    expect(page.locator("#entry-1 .doc")).to_have_count(2)

    # Open it in the viewer at page 2.
    row.get_by_role("link", name="Open").click()
    page.wait_for_url(re.compile(r"/documents/\d+/"))
    page.goto(page.url.split("?")[0] + "?page=2")
    expect(page.locator("#page-number")).to_have_value("2")
    expect(page.locator(".textLayer").first).to_be_attached()
    # The page list shows each page's thumbnail (the six pages fit in view: all drawn).
    expect(page.locator("#page-list canvas.thumb.drawn")).to_have_count(6)
    expect(page.locator('#page-list a[aria-current="page"]')).to_have_text("2")
    screenshot(page, "04-viewer-page-2")

    # The find box: the pages of this document with the word, counted and marked.
    page.get_by_role("searchbox", name="Find in this document").fill(EXHIBIT_MARKER)
    page.get_by_role("searchbox", name="Find in this document").press("Enter")
    expect(page.locator("#match-status")).to_contain_text("6 pages match")
    expect(page.locator("#page-list a.has-match")).to_have_count(6)
    expect(page.locator('#page-list a[aria-current="page"]')).to_have_text("1")  # the first page found
    page.get_by_role("button", name="Next page with matches").click()
    expect(page.locator('#page-list a[aria-current="page"]')).to_have_text("2")

    # Search from the box in the header, open the hit at its page.
    page.get_by_label("Search all your cases").fill(EXHIBIT_MARKER)
    page.get_by_label("Search all your cases").press("Enter")
    hits = page.locator(".hit")
    expect(hits.first).to_be_visible()
    expect(hits.first.locator("mark").first).to_have_text(re.compile(EXHIBIT_MARKER, re.I))
    screenshot(page, "05-search-results")
    hits.first.locator("a.hit-title").click()
    page.wait_for_url(re.compile(rf"page=\d+&q={EXHIBIT_MARKER}"))
    expect(page.locator(".textLayer mark, .textLayer .highlight").first).to_be_visible()
    screenshot(page, "06-viewer-hit")


def test_an_outsider_cannot_open_kadrey_pages(demo, page):
    kadrey = Case.objects.get(short_name="Kadrey v. Meta")
    log_in(page, "outsider")
    expect(page.get_by_role("link", name="Tremblay v. OpenAI")).to_be_visible()
    response = page.goto(f"/cases/{kadrey.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    screenshot(page, "07-outsider-404")


def test_a_paralegal_creates_a_docket_entry_and_uploads_in_one_go(demo, e2e_worker, page):
    log_in(page, "paralegal")
    page.get_by_role("link", name="Kadrey v. Meta").click()
    page.get_by_label("Docket entry").select_option("new")
    page.locator("#upload-files").set_input_files(
        [
            {
                "name": "declaration.pdf",
                "mimeType": "application/pdf",
                "buffer": pdfs.text_pdf(pages=2, seed=31),
            },
            {"name": "notes.pdf", "mimeType": "application/pdf", "buffer": b"just words, not a PDF"},
        ]
    )
    # The files chosen, the new entry is described in a dialog, then created and filled.
    dialog = page.get_by_role("dialog", name=re.compile("Describe the new entry"))
    expect(dialog).to_contain_text("for 2 files")
    dialog.get_by_label("ECF no.").fill("700")
    dialog.get_by_label("Date filed").fill("2025-08-01")
    dialog.get_by_label("Kind").select_option("declaration")
    dialog.get_by_label("Description", exact=True).fill("Declaration of counsel re torrenting logs")
    dialog.get_by_role("button", name="Create the entry and upload").click()
    good = page.locator(".upload-row", has_text="declaration.pdf")
    bad = page.locator(".upload-row", has_text="notes.pdf")
    expect(good).to_have_attribute("data-state", "indexed", timeout=90_000)
    expect(bad).to_have_attribute("data-state", "failed")
    expect(bad.locator(".upload-state")).to_contain_text("This is not a PDF")
    expect(page.locator("#entry-700")).to_contain_text("Declaration of counsel re torrenting logs")
    screenshot(page, "08-new-entry-upload")
