"""Suggestions earn their place (issue #16): a statute several counts rest on is not
enough alone; the count's own subsection or its own words are; a filing made before the
count was pleaded is not proposed for it; each says why."""

import datetime

import pytest

from caselaw import testing_pdfs as pdfs
from caselaw.models import AllegationStatus, AllegationStatusChange
from filings.models import ClaimLink
from filings.pipeline.runner import process_document
from tests.factories import AllegationFactory, FilingFactory
from tests.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kadrey_counts(case):
    """Counts shaped like Kadrey's: three rest on § 501; count 8 was pleaded in 2025."""
    counts = {
        1: ("Direct copyright infringement", "17 U.S.C. § 501", datetime.date(2023, 7, 7)),
        2: (
            "Vicarious copyright infringement",
            "17 U.S.C. § 501 (vicarious liability)",
            datetime.date(2023, 7, 7),
        ),
        3: (
            "Removal of copyright management information (DMCA)",
            "17 U.S.C. § 1202(b)",
            datetime.date(2023, 7, 7),
        ),
        8: (
            "Copyright infringement by distribution (torrenting)",
            "17 U.S.C. § 106(3); 17 U.S.C. § 501",
            datetime.date(2025, 1, 14),
        ),
    }
    made = {}
    for number, (title, basis, pleaded) in counts.items():
        allegation = AllegationFactory(case=case, count_number=number, title=title, legal_basis=basis)
        AllegationStatusChange.objects.create(
            allegation=allegation, status=AllegationStatus.PLEADED, date=pleaded
        )
        made[number] = allegation
    return made


def suggested(case, sentence: str, filed: datetime.date) -> dict[int, str]:
    filing = FilingFactory(case=case, date_filed=filed)
    document = upload(filing, pdfs.text_pdf(pages=1, sentences=[sentence]))
    process_document(document.pk, token="t")
    return {
        link.allegation.count_number: link.reason
        for link in ClaimLink.objects.filter(document=document, source="citation").select_related(
            "allegation"
        )
    }


def test_a_statute_three_counts_share_is_not_enough_alone(case, kadrey_counts):
    found = suggested(case, "Plaintiffs sue under 17 U.S.C. § 501 for the copies.", datetime.date(2025, 3, 1))
    assert found == {}


def test_the_counts_own_words_make_a_shared_statute_count(case, kadrey_counts):
    sentence = "Meta is liable under 17 U.S.C. § 501 for vicarious infringement by its contractors."
    found = suggested(case, sentence, datetime.date(2025, 3, 1))
    assert set(found) == {2}
    assert found[2] == (
        "cites 17 U.S.C. § 501 on page 1: a statute 3 counts rest on; "
        "the page uses the count's own words (vicarious)"
    )


def test_the_counts_own_subsection_is_enough(case, kadrey_counts):
    found = suggested(
        case, "Meta removed CMI in violation of 17 U.S.C. § 1202(b)(1).", datetime.date(2025, 3, 1)
    )
    assert set(found) == {3}
    assert found[3].endswith("the count's own subsection")


def test_a_filing_made_before_the_count_was_pleaded_is_not_proposed_for_it(case, kadrey_counts):
    sentence = "Torrenting and distribution through seeding infringe 17 U.S.C. § 501 and § 106(3)."
    before = suggested(case, sentence, datetime.date(2023, 9, 18))
    after = suggested(case, sentence, datetime.date(2025, 3, 1))
    assert 8 not in before
    assert 8 in after
