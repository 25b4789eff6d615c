from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from caselaw import audit_views, views
from caselaw.api_urls import router

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("caselaw.accounts.urls")),
    path("", include("caselaw.importers.urls")),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/audit/", audit_views.case_audit, name="case_audit"),
    path("", include("filings.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/v1/auth/", include("rest_framework.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own (no inline script).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
    # Browsers ask for /favicon.ico whatever the page says. Lazy, because a manifest storage
    # knows the hashed name only after collectstatic; not permanent, because that name changes.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"))),
]

handler403 = "caselaw.views.forbidden"
handler404 = "caselaw.views.not_found"
