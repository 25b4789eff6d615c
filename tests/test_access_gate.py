"""The access gate, branch by branch: who may see and who may change a case, and the
`visible_to(user)` querysets every view and endpoint builds on."""

import pytest
from django.contrib.auth.models import AnonymousUser

from caselaw.access import (
    can_annotate_case,
    can_change_case,
    can_view_case,
    changeable_case_ids,
    visible_case_ids,
)
from caselaw.models import Case, CaseMembership, Counsel, Party
from filings.models import Document, Filing, Page
from tests.factories import (
    CaseFactory,
    CounselFactory,
    DocumentFactory,
    FilingFactory,
    MembershipFactory,
    PartyFactory,
    UserFactory,
)


@pytest.fixture
def other_case(outsider):
    """The case the outsider is a member of."""
    return outsider.memberships.get().case


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True)


@pytest.fixture
def inactive_lawyer(case):
    """A former lawyer on the case whose account was switched off."""
    user = UserFactory(username="inactive", is_active=False)
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.LAWYER)
    return user


def visible_cases(user) -> set:
    return set(Case.objects.filter(id__in=visible_case_ids(user)))


def changeable_cases(user) -> set:
    return set(Case.objects.filter(id__in=changeable_case_ids(user)))


# visible_case_ids / changeable_case_ids


@pytest.mark.django_db
def test_it_shows_staff_every_case(staff, case, other_case):
    assert visible_cases(staff) == {case, other_case}
    assert changeable_cases(staff) == {case, other_case}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["lawyer", "paralegal", "viewer"])
def test_it_shows_a_member_only_their_case(request, persona, case, other_case):
    user = request.getfixturevalue(persona)

    assert visible_cases(user) == {case}


@pytest.mark.django_db
def test_it_lets_only_lawyers_and_paralegals_change_a_case(lawyer, paralegal, viewer, case, other_case):
    assert changeable_cases(lawyer) == {case}
    assert changeable_cases(paralegal) == {case}
    assert changeable_cases(viewer) == set()


@pytest.mark.django_db
def test_it_shows_the_outsider_only_their_own_case(outsider, case, other_case):
    assert visible_cases(outsider) == {other_case}


@pytest.mark.django_db
def test_it_shows_an_inactive_member_nothing(inactive_lawyer, case):
    assert visible_cases(inactive_lawyer) == set()
    assert changeable_cases(inactive_lawyer) == set()


@pytest.mark.django_db
def test_it_shows_an_inactive_staff_user_nothing(case):
    former_staff = UserFactory(is_staff=True, is_active=False)

    assert visible_cases(former_staff) == set()


@pytest.mark.django_db
def test_it_shows_an_anonymous_user_nothing(case):
    assert visible_cases(AnonymousUser()) == set()
    assert changeable_cases(AnonymousUser()) == set()


# can_view_case / can_change_case


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, may_view, may_change",
    [
        ("staff", True, True),
        ("lawyer", True, True),
        ("paralegal", True, True),
        ("viewer", True, False),
        ("outsider", False, False),
        ("inactive_lawyer", False, False),
    ],
)
def test_it_decides_view_and_change_by_role(request, case, persona, may_view, may_change):
    user = request.getfixturevalue(persona)

    assert can_view_case(user, case.pk) is may_view
    assert can_change_case(user, case.pk) is may_change


@pytest.mark.django_db
def test_it_refuses_an_anonymous_user(case):
    assert can_view_case(AnonymousUser(), case.pk) is False
    assert can_change_case(AnonymousUser(), case.pk) is False


@pytest.mark.django_db
def test_it_refuses_a_case_that_does_not_exist(lawyer):
    assert can_view_case(lawyer, 999_999) is False
    assert can_change_case(lawyer, 999_999) is False


@pytest.mark.django_db
def test_it_lets_the_outsider_change_only_their_own_case(outsider, case, other_case):
    assert can_change_case(outsider, other_case.pk) is True
    assert can_change_case(outsider, case.pk) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, may_annotate",
    [
        ("staff", True),
        ("lawyer", True),
        ("paralegal", True),
        ("viewer", False),
        ("outsider", False),
    ],
)
def test_it_lets_the_working_team_annotate_and_viewers_only_read(request, case, persona, may_annotate):
    user = request.getfixturevalue(persona)

    assert can_annotate_case(user, case.pk) is may_annotate


# visible_to(user) querysets


@pytest.fixture
def rows(case, other_case):
    """One party, counsel, filing, document and page in each of the two cases."""

    def make(c):
        filing = FilingFactory(case=c)
        document = DocumentFactory(filing=filing)
        return {
            Party: PartyFactory(case=c),
            Counsel: CounselFactory(case=c),
            Filing: filing,
            Document: document,
            # A page carries copies of its filing's case and date (search filters on them).
            Page: Page.objects.create(
                document=document, number=1, text="text", case=c, date_filed=filing.date_filed
            ),
        }

    return {"mine": make(case), "theirs": make(other_case)}


MODELS = [Party, Counsel, Filing, Document, Page]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("persona", ["lawyer", "paralegal", "viewer"])
def test_it_scopes_rows_to_the_members_case(request, rows, model, persona):
    user = request.getfixturevalue(persona)

    assert list(model.objects.visible_to(user)) == [rows["mine"][model]]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_scopes_rows_to_the_outsiders_own_case(outsider, rows, model):
    assert list(model.objects.visible_to(outsider)) == [rows["theirs"][model]]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_staff_every_row(staff, rows, model):
    assert set(model.objects.visible_to(staff)) == {rows["mine"][model], rows["theirs"][model]}


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Case, *MODELS], ids=lambda m: m.__name__)
def test_it_hides_every_row_from_inactive_and_anonymous_users(inactive_lawyer, rows, model):
    assert not model.objects.visible_to(inactive_lawyer).exists()
    assert not model.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.django_db
def test_it_scopes_cases_to_membership(lawyer, outsider, staff, case, other_case):
    CaseFactory()  # a third case nobody here belongs to

    assert list(Case.objects.visible_to(lawyer)) == [case]
    assert list(Case.objects.visible_to(outsider)) == [other_case]
    assert Case.objects.visible_to(staff).count() == 3


@pytest.mark.django_db
def test_it_gives_the_same_answer_for_staff_who_are_also_viewers(staff, case):
    # can_change_case and changeable_case_ids are two doors of one gate: they must agree.
    MembershipFactory(user=staff, case=case, role=CaseMembership.Role.VIEWER)

    assert can_change_case(staff, case.pk) is (case in changeable_cases(staff))
