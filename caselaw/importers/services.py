"""Docket import as a user does it: upload and preview, then confirm. Pages, the API and
`manage.py import_docket` call these two services; both ask the access policy.

Who may import: into a case, those who may change it (lawyers, paralegals, staff); as a new
case, those who may open cases. A docket whose case is held here but hidden from the user
is refused with the same words as a user who may not open cases gets, which name no case:
see NEW_CASE_REFUSED.
"""

from django.db import transaction
from django.utils import timezone

from caselaw import access
from caselaw.importers.apply import ImportResult, apply_import
from caselaw.importers.models import DocketImport
from caselaw.importers.pacer import DocketImportError, decode, parse_docket
from caselaw.importers.plan import ImportPlan, plan_import
from caselaw.models import Case, normalize_docket_number

# The docket is public, the firm's case file and its team are not. A user who cannot see
# the case a docket matches must learn nothing of it, so the refusal is the one any user
# who may not open cases gets, and says only what the user may not do.
NEW_CASE_REFUSED = "You cannot import this docket as a new case. Ask an administrator to import it for you."
NO_SUCH_CASE = "No such case."
NO_SUCH_IMPORT = "No such docket import."
SIGN_IN = "Sign in to import a docket."


def docket_import_preview(
    *, user, html: str | bytes, filename: str = "", case: Case | None = None, court_hint: str = ""
) -> DocketImport:
    """Read and plan an uploaded docket, and keep it for the user to confirm. Bad input and
    refusals raise DocketImportError before anything is saved. `court_hint` names the court
    (its PACER id, e.g. cand) of a docket that does not say."""
    check_case(user, case)
    text = decode(html)
    plan = plan_for(user, parse_docket(text, court_hint=court_hint), case=case)
    return DocketImport.objects.create(
        user=user,
        case=plan.case,
        html=text,
        filename=(filename or "")[:255],
        summary=plan.as_dict(),
    )


def docket_import_apply(*, docket_import: DocketImport, user) -> ImportResult:
    """Apply a previewed docket: read and planned again (the case may have changed since the
    preview), written in one transaction. Applying twice is refused."""
    try:
        with transaction.atomic():
            held = (
                DocketImport.objects.select_for_update().filter(pk=docket_import.pk, user_id=user.pk).first()
            )
            if held is None or not access.is_active(user):
                raise Refused(NO_SUCH_IMPORT)
            if held.status == DocketImport.Status.APPLIED:
                when = timezone.localtime(held.applied_at)
                raise Refused(
                    f"This docket was already imported on {when:%m/%d/%Y at %H:%M}. Upload it again "
                    "to bring in newer entries."
                )
            check_case(user, held.case)
            parsed = parse_docket(held.html, court_hint=(held.summary.get("docket") or {}).get("court", ""))
            lock_case(parsed, held.case)
            plan = plan_for(user, parsed, case=held.case)
            result = apply_import(plan, user=user)
            held.status = DocketImport.Status.APPLIED
            held.applied_at = timezone.now()
            held.result_case = result.case
            held.case = result.case
            held.error = ""
            held.save(update_fields=["status", "applied_at", "result_case", "case", "error"])
    except Refused as refused:
        raise DocketImportError(refused.message) from None
    except DocketImportError as error:
        DocketImport.objects.filter(pk=docket_import.pk).update(
            status=DocketImport.Status.FAILED, error=error.message
        )
        raise
    docket_import.refresh_from_db()
    return result


class Refused(DocketImportError):
    """A refusal that leaves the import as it was (not marked failed)."""


def check_case(user, case: Case | None) -> None:
    if not access.is_active(user):
        raise Refused(SIGN_IN)
    if case is None:
        return
    if not access.can_view_case(user, case.pk):
        raise Refused(NO_SUCH_CASE)
    if not access.can(user, access.CHANGE, case):
        raise Refused(access.DENIED[access.CHANGE])


def plan_for(user, parsed, *, case: Case | None) -> ImportPlan:
    """The plan, if the user may carry it out."""
    plan = plan_import(parsed, case=case)
    if case is not None:
        return plan
    if plan.case is None:
        if not access.may_open_cases(user):
            raise DocketImportError(NEW_CASE_REFUSED)
        return plan
    if not access.can_view_case(user, plan.case.pk):
        raise DocketImportError(NEW_CASE_REFUSED)
    if not access.can(user, access.CHANGE, plan.case):
        raise DocketImportError(
            f"This docket is for {plan.case.short_name}, where your role is read-only; ask one of its "
            "lawyers or paralegals to import it."
        )
    return plan


def lock_case(parsed, case: Case | None) -> None:
    """Hold the case the docket goes into until the transaction ends, so two imports of one
    docket cannot both add its numberless entries."""
    if case is None:
        normalized = normalize_docket_number(parsed.docket_number)
        Case.objects.select_for_update().filter(
            court__code=parsed.court_id, docket_number_normalized=normalized
        ).values_list("pk").first()
    else:
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
