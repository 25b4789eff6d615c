from django.urls import path

from filings.views import documents, evidence, notifications, review, saved_searches, search

urlpatterns = [
    path("search/", search.search_page, name="search"),
    path("search/saved/", saved_searches.saved_search_create, name="saved_search_create"),
    path("search/saved/<int:saved_id>/", saved_searches.saved_search_open, name="saved_search_open"),
    path(
        "search/saved/<int:saved_id>/delete/",
        saved_searches.saved_search_delete,
        name="saved_search_delete",
    ),
    path("search/saved/<int:saved_id>/alert/", saved_searches.saved_search_alert, name="saved_search_alert"),
    path("search/saved/<int:saved_id>/edit/", saved_searches.saved_search_edit, name="saved_search_edit"),
    path("notifications/", notifications.notifications_page, name="notifications"),
    path("notifications/read/", notifications.notifications_read_all, name="notifications_read_all"),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
    path("alerts/off/<str:token>/", notifications.alert_turn_off, name="alert_turn_off"),
    path("api/v1/notifications/", notifications.notifications_api, name="notifications_api"),
    path(
        "api/v1/notifications/read/",
        notifications.notifications_read_all_api,
        name="notifications_read_all_api",
    ),
    path(
        "api/v1/notifications/<int:pk>/read/",
        notifications.notification_read_api,
        name="notification_read_api",
    ),
    path("api/v1/saved-searches/", saved_searches.saved_searches_api, name="saved_searches_api"),
    path("api/v1/saved-searches/<int:pk>/", saved_searches.saved_search_api, name="saved_search_api"),
    path(
        "cases/<int:case_id>/allegations/<int:allegation_id>/",
        evidence.allegation_detail,
        name="allegation_detail",
    ),
    path("cases/<int:case_id>/review/", review.review_queue, name="review_queue"),
    path("cases/<int:case_id>/review/bulk/", review.review_bulk, name="review_bulk"),
    path("documents/<int:document_id>/link/", evidence.document_link, name="document_link"),
    path("claim-links/<int:link_id>/review/", evidence.claim_link_review_view, name="claim_link_review"),
    path("api/v1/search/", search.search_api, name="search_api"),
    path("api/v1/search/recent/", search.recent_searches_api, name="recent_searches_api"),
    path("documents/<int:document_id>/", documents.document_detail, name="document_detail"),
    path("documents/<int:document_id>/file/", documents.document_file, name="document_file"),
    path(
        "documents/<int:document_id>/designation/",
        documents.document_designation,
        name="document_designation",
    ),
    path("documents/<int:document_id>/title/", documents.document_title, name="document_title"),
    path("filings/<int:filing_id>/upload/", documents.filing_upload, name="filing_upload"),
    path("documents/<int:document_id>/progress/", documents.document_progress, name="document_progress"),
]
