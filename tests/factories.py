import datetime

import factory
from django.contrib.auth import get_user_model

from caselaw.models import Allegation, Case, CaseMembership, Counsel, Court, Party
from filings.models import Document, Filing


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def saved(user, create, extracted, **kwargs):
        if create:
            user.save(update_fields=["password"])


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court
        django_get_or_create = ["code"]

    code = "cand"
    name = "U.S. District Court for the Northern District of California"
    jurisdiction = "Federal"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    court = factory.SubFactory(CourtFactory)
    docket_number = factory.Sequence(lambda n: f"3:24-cv-{n + 100:05d}-VC")
    caption = factory.Sequence(lambda n: f"Author {n} v. Model Co.")
    short_name = factory.Sequence(lambda n: f"Author {n} v. Model")
    judge = "Vince Chhabria"
    date_filed = datetime.date(2024, 1, 5)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseMembership

    user = factory.SubFactory(UserFactory)
    case = factory.SubFactory(CaseFactory)
    role = CaseMembership.Role.PARALEGAL


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Party {n}")
    role = Party.Role.PLAINTIFF


class CounselFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counsel

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Attorney {n}")
    firm = "Example LLP"


class AllegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allegation

    case = factory.SubFactory(CaseFactory)
    count_number = factory.Sequence(lambda n: n + 1)
    title = "Removal of copyright management information"
    legal_basis = "17 U.S.C. § 1202(b)"


class FilingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Filing

    case = factory.SubFactory(CaseFactory)
    entry_number = factory.Sequence(lambda n: n + 1)
    date_filed = datetime.date(2024, 2, 1)
    description = "Motion to dismiss"
    kind = Filing.Kind.MOTION


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document row without a stored file, for tests of metadata and access only."""

    class Meta:
        model = Document

    filing = factory.SubFactory(FilingFactory)
    attachment_number = factory.Sequence(lambda n: n)
    original_filename = "motion.pdf"
    file = "documents/none.pdf"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    size = 1000
    mime_type = "application/pdf"
