from django.urls import path

from filings import views

urlpatterns = [
    path("documents/<int:document_id>/", views.document_detail, name="document_detail"),
    path("documents/<int:document_id>/file/", views.document_file, name="document_file"),
    path("filings/<int:filing_id>/upload/", views.filing_upload, name="filing_upload"),
]
