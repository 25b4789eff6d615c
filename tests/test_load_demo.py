"""`manage.py load_demo`: the demo cases load completely, a second run changes nothing, and
the demo logins sit on the right sides of the ethical wall."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from caselaw.audit import Action, AuditEvent
from caselaw.models import (
    Allegation,
    AllegationStatus,
    AllegationStatusChange,
    Case,
    CaseMembership,
    Counsel,
    Party,
    Representation,
)
from filings.models import Alert, Document, Filing, Notification, SavedSearch

User = get_user_model()

KADREY = "3:23-cv-03417-VC"
TREMBLAY = "3:23-cv-03223-AMO"
DEMO_MODELS = [
    Case,
    Party,
    Counsel,
    Representation,
    Allegation,
    AllegationStatusChange,
    Filing,
    Document,
    CaseMembership,
    User,
    SavedSearch,
    Alert,
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The loader hashes four demo passwords per run; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def row_ids() -> dict[str, set[int]]:
    return {model.__name__: set(model.objects.values_list("pk", flat=True)) for model in DEMO_MODELS}


def case(docket_number: str) -> Case:
    return Case.objects.get(court__code="cand", docket_number=docket_number)


@pytest.mark.django_db
def test_running_it_twice_leaves_the_same_rows():
    load_demo()
    first = row_ids()
    load_demo()

    assert all(first.values()), "the first run should create rows of every kind"
    assert row_ids() == first


@pytest.mark.django_db
def test_every_kadrey_filing_has_exactly_one_pdf():
    load_demo()

    filings = list(case(KADREY).filings.exclude(entry_number=None).order_by("entry_number"))
    assert len(filings) >= 15
    for filing in filings:
        [document] = filing.documents.all()
        with document.file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-", f"ECF {filing.entry_number} is not a PDF"


@pytest.mark.django_db
def test_kadrey_docket_numbers_follow_the_dates():
    load_demo()

    numbered = case(KADREY).filings.exclude(entry_number=None).order_by("entry_number")
    dates = list(numbered.values_list("date_filed", flat=True))
    assert dates == sorted(dates)


@pytest.mark.django_db
def test_the_kadrey_docket_comes_in_through_the_pacer_importer(settings):
    load_demo()

    kadrey_case = case(KADREY)
    assert kadrey_case.imported and kadrey_case.jurisdiction == "Federal Question"
    assert kadrey_case.caption == "Kadrey et al. v. Meta Platforms, Inc."
    roles = set(kadrey_case.parties.values_list("role", flat=True))
    assert roles == {"plaintiff", "defendant"}
    text_only = kadrey_case.filings.filter(entry_number=None).order_by("docket_position")
    assert [f.date_filed for f in text_only] == sorted(f.date_filed for f in text_only)
    assert text_only.count() == 3 and text_only.filter(description__startswith="Minute Entry").exists()
    assert kadrey_case.counsel.filter(name="Joseph R. Saveri", firm="Joseph Saveri Law Firm").count() == 1
    assert (settings.VAR_DIR / "demo" / "kadrey-v-meta-docket.html").read_text().count("DOCKET FOR CASE") == 1
    assert AuditEvent.objects.filter(action=Action.DOCKET_IMPORT, case=kadrey_case).exists()

    load_demo()  # again: a merge with nothing new

    assert case(KADREY).filings.filter(entry_number=None).count() == 3


@pytest.mark.django_db
def test_the_dmca_count_ends_in_summary_judgment_for_meta():
    load_demo()

    dmca = Allegation.objects.get(case=case(KADREY), legal_basis="17 U.S.C. § 1202(b)")
    assert dmca.statutes == ["17 U.S.C. § 1202"]
    assert dmca.status == AllegationStatus.SJ_GRANTED
    assert dmca.status_date == datetime.date(2025, 6, 27)
    assert list(dmca.history.values_list("status", flat=True)) == [
        AllegationStatus.PLEADED,
        AllegationStatus.DISMISSED_WITH_LEAVE,
        AllegationStatus.REPLEADED,
        AllegationStatus.SURVIVED,
        AllegationStatus.SJ_GRANTED,
    ]


@pytest.mark.django_db
def test_the_outsider_is_walled_off_from_kadrey():
    load_demo()
    outsider = User.objects.get(username="outsider")

    assert not CaseMembership.objects.filter(user=outsider, case=case(KADREY)).exists()
    assert set(Case.objects.visible_to(outsider)) == {case(TREMBLAY)}


@pytest.mark.django_db
def test_the_lawyer_and_paralegal_see_only_kadrey():
    load_demo()

    for username in ("lawyer", "paralegal"):
        user = User.objects.get(username=username)
        assert set(Case.objects.visible_to(user)) == {case(KADREY)}


@pytest.mark.django_db
def test_every_demo_login_works_with_the_demo_password():
    load_demo()

    for username in ("lawyer", "paralegal", "outsider", "admin"):
        # As a sign-in form does: the lock-out (django-axes) needs the request.
        request = RequestFactory().post("/login/")
        assert authenticate(request, username=username, password="caselaw-demo") is not None
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.django_db(transaction=True)  # the pipeline's page writer has its own connection
def test_the_lawyers_alert_on_the_torrenting_evidence_fills_as_the_demo_is_indexed():
    from filings.pipeline.runner import process_document
    from filings.tasks import match_alerts

    load_demo()
    lawyer = User.objects.get(username="lawyer")
    alert = Alert.objects.get(user=lawyer)
    assert alert.frequency == "immediate" and alert.saved_search.shared
    assert alert.saved_search.case == case(KADREY)

    for document in Document.objects.filter(filing__case=case(KADREY)).order_by("filing__entry_number"):
        process_document(document.pk, token="demo")
        match_alerts.apply(args=[document.pk])
        if Notification.objects.exists():
            break
    notification = Notification.objects.get(user=lawyer)
    assert "Torrenting and shadow libraries" in notification.title
