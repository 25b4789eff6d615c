"""Evidence: lawyers' annotations on page text, and links tying documents, pages and
annotations to the allegations they bear on."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from caselaw.models import PolicyQuerySet, write_once
from filings.models.documents import Document, Page


class Annotation(models.Model):
    """A note anchored to a passage of a page (or a reply in its thread).

    The anchor is the exact quote with some text before and after it, plus character
    offsets in the page's stored text, so it can be found again when the page is shown.
    """

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Only me"
        TEAM = "team", "Case team"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="annotations")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="annotations")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    quote = models.TextField(blank=True)
    prefix = models.CharField(max_length=200, blank=True)
    suffix = models.CharField(max_length=200, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Offset in the page text")
    end = models.PositiveIntegerField(null=True, blank=True)
    body = models.TextField(help_text="Plain text or Markdown")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.TEAM)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["document", "page__number", "start", "created_at"]
        indexes = [models.Index(fields=["document", "page"])]
        triggers = [write_once("document", "page", "parent", "author")]

    def __str__(self):
        return (self.quote or self.body)[:60]

    def get_absolute_url(self):
        return reverse("document_detail", args=[self.document_id]) + (
            f"?page={self.page.number}&annotation={self.root_id}"
        )

    @property
    def root_id(self) -> int:
        return self.parent_id or self.pk


class AnnotationRevision(models.Model):
    """An earlier body of an annotation, kept when its author edits it."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["annotation", "edited_at"]
        triggers = [write_once("annotation")]


class ClaimLink(models.Model):
    """Evidence tying a document (or one page of it) to an allegation of its case."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Manual"
        ANNOTATION = "annotation", "Annotation"
        CITATION = "citation", "Citation match"
        SUGGESTION = "suggestion", "Text match"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    allegation = models.ForeignKey("caselaw.Allegation", on_delete=models.CASCADE, related_name="claim_links")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="claim_links")
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    annotation = models.ForeignKey(
        Annotation, null=True, blank=True, on_delete=models.CASCADE, related_name="claim_links"
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    score = models.FloatField(default=0)
    reason = models.CharField(max_length=300, blank=True, help_text='e.g. "cites 17 U.S.C. § 1202 on page 4"')
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["allegation", "document", "page"]
        triggers = [write_once("allegation", "document", "page", "annotation")]
        constraints = [
            models.UniqueConstraint(
                fields=["allegation", "document", "page", "source", "annotation"],
                name="one_link_per_source",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.allegation} ← {self.document} ({self.get_status_display()})"
