"""The HTML pages a member browses: login, the case list and its filters, a case's page,
and the download of a stored file, each behind the same gate as the API."""

import pytest
from django.core.files.base import ContentFile
from fpdf import FPDF
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from caselaw.models import Case, Representation
from filings.services import document_upload
from tests.factories import (
    AllegationFactory,
    CaseFactory,
    CounselFactory,
    FilingFactory,
    MembershipFactory,
    PartyFactory,
)


@pytest.fixture
def docket(case):
    """A plaintiff with counsel, a count and a docket entry, as the case page shows them."""
    plaintiff = PartyFactory(case=case, name="Richard Kadrey")
    counsel = CounselFactory(case=case, name="Joseph Saveri", firm="Joseph Saveri Law Firm")
    Representation.objects.create(counsel=counsel, party=plaintiff, role=Representation.Role.LEAD)
    AllegationFactory(case=case, count_number=1, title="Direct copyright infringement")
    filing = FilingFactory(case=case, entry_number=1, kind="complaint", description="Class action complaint")
    filing.filed_by.add(plaintiff)
    return filing


def small_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


@pytest.fixture
def stored_document(settings, tmp_path, docket, lawyer):
    """A real upload: the bytes are on disk; the pipeline is queued but does not run."""
    settings.MEDIA_ROOT = tmp_path
    content = small_pdf("Plaintiffs allege that Meta copied their books.")
    document = document_upload(
        filing=docket, file=ContentFile(content, name="complaint.pdf"), uploaded_by=lawyer
    )
    return document, content


# Login


@pytest.mark.django_db
def test_it_renders_the_login_page(client):
    response = client.get("/login/")

    assertContains(response, 'name="username"')
    assertContains(response, 'name="password"')


@pytest.mark.django_db
def test_it_sends_an_anonymous_visitor_to_login(client, case):
    response = client.get("/cases/")

    assertRedirects(response, "/login/?next=/cases/")


@pytest.mark.django_db
def test_it_sends_an_anonymous_visitor_of_a_case_to_login(client, case):
    response = client.get(f"/cases/{case.pk}/")

    assertRedirects(response, f"/login/?next=/cases/{case.pk}/")


# Case list


@pytest.mark.django_db
def test_it_lists_the_members_case(client, lawyer, case):
    client.force_login(lawyer)

    response = client.get("/cases/")

    assertContains(response, "Kadrey v. Meta")
    assertContains(response, case.get_absolute_url())


@pytest.mark.django_db
def test_it_leaves_another_teams_case_out_of_the_list(client, outsider, case):
    client.force_login(outsider)

    response = client.get("/cases/")

    assert response.status_code == 200
    assertContains(response, outsider.memberships.get().case.short_name)
    assertNotContains(response, "Kadrey")


@pytest.fixture
def closed_case(lawyer):
    closed = CaseFactory(short_name="Tremblay v. OpenAI", caption="Tremblay v. OpenAI, Inc.")
    closed.status = Case.Status.CLOSED
    closed.save(update_fields=["status"])
    MembershipFactory(user=lawyer, case=closed)
    return closed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("", ["Kadrey v. Meta", "Tremblay v. OpenAI"], []),
        ("?q=tremblay", ["Tremblay v. OpenAI"], ["Kadrey v. Meta"]),
        ("?q=3:23-cv-03417", ["Kadrey v. Meta"], ["Tremblay v. OpenAI"]),
        ("?status=closed", ["Tremblay v. OpenAI"], ["Kadrey v. Meta"]),
        ("?status=open&q=tremblay", [], ["Kadrey v. Meta", "Tremblay v. OpenAI"]),
        ("?status=bogus", ["Kadrey v. Meta", "Tremblay v. OpenAI"], []),
    ],
)
def test_it_filters_the_case_list(client, lawyer, case, closed_case, query, shown, hidden):
    case.docket_number = "3:23-cv-03417-VC"
    case.save(update_fields=["docket_number"])
    client.force_login(lawyer)

    response = client.get(f"/cases/{query}")

    assert response.status_code == 200
    for name in shown:
        assertContains(response, name)
    for name in hidden:
        assertNotContains(response, name)


# Case page


@pytest.mark.django_db
def test_it_shows_a_member_the_case_page(client, paralegal, case, docket):
    client.force_login(paralegal)

    response = client.get(f"/cases/{case.pk}/")

    assertContains(response, "Kadrey et al. v. Meta Platforms, Inc.")
    assertContains(response, "Richard Kadrey")
    assertContains(response, "Joseph Saveri")
    assertContains(response, "Direct copyright infringement")
    assertContains(response, "Class action complaint")


@pytest.mark.django_db
def test_it_hides_the_case_page_from_an_outsider(client, outsider, case, docket):
    client.force_login(outsider)

    response = client.get(f"/cases/{case.pk}/")

    assert response.status_code == 404
    assertNotContains(response, "Kadrey", status_code=404)


@pytest.mark.django_db
def test_it_offers_the_upload_form_only_to_roles_that_may_change(client, paralegal, viewer, case, docket):
    upload_panel = 'id="upload-panel"'

    client.force_login(paralegal)
    assertContains(client.get(f"/cases/{case.pk}/"), upload_panel)
    client.force_login(viewer)
    assertNotContains(client.get(f"/cases/{case.pk}/"), upload_panel)


# File download


@pytest.mark.django_db
def test_it_streams_the_stored_file_to_a_member(client, viewer, stored_document):
    document, content = stored_document
    client.force_login(viewer)

    response = client.get(f"/documents/{document.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == content
    response.close()


@pytest.mark.django_db
def test_it_offers_the_file_as_an_attachment_on_request(client, viewer, stored_document):
    document, _ = stored_document
    client.force_login(viewer)

    response = client.get(f"/documents/{document.pk}/file/?download=1")

    assert response["Content-Disposition"] == 'attachment; filename="complaint.pdf"'
    response.close()


@pytest.mark.django_db
def test_it_hides_the_stored_file_from_an_outsider(client, outsider, stored_document):
    document, _ = stored_document
    client.force_login(outsider)

    response = client.get(f"/documents/{document.pk}/file/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_it_sends_an_anonymous_downloader_to_login(client, stored_document):
    document, _ = stored_document

    response = client.get(f"/documents/{document.pk}/file/")

    assertRedirects(response, f"/login/?next=/documents/{document.pk}/file/")
