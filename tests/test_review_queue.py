"""The review queue (issue #16): a case's suggestions across its counts, best first, with
filters and what is left; bulk confirm and reject; only for reviewers; behind the wall;
its queries do not grow with the number of suggestions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caselaw.models import CaseMembership, Designation
from filings.models import ClaimLink
from tests.factories import AllegationFactory, DocumentFactory, FilingFactory, MembershipFactory, UserFactory
from tests.helpers import suggested_links

pytestmark = pytest.mark.django_db


def suggest(case, allegation, n, *, score=0.5, designation=Designation.PUBLIC):
    document = DocumentFactory(filing=FilingFactory(case=case), designation=designation, page_count=n)
    return suggested_links(allegation, document, range(1, n + 1), score=score)


@pytest.fixture
def counts(case):
    return (
        AllegationFactory(case=case, count_number=1, title="Direct copyright infringement"),
        AllegationFactory(case=case, count_number=3, title="Removal of copyright management information"),
    )


def test_the_queue_lists_every_counts_suggestions_best_first_with_what_is_left(client, lawyer, case, counts):
    weak = suggest(case, counts[0], 2, score=0.2)
    strong = suggest(case, counts[1], 3, score=0.9)
    client.force_login(lawyer)

    page = client.get(f"/cases/{case.pk}/review/").content.decode()

    assert "5 suggestions</span> left to review" in page
    order = [page.index(f'data-link="{link.pk}"') for link in strong + weak]
    assert order == sorted(order)  # the strong count's first
    assert "cites 17 U.S.C. § 1202(b) on page 2" in page


def test_filters_narrow_the_queue(client, lawyer, case, counts):
    suggest(case, counts[0], 2, score=0.2)
    strong = suggest(case, counts[1], 3, score=0.9)
    client.force_login(lawyer)

    by_count = client.get(f"/cases/{case.pk}/review/", {"count": counts[1].pk}).content.decode()
    by_score = client.get(f"/cases/{case.pk}/review/", {"min_score": "0.5"}).content.decode()
    junk = client.get(f"/cases/{case.pk}/review/", {"min_score": "lots", "count": "x", "source": "<b>"})
    by_filing = client.get(
        f"/cases/{case.pk}/review/", {"filing": strong[0].document.filing_id}
    ).content.decode()
    assert by_filing.count('class="review-item"') == 3
    assert f'<option value="{strong[0].document.filing_id}" selected>' in by_filing

    assert by_count.count('class="review-item"') == 3 and by_score.count('class="review-item"') == 3
    assert all(f'data-link="{link.pk}"' in by_count for link in strong)
    assert junk.status_code == 200 and junk.content.decode().count('class="review-item"') == 5


def test_bulk_confirm_and_reject(client, lawyer, case, counts):
    first, second = suggest(case, counts[0], 2), suggest(case, counts[1], 1)
    client.force_login(lawyer)

    response = client.post(
        f"/cases/{case.pk}/review/bulk/", {"status": "confirmed", "link": [link.pk for link in first]}
    )
    client.post(f"/cases/{case.pk}/review/bulk/", {"status": "rejected", "link": [second[0].pk]})

    assert response.status_code == 302 and response["Location"].startswith(f"/cases/{case.pk}/review/")
    assert set(ClaimLink.objects.values_list("status", flat=True)) == {"confirmed", "rejected"}
    assert ClaimLink.objects.filter(status="confirmed").count() == 2
    assert "Nothing left to review" in client.get(f"/cases/{case.pk}/review/").content.decode()


def test_a_viewer_sees_the_queue_but_cannot_review(client, viewer, case, counts):
    [link] = suggest(case, counts[0], 1)
    client.force_login(viewer)

    page = client.get(f"/cases/{case.pk}/review/").content.decode()
    response = client.post(f"/cases/{case.pk}/review/bulk/", {"status": "confirmed", "link": [link.pk]})

    assert f'data-link="{link.pk}"' in page and "Confirm selected" not in page
    assert response.status_code == 403
    assert ClaimLink.objects.get(pk=link.pk).status == "suggested"


def test_the_wall_hides_the_case_and_suggestions_above_a_clearance(client, case, counts):
    outsider, client_user = UserFactory(), UserFactory()
    MembershipFactory(user=outsider, case=FilingFactory().case, role=CaseMembership.Role.LAWYER)
    MembershipFactory(user=client_user, case=case, role=CaseMembership.Role.CLIENT)
    [public] = suggest(case, counts[0], 1)
    [aeo] = suggest(case, counts[1], 1, designation=Designation.AEO)

    client.force_login(outsider)
    hidden = client.get(f"/cases/{case.pk}/review/")
    missing = client.get("/cases/999999/review/")
    bulk = client.post(f"/cases/{case.pk}/review/bulk/", {"status": "confirmed", "link": [public.pk]})
    client.force_login(client_user)
    page = client.get(f"/cases/{case.pk}/review/").content.decode()

    assert hidden.status_code == missing.status_code == bulk.status_code == 404
    assert f'data-link="{public.pk}"' in page and f'data-link="{aeo.pk}"' not in page
    assert "1 suggestion</span> left" in page


def test_a_bulk_review_touches_only_suggestions_of_this_case_the_user_may_see(client, lawyer, case, counts):
    other_case = FilingFactory().case
    MembershipFactory(user=lawyer, case=other_case, role=CaseMembership.Role.LAWYER)
    [elsewhere] = suggest(other_case, AllegationFactory(case=other_case), 1)
    [here] = suggest(case, counts[0], 1)
    client.force_login(lawyer)

    client.post(
        f"/cases/{case.pk}/review/bulk/", {"status": "confirmed", "link": [here.pk, elsewhere.pk, "x"]}
    )

    assert ClaimLink.objects.get(pk=here.pk).status == "confirmed"
    assert ClaimLink.objects.get(pk=elsewhere.pk).status == "suggested"


@pytest.mark.parametrize("n", [10, 300])
def test_the_queue_reads_in_a_fixed_number_of_queries(client, lawyer, case, counts, n):
    suggest(case, counts[0], n // 2)
    suggest(case, counts[1], n - n // 2)
    client.force_login(lawyer)
    client.get(f"/cases/{case.pk}/review/")  # warm the session

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/cases/{case.pk}/review/")

    assert response.status_code == 200
    assert len(queries) <= 13, [q["sql"][:120] for q in queries]  # 13th: the header's notifications
