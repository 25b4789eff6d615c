"""What the database itself guarantees: one row per docket entry, attachment, page,
membership and docket number; statutes parsed from a count's legal basis; and an
allegation's current status taken from the latest step of its history."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from caselaw.models import AllegationStatus, Case, CaseMembership
from caselaw.services import allegation_change_status
from filings.models import Page
from tests.factories import (
    AllegationFactory,
    CaseFactory,
    CourtFactory,
    DocumentFactory,
    FilingFactory,
    MembershipFactory,
    UserFactory,
)


def refuses(create):
    """True if the database rejects `create()`; the savepoint keeps the test usable after."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


# Constraints


@pytest.mark.django_db
def test_it_allows_one_entry_number_per_case(case):
    FilingFactory(case=case, entry_number=7)

    assert refuses(lambda: FilingFactory(case=case, entry_number=7))


@pytest.mark.django_db
def test_it_allows_the_same_entry_number_in_another_case(case):
    FilingFactory(case=case, entry_number=7)

    assert not refuses(lambda: FilingFactory(case=CaseFactory(), entry_number=7))


@pytest.mark.django_db
def test_it_allows_one_attachment_number_per_filing(case):
    filing = FilingFactory(case=case)
    DocumentFactory(filing=filing, attachment_number=1)

    assert refuses(lambda: DocumentFactory(filing=filing, attachment_number=1))
    assert not refuses(lambda: DocumentFactory(filing=filing, attachment_number=2))


@pytest.mark.django_db
def test_it_allows_one_page_number_per_document(case):
    filing = FilingFactory(case=case)
    document = DocumentFactory(filing=filing)

    def page(number, text):
        return Page.objects.create(
            document=document, number=number, text=text, case=case, date_filed=filing.date_filed
        )

    page(1, "first")
    assert refuses(lambda: page(1, "again"))
    assert not refuses(lambda: page(2, "second"))


@pytest.mark.django_db
def test_it_allows_one_membership_per_user_and_case(case):
    user = UserFactory()
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.VIEWER)

    assert refuses(lambda: MembershipFactory(user=user, case=case, role=CaseMembership.Role.LAWYER))
    assert not refuses(lambda: MembershipFactory(user=user, case=CaseFactory()))


@pytest.mark.django_db
def test_it_treats_judge_initials_case_and_zero_padding_as_one_docket_number():
    court = CourtFactory()
    CaseFactory(court=court, docket_number="3:23-cv-03417-VC")

    assert refuses(lambda: CaseFactory(court=court, docket_number="3:23-CV-3417"))


@pytest.mark.django_db
def test_it_allows_the_same_docket_number_in_another_court():
    CaseFactory(court=CourtFactory(), docket_number="3:23-cv-03417-VC")
    other_court = CourtFactory(code="nysd", name="U.S. District Court for the Southern District of New York")

    assert not refuses(lambda: CaseFactory(court=other_court, docket_number="3:23-CV-3417"))


@pytest.mark.django_db
def test_it_keeps_different_sequence_numbers_apart():
    court = CourtFactory()
    CaseFactory(court=court, docket_number="3:23-cv-03417-VC")

    assert not refuses(lambda: CaseFactory(court=court, docket_number="3:23-cv-03416-VC"))


@pytest.mark.django_db
def test_it_renormalises_the_docket_number_on_a_partial_save(case):
    case.docket_number = "3:23-CV-3417-VC"
    case.save(update_fields=["docket_number"])

    case = Case.objects.get(pk=case.pk)
    assert case.docket_number_normalized == "3:23-cv-03417"


# Statutes


@pytest.mark.django_db
def test_it_parses_the_statute_without_its_subsection(case):
    allegation = AllegationFactory(case=case, legal_basis="17 U.S.C. § 1202(b)")

    allegation.refresh_from_db()
    assert allegation.statutes == ["17 U.S.C. § 1202"]


@pytest.mark.django_db
def test_it_lists_each_statute_once_in_order(case):
    allegation = AllegationFactory(
        case=case,
        legal_basis="17 U.S.C. § 1202(b); 17 U.S.C. § 1202(a); Cal. Bus. & Prof. Code § 17200",
    )

    allegation.refresh_from_db()
    assert allegation.statutes == ["17 U.S.C. § 1202", "Cal. Bus. & Prof. Code § 17200"]


@pytest.mark.django_db
def test_it_reparses_statutes_when_only_the_legal_basis_is_saved(case):
    allegation = AllegationFactory(case=case, legal_basis="17 U.S.C. § 1202(b)")

    allegation.legal_basis = "17 U.S.C. § 106"
    allegation.save(update_fields=["legal_basis"])

    allegation.refresh_from_db()
    assert allegation.statutes == ["17 U.S.C. § 106"]


@pytest.mark.django_db
def test_it_saves_a_count_without_a_legal_basis(case):
    # legal_basis is optional (blank=True); a count of unjust enrichment may cite nothing.
    allegation = AllegationFactory(case=case, legal_basis="")

    allegation.refresh_from_db()
    assert allegation.statutes == []


# Status history


@pytest.mark.django_db
def test_it_makes_the_latest_step_current(case):
    allegation = AllegationFactory(case=case)
    order = FilingFactory(case=case, kind="order", description="Order granting motion to dismiss")

    allegation_change_status(
        allegation=allegation,
        status=AllegationStatus.DISMISSED_WITH_LEAVE,
        date=datetime.date(2023, 11, 20),
        filing=order,
    )
    allegation_change_status(
        allegation=allegation, status=AllegationStatus.REPLEADED, date=datetime.date(2023, 12, 11)
    )

    allegation.refresh_from_db()
    assert allegation.status == AllegationStatus.REPLEADED
    assert allegation.status_date == datetime.date(2023, 12, 11)
    assert allegation.status_changed_by is None
    assert [step.status for step in allegation.history.all()] == ["dismissed_with_leave", "repleaded"]


@pytest.mark.django_db
def test_it_keeps_the_latest_step_current_when_an_earlier_one_is_backfilled(case):
    allegation = AllegationFactory(case=case)
    order = FilingFactory(case=case, kind="order")
    allegation_change_status(
        allegation=allegation,
        status=AllegationStatus.DISMISSED_WITH_PREJUDICE,
        date=datetime.date(2024, 3, 1),
        filing=order,
    )

    allegation_change_status(
        allegation=allegation, status=AllegationStatus.SURVIVED, date=datetime.date(2023, 11, 20)
    )

    allegation.refresh_from_db()
    assert allegation.status == AllegationStatus.DISMISSED_WITH_PREJUDICE
    assert allegation.status_date == datetime.date(2024, 3, 1)
    assert allegation.status_changed_by == order


@pytest.mark.django_db
def test_it_records_the_same_step_once_and_keeps_the_newer_note(case):
    allegation = AllegationFactory(case=case)
    day = datetime.date(2023, 11, 20)

    allegation_change_status(allegation=allegation, status=AllegationStatus.SURVIVED, date=day)
    allegation_change_status(allegation=allegation, status=AllegationStatus.SURVIVED, date=day, note="ECF 56")

    assert [(step.status, step.note) for step in allegation.history.all()] == [("survived", "ECF 56")]
