"""The site's icon: linked from every page, and at /favicon.ico for browsers that just ask."""

import pytest
from pytest_django.asserts import assertContains, assertRedirects


@pytest.fixture
def serve_static_from_the_source(settings):
    """WhiteNoise serves what collectstatic gathered; tests have not run it."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.mark.django_db
def test_it_links_the_icon_from_the_page_head(client):
    response = client.get("/login/")

    assertContains(response, '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">', html=True)


@pytest.mark.django_db
def test_it_sends_favicon_ico_to_the_svg_icon(client, serve_static_from_the_source):
    response = client.get("/favicon.ico")

    assertRedirects(response, "/static/favicon.svg")


@pytest.mark.django_db
def test_it_serves_the_icon_as_svg(client, serve_static_from_the_source):
    response = client.get("/static/favicon.svg")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"#1f4e8c" in b"".join(response.streaming_content)
    response.close()
