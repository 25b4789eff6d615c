"""Annotations and claim links: the writes (each in one transaction), anchoring a quote
in page text, and rendering a note's body safely."""

import re

import markdown
import nh3
from django.db import transaction

from caselaw import audit
from caselaw.audit import Action
from caselaw.models import Allegation
from filings.models import Annotation, AnnotationRevision, ClaimLink, Page

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
}


def markdown_without_html() -> markdown.Markdown:
    """Markdown that treats raw HTML as text: "<script>" in a note is shown, not run."""
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_body(body: str) -> str:
    """A note's Markdown as HTML that is safe to show, sanitised once more with nh3."""
    rendered = markdown_without_html().convert(body)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        link_rel="noopener noreferrer nofollow",
    )


def _flexible(text: str) -> str:
    """A regex matching `text` with any run of whitespace (or none at a line break)."""
    words = text.split()
    return r"\s*".join(re.escape(word) for word in words)


def anchor(page_text: str, quote: str, prefix: str = "", suffix: str = "") -> tuple[int, int] | None:
    """Where `quote` sits in the page's stored text, ignoring differences in whitespace
    (the PDF viewer's text layer and our extraction break lines differently). With
    several occurrences, the one whose surroundings best match prefix/suffix wins."""
    if not quote.strip():
        return None
    matches = list(re.finditer(_flexible(quote), page_text))
    if not matches:
        return None

    def context_score(match) -> int:
        before = " ".join(page_text[max(0, match.start() - 200) : match.start()].split())
        after = " ".join(page_text[match.end() : match.end() + 200].split())
        want_before, want_after = " ".join(prefix.split()), " ".join(suffix.split())
        score = 0
        while score < len(want_before) and before.endswith(want_before[len(want_before) - score - 1 :]):
            score += 1
        common = 0
        while common < min(len(after), len(want_after)) and after[common] == want_after[common]:
            common += 1
        return score + common

    best = max(matches, key=context_score)
    return best.start(), best.end()


def set_allegations(annotation: Annotation, allegations: list[Allegation], user) -> None:
    """Tag the annotation with exactly these allegations (claim links, source annotation)."""
    keep = {a.pk for a in allegations}
    annotation.claim_links.exclude(allegation_id__in=keep).delete()
    have = set(annotation.claim_links.values_list("allegation_id", flat=True))
    for allegation in allegations:
        if allegation.pk in have:
            continue
        ClaimLink.objects.create(
            allegation=allegation,
            document=annotation.document,
            page=annotation.page,
            annotation=annotation,
            source=ClaimLink.Source.ANNOTATION,
            status=ClaimLink.Status.CONFIRMED,
            score=1.0,
            created_by=user,
            reason=f"annotated on page {annotation.page.number}",
        )


@transaction.atomic
def annotation_create(
    *,
    page: Page,
    author,
    body: str,
    quote: str = "",
    prefix: str = "",
    suffix: str = "",
    visibility: str = Annotation.Visibility.TEAM,
    allegations: list[Allegation] = (),
) -> Annotation:
    span = anchor(page.text, quote, prefix, suffix)
    annotation = Annotation.objects.create(
        document=page.document,
        page=page,
        author=author,
        body=body,
        quote=" ".join(quote.split()),
        prefix=prefix[-200:],
        suffix=suffix[:200],
        start=span[0] if span else None,
        end=span[1] if span else None,
        visibility=visibility,
    )
    set_allegations(annotation, list(allegations), author)
    record_note(Action.ANNOTATION_CREATED, annotation, author)
    return annotation


def record_note(action: str, annotation: Annotation, user) -> None:
    """On the trail: which note, on which page; never its words (they are work product)."""
    audit.record(
        action,
        actor=user,
        case_id=annotation.page.case_id,
        obj=annotation,
        details={
            "document": annotation.document_id,
            "page": annotation.page.number,
            "private": annotation.visibility == Annotation.Visibility.PRIVATE,
            "reply_to": annotation.parent_id,
        },
    )


@transaction.atomic
def annotation_delete(*, annotation: Annotation, user) -> None:
    record_note(Action.ANNOTATION_DELETED, annotation, user)
    annotation.delete()


@transaction.atomic
def annotation_reply(*, parent: Annotation, author, body: str) -> Annotation:
    """Replies join the thread of the top-level note and share its visibility."""
    root = parent.parent or parent
    reply = Annotation.objects.create(
        document=root.document,
        page=root.page,
        parent=root,
        author=author,
        body=body,
        visibility=root.visibility,
    )
    record_note(Action.ANNOTATION_CREATED, reply, author)
    return reply


@transaction.atomic
def annotation_edit(
    *,
    annotation: Annotation,
    body: str | None = None,
    visibility: str | None = None,
    allegations: list[Allegation] | None = None,
    user=None,
) -> Annotation:
    """Change a note, keeping its earlier body as a revision."""
    fields = []
    if body is not None and body != annotation.body:
        AnnotationRevision.objects.create(annotation=annotation, body=annotation.body)
        annotation.body = body
        fields.append("body")
    if visibility is not None and visibility != annotation.visibility and annotation.parent_id is None:
        annotation.visibility = visibility
        fields.append("visibility")
        annotation.replies.update(visibility=visibility)
    if fields:
        annotation.save(update_fields=[*fields, "updated_at"])
    if allegations is not None and annotation.parent_id is None:
        set_allegations(annotation, allegations, user or annotation.author)
    record_note(Action.ANNOTATION_EDITED, annotation, user or annotation.author)
    return annotation


@transaction.atomic
def claim_link_review(*, link: ClaimLink, status: str, user) -> ClaimLink:
    """Confirm or reject a link. A rejected suggestion stays (rejected), so the pipeline
    never proposes it again."""
    before = link.status
    link.status = status
    link.created_by = link.created_by or user
    link.save(update_fields=["status", "created_by", "updated_at"])
    record_link(link, user, before=before)
    return link


def record_link(link: ClaimLink, user, *, before: str = "") -> None:
    audit.record(
        Action.CLAIM_LINK,
        actor=user,
        case_id=link.allegation.case_id,
        obj=link,
        details={
            "allegation": link.allegation_id,
            "document": link.document_id,
            "from": before,
            "to": link.status,
            "private": bool(
                link.annotation_id and link.annotation.visibility == Annotation.Visibility.PRIVATE
            ),
        },
    )


@transaction.atomic
def claim_link_create(*, allegation: Allegation, document, page: Page | None, user) -> ClaimLink:
    """A lawyer links a document (or one page) to an allegation by hand: confirmed."""
    link, _ = ClaimLink.objects.update_or_create(
        allegation=allegation,
        document=document,
        page=page,
        source=ClaimLink.Source.MANUAL,
        annotation=None,
        defaults={
            "status": ClaimLink.Status.CONFIRMED,
            "created_by": user,
            "score": 1.0,
            "reason": f"linked by {user.get_full_name() or user.username}",
        },
    )
    record_link(link, user)
    return link


def record_export(*, user, document: str, case: str, count: int) -> None:
    """A W3C export of notes is on the trail (what was asked, how many notes went out)."""
    case_id = int(case) if case.isdigit() else None
    if document.isdigit():
        case_id = Page.objects.filter(document_id=document).values_list("case_id", flat=True).first()
    audit.record(
        Action.EXPORT,
        actor=user,
        case_id=case_id,
        details={
            "format": "w3c-annotations",
            "document": document or None,
            "case": case or None,
            "notes": count,
        },
    )
