"""How times read on every page: one convention, the install's time zone (settings.TIME_ZONE,
by default the Northern District of California's), always named ("Dec 2, 2026, 9:05 AM
PST"); recent moments in words ("just now", "5 minutes ago"). The notes list (JavaScript)
formats with the same zone, read from <body data-time-zone>."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def when(value: datetime | None) -> str:
    """A moment in full, in the install's time zone, the zone named."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{date_format(local, 'M j, Y, g:i A')} {local.tzname()}"


@register.filter
def ago(value: datetime | None) -> str:
    """A recent moment in words; beyond a day, in full (`when`)."""
    if not value:
        return ""
    seconds = (timezone.now() - value).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    if seconds < 86400:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    return when(value)
