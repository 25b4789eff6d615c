"""One time convention on every page: the install's time zone, named; recent moments in
words (issue #16: "0 minutes ago", two formats and two zones on one screen)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from caselaw.templatetags.times import ago, when


def test_a_moment_in_full_names_the_install_time_zone(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    assert when(datetime(2026, 12, 2, 17, 5, tzinfo=UTC)) == "Dec 2, 2026, 9:05 AM PST"
    assert when(datetime(2026, 7, 1, 17, 5, tzinfo=UTC)) == "Jul 1, 2026, 10:05 AM PDT"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (5, "just now"),
        (59, "just now"),
        (60, "1 minute ago"),
        (300, "5 minutes ago"),
        (3600, "1 hour ago"),
        (7300, "2 hours ago"),
    ],
)
def test_a_recent_moment_reads_in_words(seconds, words):
    assert ago(timezone.now() - timedelta(seconds=seconds)) == words


def test_an_older_moment_reads_in_full(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    moment = timezone.now() - timedelta(days=3)
    assert ago(moment) == when(moment) and when(moment).endswith(("PST", "PDT"))


@pytest.mark.django_db
def test_a_search_just_run_is_listed_as_just_now(client, lawyer):
    client.force_login(lawyer)
    client.get("/search/", {"q": "fair use"})

    page = client.get("/search/").content.decode()

    assert "just now</time>" in page and "0 minutes" not in page
    assert 'data-time-zone="America/Los_Angeles"' in page
