"""The two search surfaces: the /search/ page and GET /api/v1/search/."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, throttle_scope
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from caselaw.models import Allegation, Case, Designation, Party
from filings.models import Filing, RecentSearch
from filings.search import SearchError, parse_search, search_pages
from filings.services.saved_searches import saved_for
from filings.services.searches import RECENT_KEPT, search_run


@login_required
def search_page(request):
    context = {
        "q": request.GET.get("q", ""),
        "recent": RecentSearch.objects.visible_to(request.user)[:10],
        "cases": Case.objects.visible_to(request.user).order_by("short_name"),
        "kinds": Filing.Kind.choices,
        "params": request.GET,
        "saved_searches": saved_for(request.user, limit=10),
        "one_case": len(request.GET.getlist("case")) == 1,
    }
    selected = request.GET.getlist("case")
    if len(selected) == 1 and selected[0].isdigit():
        context["parties"] = Party.objects.visible_to(request.user).filter(case_id=selected[0])
        context["allegations"] = Allegation.objects.visible_to(request.user).filter(case_id=selected[0])
    if request.GET.get("q", "").strip():
        try:
            results = search_pages(request.user, parse_search(request.GET))
        except SearchError as error:
            context["error"] = str(error)
            return render(request, "filings/search.html", context, status=400)
        search_run(user=request.user, params=request.GET, results=results)
        case_names = dict(context["cases"].values_list("id", "short_name"))
        context.update(
            results=results,
            case_counts=[(case_names.get(cid, cid), cid, n) for cid, n in results.counts_by_case.items()],
            kind_counts=[
                (dict(Filing.Kind.choices).get(k, k), k, n) for k, n in results.counts_by_kind.items()
            ],
            page_query=urlencode([(k, v) for k, vs in request.GET.lists() for v in vs if k != "page"]),
        )
    return render(request, "filings/search.html", context)


class SearchHitSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="page.document.filing.case_id")
    case_name = serializers.CharField(source="page.document.filing.case.short_name")
    filing = serializers.IntegerField(source="page.document.filing_id")
    entry_number = serializers.IntegerField(source="page.document.filing.entry_number", allow_null=True)
    date_filed = serializers.DateField(source="page.document.filing.date_filed")
    filing_kind = serializers.CharField(source="page.document.filing.kind")
    filing_description = serializers.CharField(source="page.document.filing.description")
    document = serializers.IntegerField(source="page.document_id")
    document_title = serializers.CharField(source="page.document.__str__")
    designation = serializers.SerializerMethodField()
    page = serializers.IntegerField(source="page.number")
    from_ocr = serializers.BooleanField(source="page.from_ocr")
    text_source = serializers.CharField(source="page.text_source", help_text="layer, ocr, both or none")
    rank = serializers.FloatField()
    snippet_html = serializers.CharField(help_text="Escaped text with <mark> around matches")
    matching_pages = serializers.IntegerField()
    viewer_url = serializers.SerializerMethodField()

    def get_designation(self, hit) -> str:
        return Designation(hit.page.document.designation).key

    def get_viewer_url(self, hit) -> str:
        q = self.context.get("q", "")
        return f"{hit.page.document.get_absolute_url()}?{urlencode({'page': hit.page.number, 'q': q})}"


SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description='Web-style: words, "phrases", OR, -exclusion, citations'),
    OpenApiParameter("case", int, many=True),
    OpenApiParameter("kind", str, many=True, enum=Filing.Kind.values),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("party", int, description="Filed by this party"),
    OpenApiParameter("allegation", int, description="Documents linked to this allegation"),
    OpenApiParameter("ocr", bool, description="Only pages read by OCR"),
    OpenApiParameter("sort", str, enum=["relevance", "newest", "oldest"]),
    OpenApiParameter("group", str, enum=["document"], description="One hit per document"),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="At most 100"),
]


@extend_schema(parameters=SEARCH_PARAMETERS, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@throttle_scope("search")  # the "search" rate (settings.REST_FRAMEWORK), on top of the user's
def search_api(request):
    """Search the text of every page you may see. Results are pages, best first."""
    try:
        results = search_pages(request.user, parse_search(request.query_params))
    except SearchError as error:
        raise ValidationError({"detail": str(error)}) from None
    search_run(user=request.user, params=request.query_params, results=results)
    hits = SearchHitSerializer(results.hits, many=True, context={"q": results.request.q}).data
    return Response(
        {
            "count": results.total,
            "count_is_lower_bound": results.total_is_lower_bound,
            # Phrases with stop words on very many pages: counted from a sample, not every page.
            "count_is_estimate": results.total_is_estimate,
            # The first page is the best of every visible match (BM25 in the page index, or
            # below 2,000 matches in PostgreSQL), not the best of the first 2,000 found.
            "ranked_over_every_match": results.ranked_by_index or not results.total_is_lower_bound,
            "ranking": "bm25" if results.ranked_by_index else "ts_rank_cd",  # what `rank` is
            "page": results.request.page,
            "pages": results.pages,
            "counts_by_case": {str(k): v for k, v in results.counts_by_case.items()},
            "counts_by_kind": results.counts_by_kind,
            "results": hits,
        }
    )


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def recent_searches_api(request):
    """Your recent searches, newest first."""
    rows = RecentSearch.objects.visible_to(request.user)[:RECENT_KEPT]
    return Response(
        [
            {
                "q": r.q,
                "query_string": r.query_string,
                "result_count": r.result_count,
                "searched_at": r.searched_at,
            }
            for r in rows
        ]
    )
