"""Sending alerts (issue #17): the documents an alert found become one notification per
alert and period (immediate: each batch; daily: a day; weekly: an ISO week), listing the
pages its owner may see *at sending*; then one e-mail for it.

Both steps record what they did in the transaction that does it: a notification is unique
per alert and period and takes its hits with it, and an e-mail is sent while its
notification's row is locked and marked sent in that transaction. A retried task, or a
second worker, finds the work done. (Only a worker killed between the mail server's
acceptance and the commit could send one twice; the Message-ID is the same each time, so
the server or the mail client can tell the copy.)"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from filings.models import Alert, AlertHit, Notification, SavedSearch
from filings.search import SearchError, parse_search, search_pages
from filings.services.alert_mail import email_for

log = logging.getLogger(__name__)

MAX_LISTED = 200  # documents checked and listed in one notification; the rest wait for the next


def period_of(alert: Alert, now: datetime.datetime, first_hit: AlertHit) -> str:
    local = timezone.localtime(now)
    if alert.frequency == Alert.Frequency.DAILY:
        return f"day-{local.date().isoformat()}"
    if alert.frequency == Alert.Frequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"week-{year}-W{week:02d}"
    return f"immediate-{first_hit.pk}"


def digest_due(frequency: str, now: datetime.datetime) -> bool:
    """Whether this period's digest may go: from the digest hour of each day (daily), or of
    the digest day of each week (weekly; later days of the week catch a missed one)."""
    local = timezone.localtime(now)
    past_hour = local.hour >= settings.CASELAW_DIGEST_HOUR
    if frequency == Alert.Frequency.DAILY:
        return past_hour
    if frequency == Alert.Frequency.WEEKLY:
        day = settings.CASELAW_WEEKLY_DIGEST_DAY
        return local.weekday() > day or (local.weekday() == day and past_hour)
    return True


def alerts_waiting(frequency: str) -> list[int]:
    """Alerts of this frequency with documents found and not yet sent."""
    pending = AlertHit.objects.filter(notification__isnull=True, dropped=False)
    return list(
        Alert.objects.filter(frequency=frequency, pk__in=pending.values("alert_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def notify(alert_id: int, *, now: datetime.datetime | None = None) -> Notification | None:
    """Turn the alert's waiting documents into this period's notification, with what its
    owner may see now; None when there is nothing to send (or it went this period)."""
    now = now or timezone.now()
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update()
            .select_related("saved_search", "user")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None:
            return None
        waiting = list(
            alert.hits.filter(notification__isnull=True, dropped=False).order_by("pk")[:MAX_LISTED]
        )
        if not waiting:
            return None
        period = period_of(alert, now, waiting[0])
        if Notification.objects.filter(alert=alert, period=period).exists():
            return None  # this period's went; these wait for the next
        if alert.frequency == Alert.Frequency.IMMEDIATE and sent_within_a_batch(alert, now):
            return None  # a hundred PDFs dropped at once make one e-mail a minute, not a hundred
        shown = visible_hits(alert, [hit.document_id for hit in waiting])
        for hit in waiting:
            page = shown.get(hit.document_id)
            hit.dropped = page is None
            if page is not None:
                hit.pages, hit.first_page, hit.snippet_html = page
        kept = [hit for hit in waiting if not hit.dropped]
        notification = None
        if kept:
            notification = Notification.objects.create(
                user=alert.user,
                alert=alert,
                period=period,
                title=title_of(alert, len(kept)),
                email_to=alert.user.email or "",
            )
            for hit in kept:
                hit.notification = notification
        AlertHit.objects.bulk_update(
            waiting, ["dropped", "pages", "first_page", "snippet_html", "notification"]
        )
    return notification


def sent_within_a_batch(alert: Alert, now: datetime.datetime) -> bool:
    """An immediate alert sent less than CASELAW_ALERT_BATCH_SECONDS ago: what it finds
    meanwhile goes out together, with the tick after that."""
    since = now - datetime.timedelta(seconds=settings.CASELAW_ALERT_BATCH_SECONDS)
    return Notification.objects.filter(alert=alert, created_at__gt=since).exists()


def visible_hits(alert: Alert, document_ids: list[int]) -> dict[int, tuple[int, int, str]]:
    """For each document the alert's owner may see now, and that the search still finds:
    (matching pages, the best page's number, its snippet)."""
    saved = SavedSearch.objects.visible_to(alert.user).filter(pk=alert.saved_search_id).first()
    if saved is None:  # a shared search of a case they left
        return {}
    try:
        request = parse_search(QueryDict(saved.query_string))
    except SearchError:
        return {}
    request.document_ids = document_ids
    request.group_by_document = True
    request.sort = "relevance"
    request.page, request.page_size = 1, len(document_ids)
    try:
        results = search_pages(alert.user, request)
    except SearchError:
        return {}
    return {
        hit.page.document_id: (hit.matching_pages, hit.page.number, hit.snippet_html) for hit in results.hits
    }


def title_of(alert: Alert, documents: int) -> str:
    filings = f"{documents} new document{'s' if documents != 1 else ''}"
    when = {Alert.Frequency.DAILY: " today", Alert.Frequency.WEEKLY: " this week"}.get(alert.frequency, "")
    return f"“{alert.saved_search.name}”: {filings}{when}"[:200]


def send_email(notification_id: int) -> bool:
    """E-mail the notification once: sent with its row locked and marked in that
    transaction. False when there is nothing to send (sent already, no address, the alert
    turned off)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=notification_id, email_sent_at__isnull=True, alert__isnull=False)
            .exclude(email_to="")
            .select_related("alert__saved_search", "user")
            .first()
        )
        if notification is None:
            return False
        email_for(notification).send()
        notification.email_sent_at = timezone.now()
        notification.save(update_fields=["email_sent_at"])
    return True


def emails_unsent(*, since: datetime.datetime) -> list[int]:
    """Notifications whose e-mail failed (the mail server down): tried again by the tick."""
    return list(
        Notification.objects.filter(email_sent_at__isnull=True, alert__isnull=False, created_at__gte=since)
        .exclude(email_to="")
        .order_by("pk")
        .values_list("pk", flat=True)[:100]
    )
