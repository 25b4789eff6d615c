"""Staff's view of API tokens (revoke anyone's) and the firm's two-factor rule."""

from django.contrib import admin, messages

from caselaw.accounts import tokens, two_factor
from caselaw.accounts.models import ApiToken, TwoFactorPolicy


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "token_key",
        "created",
        "expiry",
        "last_used_at",
        "last_used_ip",
        "status",
    ]
    list_filter = ["created", "revoked_at"]
    search_fields = ["name", "user__username", "token_key"]
    fields = list_display + ["revoked_at", "revoked_by"]
    readonly_fields = fields
    actions = ["revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).select_related("user")

    def has_add_permission(self, request):
        return False  # a token is made by its owner, who alone ever sees its secret

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the row says what became of it

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        revoked = sum(tokens.revoke_token(token=token, by=request.user) for token in queryset)
        self.message_user(request, f"Revoked {revoked} token{'s' if revoked != 1 else ''}.", messages.SUCCESS)


@admin.register(TwoFactorPolicy)
class TwoFactorPolicyAdmin(admin.ModelAdmin):
    list_display = ["required_for", "changed_at"]
    fields = ["required_for"]

    def has_add_permission(self, request):
        return not TwoFactorPolicy.objects.exists()  # one row: the firm's rule

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = two_factor.set_rule(required_for=obj.required_for, by=request.user).pk
