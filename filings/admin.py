from django.contrib import admin

from filings.models import Document, Filing, Page


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["attachment_number", "title", "original_filename", "page_count", "status", "error"]
    readonly_fields = ["original_filename", "page_count", "status", "error"]
    show_change_link = True


@admin.register(Filing)
class FilingAdmin(admin.ModelAdmin):
    list_display = ["entry_number", "date_filed", "kind", "short_description", "case", "sealed"]
    list_filter = ["kind", "sealed", "case"]
    search_fields = ["description", "=entry_number"]
    date_hierarchy = "date_filed"
    filter_horizontal = ["filed_by"]
    inlines = [DocumentInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "filing",
        "attachment_number",
        "status",
        "page_count",
        "used_ocr",
        "created_at",
    ]
    list_filter = ["status", "used_ocr", "mime_type"]
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
    ]
    raw_id_fields = ["filing"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "from_ocr"]
    list_filter = ["from_ocr"]
    raw_id_fields = ["document"]
    search_fields = ["text"]
