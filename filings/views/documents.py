"""HTML pages and file downloads of the document domain, behind the access gate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from caselaw import access
from caselaw.models import Designation
from filings import ranges, viewer
from filings.api import upload_files
from filings.models import ClaimLink, Document, Filing
from filings.services import document_designate
from filings.services.reads import document_accesses, document_file_read, document_view
from filings.uploads import PDF_MIME


def visible_document_or_404(user, document_id: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(user).select_related("filing__case__court"), pk=document_id
    )


@login_required
def document_detail(request, document_id: int):
    """The viewer: the PDF (drawn by pdf.js in the browser) beside what we know of it,
    and the notes on it (loaded by the page from the annotations API)."""
    document = visible_document_or_404(request.user, document_id)
    document_view(document=document, user=request.user)
    actions = access.actions_in_case(request.user, document.filing.case_id)
    q = request.GET.get("q", "").strip()
    context = {
        "document": document,
        "is_pdf": document.mime_type == PDF_MIME,
        "q": q,
        "citation_groups": viewer.citations_by_kind(document),
        "ocr_pages": viewer.ocr_page_texts(document),
        "matching_pages": viewer.pages_matching(document, q) if q else [],
        "highlight_stems": viewer.highlight_stems(q),
        "allegations": viewer.allegation_choices(document),
        "can_annotate": access.ANNOTATE in actions,
        "can_manage": access.MANAGE in actions,
        "can_change": access.CHANGE in actions,
        "accessed_by": document_accesses(document, request.user) if access.MANAGE in actions else [],
        "designations": Designation.choices,
        "evidence_links": ClaimLink.objects.visible_to(request.user)
        .filter(document=document, annotation__isnull=True)
        .exclude(status="rejected")
        .select_related("allegation", "page")
        .order_by("allegation__count_number", "page__number"),
    }
    return render(request, "filings/document_detail.html", context)


@login_required
def document_file(request, document_id: int):
    """The original file, streamed through the gate; never from a public media URL.

    A single byte range is answered with 206 and only those bytes, so pdf.js can show
    page 1 of a large PDF before the rest has arrived.
    """
    document = visible_document_or_404(request.user, document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    document_file_read(document=document, user=request.user)
    size = handle.size
    try:
        byte_range = ranges.requested_range(range_header(request), size)
    except ranges.RangeNotSatisfiable:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return sandboxed(response)
    if byte_range:
        handle = ranges.FileSlice(handle, byte_range.first, byte_range.length)
    # Only a file sniffed as a PDF is shown in the browser; anything else (an HTML page
    # named brief.pdf, say) is a download, never a page of this site.
    is_pdf = document.mime_type == PDF_MIME
    response = FileResponse(
        handle,
        status=206 if byte_range else 200,
        as_attachment=not is_pdf or request.GET.get("download") == "1",
        filename=document.original_filename,
        content_type=PDF_MIME if is_pdf else "application/octet-stream",
    )
    response["Accept-Ranges"] = "bytes"
    if byte_range:
        response["Content-Range"] = byte_range.content_range
        response["Content-Length"] = byte_range.length
    return sandboxed(response)


def sandboxed(response):
    """A stored file is never sniffed into another type and, if opened, runs in a sandbox
    with no access to the site. django-csp keeps a policy the view has set, so this one
    replaces the site-wide policy rather than joining it."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def range_header(request) -> str | None:
    # We send no validators, so an If-Range can never match: then the whole file is sent.
    if "If-Range" in request.headers:
        return None
    return request.headers.get("Range")


@login_required
@require_POST
def filing_upload(request, filing_id: int):
    """The browser's upload form: one or more files onto a docket entry."""
    filing = get_object_or_404(Filing.objects.visible_to(request.user), pk=filing_id)
    if not access.can(request.user, access.CHANGE, filing):
        raise PermissionDenied
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, "Choose one or more PDF files to upload.")
        return redirect(filing.case.get_absolute_url() + f"#entry-{filing.entry_number}")
    result, _ = upload_files(filing=filing, files=files, user=request.user)
    for document in result["documents"]:
        if document.status == Document.Status.FAILED:
            messages.error(request, f"{document.original_filename}: {document.error}")
        else:
            messages.success(request, f"{document.original_filename} uploaded; processing has started.")
    for dup in result["duplicates"]:
        messages.warning(request, f"{dup['filename']}: already on this docket entry, not stored again.")
    for no in result["rejected"]:
        messages.error(request, f"{no['filename']}: {no['detail']}")
    return redirect(filing.case.get_absolute_url() + f"#entry-{filing.entry_number}")


@login_required
def document_progress(request, document_id: int):
    """The document's status fragment; the docket polls it (htmx) while processing."""
    document = visible_document_or_404(request.user, document_id)
    return render(request, "filings/_document_status.html", {"doc": document})


@login_required
@require_POST
def document_designation(request, document_id: int):
    """A lawyer designates the document under the protective order (recorded)."""
    document = visible_document_or_404(request.user, document_id)
    if not access.can(request.user, access.MANAGE, document):
        raise PermissionDenied
    value = request.POST.get("designation", "")
    if value not in {str(v) for v in Designation.values}:
        return render(
            request,
            "400.html",
            {"message": "Choose public, confidential or attorneys' eyes only."},
            status=400,
        )
    document_designate(
        document=document, designation=int(value), user=request.user, note=request.POST.get("note", "")[:300]
    )
    messages.success(request, f"Designated {Designation(int(value)).label.lower()}.")
    return redirect(document.get_absolute_url())


@login_required
@require_POST
def document_title(request, document_id: int):
    """Rename a document (its title is first read from its caption; a name is a human's
    to correct). Blank goes back to the file name."""
    document = visible_document_or_404(request.user, document_id)
    if not access.can(request.user, access.CHANGE, document):
        raise PermissionDenied
    title = " ".join(request.POST.get("title", "").split())
    if len(title) > 300:
        return render(request, "400.html", {"message": "A title has at most 300 characters."}, status=400)
    Document.objects.filter(pk=document.pk).update(title=title)
    messages.success(request, "Title saved." if title else "Title cleared: the file name shows instead.")
    return redirect(document.get_absolute_url())
