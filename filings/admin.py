from django.contrib import admin

from caselaw.admin import PolicyAdmin, ReadOnlyAdmin
from filings.models import DesignationChange, Document, Filing, Page


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = [
        "attachment_number",
        "title",
        "original_filename",
        "designation",
        "page_count",
        "status",
        "error",
    ]
    readonly_fields = ["original_filename", "designation", "page_count", "status", "error"]
    show_change_link = True


@admin.register(Filing)
class FilingAdmin(PolicyAdmin):
    list_display = [
        "entry_number",
        "date_filed",
        "kind",
        "short_description",
        "case",
        "sealed",
        "designation",
    ]
    list_filter = ["kind", "sealed", "designation", "case"]
    # Seals and designations change through the designation API (recorded), not here.
    readonly_fields = ["sealed", "designation"]
    search_fields = ["description", "=entry_number"]
    date_hierarchy = "date_filed"
    filter_horizontal = ["filed_by"]
    inlines = [DocumentInline]


@admin.register(Document)
class DocumentAdmin(PolicyAdmin):
    list_display = [
        "__str__",
        "filing",
        "attachment_number",
        "designation",
        "status",
        "page_count",
        "used_ocr",
        "created_at",
    ]
    list_filter = ["status", "designation", "used_ocr", "mime_type"]
    search_fields = ["title", "original_filename", "sha256"]
    readonly_fields = [
        "sha256",
        "size",
        "mime_type",
        "page_count",
        "pages_done",
        "used_ocr",
        "uploaded_by",
        "created_at",
        "processing_started_at",
        "heartbeat_at",
        "indexed_at",
        "attempts",
        "designation",
    ]
    raw_id_fields = ["filing"]


@admin.register(Page)
class PageAdmin(PolicyAdmin):
    list_display = ["document", "number", "from_ocr"]
    list_filter = ["from_ocr"]
    raw_id_fields = ["document"]
    search_fields = ["text"]


@admin.register(DesignationChange)
class DesignationChangeAdmin(ReadOnlyAdmin, PolicyAdmin):
    """The record of designation and seal changes: read-only."""

    list_display = ["changed_at", "filing", "document", "old_designation", "new_designation", "changed_by"]
    list_filter = ["new_designation"]
