"""The e-mail of an alert's notification (issue #17): plain text and HTML, with links to
each page found, to the search, and to turn the alert off without signing in."""

import html
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from filings.models import Notification

TURN_OFF_SALT = "caselaw.alert-turn-off"


def turn_off_token(alert_id: int) -> str:
    return signing.dumps(alert_id, salt=TURN_OFF_SALT)


def alert_of_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=TURN_OFF_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def absolute(path: str) -> str:
    return f"{settings.CASELAW_SITE_URL}{path}"


def email_for(notification: Notification) -> EmailMultiAlternatives:
    alert = notification.alert
    saved = alert.saved_search
    hits = list(
        notification.hits.select_related("document__filing__case").order_by(
            "document__filing__date_filed", "pk"
        )
    )
    turn_off = absolute(reverse("alert_turn_off", args=[turn_off_token(alert.pk)]))
    context = {
        "notification": notification,
        "alert": alert,
        "saved": saved,
        "hits": [
            {
                "hit": hit,
                "document": hit.document,
                "url": absolute(
                    f"{reverse('document_detail', args=[hit.document_id])}?"
                    + urlencode({"page": hit.first_page, "q": saved.q})
                ),
                "snippet_text": " ".join(html.unescape(strip_tags(hit.snippet_html)).split()),
            }
            for hit in hits
        ],
        "search_url": absolute(reverse("saved_search_open", args=[saved.pk])),
        "notifications_url": absolute(reverse("notifications")),
        "turn_off_url": turn_off,
    }
    message = EmailMultiAlternatives(
        subject=notification.title,
        body=render_to_string("filings/email/alert.txt", context),
        to=[notification.email_to],
        headers={
            "Message-ID": notification.message_id,
            "List-Unsubscribe": f"<{turn_off}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("filings/email/alert.html", context), "text/html")
    return message
