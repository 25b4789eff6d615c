from django.contrib import admin

from caselaw.models import (
    Allegation,
    AllegationStatusChange,
    Case,
    CaseMembership,
    Counsel,
    Court,
    Party,
    Representation,
)


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
class CaseAdmin(admin.ModelAdmin):
    list_display = ["short_name", "docket_number", "court", "judge", "status", "date_filed"]
    list_filter = ["status", "court", "nature_of_suit"]
    search_fields = ["caption", "short_name", "docket_number", "judge"]
    date_hierarchy = "date_filed"
    filter_horizontal = ["related_cases"]
    inlines = [PartyInline, AllegationInline, MembershipInline]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "kind", "case", "date_terminated"]
    list_filter = ["role", "kind", "case"]
    search_fields = ["name"]


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 1
    autocomplete_fields = ["party"]


@admin.register(Counsel)
class CounselAdmin(admin.ModelAdmin):
    list_display = ["name", "firm", "case", "email"]
    list_filter = ["case", "firm"]
    search_fields = ["name", "firm", "email"]
    inlines = [RepresentationInline]


class StatusChangeInline(admin.TabularInline):
    model = AllegationStatusChange
    extra = 1
    raw_id_fields = ["filing"]


@admin.register(Allegation)
class AllegationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "case", "legal_basis", "status", "status_date"]
    list_filter = ["status", "case"]
    search_fields = ["title", "legal_basis"]
    readonly_fields = ["statutes"]
    filter_horizontal = ["asserted_by", "asserted_against"]
    inlines = [StatusChangeInline]


@admin.register(CaseMembership)
class CaseMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "case", "role", "created_at"]
    list_filter = ["role", "case"]
    search_fields = ["user__username", "user__email", "case__short_name"]
    autocomplete_fields = ["user"]
