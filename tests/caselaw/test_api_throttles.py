"""The API's rates: per user across the API, tighter for search and upload, answered with
429, Retry-After and a message. Tiny rates here; the real ones are in settings."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from caselaw import testing_pdfs as pdfs
from tests.factories import FilingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch, settings):
    """Set rates for one test, counted in a fresh in-memory cache (the suite's settings give
    the throttles a dummy one). DRF's throttles hold the settings' rates dict from import on
    (SimpleRateThrottle.THROTTLE_RATES), so that dict is patched."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    def set_rates(**scopes):
        for scope, rate in scopes.items():
            monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    cache.clear()
    return set_rates


def assert_throttled(response, longest_wait):
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= longest_wait
    assert response.json()["detail"] == f"Request was throttled. Expected available in {wait} seconds."


def test_searching_faster_than_the_search_rate_gets_429_with_retry_after(api, lawyer, rates):
    rates(search="3/minute")
    client = api(lawyer)
    answers = [client.get("/api/v1/search/", {"q": "copyright"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]

    assert_throttled(client.get("/api/v1/search/", {"q": "copyright"}), 60)
    assert client.get("/api/v1/cases/").status_code == 200  # the rest of the API is not search


def test_the_search_rate_is_per_user(api, lawyer, paralegal, rates):
    rates(search="2/minute")
    for _ in range(3):
        api(lawyer).get("/api/v1/search/", {"q": "copyright"})

    assert api(paralegal).get("/api/v1/search/", {"q": "copyright"}).status_code == 200


def test_uploading_faster_than_the_upload_rate_gets_429(api, paralegal, case, rates):
    rates(upload="2/hour")
    filing = FilingFactory(case=case)
    client = api(paralegal)

    def upload(seed):
        pdf = SimpleUploadedFile(
            f"exhibit-{seed}.pdf", pdfs.text_pdf(seed=seed), content_type="application/pdf"
        )
        return client.post(f"/api/v1/filings/{filing.pk}/documents/", {"files": [pdf]}, format="multipart")

    assert [upload(1).status_code, upload(2).status_code] == [201, 201]
    assert_throttled(upload(3), 3600)
    assert client.get(f"/api/v1/filings/{filing.pk}/").status_code == 200  # only uploads


def test_every_api_request_counts_against_the_user_rate(api, lawyer, rates):
    rates(user="4/minute")
    client = api(lawyer)
    for path in ("/api/v1/cases/", "/api/v1/filings/", "/api/v1/documents/", "/api/v1/search/?q=fair"):
        assert client.get(path).status_code == 200

    assert_throttled(client.get("/api/v1/cases/"), 60)


def test_anonymous_requests_have_their_own_rate(rates):
    rates(anon="1/minute")
    client = APIClient()
    assert client.get("/api/schema/", {"format": "json"}).status_code == 200

    assert_throttled(client.get("/api/schema/", {"format": "json"}), 60)
