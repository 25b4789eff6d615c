"""The API docs in a real browser: Swagger UI renders every endpoint from this server's
own files; no request leaves 127.0.0.1 (issue #16: the docs were blank offline)."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_api_docs_render_with_no_request_leaving_this_machine(demo, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, "paralegal")

    page.goto("/api/docs/")

    expect(page.get_by_role("heading", name="caselaw API")).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/search/").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "api-docs-offline")
    hosts = {urlparse(url).hostname for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"localhost"} or hosts == {"127.0.0.1"}, hosts
    assert not [error for error in errors if "Content Security Policy" in error], errors
