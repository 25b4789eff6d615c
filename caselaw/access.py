"""The access gate: the one place that decides who may see or change a case.

Every view, API endpoint, search query and file download asks these functions (or the
`visible_to(user)` querysets built on them). Staff see every case; anyone else sees a
case only through a CaseMembership; inactive and anonymous users see nothing.
"""

from django.db.models import QuerySet
from django.http import Http404

from caselaw.models import Case, CaseMembership

WRITE_ROLES = (CaseMembership.Role.LAWYER, CaseMembership.Role.PARALEGAL)


def visible_case_ids(user) -> QuerySet:
    """A subquery of the ids of cases `user` may see (use with `__in`, stays in SQL)."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none().values("id")
    if user.is_staff:
        return Case.objects.values("id")
    return CaseMembership.objects.filter(user=user).values("case_id")


def changeable_case_ids(user) -> QuerySet:
    """Ids of cases where `user` may add or change documents and data."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none().values("id")
    if user.is_staff:
        return Case.objects.values("id")
    return CaseMembership.objects.filter(user=user, role__in=WRITE_ROLES).values("case_id")


def role_in_case(user, case_id) -> str | None:
    """ "staff" for active staff (whatever their membership), else the membership role."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_staff:
        return "staff"
    membership = CaseMembership.objects.filter(user=user, case_id=case_id).first()
    return membership.role if membership else None


def can_view_case(user, case_id) -> bool:
    return role_in_case(user, case_id) is not None


def can_change_case(user, case_id) -> bool:
    role = role_in_case(user, case_id)
    if role is None:
        return False
    return role == "staff" or role in WRITE_ROLES


def can_annotate_case(user, case_id) -> bool:
    """Lawyers and paralegals mark up filings; viewers only read the team's annotations."""
    role = role_in_case(user, case_id)
    return role in ("staff", CaseMembership.Role.LAWYER, CaseMembership.Role.PARALEGAL)


def get_case_or_404(user, case_id) -> Case:
    """The case if `user` may see it; 404 otherwise, so its existence is not revealed."""
    try:
        return Case.objects.visible_to(user).select_related("court").get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case.") from None
