"""Downloading a stored file through the gate, whole or by byte range: pdf.js asks for
ranges of a large PDF so page 1 shows before the whole file has arrived."""

import pytest

from tests.factories import FilingFactory
from tests.helpers import upload

# Every byte position distinguishable, so a slice from the wrong offset cannot pass.
CONTENT = b"%PDF-1.7\n" + bytes(range(256)) * 8
SIZE = len(CONTENT)


@pytest.fixture
def document(settings, tmp_path, case, lawyer):
    settings.MEDIA_ROOT = tmp_path
    filing = FilingFactory(case=case, entry_number=12, description="Opposition brief")
    return upload(filing, CONTENT, name="opposition.pdf", uploaded_by=lawyer)


def fetch(client, user, document, *, query: str = "", **headers):
    client.force_login(user)
    return client.get(f"/documents/{document.pk}/file/{query}", headers=headers)


def body(response) -> bytes:
    content = b"".join(response.streaming_content)
    response.close()
    return content


@pytest.mark.django_db
def test_it_sends_the_whole_file_and_says_it_accepts_ranges(client, viewer, document):
    response = fetch(client, viewer, document)

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(SIZE)
    assert response["Content-Type"] == "application/pdf"
    assert body(response) == CONTENT


@pytest.mark.django_db
def test_it_sends_only_the_bytes_of_a_range(client, viewer, document):
    response = fetch(client, viewer, document, Range="bytes=100-199")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{SIZE}"
    assert response["Content-Length"] == "100"
    assert response["Content-Type"] == "application/pdf"
    assert body(response) == CONTENT[100:200]


@pytest.mark.django_db
def test_it_cuts_a_range_short_at_the_end_of_the_file(client, viewer, document):
    response = fetch(client, viewer, document, Range=f"bytes={SIZE - 10}-{SIZE + 1000}")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {SIZE - 10}-{SIZE - 1}/{SIZE}"
    assert body(response) == CONTENT[-10:]


@pytest.mark.django_db
def test_it_sends_the_last_bytes_for_a_suffix_range(client, viewer, document):
    response = fetch(client, viewer, document, Range="bytes=-50")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {SIZE - 50}-{SIZE - 1}/{SIZE}"
    assert response["Content-Length"] == "50"
    assert body(response) == CONTENT[-50:]


@pytest.mark.django_db
def test_it_sends_the_rest_of_the_file_for_an_open_ended_range(client, viewer, document):
    response = fetch(client, viewer, document, Range="bytes=1000-")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-{SIZE - 1}/{SIZE}"
    assert response["Content-Length"] == str(SIZE - 1000)
    assert body(response) == CONTENT[1000:]


@pytest.mark.django_db
@pytest.mark.parametrize("range_header", [f"bytes={SIZE}-", f"bytes={SIZE + 5}-{SIZE + 10}", "bytes=-0"])
def test_it_refuses_a_range_that_misses_the_file(client, viewer, document, range_header):
    response = fetch(client, viewer, document, Range=range_header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "range_header",
    [
        "bytes=abc",
        "bytes=10",
        "bytes=-",
        "bytes=20-10",
        "pages=0-10",
        "bytes=0-10,20-30",
        "bytes=0-10;x",
        "bytes=0-" + "9" * 5000,
    ],
    ids=lambda header: header[:20],
)
def test_it_sends_the_whole_file_for_a_malformed_or_multiple_range(client, viewer, document, range_header):
    response = fetch(client, viewer, document, Range=range_header)

    assert response.status_code == 200
    assert body(response) == CONTENT


@pytest.mark.django_db
def test_it_sends_the_whole_file_when_the_range_is_conditional(client, viewer, document):
    # We send no ETag or Last-Modified, so whatever If-Range names cannot be this file.
    response = fetch(client, viewer, document, Range="bytes=0-9", If_Range='"some-etag"')

    assert response.status_code == 200
    assert body(response) == CONTENT


@pytest.mark.django_db
def test_it_hides_the_file_from_an_outsider_asking_for_a_range(client, outsider, document):
    response = fetch(client, outsider, document, Range="bytes=0-9")

    assert response.status_code == 404


@pytest.mark.django_db
def test_it_offers_the_file_as_an_attachment_under_its_original_name(client, viewer, document):
    response = fetch(client, viewer, document, query="?download=1")

    assert response["Content-Disposition"] == 'attachment; filename="opposition.pdf"'
    assert body(response) == CONTENT


@pytest.mark.django_db
def test_it_keeps_the_attachment_name_on_a_ranged_download(client, viewer, document):
    # A browser resuming a download asks for the rest of the file.
    response = fetch(client, viewer, document, query="?download=1", Range="bytes=1000-")

    assert response.status_code == 206
    assert response["Content-Disposition"] == 'attachment; filename="opposition.pdf"'
    assert body(response) == CONTENT[1000:]
