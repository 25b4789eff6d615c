"""Alerts on saved searches (issue #17): a document indexed after an alert is set is
matched against it; its owner gets one notification and one e-mail per alert and period,
listing only what they may see when it is sent; a retry sends nothing twice. The Celery
tasks run here in-process (`apply`): the real worker's turn is in test_alerts_worker.py."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from caselaw.models import CaseMembership, Designation
from filings.models import Alert, AlertHit, Notification, SavedSearch
from filings.tasks import alerts_tick, match_alerts
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import indexed_document

pytestmark = pytest.mark.django_db

SITE = "https://caselaw.example-firm.com"


@pytest.fixture(autouse=True)
def site(settings):
    settings.CASELAW_SITE_URL = SITE
    settings.CASELAW_DIGEST_HOUR = 7
    settings.CASELAW_WEEKLY_DIGEST_DAY = 0
    settings.TIME_ZONE = "America/Los_Angeles"


@pytest.fixture
def watcher(lawyer):
    lawyer.email = "lawyer@example-firm.com"
    lawyer.save(update_fields=["email"])
    return lawyer


def watch(api, user, case, q="torrent", *, alert="immediate", name="Torrenting", shared=False) -> SavedSearch:
    response = api(user).post(
        "/api/v1/saved-searches/",
        {"name": name, "query": f"q={q}&case={case.pk}", "alert": alert, "shared": shared},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["alert"] == (alert or None)
    return SavedSearch.objects.get(pk=response.json()["id"])


def index(case, text, **kwargs):
    document = indexed_document(case, text, **kwargs)
    match_alerts.apply(args=[document.pk])
    return document


def tick(at: str):
    """The beat task, at a local time (America/Los_Angeles)."""
    moment = timezone.make_aware(datetime.datetime.fromisoformat(at))
    alerts_tick.apply(kwargs={"at": moment.isoformat()})


def test_an_immediate_alert_tells_once_of_a_matching_document_and_not_of_another(api, watcher, case):
    watch(api, watcher, case)
    matching = index(case, "Meta employees discussed torrenting the books from LibGen.")
    index(case, "Order setting a case management conference.")

    notification = Notification.objects.get()
    assert notification.user == watcher
    assert [hit.document_id for hit in notification.hits.all()] == [matching.pk]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lawyer@example-firm.com"]
    assert "Torrenting" in mail.outbox[0].subject


def test_a_retried_match_and_a_repeated_tick_send_nothing_twice(api, watcher, case):
    watch(api, watcher, case)
    document = index(case, "Seeding by torrent, as the plaintiffs allege.")
    match_alerts.apply(args=[document.pk])  # the task retried, or run again by the sweep
    tick("2026-12-03T09:00")
    tick("2026-12-03T09:01")

    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.get().email_sent_at is not None


def test_an_e_mail_that_failed_is_sent_by_the_next_tick_once(api, watcher, case, settings):
    settings.EMAIL_BACKEND = "tests.filings.search.failing_mail.FailingBackend"
    watch(api, watcher, case)
    index(case, "A torrent client on Meta's servers.")
    notification = Notification.objects.get()
    assert notification.email_sent_at is None  # the mail server refused; the notification stands

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tick("2026-12-03T09:00")
    tick("2026-12-03T09:01")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == notification.message_id


def test_no_alert_for_a_case_the_user_left(api, watcher, case):
    watch(api, watcher, case)
    CaseMembership.objects.filter(user=watcher, case=case).delete()
    index(case, "Torrent logs produced in discovery.")

    assert not Notification.objects.exists() and not mail.outbox


def test_a_user_who_left_between_finding_and_sending_is_told_nothing(api, watcher, case):
    watch(api, watcher, case, alert="daily")
    index(case, "Torrent logs produced in discovery.")
    assert AlertHit.objects.filter(dropped=False, notification=None).count() == 1

    CaseMembership.objects.filter(user=watcher, case=case).delete()
    tick("2026-12-04T08:00")
    assert not Notification.objects.exists() and not mail.outbox
    assert AlertHit.objects.get().dropped


def test_no_alert_for_a_document_above_the_users_clearance(api, case):
    client_person = UserFactory(username="client-person", email="client@example.com")
    MembershipFactory(user=client_person, case=case, role=CaseMembership.Role.CLIENT)
    watch(api, client_person, case)
    index(case, "Torrent statistics, attorneys' eyes only.", designation=Designation.AEO)
    visible = index(case, "Torrent statistics, public version.")

    notification = Notification.objects.get()
    assert [hit.document_id for hit in notification.hits.all()] == [visible.pk]
    assert "eyes only" not in mail.outbox[0].body


def test_a_document_designated_above_clearance_before_sending_is_left_out(api, case):
    client_person = UserFactory(username="client-person", email="client@example.com")
    MembershipFactory(user=client_person, case=case, role=CaseMembership.Role.CLIENT)
    watch(api, client_person, case, alert="daily")
    hidden = index(case, "Torrent statistics, soon sealed.")
    shown = index(case, "Torrent statistics, public version.")
    type(hidden).objects.filter(pk=hidden.pk).update(designation=Designation.AEO)
    tick("2026-12-04T08:00")

    notification = Notification.objects.get()
    assert [hit.document_id for hit in notification.hits.all()] == [shown.pk]
    assert "soon sealed" not in mail.outbox[0].body


def test_a_daily_digest_groups_the_days_documents_in_one_notification(api, watcher, case):
    watch(api, watcher, case, alert="daily")
    first = index(case, "Declaration: torrent client logs.")
    second = index(case, "Opposition citing the torrent evidence.")
    index(case, "Nothing about file sharing here.")
    assert not Notification.objects.exists()  # nothing is sent as the documents come

    tick("2026-12-04T06:30")  # before the digest hour
    assert not Notification.objects.exists()
    tick("2026-12-04T07:05")
    tick("2026-12-04T09:00")

    notification = Notification.objects.get()
    assert notification.period == "day-2026-12-04"
    assert sorted(hit.document_id for hit in notification.hits.all()) == sorted([first.pk, second.pk])
    assert "2 new documents" in notification.title
    assert len(mail.outbox) == 1

    third = index(case, "Reply brief on torrenting.")
    tick("2026-12-04T10:00")  # today's went: the next waits for tomorrow
    assert Notification.objects.count() == 1
    tick("2026-12-05T07:00")
    assert Notification.objects.count() == 2
    assert [hit.document_id for hit in Notification.objects.first().hits.all()] == [third.pk]


def test_a_weekly_digest_goes_once_a_week(api, watcher, case):
    watch(api, watcher, case, alert="weekly")
    index(case, "Torrent seeding ratios.")
    tick("2026-12-05T08:00")  # a Saturday, the week's digest has gone (none was due)
    assert Notification.objects.get().period == "week-2026-W49"
    index(case, "More torrent seeding ratios.")
    tick("2026-12-06T08:00")  # Sunday: same week
    assert Notification.objects.count() == 1
    tick("2026-12-07T06:00")  # Monday before the hour
    assert Notification.objects.count() == 1
    tick("2026-12-07T07:00")
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2


def test_the_e_mail_lists_each_page_with_its_snippet_and_links(api, watcher, case, client):
    saved = watch(api, watcher, case, q='"torrent client"')
    document = index(case, "The engineers ran a torrent client on a Meta laptop.")

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert "torrent client" in message.body and "<mark>" in html
    link = f"{SITE}/documents/{document.pk}/?page=1&q=%22torrent+client%22"
    assert link in message.body and link.replace("&", "&amp;") in html
    assert f"{SITE}/search/saved/{saved.pk}/" in message.body
    turn_off = re.search(rf"{SITE}(/alerts/off/[^/\s]+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{SITE}{turn_off}>"

    page = client.get(turn_off)  # no sign-in needed: the link is the key
    assert page.status_code == 200 and "Torrenting" in page.content.decode()
    assert Alert.objects.exists()  # opening the link (as mail scanners do) changes nothing
    assert client.post(turn_off).status_code == 200
    assert not Alert.objects.exists() and SavedSearch.objects.filter(pk=saved.pk).exists()
    (kept,) = api(watcher).get("/api/v1/notifications/").json()["results"]  # what it sent stays
    assert [row["document"] for row in kept["documents"]] == [document.pk]
    assert client.post(turn_off).status_code == 404
    assert client.get("/alerts/off/forged-token/").status_code == 404


def test_a_teammate_can_follow_a_shared_search(api, watcher, paralegal, case):
    saved = watch(api, watcher, case, alert="", shared=True)
    response = api(paralegal).patch(
        f"/api/v1/saved-searches/{saved.pk}/", {"alert": "immediate"}, format="json"
    )
    assert response.status_code == 200 and response.json()["alert"] == "immediate"
    index(case, "The torrent tracker's records.")

    assert Notification.objects.get().user == paralegal


def test_only_the_owner_renames_a_search_and_anyone_who_sees_it_sets_their_alert(
    api, watcher, paralegal, outsider, case
):
    saved = watch(api, watcher, case, alert="", shared=True)
    patch = f"/api/v1/saved-searches/{saved.pk}/"
    assert api(paralegal).patch(patch, {"name": "Mine now"}, format="json").status_code == 403
    assert api(outsider).patch(patch, {"alert": "daily"}, format="json").status_code == 404
    assert api(watcher).patch(patch, {"alert": "hourly"}, format="json").status_code == 400
    assert api(watcher).patch(patch, {"owner": 3}, format="json").status_code == 400
    renamed = api(watcher).patch(
        patch, {"name": "Torrent evidence", "query": f"q=seeding&case={case.pk}"}, format="json"
    )
    assert renamed.status_code == 200
    saved.refresh_from_db()
    assert (saved.name, saved.q, saved.case_id, saved.shared) == (
        "Torrent evidence",
        "seeding",
        case.pk,
        True,
    )
    moved = api(watcher).patch(patch, {"query": "q=seeding"}, format="json")
    assert moved.status_code == 400 and "stays filtered to its case" in moved.json()["detail"]


def test_the_notifications_menu_page_and_mark_read(api, watcher, outsider, case, client):
    watch(api, watcher, case)
    index(case, "Torrent downloads of 81.7 terabytes.")
    notification = Notification.objects.get()
    client.force_login(watcher)

    header = client.get("/cases/").content.decode()
    assert 'data-testid="unread-count">1<' in header and notification.title in header
    page = client.get("/notifications/").content.decode()
    assert "81.7 terabytes" in page and f"/documents/{notification.hits.get().document_id}/?page=1" in page

    client.force_login(outsider)
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    assert api(outsider).get("/api/v1/notifications/").json() == {"unread": 0, "results": []}

    listed = api(watcher).get("/api/v1/notifications/?unread=1").json()
    assert listed["unread"] == 1 and listed["results"][0]["documents"][0]["first_page"] == 1
    assert api(watcher).post(f"/api/v1/notifications/{notification.pk}/read/").json()["read"] is True
    assert api(watcher).get("/api/v1/notifications/?unread=1").json() == {"unread": 0, "results": []}
    client.force_login(watcher)
    assert "unread-count" not in client.get("/cases/").content.decode()


def test_a_notification_stops_showing_a_case_the_user_left(api, watcher, case, client):
    watch(api, watcher, case)
    index(case, "Torrent downloads of 81.7 terabytes.")
    CaseMembership.objects.filter(user=watcher, case=case).delete()
    client.force_login(watcher)

    assert "81.7 terabytes" not in client.get("/notifications/").content.decode()
    assert api(watcher).get("/api/v1/notifications/").json()["results"] == []


def test_an_alert_set_later_does_not_report_older_documents(api, watcher, case):
    older = indexed_document(
        case, "Torrent evidence indexed last week.", at=timezone.now() - datetime.timedelta(days=1)
    )
    watch(api, watcher, case)
    match_alerts.apply(args=[older.pk])
    tick("2026-12-03T09:00")

    assert not Notification.objects.exists()


def test_the_html_pages_set_an_alert_and_edit_a_search(api, watcher, case, client):
    saved = watch(api, watcher, case, alert="")
    client.force_login(watcher)
    listing = client.get("/search/saved/").content.decode()
    assert f'action="/search/saved/{saved.pk}/alert/"' in listing

    response = client.post(
        f"/search/saved/{saved.pk}/alert/", {"frequency": "weekly", "next": "/search/saved/"}
    )
    assert response.status_code == 302 and response["Location"] == "/search/saved/"
    assert Alert.objects.get(user=watcher).frequency == "weekly"
    client.post(f"/search/saved/{saved.pk}/alert/", {"frequency": ""})
    assert not Alert.objects.exists()

    client.post(f"/search/saved/{saved.pk}/edit/", {"name": "Seeding", "q": "seeding"})
    saved.refresh_from_db()
    assert (saved.name, saved.q) == ("Seeding", "seeding") and f"case={case.pk}" in saved.query_string


def test_an_immediate_alert_sends_what_comes_within_a_minute_together(api, watcher, case):
    watch(api, watcher, case)
    index(case, "First declaration on torrent use.")
    second = index(case, "Second declaration on torrent use.")
    third = index(case, "Third declaration on torrent use.")
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1  # a batch a minute

    alerts_tick.apply(kwargs={"at": (timezone.now() + datetime.timedelta(seconds=61)).isoformat()})
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
    batch = Notification.objects.first()
    assert sorted(hit.document_id for hit in batch.hits.all()) == [second.pk, third.pk]
    assert "2 new documents" in mail.outbox[1].subject
