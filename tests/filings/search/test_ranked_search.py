"""Relevance through the page index (filings/search/ranked.py): the best pages of every
visible match come first, counts are exact, and the wall is inside the index query, so
hits and counts are those PostgreSQL's own wall gives, for every persona and filter.

Pages are written with SQL (as the pipeline stores them: text, its vector) so a test can
hold a few thousand; the index takes them in as it would from a worker."""

import datetime

import pytest
from django.db import connection

from caselaw.models import CaseMembership, Designation
from filings.search import engine, page_index, parse_search, ranked, search_pages
from filings.search.stop_phrases import page_keys
from tests.factories import CaseFactory, DocumentFactory, FilingFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def add_pages(document, texts: list[str]) -> list[int]:
    """Pages of `document` saying `texts`, in order, stored as the pipeline stores them
    (filings.pipeline.steps.StorePages); their ids."""
    filing = document.filing
    keys = {text: page_keys(text) for text in set(texts)}
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO filings_page (document_id, case_id, date_filed, number, text, search_vector, "
            "phrase_keys, from_ocr) SELECT %s, %s, %s, n, t, to_tsvector('english', t), k::tsvector, false "
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS u(t, k, n) RETURNING id",
            [document.pk, filing.case_id, filing.date_filed, texts, [keys[text] for text in texts]],
        )
        return sorted(row[0] for row in cursor.fetchall())


def document_in(case, *, designation=Designation.PUBLIC, sealed=False, kind="motion", day=None):
    filing = FilingFactory(case=case, sealed=sealed, kind=kind, date_filed=day or datetime.date(2024, 3, 1))
    return DocumentFactory(filing=filing, designation=designation)


def run(user, **params):
    return search_pages(user, parse_search(params))


def postgres_answer(user, **params):
    """The same search answered by the SQL path (exact below 2,000 matches)."""
    request = parse_search(params)
    results = engine.SearchResults(request=request)
    rows = engine.rank_and_count(engine.where_clause(user, request), request, results)
    return results, {row["id"] for row in rows}


def test_the_best_pages_come_first_when_more_than_2000_pages_match():
    case = CaseFactory()
    lawyer = UserFactory()
    MembershipFactory(user=lawyer, case=case, role=CaseMembership.Role.LAWYER)
    document = document_in(case)
    plain = add_pages(document, ["The court noted the filing and moved on to other business."] * 2400)
    best = add_pages(
        document_in(case), [f"The court, the court, the court: court order {n}." for n in range(30)]
    )
    page_index.sync()

    results = run(lawyer, q="court", page_size=20)

    assert results.ranked_by_index
    assert (results.total, results.total_is_lower_bound) == (2430, False)
    assert results.counts_by_case == {case.pk: 2430}
    assert {hit.page.pk for hit in results.hits} <= set(best)
    assert [hit.rank for hit in results.hits] == sorted((hit.rank for hit in results.hits), reverse=True)
    # The SQL path ranks only the first 2,000 it finds.
    capped, _ = postgres_answer(lawyer, q="court", page_size=20)
    assert capped.total_is_lower_bound and len(plain) > engine.CANDIDATE_CAP


def test_a_phrase_with_stop_words_is_checked_word_for_word_best_pages_first():
    """The index finds 'not' 'the' 'court' as 'court' alone; each page, best first, is
    checked for the phrase in PostgreSQL until the page of hits is full."""
    case = CaseFactory()
    lawyer = UserFactory()
    MembershipFactory(user=lawyer, case=case, role=CaseMembership.Role.LAWYER)
    add_pages(document_in(case), ["The court noted the filing and moved on to other business."] * 2400)
    said = add_pages(document_in(case), ["It is not the court that decides; the court, the court."] * 25)
    nearly = add_pages(document_in(case), ["The court, the court, the court: not a court of record."] * 25)
    page_index.sync()

    results = run(lawyer, q='"not the court"', page_size=20)

    assert results.ranked_by_index
    assert {hit.page.pk for hit in results.hits} <= set(said)
    assert not {hit.page.pk for hit in results.hits} & set(nearly)
    # 1,000 of 2,450 matches checked; of a sample of the others none says it
    assert (results.total, results.total_is_estimate, results.counts_by_case) == (25, True, {case.pk: 25})
    second = run(lawyer, q='"not the court"', page_size=20, page=2)
    assert {hit.page.pk for hit in second.hits} == set(said) - {hit.page.pk for hit in results.hits}


def test_when_not_every_match_is_checked_the_count_is_an_estimate_from_a_sample():
    case, other = CaseFactory(), CaseFactory()
    lawyer = UserFactory()
    for each in (case, other):
        MembershipFactory(user=lawyer, case=each, role=CaseMembership.Role.LAWYER)
    said, plain = "It is not the court that noted the filing today.", "The court noted the filing today."
    add_pages(document_in(case, kind="order"), [said if n % 2 else plain for n in range(1600)])
    add_pages(document_in(other, kind="motion"), [plain] * 800)
    add_pages(document_in(case, kind="order"), ["Not the court, the court, the court, the court."] * 30)
    page_index.sync()

    results = run(lawyer, q='"not the court"')

    exact = 800 + 30
    assert results.ranked_by_index and results.total_is_estimate and not results.total_is_lower_bound
    assert abs(results.total - exact) <= 0.1 * exact, results.total
    assert abs(results.counts_by_case.get(case.pk, 0) - exact) <= 0.1 * exact, results.counts_by_case
    assert results.counts_by_case.get(other.pk, 0) <= 0.1 * exact  # its pages never say it
    assert set(results.counts_by_kind) <= {"order", "motion"}


def test_a_rare_phrase_among_many_pages_with_its_words_is_found_whole_and_counted_exactly(monkeypatch):
    """The index's best 1,000 pages with "court" do not say "not the court", nor would
    checking pages one by one get to them: the pages that do are found by PostgreSQL
    (phrase keys, then the text), then ranked by the index."""
    monkeypatch.setattr(ranked, "PHRASE_CHECK_MAX", 1500)  # as 20,000 of a million pages
    case = CaseFactory()
    lawyer = UserFactory()
    MembershipFactory(user=lawyer, case=case, role=CaseMembership.Role.LAWYER)
    add_pages(document_in(case), ["The court, the court, the court noted the filing."] * 2400)
    said = add_pages(
        document_in(case),
        [f"It is not the court that weighs {'the evidence and the record ' * n}here." for n in range(1, 6)],
    )
    page_index.sync()

    results = run(lawyer, q='"not the court"')

    assert results.ranked_by_index
    assert (results.total, results.total_is_lower_bound, results.counts_by_case) == (5, False, {case.pk: 5})
    assert [hit.page.pk for hit in results.hits] == said  # shortest page first (BM25's length norm)


def test_a_rare_word_outranks_a_common_one():
    """IDF: of two pages each holding one of two words once, the rarer word's ranks first."""
    case = CaseFactory()
    user = UserFactory()
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.LAWYER)
    document = document_in(case)
    add_pages(document, ["The motion is granted in part."] * 50)
    [rare] = add_pages(document_in(case), ["The replevin motion is denied."])
    page_index.sync()

    results = run(user, q="replevin OR motion")

    assert results.ranked_by_index and results.hits[0].page.pk == rare


@pytest.fixture
def walled():
    """One case with a page at every level (public, confidential, AEO, sealed), another
    case the personas are not in; every page says "estoppel"."""
    case, other = CaseFactory(), CaseFactory()
    pages = {}
    for name, kwargs in {
        "public": {},
        "confidential": {"designation": Designation.CONFIDENTIAL, "kind": "order"},
        "aeo": {"designation": Designation.AEO, "day": datetime.date(2025, 1, 10)},
        "sealed": {"sealed": True, "kind": "order"},
    }.items():
        pages[name] = add_pages(
            document_in(case, **kwargs), [f"Equitable estoppel bars the {name} claim."] * 3
        )
    pages["other case"] = add_pages(document_in(other), ["Equitable estoppel, in another case."] * 2)
    personas = {"staff": UserFactory(is_staff=True), "outsider": UserFactory()}
    MembershipFactory(user=personas["outsider"], case=CaseFactory(), role=CaseMembership.Role.LAWYER)
    for clearance in Designation:
        user = personas[f"cleared {clearance.label}"] = UserFactory()
        MembershipFactory(user=user, case=case, role=CaseMembership.Role.LAWYER, clearance=clearance)
    page_index.sync()
    return case, other, pages, personas


FILTERS = [
    {},
    {"kind": ["order"]},
    {"date_from": "2025-01-01"},
    {"date_to": "2024-12-31"},
    {"q": "estoppel -sealed"},
    {"q": "equit* claim"},
    {"q": '"estoppel bars the"'},  # stop words in a phrase: checked word for word
    {"q": '"bars the public"'},
]


@pytest.mark.parametrize("extra", FILTERS, ids=lambda extra: ",".join(extra) or "none")
def test_hits_and_counts_are_those_of_the_wall_for_every_persona(walled, extra):
    case, other, pages, personas = walled
    for name, user in personas.items():
        params = {"q": "estoppel", "page_size": 100, **extra}
        results = run(user, **params)
        expected, expected_ids = postgres_answer(user, **params)
        assert results.ranked_by_index, name
        assert {hit.page.pk for hit in results.hits} == expected_ids, name
        assert (results.total, results.counts_by_case, results.counts_by_kind) == (
            expected.total,
            expected.counts_by_case,
            expected.counts_by_kind,
        ), name


def test_what_each_clearance_sees(walled):
    case, other, pages, personas = walled

    def seen(name):
        found = {hit.page.pk for hit in run(personas[name], q="estoppel", page_size=100).hits}
        return {level for level, ids in pages.items() if set(ids) <= found}

    assert seen("cleared Public") == {"public"}
    assert seen("cleared Confidential") == {"public", "confidential"}
    assert seen(f"cleared {Designation.AEO.label}") == {"public", "confidential", "aeo", "sealed"}
    assert seen("staff") == set(pages)
    assert seen("outsider") == set()


def test_a_hidden_case_filter_answers_like_a_missing_one(walled):
    case, other, pages, personas = walled
    user = personas[f"cleared {Designation.AEO.label}"]
    hidden, missing = run(user, q="estoppel", case=other.pk), run(user, q="estoppel", case=10**9)
    for results in (hidden, missing):
        assert (results.total, results.hits, results.counts_by_case, results.counts_by_kind) == (
            0,
            [],
            {},
            {},
        )


def test_a_designation_raised_after_indexing_hides_the_page_at_once(walled):
    """The change waits for the index; the search takes it in before answering."""
    case, other, pages, personas = walled
    user = personas["cleared Public"]
    from filings.models import Document

    document = Document.objects.get(pages__id=pages["public"][0])
    document.designation = Designation.AEO
    document.save(update_fields=["designation"])
    assert page_index.waiting(10)

    results = run(user, q="estoppel")

    assert results.ranked_by_index and not page_index.waiting(10)
    assert (results.total, results.hits) == (0, [])


def test_while_the_index_is_busy_postgresql_answers(walled):
    """Another indexer holds the lock: the search does not wait, and does not answer from
    an index that has not taken the change in."""
    case, other, pages, personas = walled
    user = personas["cleared Public"]
    from filings.models import Document

    Document.objects.filter(pages__id=pages["public"][0]).update(designation=Designation.CONFIDENTIAL)
    from django.db import connections

    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [page_index.LOCK])
        results = run(user, q="estoppel")
    finally:
        holder.close()

    assert not results.ranked_by_index
    assert (results.total, results.hits) == (0, [])


def test_an_index_that_lost_a_change_is_not_believed(walled):
    """If the index holds a page PostgreSQL would not show (its change lost, say a
    database restored under it), search answers from PostgreSQL instead."""
    case, other, pages, personas = walled
    user = personas["cleared Public"]
    from filings.models import Document

    Document.objects.filter(pages__id=pages["public"][0]).update(designation=Designation.AEO)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM filings_searchindexchange")

    results = run(user, q="estoppel")

    assert not results.ranked_by_index
    assert (results.total, results.hits, results.counts_by_case) == (0, [], {})


def test_inside_a_transaction_the_index_takes_nothing_in(walled):
    """Changes of an open transaction may never be committed: the index does not take
    them in, and PostgreSQL answers with the transaction's own view."""
    from django.db import transaction

    from filings.models import Document

    case, other, pages, personas = walled
    user = personas["cleared Public"]
    with transaction.atomic():
        Document.objects.filter(pages__id=pages["public"][0]).update(designation=Designation.AEO)
        results = run(user, q="estoppel")
        transaction.set_rollback(True)

    assert not results.ranked_by_index and results.total == 0
    assert run(user, q="estoppel").total == 3


@pytest.mark.parametrize(
    "params",
    [
        {"q": "estoppel", "sort": "newest"},
        {"q": "estoppel", "group": "document"},
        {"q": "estoppel", "ocr": "true"},
    ],
    ids=["newest", "grouped", "ocr"],
)
def test_what_the_index_does_not_answer_goes_to_postgresql(walled, params):
    case, other, pages, personas = walled
    results = run(personas["staff"], **params)
    assert not results.ranked_by_index


def test_the_api_says_the_ranking_covers_every_match(api):
    case = CaseFactory()
    user = UserFactory()
    MembershipFactory(user=user, case=case, role=CaseMembership.Role.LAWYER)
    add_pages(document_in(case), ["The court granted the motion."] * 2100)
    page_index.sync()

    body = api(user).get("/api/v1/search/", {"q": "court"}).json()

    assert (body["count"], body["count_is_lower_bound"], body["ranked_over_every_match"]) == (
        2100,
        False,
        True,
    )
    assert body["counts_by_case"] == {str(case.pk): 2100}
    assert len(body["results"]) == 20 and all(hit["case"] == case.pk for hit in body["results"])
