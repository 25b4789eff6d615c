"""The header's notifications menu (issue #17): unread count and latest, on demand (a
page that does not show the header runs no query)."""

from django.utils.functional import SimpleLazyObject


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from filings.views.notifications import unread_latest

    def menu() -> dict:
        latest = unread_latest(user)
        return {"unread": latest[0].unread if latest else 0, "latest": latest}

    return {"notifications_menu": SimpleLazyObject(menu)}
