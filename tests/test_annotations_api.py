"""Annotations through the API: the wall, private notes, author-only edits, replies,
safe rendering, edit history, W3C export."""

import pytest

from filings.models import Annotation, ClaimLink, Page
from tests.factories import AllegationFactory, DocumentFactory, FilingFactory

pytestmark = pytest.mark.django_db

PAGE_TEXT = (
    "Plaintiffs allege that Meta removed copyright management information from their books.\n"
    "The court finds the allegations sufficient. Meta removed copyright management information\n"
    "again in the second training run."
)


@pytest.fixture
def document(case):
    filing = FilingFactory(case=case, entry_number=12)
    document = DocumentFactory(filing=filing, status="indexed", page_count=2)
    for number in (1, 2):
        Page.objects.create(
            document=document, number=number, text=PAGE_TEXT, case=case, date_filed=filing.date_filed
        )
    return document


@pytest.fixture
def dmca(case):
    return AllegationFactory(case=case, count_number=3, legal_basis="17 U.S.C. § 1202(b)")


def annotate(client, document, **fields):
    payload = {
        "document": document.pk,
        "page": 1,
        "quote": "Meta removed copyright management information",
        "prefix": "sufficient. ",
        "suffix": " again",
        "body": "Key admission.",
        **fields,
    }
    return client.post("/api/v1/annotations/", payload, format="json")


def test_a_lawyer_annotates_a_passage_and_it_is_anchored(api, lawyer, document):
    response = annotate(api(lawyer), document)
    assert response.status_code == 201, response.content
    note = Annotation.objects.get(pk=response.json()["id"])
    # The second occurrence: the one whose surroundings match the prefix and suffix.
    assert PAGE_TEXT[note.start : note.end].split() == note.quote.split()
    assert note.start > PAGE_TEXT.index("sufficient")
    assert response.json()["viewer_url"].endswith(f"?page=1&annotation={note.pk}")


def test_a_quote_that_breaks_lines_differently_is_still_found(api, lawyer, document):
    response = annotate(api(lawyer), document, quote="management   information again", prefix="", suffix="")
    note = Annotation.objects.get(pk=response.json()["id"])
    assert note.start is not None
    assert PAGE_TEXT[note.start : note.end] == "management information\nagain"


def test_tagging_an_allegation_makes_a_confirmed_claim_link(api, lawyer, document, dmca):
    response = annotate(api(lawyer), document, allegations=[dmca.pk])
    assert response.json()["allegations"] == [dmca.pk]
    link = ClaimLink.objects.get(annotation_id=response.json()["id"])
    assert (link.allegation, link.status, link.source) == (dmca, "confirmed", "annotation")
    assert link.page.number == 1


def test_an_allegation_of_another_case_cannot_be_tagged(api, lawyer, document):
    other = AllegationFactory()
    response = annotate(api(lawyer), document, allegations=[other.pk])
    assert response.status_code == 400


def test_a_script_in_a_body_stays_text(api, lawyer, document):
    body = "<script>alert('x')</script> and **bold** [link](javascript:alert(1))"
    html = annotate(api(lawyer), document, body=body).json()["body_html"]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(" in html
    assert "<strong>bold</strong>" in html
    assert "javascript:" not in html


def test_the_team_sees_team_notes_but_not_private_ones(api, lawyer, paralegal, document):
    annotate(api(lawyer), document, body="For the team.")
    annotate(api(lawyer), document, body="Just for me.", visibility="private")
    bodies = [
        n["body"]
        for n in api(paralegal).get(f"/api/v1/annotations/?document={document.pk}").json()["results"]
    ]
    assert bodies == ["For the team."]
    mine = api(lawyer).get(f"/api/v1/annotations/?document={document.pk}").json()["results"]
    assert {n["body"] for n in mine} == {"For the team.", "Just for me."}


def test_a_private_note_is_404_to_a_colleague(api, lawyer, paralegal, document):
    note_id = annotate(api(lawyer), document, visibility="private").json()["id"]
    assert api(paralegal).get(f"/api/v1/annotations/{note_id}/").status_code == 404


def test_an_outsider_sees_nothing(api, lawyer, outsider, document):
    note_id = annotate(api(lawyer), document).json()["id"]
    client = api(outsider)
    hidden = client.get(f"/api/v1/annotations/?document={document.pk}")
    missing = client.get(f"/api/v1/annotations/?document={document.pk + 10_000}")
    assert hidden.status_code == missing.status_code == 400 and hidden.content == missing.content
    assert client.get(f"/api/v1/annotations/{note_id}/").status_code == 404
    assert annotate(client, document).status_code == 400  # the document "does not exist" for them


def test_a_viewer_may_read_but_not_annotate(api, lawyer, viewer, document):
    annotate(api(lawyer), document)
    assert len(api(viewer).get(f"/api/v1/annotations/?document={document.pk}").json()["results"]) == 1
    assert annotate(api(viewer), document).status_code == 403


def test_only_the_author_edits_and_the_old_body_is_kept(api, lawyer, paralegal, document):
    note_id = annotate(api(lawyer), document, body="First thought.").json()["id"]
    url = f"/api/v1/annotations/{note_id}/"
    assert api(paralegal).patch(url, {"body": "Hijacked."}, format="json").status_code == 403
    response = api(lawyer).patch(url, {"body": "Second thought."}, format="json")
    assert response.status_code == 200
    assert response.json()["revisions"] == 1
    note = Annotation.objects.get(pk=note_id)
    assert note.body == "Second thought."
    assert note.revisions.get().body == "First thought."


def test_only_the_author_deletes(api, lawyer, paralegal, document):
    note_id = annotate(api(lawyer), document).json()["id"]
    assert api(paralegal).delete(f"/api/v1/annotations/{note_id}/").status_code == 403
    assert api(lawyer).delete(f"/api/v1/annotations/{note_id}/").status_code == 204
    assert not Annotation.objects.filter(pk=note_id).exists()


def test_the_team_replies_in_a_thread(api, lawyer, paralegal, viewer, document):
    note_id = annotate(api(lawyer), document).json()["id"]
    reply = api(paralegal).post(f"/api/v1/annotations/{note_id}/replies/", {"body": "Agreed."}, format="json")
    assert reply.status_code == 201
    assert api(viewer).post(f"/api/v1/annotations/{note_id}/replies/", {"body": "Me too"}).status_code == 403
    assert api(paralegal).post(f"/api/v1/annotations/{note_id}/replies/", {"body": " "}).status_code == 400
    thread = api(lawyer).get(f"/api/v1/annotations/{note_id}/").json()
    assert [r["body"] for r in thread["replies"]] == ["Agreed."]
    assert thread["replies"][0]["can_edit"] is False


def test_a_page_the_document_does_not_have_is_a_clear_400(api, lawyer, document):
    response = annotate(api(lawyer), document, page=9)
    assert response.status_code == 400
    assert "no page 9" in response.json()["page"][0]


def test_the_w3c_export_carries_quote_position_and_tags(api, lawyer, paralegal, document, dmca):
    annotate(api(lawyer), document, allegations=[dmca.pk])
    annotate(api(lawyer), document, body="Private", visibility="private")
    response = api(paralegal).get(f"/api/v1/annotations/export/?document={document.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    collection = response.json()
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 1
    note = collection["first"]["items"][0]
    selectors = {s["type"]: s for s in note["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "Meta removed copyright management information"
    assert selectors["FragmentSelector"]["value"] == "page=1"
    assert "TextPositionSelector" in selectors
    assert any(b.get("purpose") == "tagging" for b in note["body"])


def test_the_export_needs_a_document_or_case(api, lawyer):
    assert api(lawyer).get("/api/v1/annotations/export/").status_code == 400


def test_the_author_of_a_reply_may_edit_it_and_nobody_else(api, lawyer, paralegal, document):
    note_id = annotate(api(lawyer), document).json()["id"]
    reply_id = (
        api(paralegal).post(f"/api/v1/annotations/{note_id}/replies/", {"body": "Agreed."}).json()["id"]
    )
    assert (
        api(lawyer).patch(f"/api/v1/annotations/{reply_id}/", {"body": "x"}, format="json").status_code == 403
    )
    response = api(paralegal).patch(
        f"/api/v1/annotations/{reply_id}/", {"body": "Agreed, see p. 4."}, format="json"
    )
    assert response.status_code == 200
    assert Annotation.objects.get(pk=reply_id).body == "Agreed, see p. 4."


def test_a_note_cannot_be_moved_to_another_document(api, lawyer, case, document):
    note_id = annotate(api(lawyer), document).json()["id"]
    other = DocumentFactory(filing=FilingFactory(case=case, entry_number=13))
    response = api(lawyer).patch(f"/api/v1/annotations/{note_id}/", {"document": other.pk}, format="json")
    assert response.status_code == 400


def test_an_author_demoted_to_viewer_can_no_longer_edit(api, lawyer, case, document):
    note_id = annotate(api(lawyer), document).json()["id"]
    lawyer.memberships.filter(case=case).update(role="viewer")
    response = api(lawyer).patch(f"/api/v1/annotations/{note_id}/", {"body": "late edit"}, format="json")
    assert response.status_code == 403
