"""The document domain: docket entries, their files, and the text of every page."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse

from caselaw.models import Case, Designation, Party, PolicyQuerySet, write_once


class Filing(models.Model):
    """A docket entry."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint"
        ANSWER = "answer", "Answer"
        MOTION = "motion", "Motion"
        OPPOSITION = "opposition", "Opposition"
        REPLY = "reply", "Reply"
        ORDER = "order", "Order"
        DECLARATION = "declaration", "Declaration"
        EXHIBIT = "exhibit", "Exhibit"
        TRANSCRIPT = "transcript", "Transcript"
        NOTICE = "notice", "Notice"
        STIPULATION = "stipulation", "Stipulation"
        LETTER = "letter", "Letter"
        MINUTES = "minutes", "Minute entry"
        SUMMONS = "summons", "Summons"
        JUDGMENT = "judgment", "Judgment"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="filings")
    # Empty for entries without a document number (text-only minute entries and orders).
    entry_number = models.PositiveIntegerField(null=True, blank=True, help_text="ECF number")
    date_filed = models.DateField()
    date_entered = models.DateField(null=True, blank=True)
    pacer_doc_id = models.CharField(max_length=32, blank=True)
    pacer_seq_no = models.PositiveIntegerField(null=True, blank=True, help_text="PACER's sequence number")
    docket_position = models.PositiveIntegerField(
        null=True, blank=True, help_text="Row on the imported docket (1 is the first), numberless entries too"
    )
    # What the last docket import said of this entry (caselaw/importers): a value differing
    # from it was edited by hand, and a re-import keeps it.
    imported = models.JSONField(null=True, blank=True, editable=False)
    description = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    filed_by = models.ManyToManyField(Party, blank=True, related_name="filings")
    sealed = models.BooleanField(default=False, help_text="Sealed entries count as attorneys' eyes only")
    designation = models.PositiveSmallIntegerField(
        choices=Designation.choices,
        default=Designation.PUBLIC,
        help_text="Protective-order designation its new documents start with",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["case", "entry_number"]
        triggers = [write_once("case")]
        constraints = [
            models.UniqueConstraint(fields=["case", "entry_number"], name="one_entry_number_per_case")
        ]
        indexes = [models.Index(fields=["case", "date_filed"])]

    def __str__(self):
        if self.entry_number is None:
            return f"Entry of {self.date_filed}: {self.short_description}"
        return f"ECF {self.entry_number}: {self.short_description}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Pages carry a copy of the filing date for search; keep it in step.
        Page.objects.filter(document__filing=self).exclude(date_filed=self.date_filed).update(
            date_filed=self.date_filed
        )

    @property
    def short_description(self) -> str:
        return self.description if len(self.description) <= 90 else self.description[:87] + "…"


class Document(models.Model):
    """A file attached to a filing: the main document (attachment 0) or attachment N."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        # Every page's text layer is indexed; OCR of the scanned pages continues.
        SEARCHABLE = "searchable", "Searchable, OCR continues"
        INDEXED = "indexed", "Indexed"
        FAILED = "failed", "Failed"

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="documents")
    attachment_number = models.PositiveIntegerField(default=0, help_text="0 is the main document")
    title = models.CharField(max_length=300, blank=True)
    original_filename = models.CharField(max_length=255)
    file = models.FileField(max_length=255, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    mime_type = models.CharField(max_length=100, editable=False)
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True, help_text="Why processing failed, in plain words")
    pages_done = models.PositiveIntegerField(default=0)
    used_ocr = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    processing_started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(null=True, blank=True)
    # When its text layer was indexed, if its scanned pages were left for OCR to fill in.
    searchable_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.CharField(max_length=64, blank=True, editable=False)
    designation = models.PositiveSmallIntegerField(
        choices=Designation.choices,
        default=Designation.PUBLIC,
        help_text="Protective-order designation (from its filing when uploaded)",
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["filing", "attachment_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "attachment_number"], name="one_attachment_number_per_filing"
            ),
        ]
        # Not unique: a copy above an uploader's clearance is not a duplicate for them
        # (see services.uploads.copies_seen_by); the blob is stored once all the same.
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["filing", "sha256"]),
            # Whose turn it is: an uploader's last document taken (filings/pipeline/turns.py).
            models.Index(fields=["uploaded_by", "processing_started_at"], name="document_uploader_turn"),
            # Documents ready lately, for the alerts' sweep (filings/services/alert_matching.py).
            models.Index(fields=["indexed_at"], name="document_indexed_at"),
            models.Index(fields=["searchable_at"], name="document_searchable_at"),
        ]
        triggers = [write_once("filing")]

    def __str__(self):
        return self.title or self.original_filename

    def get_absolute_url(self):
        return reverse("document_detail", args=[self.pk])

    @property
    def effective_designation(self) -> Designation:
        """What the wall applies: the document's designation, or AEO while its filing is sealed."""
        sealed = Designation.AEO if self.filing.sealed else Designation.PUBLIC
        return Designation(max(self.designation, sealed))

    @property
    def designation_badge(self) -> str:
        """The short label lists show beside the document ("" when public)."""
        return {Designation.CONFIDENTIAL: "Confidential", Designation.AEO: "AEO"}.get(self.designation, "")

    @property
    def progress_percent(self) -> int:
        if self.status == self.Status.INDEXED:
            return 100
        if not self.page_count:
            return 0
        return int(100 * self.pages_done / self.page_count)

    @property
    def ocr_pages_left(self) -> int:
        """Pages still waiting for OCR while the document is searchable."""
        if self.status != self.Status.SEARCHABLE or not self.page_count:
            return 0
        return max(0, self.page_count - self.pages_done)

    @property
    def progress_text(self) -> str:
        """Where processing stands, in words: "Searchable — 380 of 391 pages; OCR of 11
        pages continues"."""
        total = self.page_count or 0
        if self.status == self.Status.SEARCHABLE:
            left = self.ocr_pages_left
            pages = f"{left} page{'s' * (left != 1)}"
            return f"Searchable — {self.pages_done} of {total} pages; OCR of {pages} continues"
        if self.status == self.Status.PROCESSING:
            return f"Processing — {self.pages_done} of {total or '?'} pages read"
        return self.get_status_display()


class WordPairs(models.Func):
    """caselaw_word_pairs(search_vector): the page's pairs of neighbouring lexemes, each as
    a bucket (see migration 0006)."""

    function = "caselaw_word_pairs"
    output_field = SearchVectorField()


class Page(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Keys of the page's words with the stop words beside them, for quoted phrases that
    # hold stop words ("not the court"): filings/search/stop_phrases.py.
    phrase_keys = SearchVectorField(null=True, editable=False)
    from_ocr = models.BooleanField(default=False)  # OCR read some or all of the text
    # Indexed with its text layer (or none) while OCR, a follow-up, has yet to read it.
    ocr_pending = models.BooleanField(default=False, db_default=False)

    class TextSource(models.TextChoices):
        LAYER = "layer", "Text layer"
        OCR = "ocr", "OCR"
        BOTH = "both", "Text layer and OCR"
        NONE = "none", "No text"

    # Where the page's text came from, and why (e.g. "scanned page: read with OCR; the
    # e-filing stamp kept from the text layer"), for the viewer's Text tab and the API.
    # Defaults in the database too: rows written by SQL that predates these columns (an
    # older worker during a deploy, the search benchmark's corpus) get them.
    text_source = models.CharField(
        max_length=5, choices=TextSource.choices, default=TextSource.LAYER, db_default=TextSource.LAYER
    )
    text_note = models.CharField(max_length=300, blank=True, default="", db_default="")
    ocr_confidence = models.FloatField(
        null=True, blank=True, help_text="tesseract's mean word confidence, 0–100"
    )
    # Copies of the filing's case and date, kept in step by the pipeline and
    # Filing.save(), so search can wall off and sort a million pages without joins.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", editable=False)
    date_filed = models.DateField(editable=False)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        triggers = [write_once("document", "case")]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_page_number_per_document")
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="page_search_vector_gin"),
            # Each pair of neighbouring words ("fair_use"), for quoted phrases: see
            # migration 0006 and filings/search/engine.py.
            GinIndex(WordPairs("search_vector"), name="page_word_pairs_gin"),
            GinIndex(fields=["phrase_keys"], name="page_phrase_keys_gin"),
            models.Index(fields=["case", "date_filed"], name="page_case_date"),
            models.Index(fields=["date_filed"], name="page_date"),
        ]

    def __str__(self):
        return f"{self.document}, page {self.number}"


class Citation(models.Model):
    """A statute or case cited on a page, as eyecite found it, in normalised form."""

    class Kind(models.TextChoices):
        STATUTE = "statute", "Statute"
        CASE = "case", "Case"

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="citations")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    normalized = models.CharField(max_length=200, db_index=True)
    matched_text = models.CharField(max_length=300)
    pin = models.CharField(max_length=60, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["document", "page", "start"]
        triggers = [write_once("page", "document")]
        constraints = [models.UniqueConstraint(fields=["page", "start"], name="one_citation_per_position")]

    def __str__(self):
        return self.matched_text


class RecentSearch(models.Model):
    """What a user searched for, so a paralegal can retrace their steps."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    query_string = models.CharField(max_length=1000, help_text="The search URL's query string")
    q = models.CharField(max_length=500)
    result_count = models.PositiveIntegerField(default=0)
    searched_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-searched_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "query_string"], name="one_recent_search_per_query")
        ]

    def __str__(self):
        return self.q
