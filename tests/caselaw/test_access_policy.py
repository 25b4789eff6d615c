"""The access policy (caselaw/access.py) branch by branch: roles, clearances against
protective-order designations, private notes, write-once parents."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, transaction

from caselaw import access
from caselaw.models import CaseMembership, Designation
from filings.models import Annotation, Citation, ClaimLink, Document, Filing, Page
from tests.factories import (
    AllegationFactory,
    DocumentFactory,
    FilingFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC, CONFIDENTIAL, AEO = Designation.PUBLIC, Designation.CONFIDENTIAL, Designation.AEO


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True)


@pytest.fixture
def documents(case):
    """One document per designation, and one public document on a sealed filing."""
    sealed = FilingFactory(case=case, sealed=True)
    return {
        "public": DocumentFactory(filing__case=case, designation=PUBLIC),
        "confidential": DocumentFactory(filing__case=case, designation=CONFIDENTIAL),
        "aeo": DocumentFactory(filing__case=case, designation=AEO),
        "sealed": DocumentFactory(filing=sealed, designation=PUBLIC),
    }


def seen(user, documents) -> set[str]:
    visible = set(Document.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, document in documents.items() if document.pk in visible}


def page_on(document, number=1) -> Page:
    return Page.objects.create(
        document=document,
        number=number,
        text="text",
        case_id=document.filing.case_id,
        date_filed=document.filing.date_filed,
    )


# Clearances


@pytest.mark.parametrize(
    ("role", "clearance"),
    [("lawyer", AEO), ("paralegal", AEO), ("client", CONFIDENTIAL), ("viewer", PUBLIC)],
)
def test_a_membership_gets_its_roles_default_clearance(case, role, clearance):
    membership = MembershipFactory(case=case, role=role)
    assert membership.clearance == clearance


def test_a_client_is_never_cleared_for_attorneys_eyes_only(case):
    membership = MembershipFactory(case=case, role="client", clearance=AEO)
    assert membership.clearance == CONFIDENTIAL


def test_a_viewer_may_be_cleared_higher_by_a_lawyer(case):
    assert MembershipFactory(case=case, role="viewer", clearance=CONFIDENTIAL).clearance == CONFIDENTIAL


# Documents and what hangs off them


def test_lawyers_and_paralegals_see_every_designation(lawyer, paralegal, documents):
    assert seen(lawyer, documents) == set(documents)
    assert seen(paralegal, documents) == set(documents)


def test_a_client_sees_up_to_confidential_and_nothing_sealed(client_user, documents):
    assert seen(client_user, documents) == {"public", "confidential"}


def test_a_viewer_sees_public_documents_only(viewer, documents):
    assert seen(viewer, documents) == {"public"}


def test_unsealing_a_filing_shows_its_documents_again(client_user, documents):
    Filing.objects.filter(pk=documents["sealed"].filing_id).update(sealed=False)
    assert "sealed" in seen(client_user, documents)


def test_staff_see_everything_and_strangers_nothing(staff, outsider, documents):
    assert seen(staff, documents) == set(documents)
    assert seen(outsider, documents) == set()
    assert seen(AnonymousUser(), documents) == set()


def test_an_inactive_member_sees_nothing(case, documents):
    user = UserFactory(username="gone", is_active=False)
    MembershipFactory(user=user, case=case, role="lawyer")
    assert seen(user, documents) == set()


def test_pages_citations_notes_and_links_follow_their_documents_designation(lawyer, client_user, documents):
    aeo = documents["aeo"]
    page = page_on(aeo)
    Citation.objects.create(
        page=page,
        document=aeo,
        kind="statute",
        normalized="17 U.S.C. § 1202",
        matched_text="x",
        start=0,
        end=1,
    )
    note = Annotation.objects.create(document=aeo, page=page, body="team note", author=lawyer)
    allegation = AllegationFactory(case=aeo.filing.case)
    ClaimLink.objects.create(
        allegation=allegation, document=aeo, page=page, source="manual", status="confirmed"
    )
    for model in (Page, Citation, Annotation, ClaimLink):
        assert model.objects.visible_to(lawyer).exists(), model
        assert not model.objects.visible_to(client_user).exists(), model
    assert note in Annotation.objects.visible_to(lawyer)


# Private notes


@pytest.fixture
def private_note(lawyer, documents):
    document = documents["public"]
    note = Annotation.objects.create(
        document=document, page=page_on(document), body="my theory", author=lawyer, visibility="private"
    )
    link = ClaimLink.objects.create(
        allegation=AllegationFactory(case=document.filing.case),
        document=document,
        page=note.page,
        annotation=note,
        source="annotation",
        status="confirmed",
    )
    return note, link


def test_a_private_note_and_its_links_reach_its_author_alone(lawyer, paralegal, staff, private_note):
    note, link = private_note
    assert list(Annotation.objects.visible_to(lawyer)) == [note]
    assert list(ClaimLink.objects.visible_to(lawyer)) == [link]
    for other in (paralegal, staff):
        assert not Annotation.objects.visible_to(other).exists()
        assert not ClaimLink.objects.visible_to(other).exists()


def test_only_a_notes_author_changes_it_or_its_tags(lawyer, paralegal, private_note):
    note, link = private_note
    Annotation.objects.filter(pk=note.pk).update(visibility="team")
    note.refresh_from_db()
    assert access.can(lawyer, access.CHANGE, note)
    assert not access.can(paralegal, access.CHANGE, note)
    assert access.can(paralegal, access.ANNOTATE, note)  # may reply
    assert access.can(lawyer, access.CHANGE, link)
    assert not access.can(paralegal, access.CHANGE, link)


# Roles and actions


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("lawyer", {"view", "annotate", "change", "manage"}),
        ("paralegal", {"view", "annotate", "change"}),
        ("client_user", {"view"}),
        ("viewer", {"view"}),
        ("outsider", set()),
    ],
)
def test_each_role_may_do_what_the_policy_lists(request, case, persona, allowed):
    user = request.getfixturevalue(persona)
    actions = {
        a for a in (access.VIEW, access.ANNOTATE, access.CHANGE, access.MANAGE) if access.can(user, a, case)
    }
    assert actions == allowed
    assert access.actions_in_case(user, case.pk) == allowed


def test_only_staff_and_permitted_users_open_cases(lawyer, staff):
    from django.contrib.auth.models import Permission

    assert access.may_open_cases(staff)
    assert not access.may_open_cases(lawyer)
    lawyer.user_permissions.add(Permission.objects.get(codename="open_case"))
    lawyer = type(lawyer).objects.get(pk=lawyer.pk)  # permissions are cached per instance
    assert access.may_open_cases(lawyer)
    assert not access.may_open_cases(AnonymousUser())


def test_members_see_their_own_membership_and_lawyers_the_whole_team(lawyer, paralegal, viewer, case):
    assert set(CaseMembership.objects.visible_to(paralegal)) == {paralegal.memberships.get()}
    assert CaseMembership.objects.visible_to(lawyer).count() == 3


def test_users_visible_are_those_sharing_a_case(lawyer, paralegal, outsider):
    User = type(lawyer)
    assert set(access.scope(User.objects.all(), lawyer)) == {lawyer, paralegal}
    assert outsider not in access.scope(User.objects.all(), lawyer)


def test_the_policy_refuses_a_model_it_does_not_know(lawyer):
    from django.contrib.auth.models import Group

    with pytest.raises(LookupError, match="does not know"):
        access.scope(Group.objects.all(), lawyer)


# Parents are write-once, in the database


@pytest.mark.parametrize(
    ("model", "field"),
    [(Document, "filing_id"), (Filing, "case_id"), (Page, "case_id"), (Page, "document_id")],
)
def test_a_row_never_moves_to_another_parent(documents, model, field):
    document = documents["public"]
    other_filing = FilingFactory()
    row = {Document: document, Filing: document.filing, Page: page_on(document)}[model]
    target = {
        "filing_id": other_filing.pk,
        "case_id": other_filing.case_id,
        "document_id": documents["aeo"].pk,
    }
    with pytest.raises(DatabaseError, match="Cannot update"), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: target[field]})
