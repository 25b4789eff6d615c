"""Accessibility (WCAG 2.1 AA): axe-core, vendored, checks every page state a persona
reaches, with no serious or critical violation allowed (issue #16)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from caselaw.models import Allegation, Case
from filings.models import Document
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it stands."""
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ")),
            }));
        }""",
        WCAG,
    )


def assert_accessible(page, state: str) -> None:
    found = violations(page)
    blocking = [v for v in found if v["impact"] in BLOCKING]
    if blocking:
        screenshot(page, f"a11y-{state}")
    assert not blocking, f"{state}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in blocking
    )


@pytest.fixture
def axe_page(page):
    """The browser page with axe-core injected into every document it loads (through the
    browser, so the site's content security policy does not apply to it)."""
    page.add_init_script(path=str(AXE))
    return page


def test_the_login_page(demo, axe_page):
    axe_page.goto("/login/")
    assert_accessible(axe_page, "login")


@pytest.mark.parametrize("persona", ["paralegal", "lawyer", "client", "admin"])
def test_every_page_a_case_member_reaches(demo, axe_page, persona):
    page = axe_page
    case = Case.objects.get(short_name="Kadrey v. Meta")
    log_in(page, persona)
    assert_accessible(page, f"{persona}-case-list")

    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, f"{persona}-case-page")
    for section in ("Allegations", "Timeline", "Parties and counsel"):
        link = page.get_by_label("Sections of this case").get_by_role("link", name=section)
        link.click()
        expect(link).to_have_attribute("aria-current", "true")
        assert_accessible(page, f"{persona}-case-{section.split()[0].lower()}")

    page.goto("/search/?q=fair+use")
    assert_accessible(page, f"{persona}-search")

    allegation = Allegation.objects.filter(case=case).order_by("count_number").first()
    page.goto(f"/cases/{case.pk}/allegations/{allegation.pk}/")
    assert_accessible(page, f"{persona}-allegation")

    first = (
        Document.objects.filter(filing__case=case, designation=0, filing__sealed=False).order_by("pk").first()
    )
    page.goto(f"/documents/{first.pk}/?q=fair+use")
    expect(page.locator("#viewer-scroll")).to_be_visible()
    assert_accessible(page, f"{persona}-viewer")

    page.goto("/account/")
    assert_accessible(page, f"{persona}-account")


def test_what_an_outsider_reaches(demo, axe_page):
    """A member of another case only: the case list without Kadrey, search, the not-found page."""
    page = axe_page
    case = Case.objects.get(short_name="Kadrey v. Meta")
    log_in(page, "outsider")
    assert_accessible(page, "outsider-case-list")
    page.goto("/search/?q=fair+use")
    assert_accessible(page, "outsider-search")
    response = page.goto(f"/cases/{case.pk}/")
    assert response.status == 404
    assert_accessible(page, "outsider-not-found")


def test_the_api_docs_and_the_audit_trail(demo, axe_page):
    page = axe_page
    case = Case.objects.get(short_name="Kadrey v. Meta")
    log_in(page, "lawyer")
    page.goto(f"/cases/{case.pk}/audit/")
    assert_accessible(page, "lawyer-audit")
    page.goto("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    assert_accessible(page, "api-docs")
