from django.urls import path

from caselaw.accounts import views

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/tokens/", views.token_create, name="token_create"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/recovery-codes/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("account/two-factor/off/", views.two_factor_off, name="two_factor_off"),
    path("login/verify/", views.two_factor_verify, name="two_factor_verify"),
]
