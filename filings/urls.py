from django.urls import path

from filings import search_views, views

urlpatterns = [
    path("search/", search_views.search_page, name="search"),
    path("api/v1/search/", search_views.search_api, name="search_api"),
    path("api/v1/search/recent/", search_views.recent_searches_api, name="recent_searches_api"),
    path("documents/<int:document_id>/", views.document_detail, name="document_detail"),
    path("documents/<int:document_id>/file/", views.document_file, name="document_file"),
    path("filings/<int:filing_id>/upload/", views.filing_upload, name="filing_upload"),
    path("documents/<int:document_id>/progress/", views.document_progress, name="document_progress"),
]
