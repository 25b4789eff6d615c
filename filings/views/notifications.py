"""Notifications of alerts (issue #17), in the browser and the API: list them with the
documents each found that the user may still see, mark them read; and the e-mail's link
that turns an alert off without signing in (its signed token is the key)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Window
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from filings.models import Alert, AlertHit, Notification
from filings.services.alert_mail import alert_of_token
from filings.services.saved_searches import turn_off

LISTED = 50


def notifications_of(user, *, unread_only: bool = False, limit: int = LISTED) -> list[Notification]:
    """The user's latest notifications, each with `shown_hits`: its documents the user may
    see now (a case left, a document designated above their clearance drop out)."""
    notifications = Notification.objects.visible_to(user).select_related("alert__saved_search")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    notifications = list(notifications[:limit])
    hits = (
        AlertHit.objects.visible_to(user)
        .filter(notification__in=notifications)
        .select_related("document__filing__case")
        .order_by("document__filing__date_filed", "pk")
    )
    by_notification: dict[int, list[AlertHit]] = {}
    for hit in hits:
        by_notification.setdefault(hit.notification_id, []).append(hit)
    for notification in notifications:
        notification.shown_hits = by_notification.get(notification.pk, [])
    return notifications


def unread_latest(user, limit: int = 5) -> list[Notification]:
    """The latest unread notifications, each with `unread`, the count of them all: one query."""
    unread = Notification.objects.visible_to(user).filter(read_at__isnull=True)
    return list(unread.annotate(unread=Window(Count("pk"))).only("pk", "title")[:limit])


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).filter(read_at__isnull=True).count()


def mark_read(user, notification_id: int | None = None) -> int:
    notifications = Notification.objects.visible_to(user).filter(read_at__isnull=True)
    if notification_id is not None:
        notifications = notifications.filter(pk=notification_id)
    return Notification.objects.filter(pk__in=notifications.values("pk")).update(read_at=timezone.now())


def back_to(request, fallback: str = "notifications"):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@login_required
def notifications_page(request):
    return render(request, "filings/notifications.html", {"notifications": notifications_of(request.user)})


@login_required
@require_POST
def notification_read(request, notification_id: int):
    if not Notification.objects.visible_to(request.user).filter(pk=notification_id).exists():
        raise Http404("No such notification.")
    mark_read(request.user, notification_id)
    return back_to(request)


@login_required
@require_POST
def notifications_read_all(request):
    count = mark_read(request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return back_to(request)


@csrf_exempt  # the signed token is the key; RFC 8058's one-click POST from a mail client has no form
@require_http_methods(["GET", "POST"])
def alert_turn_off(request, token: str):
    """The e-mail's link: GET asks (mail scanners open links), POST turns the alert off."""
    alert = Alert.objects.select_related("saved_search").filter(pk=alert_of_token(token) or 0).first()
    if alert is None:
        return render(request, "filings/alert_turned_off.html", {"missing": True}, status=404)
    if request.method == "POST":
        name = alert.saved_search.name
        turn_off(Alert.objects.filter(pk=alert.pk))
        return render(request, "filings/alert_turned_off.html", {"done": True, "name": name})
    return render(request, "filings/alert_turned_off.html", {"alert": alert})


def as_json(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "title": notification.title,
        "saved_search": notification.alert.saved_search_id if notification.alert else None,
        "created_at": notification.created_at,
        "read": notification.read_at is not None,
        "documents": [
            {
                "document": hit.document_id,
                "title": str(hit.document),
                "case": hit.document.filing.case_id,
                "matching_pages": hit.pages,
                "first_page": hit.first_page,
                "snippet_html": hit.snippet_html,
            }
            for hit in notification.shown_hits
        ],
    }


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def notifications_api(request):
    """Your latest notifications (`?unread=1`: unread only), newest first, with the
    documents each found that you may see."""
    unread_only = request.query_params.get("unread") in ("1", "true")
    notifications = notifications_of(request.user, unread_only=unread_only)
    return Response({"unread": unread_count(request.user), "results": [as_json(n) for n in notifications]})


@extend_schema(operation_id="notifications_read", request=None, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
def notification_read_api(request, pk: int):
    """Mark one notification read."""
    if not Notification.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404("No such notification.")
    mark_read(request.user, pk)
    return Response({"id": pk, "read": True})


@extend_schema(operation_id="notifications_read_all", request=None, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
def notifications_read_all_api(request):
    """Mark all your notifications read."""
    return Response({"marked_read": mark_read(request.user)})
