from django.contrib import admin

from caselaw.audit import AuditEvent
from caselaw.models import (
    Allegation,
    AllegationStatusChange,
    Case,
    CaseMembership,
    Counsel,
    Court,
    Party,
    Representation,
    write_once_fields,
)


class PolicyAdmin(admin.ModelAdmin):
    """Admin pages ask the access policy too (staff see every case, never others' private
    notes), and never move a row to another parent."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += sorted(write_once_fields(self.model) - set(fields))
        return fields


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records nobody edits here (the audit trail, designation changes)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "jurisdiction"]
    search_fields = ["code", "name"]


class PartyInline(admin.TabularInline):
    model = Party
    extra = 1


class AllegationInline(admin.StackedInline):
    model = Allegation
    extra = 0
    fields = ["count_number", "title", "legal_basis", "status", "status_date"]
    show_change_link = True


class MembershipInline(admin.TabularInline):
    model = CaseMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Case)
class CaseAdmin(PolicyAdmin):
    list_display = ["short_name", "docket_number", "court", "judge", "status", "date_filed"]
    list_filter = ["status", "court", "nature_of_suit"]
    search_fields = ["caption", "short_name", "docket_number", "judge"]
    date_hierarchy = "date_filed"
    filter_horizontal = ["related_cases"]
    inlines = [PartyInline, AllegationInline, MembershipInline]


@admin.register(Party)
class PartyAdmin(PolicyAdmin):
    list_display = ["name", "role", "kind", "case", "date_terminated"]
    list_filter = ["role", "kind", "case"]
    search_fields = ["name"]


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 1
    autocomplete_fields = ["party"]


@admin.register(Counsel)
class CounselAdmin(PolicyAdmin):
    list_display = ["name", "firm", "case", "email"]
    list_filter = ["case", "firm"]
    search_fields = ["name", "firm", "email"]
    inlines = [RepresentationInline]


class StatusChangeInline(admin.TabularInline):
    model = AllegationStatusChange
    extra = 1
    raw_id_fields = ["filing"]


@admin.register(Allegation)
class AllegationAdmin(PolicyAdmin):
    list_display = ["__str__", "case", "legal_basis", "status", "status_date"]
    list_filter = ["status", "case"]
    search_fields = ["title", "legal_basis"]
    readonly_fields = ["statutes"]
    filter_horizontal = ["asserted_by", "asserted_against"]
    inlines = [StatusChangeInline]


@admin.register(CaseMembership)
class CaseMembershipAdmin(PolicyAdmin):
    list_display = ["user", "case", "role", "clearance", "created_at"]
    list_filter = ["role", "clearance", "case"]
    search_fields = ["user__username", "user__email", "case__short_name"]
    autocomplete_fields = ["user"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The whole trail for staff: filter by user, case, action and dates; export as CSV.
    Read-only here, and append-only in the database."""

    list_display = ["at", "actor_name", "action", "case", "object_type", "object_id", "ip"]
    list_filter = ["action", "object_type", ("case", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["actor_name", "=object_id", "ip"]
    date_hierarchy = "at"
    actions = ["export_csv"]

    @admin.action(description="Export the selected events as CSV")
    def export_csv(self, request, queryset):
        from caselaw.audit_views import events_csv

        return events_csv(queryset.order_by("-at", "-id"), filename="audit-events.csv")


from caselaw.accounts import admin as account_admin  # noqa: E402, F401  API tokens, two-factor rule
