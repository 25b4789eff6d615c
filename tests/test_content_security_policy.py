"""Every page carries the site's Content-Security-Policy, which allows no inline script,
and no template relies on inline script or style, which the policy would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import AllegationFactory, DocumentFactory, FilingFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STATIC_JS = Path(settings.BASE_DIR) / "static" / "js"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.fixture
def pages(case):
    document = DocumentFactory(filing=FilingFactory(case=case))
    allegation = AllegationFactory(case=case)
    return [
        "/cases/",
        case.get_absolute_url(),
        f"/documents/{document.pk}/",
        "/search/?q=copyright",
        f"/cases/{case.pk}/allegations/{allegation.pk}/",
    ]


@pytest.mark.django_db
def test_it_sends_the_policy_with_every_page(client, lawyer, pages):
    client.force_login(lawyer)

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url


@pytest.mark.django_db
def test_it_sends_the_policy_with_the_login_page_and_errors(client, outsider, case):
    assert "'unsafe-inline'" not in directives(client.get("/login/"))["script-src"]
    client.force_login(outsider)
    assert "'unsafe-inline'" not in directives(client.get(case.get_absolute_url()))["script-src"]


@pytest.mark.django_db
def test_the_api_docs_come_from_this_server_under_the_policy(client, lawyer):
    """Swagger UI is served from our static files (drf-spectacular-sidecar) with its
    start-up script as a file, so the docs work offline and under script-src 'self'."""
    client.force_login(lawyer)

    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]
    page = response.content.decode()
    assert '<html lang="en">' in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert not INLINE["inline <script>"].search(page) and not INLINE["<style> element"].search(page)
    script = next(source for source in sources if "script=" in source)
    start_up = client.get(script)
    assert start_up.status_code == 200 and b"SwaggerUIBundle" in start_up.content


INLINE = {
    "event handler": re.compile(r"""\son[a-z]+\s*=""", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"""\sstyle\s*=""", re.IGNORECASE),
    "<style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "inline <script>": re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
}


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_no_template_relies_on_inline_script_or_style(template):
    text = template.read_text()

    found = [kind for kind, pattern in INLINE.items() if pattern.search(text)]

    assert found == []


@pytest.mark.parametrize("script", sorted(STATIC_JS.rglob("*.js")), ids=lambda p: p.name)
def test_no_script_writes_inline_handlers_or_styles(script):
    text = script.read_text()

    found = [kind for kind, pattern in INLINE.items() if pattern.search(text)]
    found += ["eval"] if re.search(r"\beval\(|new Function\(", text) else []

    assert found == []


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_no_template_comment_spans_lines(template):
    """Django's {# #} comment ends at the line's end: one over two lines shows on the page."""
    for number, line in enumerate(template.read_text().splitlines(), 1):
        assert "{#" not in line or "#}" in line, (
            f"{template.name}:{number} starts a {{# comment it does not end"
        )
