"""HTML pages and file downloads of the document domain, behind the access gate."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from filings.models import Document


def visible_document_or_404(user, document_id: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(user).select_related("filing__case__court"), pk=document_id
    )


@login_required
def document_detail(request, document_id: int):
    document = visible_document_or_404(request.user, document_id)
    pages = document.pages.only("number", "from_ocr", "text")
    return render(request, "filings/document_detail.html", {"document": document, "pages": pages})


@login_required
def document_file(request, document_id: int):
    """The original file, streamed through the gate; never from a public media URL."""
    document = visible_document_or_404(request.user, document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    download = request.GET.get("download") == "1"
    return FileResponse(
        handle,
        as_attachment=download,
        filename=document.original_filename,
        content_type=document.mime_type or "application/octet-stream",
    )
