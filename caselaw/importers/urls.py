from django.urls import path

from caselaw.importers import views

urlpatterns = [
    path("dockets/import/", views.docket_import, name="docket_import"),
    path("dockets/imports/<int:import_id>/", views.docket_import_detail, name="docket_import_detail"),
    path("dockets/imports/<int:import_id>/apply/", views.docket_import_confirm, name="docket_import_apply"),
]
