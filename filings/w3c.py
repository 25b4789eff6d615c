"""Annotations in the W3C Web Annotation Data Model (JSON-LD), for exchange with other
annotation tools: https://www.w3.org/TR/annotation-model/"""

from django.urls import reverse

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def w3c_annotation(note, request) -> dict:
    absolute = request.build_absolute_uri
    file_url = absolute(reverse("document_file", args=[note.document_id]))
    selectors = [
        {
            "type": "FragmentSelector",
            "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
            "value": f"page={note.page.number}",
        }
    ]
    if note.quote:
        selectors.append(
            {"type": "TextQuoteSelector", "exact": note.quote, "prefix": note.prefix, "suffix": note.suffix}
        )
    if note.start is not None:
        selectors.append({"type": "TextPositionSelector", "start": note.start, "end": note.end})
    body = [{"type": "TextualBody", "value": note.body, "format": "text/markdown", "purpose": "commenting"}]
    for link in note.claim_links.all():
        body.append(
            {
                "type": "SpecificResource",
                "purpose": "tagging",
                "source": absolute(reverse("allegation-detail", args=[link.allegation_id])),
            }
        )
    for reply in note.replies.all():
        body.append(
            {
                "type": "TextualBody",
                "value": reply.body,
                "format": "text/markdown",
                "purpose": "replying",
                "creator": person(reply.author),
                "created": reply.created_at.isoformat(),
            }
        )
    return {
        "@context": CONTEXT,
        "id": absolute(reverse("annotation-detail", args=[note.pk])),
        "type": "Annotation",
        "motivation": "commenting",
        "creator": person(note.author),
        "created": note.created_at.isoformat(),
        "modified": note.updated_at.isoformat(),
        "audience": note.visibility,
        "body": body,
        "target": {"source": file_url, "type": "Text", "format": "application/pdf", "selector": selectors},
    }


def person(user) -> dict:
    return {"type": "Person", "nickname": user.username, "name": user.get_full_name() or user.username}


def w3c_collection(notes, *, collection_url: str, request) -> dict:
    items = [w3c_annotation(note, request) for note in notes]
    return {
        "@context": CONTEXT,
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": "caselaw annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "id": collection_url + "#page1", "items": items},
    }
