"""The header's notifications menu (issue #17): unread count and latest, on demand (a
page that does not show the header runs no query)."""

from django.utils.functional import SimpleLazyObject


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from filings.notification_views import notifications_of, unread_count

    def menu() -> dict:
        return {"unread": unread_count(user), "latest": notifications_of(user, unread_only=True, limit=5)}

    return {"notifications_menu": SimpleLazyObject(menu)}
