"""THE access policy: who may see and do what, for every kind of object. Nothing else decides.

Rules, in order:
1. A user reaches a case only through a CaseMembership (staff reach every case; inactive
   and anonymous users reach nothing).
2. Within a case, a membership's clearance caps the protective-order designation of the
   documents it sees (and of everything on them: pages, citations, notes, links). A sealed
   filing's documents count as attorneys' eyes only until it is unsealed.
3. A private annotation, and everything derived from it (its claim links, its place in
   evidence, search filters and exports), reaches its author alone, staff included.
4. What a member may do follows from the role: view, annotate, change, manage.
5. Hidden = missing: everything hidden is filtered out in SQL (`scope`), so a view or
   endpoint answers for it exactly as for an id that does not exist.

Views, viewsets, serializer fields, filter sets, search, file serving and admin ask
`scope` (through `Model.objects.visible_to(user)`), `can` / `require`, and the DRF pieces
at the end of this module.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Greatest
from django.http import Http404
from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied

from caselaw.models import AllegationStatusChange, Case, CaseMembership, Designation, Representation

Role = CaseMembership.Role

# What a member may do in a case.
VIEW = "view"  # read the case and what its clearance allows
ANNOTATE = "annotate"  # write notes and replies, link evidence, review suggestions
CHANGE = "change"  # edit case data and the docket, upload documents
MANAGE = "manage"  # designations and seals, members' roles and clearances, delete the case

ROLE_ACTIONS = {
    Role.LAWYER: {VIEW, ANNOTATE, CHANGE, MANAGE},
    Role.PARALEGAL: {VIEW, ANNOTATE, CHANGE},
    Role.CLIENT: {VIEW},
    Role.VIEWER: {VIEW},
    "staff": {VIEW, ANNOTATE, CHANGE, MANAGE},
}
# Outside counsel's lawyers and paralegals see AEO; the party's own people at most
# confidential (a protective order's AEO tier exists to keep it from them); viewers what a
# lawyer of the case sets, public until then.
DEFAULT_CLEARANCE = {
    Role.LAWYER: Designation.AEO,
    Role.PARALEGAL: Designation.AEO,
    Role.CLIENT: Designation.CONFIDENTIAL,
    Role.VIEWER: Designation.PUBLIC,
}
MAX_CLEARANCE = {**DEFAULT_CLEARANCE, Role.VIEWER: Designation.AEO}

# How each kind of object reaches its case (ORM paths), and its document, if any.
CASE_PATH = {
    "caselaw.Case": "id",
    "caselaw.Party": "case",
    "caselaw.Counsel": "case",
    "caselaw.Representation": "counsel__case",
    "caselaw.Allegation": "case",
    "caselaw.AllegationStatusChange": "allegation__case",
    "caselaw.CaseMembership": "case",
    "filings.Filing": "case",
    "filings.DesignationChange": "filing__case",
    "filings.Document": "filing__case",
    "filings.Page": "case",  # denormalised, so search walls pages without joins
    "filings.Citation": "document__filing__case",
    "filings.Annotation": "document__filing__case",
    "filings.AnnotationRevision": "annotation__document__filing__case",
    "filings.ClaimLink": "document__filing__case",
    "filings.AlertHit": "document__filing__case",
}
DOCUMENT_PATH = {
    "filings.Document": "",
    "filings.Page": "document__",
    "filings.Citation": "document__",
    "filings.Annotation": "document__",
    "filings.AnnotationRevision": "annotation__document__",
    "filings.ClaimLink": "document__",
    "filings.AlertHit": "document__",
}
# Objects derived from an annotation: visible only where the annotation is.
ANNOTATION_PATH = {
    "filings.Annotation": "",
    "filings.AnnotationRevision": "annotation__",
}


def is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_staff(user) -> bool:
    return is_active(user) and user.is_staff


# Roles and clearances


def clearance_for(role: str, requested: int | None) -> int:
    """A membership's clearance: the role's default when none is set, never above its cap."""
    if requested is None:
        return DEFAULT_CLEARANCE[role]
    return min(int(requested), MAX_CLEARANCE[role])


def role_in_case(user, case_id) -> str | None:
    """ "staff" for active staff (whatever their membership), else the membership role."""
    if not is_active(user):
        return None
    if user.is_staff:
        return "staff"
    membership = CaseMembership.objects.filter(user=user, case_id=case_id).first()
    return membership.role if membership else None


# Scoping: what a user may see, as querysets that stay in SQL


def visible_case_ids(user) -> QuerySet:
    """A subquery of the ids of cases `user` may see (use with `__in`, stays in SQL)."""
    if not is_active(user):
        return Case.objects.none().values("id")
    if user.is_staff:
        return Case.objects.values("id")
    return CaseMembership.objects.filter(user=user).values("case_id")


def case_ids_where(user, action: str) -> QuerySet:
    """Ids of cases where `user` may do `action` (a subquery)."""
    if not is_active(user):
        return Case.objects.none().values("id")
    if user.is_staff:
        return Case.objects.values("id")
    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions and role != "staff"]
    return CaseMembership.objects.filter(user=user, role__in=roles).values("case_id")


def changeable_case_ids(user) -> QuerySet:
    return case_ids_where(user, CHANGE)


def designation_level(document_prefix: str = ""):
    """The designation the wall applies to a document, as an SQL expression: its own, or
    AEO while its filing is sealed."""
    sealed_level = Cast(F(f"{document_prefix}filing__sealed"), IntegerField()) * Designation.AEO
    return Greatest(F(f"{document_prefix}designation"), sealed_level)


def cleared(user, document_prefix: str = "") -> Exists:
    """Rows whose document the user's clearance in that document's case allows (needs the
    `_designation_level` alias that `scope` adds)."""
    return Exists(
        CaseMembership.objects.filter(
            user=user,
            case_id=OuterRef(f"{document_prefix}filing__case_id"),
            clearance__gte=OuterRef("_designation_level"),
        )
    )


def scope(queryset: QuerySet, user) -> QuerySet:
    """The rows of `queryset` that `user` may see. Every `visible_to(user)` ends here."""
    model = queryset.model
    label = model._meta.label
    if not is_active(user):
        return queryset.none()
    if label in ("filings.RecentSearch", "filings.SavedSearchSeen"):
        return queryset.filter(user=user)
    if label == "filings.SavedSearch":  # one's own, and those shared with a case one sees
        return queryset.filter(Q(user=user) | Q(shared=True, case_id__in=visible_case_ids(user)))
    if label == "filings.Alert":  # one's own, on a saved search one still sees
        return queryset.filter(user=user).filter(
            Q(saved_search__user=user)
            | Q(saved_search__shared=True, saved_search__case_id__in=visible_case_ids(user))
        )
    if label == "filings.Notification":  # one's own, while it lists a document one still sees
        hits = queryset.model._meta.get_field("hits").related_model.objects.filter(
            notification=OuterRef("pk")
        )
        return queryset.filter(user=user).filter(Exists(scope(hits, user)))
    if label == "filings.AlertHit":  # found for one's own alerts, behind the wall below
        queryset = queryset.filter(Q(alert__user=user) | Q(notification__user=user))
    if label == "caselaw.ApiToken":  # a user's own; staff see everyone's, to revoke them
        return queryset if user.is_staff else queryset.filter(user=user)
    if model is get_user_model():
        return visible_users(queryset, user)
    if label == "caselaw.AuditEvent":
        return audit_events(queryset, user)
    if label not in CASE_PATH:
        raise LookupError(f"The access policy does not know {label}; add it to caselaw/access.py.")
    if label == "caselaw.CaseMembership" and not user.is_staff:
        # Members see their own membership; the case's managers see the whole team.
        return queryset.filter(Q(user=user) | Q(case_id__in=case_ids_where(user, MANAGE)))
    if not user.is_staff:
        queryset = queryset.filter(**{f"{CASE_PATH[label]}__in": visible_case_ids(user)})
        if label in DOCUMENT_PATH:
            prefix = DOCUMENT_PATH[label]
            queryset = queryset.alias(_designation_level=designation_level(prefix))
            queryset = queryset.filter(cleared(user, prefix))
    if label in ANNOTATION_PATH:
        prefix = ANNOTATION_PATH[label]
        queryset = queryset.filter(Q(**{f"{prefix}visibility": "team"}) | Q(**{f"{prefix}author": user}))
    if label == "filings.ClaimLink":
        queryset = queryset.filter(
            Q(annotation__isnull=True) | Q(annotation__visibility="team") | Q(annotation__author=user)
        )
    return queryset


def audit_events(queryset: QuerySet, user) -> QuerySet:
    """Staff read the whole trail; a case's lawyers its events, except what others did with
    private notes (the trail must not reveal a colleague's private work)."""
    if user.is_staff:
        return queryset
    queryset = queryset.filter(case_id__in=case_ids_where(user, MANAGE))
    return queryset.filter(Q(actor_id=user.pk) | ~Q(details__contains={"private": True}))


def visible_users(queryset: QuerySet, user) -> QuerySet:
    """Users who share a case with `user` (and the user): authors, uploaders, teammates."""
    if user.is_staff:
        return queryset
    return queryset.filter(Q(pk=user.pk) | Q(memberships__case_id__in=visible_case_ids(user))).distinct()


def page_wall_sql(user, *, page: str, document: str, filing: str) -> tuple[str, list]:
    """The wall as raw SQL for search over pages (aliases of the page, its document and
    filing): the page's case must be the user's, at a clearance that covers the document's
    designation (AEO while the filing is sealed). Each clearance level is an uncorrelated
    subquery, which PostgreSQL hashes once per statement."""
    if not is_active(user):
        return "FALSE", []
    if user.is_staff:
        return "TRUE", []
    members = "SELECT case_id FROM caselaw_casemembership WHERE user_id = %s"
    level = (
        f"GREATEST({document}.designation, CASE WHEN {filing}.sealed THEN {int(Designation.AEO)} ELSE 0 END)"
    )
    cleared = " ".join(
        f"WHEN {int(d)} THEN {page}.case_id IN ({members} AND clearance >= {int(d)})"
        for d in Designation
        if d > Designation.PUBLIC
    )
    sql = f"{page}.case_id IN ({members}) AND CASE {level} WHEN 0 THEN TRUE {cleared} ELSE FALSE END"
    return sql, [user.pk] * len(Designation)


def page_wall_cases(user) -> dict[int, list[int]] | None:
    """The wall as data, for the search index outside SQL (filings/search/ranked.py):
    the user's cases by the clearance held in each. A page is visible when its case is held
    at a clearance at least the page's level (the rule of page_wall_sql). None: every case
    (staff); {}: no case."""
    if not is_active(user):
        return {}
    if user.is_staff:
        return None
    cases: dict[int, list[int]] = {}
    for case_id, clearance in CaseMembership.objects.filter(user=user).values_list("case_id", "clearance"):
        cases.setdefault(int(clearance), []).append(case_id)
    return cases


def annotation_links_sql(user, *, link: str) -> tuple[str, list]:
    """Raw SQL: the claim link does not come from someone else's private annotation."""
    sql = (
        f"({link}.annotation_id IS NULL OR {link}.annotation_id IN (SELECT id FROM filings_annotation "
        "WHERE visibility = 'team' OR author_id = %s))"
    )
    return sql, [user.pk]


# Actions on objects the user can already see


def case_id_of(obj) -> int:
    """The case an object belongs to."""
    if isinstance(obj, Case):
        return obj.pk
    if hasattr(obj, "case_id"):  # parties, counsel, allegations, memberships, filings, pages
        return obj.case_id
    if isinstance(obj, Representation):
        return obj.counsel.case_id
    if isinstance(obj, AllegationStatusChange):
        return obj.allegation.case_id
    if hasattr(obj, "filing_id"):
        return obj.filing.case_id
    if hasattr(obj, "document_id"):
        return obj.document.filing.case_id
    if hasattr(obj, "annotation_id"):
        return obj.annotation.document.filing.case_id
    raise LookupError(f"The access policy cannot place {type(obj).__name__} in a case.")


def can(user, action: str, obj) -> bool:
    """May `user` do `action` to `obj`? Seeing `obj` is decided by `scope`: pass objects
    fetched through `visible_to(user)`."""
    role = role_in_case(user, case_id_of(obj))
    if role is None:
        return False
    allowed = ROLE_ACTIONS[role]
    label = obj._meta.label
    if label == "filings.Annotation" and action == CHANGE:
        # A note is its author's: only they edit or delete it, while they may annotate.
        return obj.author_id == user.pk and ANNOTATE in allowed
    if label == "filings.ClaimLink" and action == CHANGE:
        # Reviewing a link is annotating; a link made by tagging a note is the note's.
        if obj.annotation_id is not None and obj.annotation.author_id != user.pk:
            return False
        return ANNOTATE in allowed
    return action in allowed


DENIED = {
    VIEW: "You are not a member of this case.",
    ANNOTATE: "Your role in this case cannot annotate or review evidence.",
    CHANGE: "Your role in this case is read-only.",
    MANAGE: "Only the case's lawyers may do this.",
}


def require(user, action: str, obj, message: str = "") -> None:
    """Raise PermissionDenied (403) unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        if obj._meta.label == "filings.Annotation" and action == CHANGE:
            message = message or "Only the author can change or delete this note."
        if obj._meta.label == "filings.ClaimLink" and action == CHANGE and obj.annotation_id:
            message = message or "This link comes from a note; its author changes it by editing the note."
        raise PermissionDenied(message or DENIED[action])


def may_open_cases(user) -> bool:
    """Only staff, or users given the "may open cases" permission, open new cases."""
    return is_active(user) and (user.is_staff or user.has_perm("caselaw.open_case"))


def get_case_or_404(user, case_id) -> Case:
    """The case if `user` may see it; 404 otherwise, so its existence is not revealed."""
    try:
        return Case.objects.visible_to(user).select_related("court").get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case.") from None


def actions_in_case(user, case_id) -> set[str]:
    """Everything `user` may do in the case (one query), for pages that show several buttons."""
    role = role_in_case(user, case_id)
    return set(ROLE_ACTIONS[role]) if role else set()


def can_view_case(user, case_id) -> bool:
    return role_in_case(user, case_id) is not None


def can_change_case(user, case_id) -> bool:
    role = role_in_case(user, case_id)
    return role is not None and CHANGE in ROLE_ACTIONS[role]


def can_annotate_case(user, case_id) -> bool:
    role = role_in_case(user, case_id)
    return role is not None and ANNOTATE in ROLE_ACTIONS[role]


def can_manage_case(user, case_id) -> bool:
    role = role_in_case(user, case_id)
    return role is not None and MANAGE in ROLE_ACTIONS[role]


# DRF: declared once per viewset


class PolicyPermission(permissions.IsAuthenticated):
    """Reads are scoped by the viewset's queryset (`visible_to`); a write to an object asks
    `can(user, view.write_action, obj)`. Creation is checked on the parent by the viewset."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        action_for = getattr(view, "write_action_for", None)
        require(request.user, action_for(obj, request) if action_for else MANAGE, obj)
        return True
