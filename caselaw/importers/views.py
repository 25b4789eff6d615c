"""Pages for importing a PACER docket: upload (new case or update), preview, confirm."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from caselaw import access
from caselaw.importers.api import MAX_DOCKET_BYTES
from caselaw.importers.models import DocketImport
from caselaw.importers.pacer import DocketImportError
from caselaw.importers.services import docket_import_apply, docket_import_preview


class DocketFileForm(forms.Form):
    file = forms.FileField(
        label="Docket report (HTML)",
        error_messages={"required": "Choose the docket report's HTML file, as saved from PACER."},
    )


@login_required
def docket_import(request):
    """Upload a docket report: `?case=ID` updates that case, otherwise a case is matched by
    its court and docket number, or opened."""
    case = access.get_case_or_404(request.user, request.GET["case"]) if request.GET.get("case") else None
    form = DocketFileForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_DOCKET_BYTES:
                form.add_error("file", "This file is larger than a docket report.")
            else:
                try:
                    imported = docket_import_preview(
                        user=request.user, html=upload.read(), filename=upload.name, case=case
                    )
                except DocketImportError as error:
                    form.add_error("file", error.message)
                else:
                    return redirect("docket_import_detail", import_id=imported.pk)
    context = {"form": form, "case": case, "may_open": access.may_open_cases(request.user)}
    return render(request, "caselaw/docket_import.html", context, status=status)


@login_required
def docket_import_detail(request, import_id: int):
    """The preview (what importing would do), or what it did."""
    imported = get_object_or_404(DocketImport, pk=import_id, user=request.user)
    return render(
        request, "caselaw/docket_import_detail.html", {"imported": imported, "plan": imported.summary}
    )


@login_required
@require_POST
def docket_import_confirm(request, import_id: int):
    imported = get_object_or_404(DocketImport, pk=import_id, user=request.user)
    try:
        result = docket_import_apply(docket_import=imported, user=request.user)
    except DocketImportError as error:
        messages.error(request, error.message)
        return redirect("docket_import_detail", import_id=imported.pk)
    messages.success(request, f"Imported: {imported.summary.get('summary', '')}")
    return redirect(result.case.get_absolute_url())
