"""The pages live with the site's Content-Security-Policy in a real Chromium: the case page
(with an htmx docket refresh), the viewer with a PDF drawn by pdf.js, search and an
allegation page run no blocked script, style, font, image or worker."""

import pytest
from playwright.sync_api import expect

from caselaw.models import Allegation, Case
from filings.models import Document
from tests.conftest import wait_for
from tests.e2e.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.worker]

# Installed before any script of the page runs, on every page the tab opens.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${where})`);
});
"""


class ViolationWatch:
    """Collects the violations a tab reports: the page's events, and Chromium's console
    lines, which also keep those of pages left before a check (the login page)."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self.on_console)

    def on_console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def seen(self) -> list[str]:
        return self.console + self.page.evaluate("window.cspViolations")


def an_indexed_kadrey_document() -> Document:
    def indexed():
        return (
            Document.objects.filter(filing__case__short_name="Kadrey v. Meta", status=Document.Status.INDEXED)
            .order_by("pk")
            .first()
        )

    return wait_for(indexed, timeout=120, message="a Kadrey document to be indexed")


def test_the_pages_report_no_policy_violation(demo, e2e_worker, page):
    watch = ViolationWatch(page)
    kadrey = Case.objects.get(short_name="Kadrey v. Meta")
    document = an_indexed_kadrey_document()
    log_in(page, "lawyer")

    # The case page, and the docket filtered through htmx (a swap, no reload).
    page.goto(kadrey.get_absolute_url())
    page.get_by_label("Sections of this case").get_by_role("link", name="Timeline").click()
    expect(page.locator("figure.timeline svg")).to_be_visible()
    page.get_by_label("Sections of this case").get_by_role("link", name="Docket").click()
    with page.expect_response(lambda response: "dq=" in response.url):
        page.get_by_label("Text in description").press_sequentially("motion")
    expect(page.locator("#docket")).to_contain_text("match the filters")
    assert watch.seen() == [], "case page"

    # The viewer: pages drawn, text layer laid over them, zoomed (drawn again), tabs.
    page.goto(f"/documents/{document.pk}/?q=copyright")
    expect(page.locator(".pdf-page.rendered canvas").first).to_be_attached()
    expect(page.locator(".pdf-page.rendered .textLayer span").first).to_be_attached()
    fitted = page.locator("#zoom-level").text_content()
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator("#zoom-level")).not_to_have_text(fitted)
    expect(page.locator(".pdf-page.rendered canvas").first).to_be_attached()
    page.get_by_role("tab", name="Text").click()
    expect(page.locator("#page-text")).not_to_have_text("Loading…")
    screenshot(page, "40-viewer-under-csp")
    assert watch.seen() == [], "viewer"

    page.goto("/search/?q=copyright")
    expect(page.locator(".hit").first).to_be_visible()
    assert watch.seen() == [], "search"

    allegation = Allegation.objects.filter(case=kadrey).order_by("count_number").first()
    page.goto(f"/cases/{kadrey.pk}/allegations/{allegation.pk}/")
    expect(page.get_by_role("button", name="Print evidence memo")).to_be_visible()
    assert watch.seen() == [], "allegation page"


def test_the_refusal_page_goes_back_without_inline_script(demo, page):
    watch = ViolationWatch(page)
    log_in(page, "lawyer")

    response = page.goto("/search/?q=fair%00use")

    assert response.status == 400
    expect(page.get_by_text("control character (NUL)")).to_be_visible()
    page.get_by_role("link", name="Go back").click()
    page.wait_for_url("**/cases/")
    assert watch.seen() == []
