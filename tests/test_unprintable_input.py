"""A NUL or other control character anywhere a person types (query strings, form fields,
JSON bodies, their names or keys) is refused with a 400 that says why, never a 500;
tabs and line breaks are ordinary input."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from caselaw import testing_pdfs as pdfs
from filings.models import Annotation, Page
from tests.factories import DocumentFactory, FilingFactory

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "The request contains a control character (NUL) that cannot be stored."


@pytest.fixture
def document(case):
    filing = FilingFactory(case=case, entry_number=12)
    document = DocumentFactory(filing=filing, status="indexed", page_count=1)
    Page.objects.create(
        document=document, number=1, text="Meta removed the notices.", case=case, date_filed=filing.date_filed
    )
    return document


@pytest.fixture
def note(api, lawyer, document) -> Annotation:
    payload = {"document": document.pk, "page": 1, "quote": "removed the notices", "body": "Key."}
    response = api(lawyer).post("/api/v1/annotations/", payload, format="json")
    assert response.status_code == 201, response.content
    return Annotation.objects.get(pk=response.json()["id"])


def assert_refused_as_json(response, message=NUL_MESSAGE):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith(message)


def assert_refused_as_page(response, message=NUL_MESSAGE):
    assert response.status_code == 400, response.content
    assert "Cannot do that" in response.content.decode()
    assert message in response.content.decode()


# Query strings


@pytest.mark.parametrize(
    "url",
    ["/search/?q=a%00b", "/cases/?q=a%00b", "/cases/?status=%00", "/cases/?a%00b=1", "/search/?q=x&q=a%00"],
)
def test_it_refuses_a_nul_in_a_page_query(client, lawyer, url):
    client.force_login(lawyer)

    assert_refused_as_page(client.get(url))


def test_it_refuses_a_nul_in_the_docket_filter(client, lawyer, case):
    client.force_login(lawyer)

    assert_refused_as_page(client.get(f"{case.get_absolute_url()}?dq=a%00b"))


def test_it_refuses_a_nul_in_the_viewer_search(client, lawyer, document):
    client.force_login(lawyer)

    assert_refused_as_page(client.get(f"/documents/{document.pk}/?q=a%00b"))


@pytest.mark.parametrize("query", ["q=a%00b", "q%00=a", "q=ok&case=%00"])
def test_it_refuses_a_nul_in_an_api_query(api, lawyer, query):
    assert_refused_as_json(api(lawyer).get(f"/api/v1/search/?{query}"))


@pytest.mark.parametrize("char, name", [("%01", "SOH"), ("%1B", "ESC"), ("%0B", "VT"), ("%7F", "DEL")])
def test_it_names_the_control_character(client, lawyer, char, name):
    client.force_login(lawyer)

    response = client.get(f"/search/?q=a{char}b")

    assert_refused_as_page(response, f"a control character ({name})")


def test_it_refuses_an_anonymous_request_with_a_nul_too(client):
    assert_refused_as_page(client.get("/login/?next=/cases/%00"))


# Form fields, urlencoded and multipart


def test_it_refuses_a_nul_in_a_form_post(client, lawyer):
    response = client.post("/login/", {"username": "lawyer\x00", "password": "x"})

    assert_refused_as_page(response)


def test_it_refuses_a_nul_in_an_urlencoded_api_post(api, lawyer, note):
    response = api(lawyer).post(
        f"/api/v1/annotations/{note.pk}/replies/",
        "body=Agreed%00",
        content_type="application/x-www-form-urlencoded",
    )

    assert_refused_as_json(response)


def test_it_refuses_a_nul_in_an_urlencoded_api_patch(api, lawyer, note):
    # Django parses a form body only for POST; the API's own form parser checks the rest.
    response = api(lawyer).patch(
        f"/api/v1/annotations/{note.pk}/", "body=Edited%00", content_type="application/x-www-form-urlencoded"
    )

    assert_refused_as_json(response)
    note.refresh_from_db()
    assert note.body == "Key."


@pytest.fixture
def filing(settings, tmp_path, case):
    settings.MEDIA_ROOT = tmp_path
    return FilingFactory(case=case, entry_number=42)


def pdf_file(name="motion.pdf"):
    return SimpleUploadedFile(name, pdfs.text_pdf(), content_type="application/pdf")


@pytest.mark.parametrize(
    "fields", [{"title": "Exhibit\x00A"}, {"ti\x00tle": "Exhibit A"}], ids=["value", "name"]
)
def test_it_refuses_a_nul_in_a_multipart_field(api, paralegal, filing, fields):
    response = api(paralegal).post(
        f"/api/v1/filings/{filing.pk}/documents/", {"files": [pdf_file()], **fields}, format="multipart"
    )

    assert_refused_as_json(response)
    assert not filing.documents.exists()


def test_it_refuses_a_nul_in_a_file_field_name(api, paralegal, filing):
    response = api(paralegal).post(
        f"/api/v1/filings/{filing.pk}/documents/", {"files\x00": [pdf_file()]}, format="multipart"
    )

    assert_refused_as_json(response)


def test_it_leaves_the_bytes_of_an_uploaded_file_alone(api, paralegal, filing):
    data = pdfs.text_pdf()
    assert b"\x00" in data or b"\x01" in data  # a PDF is binary: its bytes are not text input

    response = api(paralegal).post(
        f"/api/v1/filings/{filing.pk}/documents/",
        {"files": [SimpleUploadedFile("motion.pdf", data, content_type="application/pdf")]},
        format="multipart",
    )

    assert response.status_code == 201, response.content


def test_it_refuses_a_nul_in_the_browser_upload_form(client, paralegal, filing):
    client.force_login(paralegal)

    response = client.post(f"/filings/{filing.pk}/upload/", {"files": [pdf_file()], "note\x00": "x"})

    assert_refused_as_page(response)


# JSON bodies


def post_json(client, url, body: str):
    return client.post(url, body, content_type="application/json")


def test_it_refuses_a_nul_in_a_reply(api, lawyer, note):
    response = api(lawyer).post(f"/api/v1/annotations/{note.pk}/replies/", {"body": "a\x00b"}, format="json")

    assert_refused_as_json(response)
    assert not note.replies.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"body": "ok", "extra": {"deep": ["fine", {"deeper": "a\x00"}]}},
        {"body": "ok", "nested": [[["\x07"]]]},
        {"bo\x00dy": "ok"},
        {"body": "ok", "extra": {"ke\x1fy": 1}},
    ],
    ids=["nested value", "nested list", "key", "nested key"],
)
def test_it_refuses_a_control_character_anywhere_in_a_json_body(api, lawyer, note, payload):
    response = post_json(api(lawyer), f"/api/v1/annotations/{note.pk}/replies/", json.dumps(payload))

    assert_refused_as_json(response, "The request contains a control character")


def test_it_refuses_an_unpaired_surrogate_in_json(api, lawyer, note):
    # Valid JSON, but no UTF-8 can hold it: the database would fail on it.
    response = post_json(api(lawyer), f"/api/v1/annotations/{note.pk}/replies/", '{"body": "a\\ud800b"}')

    assert_refused_as_json(response, "The request contains an unpaired surrogate (U+D800)")


def test_it_survives_json_nested_deeper_than_the_check_could_recurse(api, lawyer, note):
    # As deep as json reads with the stack a request leaves it (each middleware takes some).
    body = '{"body": "ok", "x": ' + "[" * 800 + '"\\u0000"' + "]" * 800 + "}"

    response = post_json(api(lawyer), f"/api/v1/annotations/{note.pk}/replies/", body)

    assert_refused_as_json(response)


def test_json_nested_deeper_than_json_can_read_is_a_400(api, lawyer, note):
    body = '{"body": "ok", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"

    response = post_json(api(lawyer), f"/api/v1/annotations/{note.pk}/replies/", body)

    assert_refused_as_json(response, "The JSON is nested too deeply to be read.")


# Ordinary whitespace is ordinary input


def test_it_keeps_tabs_and_line_breaks_in_a_reply(api, lawyer, note):
    body = "First line\n\tindented\r\nlast line"

    response = api(lawyer).post(f"/api/v1/annotations/{note.pk}/replies/", {"body": body}, format="json")

    assert response.status_code == 201, response.content
    assert note.replies.get().body == body


def test_it_searches_with_a_tab_in_the_query(client, lawyer):
    client.force_login(lawyer)

    response = client.get("/search/?q=removed%09notices")

    assert response.status_code == 200


def test_it_keeps_unicode_beyond_ascii(api, lawyer, note):
    body = "§ 1202(b) — “notices” \u00e9\ufffd \U0001f4c4"

    response = api(lawyer).post(f"/api/v1/annotations/{note.pk}/replies/", {"body": body}, format="json")

    assert response.status_code == 201, response.content
