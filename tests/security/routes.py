"""Every URL of the site, classified: how the leak matrix fills a route's parameters with
the objects a persona must not reach. A URL pattern or schema operation missing from
ROUTES fails test_route_table.py, so a route added later cannot escape the matrix.

Keys are URL names ("document-detail"; namespaced: "rest_framework:login"), the route
string of an unnamed pattern ("favicon.ico"), or "admin:" for the whole admin site.
Callables receive the target (a world Entry: `.pk`, `.case_id`) and a `Ctx`
(tests/security/plan.py): `ctx.kit_of(t)` holds the target's own case's objects,
`ctx.other_kit(t)` the other case's, `ctx.home` those of the case the persona works in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.security.world import SEARCH_WORD


@dataclass(frozen=True)
class Public:
    """Shows no case data to anyone (login page, schema, courts): probed for markers only."""

    why: str
    path: Callable | None = None  # (world) -> URL kwargs


@dataclass(frozen=True)
class StaffOnly:
    """The Django admin: a non-staff persona is sent to the admin login, whatever the id."""

    why: str


@dataclass(frozen=True)
class InPath:
    """The path names an object of `kind`: probed with every such object, all methods."""

    kind: str
    path: Callable  # (obj, ctx) -> URL kwargs
    id_param: str = "pk"
    body: Callable | None = None  # (obj, ctx) -> body of POST, PUT and PATCH
    upload: bool = False  # the body is a multipart upload of a PDF
    query: dict = field(default_factory=dict)
    reveals: bool = True  # the object's owner GETs it and sees its markers
    shows: Callable | None = None  # (obj, ctx) -> the markers that GET shows, if not the object's


@dataclass(frozen=True)
class InQuery:
    """A list filter: query parameter `param` takes an object of `kind` (its id, or with
    `text` the marker of that field, for filters that match words)."""

    param: str
    kind: str
    text: str = ""
    base: dict = field(default_factory=dict)
    path: Callable | None = None  # (ctx) -> URL kwargs, for a page with a path


@dataclass(frozen=True)
class InBody:
    """A write whose body names an object of `kind` (a create, or a change of the
    persona's own object): probed with each hidden object of that kind."""

    kind: str
    body: Callable  # (obj, ctx) -> body
    method: str = "POST"
    path: Callable | None = None  # (ctx) -> URL kwargs


@dataclass(frozen=True)
class Listing:
    """No object anywhere: the route as it is (every method; writes with an empty body)."""

    base: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    specs: tuple
    not_ids: tuple = ()  # the query parameters (of the schema) that take no object


def pk(obj, ctx=None) -> dict:
    return {"pk": obj.pk}


def document_id(obj, ctx=None) -> dict:
    return {"document_id": obj.pk}


def of_home(attribute: str, param: str = "pk") -> Callable:
    """URL kwargs naming one of the persona's own objects."""
    return lambda ctx: {param: getattr(ctx.home, attribute).pk}


PAGING = ("ordering", "page", "page_size")
SEARCHED = {"q": SEARCH_WORD}
NEW_FILING = {"entry_number": 99, "date_filed": "2024-05-01", "description": "x"}
STATUS_CHANGE = {"status": "dismissed_with_leave", "date": "2024-05-01"}

SEARCH_FILTERS = (
    Listing(base=SEARCHED),
    InQuery("case", "case", base=SEARCHED),
    InQuery("party", "party", base=SEARCHED),
    InQuery("allegation", "allegation", base=SEARCHED),
    InQuery("q", "page", text="text"),
)
SEARCH_NOT_IDS = ("date_from", "date_to", "group", "kind", "ocr", "page", "page_size", "sort")

ROUTES = {
    # Pages and the API's own pages
    "home": Public("redirects to the case list or to the login page"),
    "login": Public("the login form"),
    "logout": Public("ends the session"),
    "rest_framework:login": Public("the browsable API's login form"),
    "rest_framework:logout": Public("ends the session"),
    "api-root": Public("lists the API's endpoints"),
    "schema": Public("the OpenAPI schema: endpoints, not data"),
    "api_docs": Public("Swagger UI for the schema"),
    "favicon.ico": Public("a redirect to a static file"),
    "court-list": Public("courts are reference data shared by every case"),
    "court-detail": Public(
        "courts are reference data shared by every case", path=lambda w: {"pk": w.court.pk}
    ),
    "admin:": StaffOnly("the Django admin, for staff only"),
    # A user's own account: their tokens and two-factor sign-in, never anyone else's
    "account": Route((Listing(),)),
    "token_create": Public("POST only: makes a token for the one who asks, on their own account page"),
    "token_revoke": Route(
        (
            InPath(
                "apitoken",
                lambda t, ctx: {"token_id": t.pk},
                "token_id",
                body=lambda t, ctx: {},
                reveals=False,
            ),
        )
    ),
    "two_factor_setup": Route((Listing(),)),
    "recovery_codes_renew": Public("POST only: the asker's own recovery codes"),
    "two_factor_off": Public("POST only: turns off the asker's own second factor"),
    "two_factor_verify": Public("the second step of signing in: asks for a code, shows nothing else"),
    "apitoken-list": Route((Listing(),), not_ids=("page", "page_size")),
    "apitoken-detail": Route((InPath("apitoken", pk, body=lambda t, ctx: {}),)),
    # Docket imports: a user's own, applied only into cases they may change
    "docket_import": Route((Listing(), InQuery("case", "case"))),
    "docket_import_detail": Route((InPath("docketimport", lambda i, ctx: {"import_id": i.pk}, "import_id"),)),
    "docket_import_apply": Route(
        (InPath("docketimport", lambda i, ctx: {"import_id": i.pk}, "import_id", reveals=False),)
    ),
    # Uploads are multipart (a hidden case answers like a missing one: tests/caselaw/importers).
    "docketimport-list": Route((Listing(),), not_ids=("page", "page_size")),
    "docketimport-detail": Route((InPath("apiimport", pk),)),
    "docketimport-apply": Route((InPath("apiimport", pk, body=lambda i, ctx: {}, reveals=False),)),
    "case_list": Route(
        (Listing(), InQuery("q", "case", text="caption"), InQuery("q", "case", text="short_name"))
    ),
    "case_detail": Route(
        (
            InPath("case", lambda c, ctx: {"case_id": c.pk}, "case_id"),
            InQuery("filer", "party", path=of_home("case", "case_id")),
        )
    ),
    "allegation_detail": Route(
        (
            InPath(
                "allegation", lambda a, ctx: {"case_id": a.case_id, "allegation_id": a.pk}, "allegation_id"
            ),
            InPath(
                "case",
                lambda c, ctx: {"case_id": c.pk, "allegation_id": ctx.kit_of(c).allegation.pk},
                "case_id",
            ),
        )
    ),
    "document_detail": Route((InPath("document", document_id, "document_id", query=SEARCHED),)),
    "document_file": Route((InPath("document", document_id, "document_id"),)),
    "document_progress": Route((InPath("document", document_id, "document_id"),)),
    "document_title": Route(
        (InPath("document", document_id, "document_id", body=lambda d, ctx: {"title": "x"}, reveals=False),)
    ),
    "document_designation": Route(
        (
            InPath(
                "document",
                document_id,
                "document_id",
                body=lambda d, ctx: {"designation": "0"},
                reveals=False,
            ),
        )
    ),
    "document_link": Route(
        (
            InPath(
                "document",
                document_id,
                "document_id",
                body=lambda d, ctx: {"allegation": ctx.kit_of(d).allegation.pk, "page": "1"},
                reveals=False,
            ),
            InBody(
                "allegation", lambda a, ctx: {"allegation": a.pk}, path=of_home("document", "document_id")
            ),
        )
    ),
    "claim_link_review": Route(
        (
            InPath(
                "claimlink",
                lambda c, ctx: {"link_id": c.pk},
                "link_id",
                body=lambda c, ctx: {"status": "rejected"},
                reveals=False,
            ),
        )
    ),
    "review_queue": Route(
        (
            InPath("case", lambda c, ctx: {"case_id": c.pk}, "case_id"),
            InQuery("count", "allegation", path=of_home("case", "case_id")),
            InQuery("filing", "filing", path=of_home("case", "case_id")),
        )
    ),
    "review_bulk": Route(
        (
            InPath(
                "case",
                lambda c, ctx: {"case_id": c.pk},
                "case_id",
                body=lambda c, ctx: {"status": "rejected"},
                reveals=False,
            ),
            InBody(
                "claimlink",
                lambda link, ctx: {"status": "rejected", "link": link.pk},
                path=of_home("case", "case_id"),
            ),
        )
    ),
    "filing_upload": Route(
        (InPath("filing", lambda f, ctx: {"filing_id": f.pk}, "filing_id", upload=True, reveals=False),)
    ),
    "search": Route(SEARCH_FILTERS),
    "search_api": Route(SEARCH_FILTERS, not_ids=SEARCH_NOT_IDS),
    "recent_searches_api": Route((Listing(),)),
    # Saved searches: one's own, and those shared with a case one is in. Sharing with a
    # case one cannot see is refused (nothing is saved).
    "saved_search_create": Route(
        (
            Listing(),
            InBody(
                "case",
                lambda c, ctx: {"name": "x", "query": f"q=word&case={c.pk}", "shared": "1"},
                path=lambda ctx: {},
            ),
        )
    ),
    "saved_search_open": Route(
        (InPath("savedsearch", lambda s, ctx: {"saved_id": s.pk}, "saved_id", reveals=False),)
    ),
    "saved_search_delete": Route(
        (
            InPath(
                "savedsearch",
                lambda s, ctx: {"saved_id": s.pk},
                "saved_id",
                body=lambda s, ctx: {},
                reveals=False,
            ),
        )
    ),
    "saved_searches_api": Route(
        (
            Listing(),
            InBody("case", lambda c, ctx: {"name": "x", "query": f"q=word&case={c.pk}", "shared": True}),
        )
    ),
    "saved_search_api": Route((InPath("savedsearch", pk, body=lambda s, ctx: {"alert": "daily"}),)),
    "saved_search_alert": Route(
        (
            InPath(
                "savedsearch",
                lambda s, ctx: {"saved_id": s.pk},
                "saved_id",
                body=lambda s, ctx: {"frequency": "weekly"},
                reveals=False,
            ),
        )
    ),
    "saved_search_edit": Route(
        (
            InPath(
                "savedsearch",
                lambda s, ctx: {"saved_id": s.pk},
                "saved_id",
                body=lambda s, ctx: {"name": "renamed", "q": "word"},
                reveals=False,
            ),
        )
    ),
    # Notifications of alerts: one's own, showing only documents one may still see.
    "notifications": Route((Listing(),)),
    "notifications_api": Route((Listing(), Listing(base={"unread": "1"}))),
    "notifications_read_all": Public("POST only: marks the asker's own notifications read"),
    "notifications_read_all_api": Public("POST only: marks the asker's own notifications read"),
    "notification_read": Route(
        (
            InPath(
                "notification",
                lambda n, ctx: {"notification_id": n.pk},
                "notification_id",
                body=lambda n, ctx: {},
                reveals=False,
            ),
        )
    ),
    "notification_read_api": Route((InPath("notification", pk, body=lambda n, ctx: {}, reveals=False),)),
    "alert_turn_off": Public(
        "The e-mail's link: its signed token is the key; a forged one answers 404 with nothing",
        path=lambda world: {"token": "forged-token"},
    ),
    # The REST API
    "case-list": Route(
        (
            Listing(),
            InQuery("search", "case", text="caption"),
            InQuery("search", "case", text="docket_number"),
        ),
        not_ids=("court__code", "date_filed", "status", *PAGING),
    ),
    "case-detail": Route((InPath("case", pk, body=lambda c, ctx: {"caption": "x", "short_name": "x"}),)),
    "case-documents": Route((InPath("case", pk, upload=True, reveals=False),)),
    "party-list": Route(
        (
            Listing(),
            InQuery("case", "case"),
            InQuery("search", "party", text="name"),
            InBody("case", lambda c, ctx: {"case": c.pk, "name": "x", "role": "plaintiff"}),
            InBody("case", lambda c, ctx: {"case": c.pk}, method="PATCH", path=of_home("party")),
        ),
        not_ids=("kind", "role", "search", *PAGING),
    ),
    "party-detail": Route(
        (
            InPath(
                "party",
                pk,
                body=lambda p, ctx: {"name": "x", "role": "plaintiff", "case": ctx.other_kit(p).case.pk},
            ),
        )
    ),
    "counsel-list": Route(
        (
            Listing(),
            InQuery("case", "case"),
            InQuery("firm", "counsel", text="firm"),
            InQuery("search", "counsel", text="name"),
            InBody("case", lambda c, ctx: {"case": c.pk, "name": "x"}),
            InBody(
                "party",
                lambda p, ctx: {"case": ctx.home.case.pk, "name": "x", "representations": [{"party": p.pk}]},
            ),
        ),
        not_ids=PAGING,
    ),
    "counsel-detail": Route(
        (
            InPath("counsel", pk, body=lambda c, ctx: {"name": "x", "case": ctx.other_kit(c).case.pk}),
            InBody(
                "party",
                lambda p, ctx: {"representations": [{"party": p.pk}]},
                method="PATCH",
                path=of_home("counsel"),
            ),
        )
    ),
    "allegation-list": Route(
        (
            Listing(),
            InQuery("case", "case"),
            InQuery("search", "allegation", text="title"),
            InBody("case", lambda c, ctx: {"case": c.pk, "count_number": 99, "title": "x"}),
            InBody(
                "party",
                lambda p, ctx: {
                    "case": ctx.home.case.pk,
                    "count_number": 99,
                    "title": "x",
                    "asserted_by": [p.pk],
                },
            ),
        ),
        not_ids=("status", *PAGING),
    ),
    "allegation-detail": Route(
        (
            InPath(
                "allegation",
                pk,
                body=lambda a, ctx: {"title": "x", "count_number": 77, "case": ctx.other_kit(a).case.pk},
            ),
        )
    ),
    "allegation-status": Route(
        (
            InPath("allegation", pk, body=lambda a, ctx: STATUS_CHANGE, reveals=False),
            InBody("filing", lambda f, ctx: {**STATUS_CHANGE, "filing": f.pk}, path=of_home("allegation")),
        )
    ),
    "case_audit": Route((InPath("case", lambda c, ctx: {"case_id": c.pk}, "case_id"),)),
    "auditevent-list": Route(
        (Listing(), InQuery("case", "case")),
        not_ids=("action", "actor_name", "at_after", "at_before", "object_id", "object_type", "search")
        + PAGING,
    ),
    "auditevent-detail": Route((InPath("auditevent", pk),)),
    "casemembership-list": Route((Listing(), InQuery("case", "case")), not_ids=("role", "search", *PAGING)),
    "casemembership-detail": Route(
        (InPath("membership", pk, body=lambda m, ctx: {"role": "lawyer", "clearance": "aeo"}),)
    ),
    "filing-list": Route(
        (
            Listing(),
            InQuery("case", "case"),
            InQuery("filed_by", "party"),
            InQuery("search", "filing", text="description"),
            InBody("case", lambda c, ctx: {"case": c.pk, **NEW_FILING}),
            InBody("party", lambda p, ctx: {"case": ctx.home.case.pk, **NEW_FILING, "filed_by": [p.pk]}),
        ),
        not_ids=("date_filed", "date_filed__gte", "date_filed__lte", "kind", "kind__in", "sealed", *PAGING),
    ),
    "filing-detail": Route(
        (
            InPath("filing", pk, body=lambda f, ctx: {"description": "x", "case": ctx.other_kit(f).case.pk}),
            InBody("case", lambda c, ctx: {"case": c.pk}, method="PATCH", path=of_home("filing")),
        )
    ),
    "filing-designation": Route(
        (InPath("filing", pk, body=lambda f, ctx: {"designation": "public", "sealed": False}, reveals=False),)
    ),
    "filing-upload": Route((InPath("filing", pk, upload=True, reveals=False),)),
    "document-list": Route(
        (
            Listing(),
            InQuery("case", "case"),
            InQuery("filing", "filing"),
            InQuery("search", "document", text="title"),
            InQuery("search", "document", text="original_filename"),
            InQuery("sha256", "document", text="sha256"),
        ),
        not_ids=("status", "used_ocr", *PAGING),
    ),
    "document-detail": Route(
        (
            InPath("document", pk, body=lambda d, ctx: {"title": "x", "filing": ctx.other_kit(d).filing.pk}),
            InBody("filing", lambda f, ctx: {"filing": f.pk}, method="PATCH", path=of_home("document")),
        )
    ),
    "document-pages": Route(
        (InPath("document", pk, shows=lambda d, ctx: ctx.world.markers_of_pages(d)),),
        not_ids=("page", "page_size"),
    ),
    "document-designation": Route(
        (InPath("document", pk, body=lambda d, ctx: {"designation": "public"}, reveals=False),)
    ),
    "annotation-list": Route(
        (
            Listing(),
            InQuery("document", "document"),
            InQuery("author", "user"),
            InBody("document", lambda d, ctx: {"document": d.pk, "page": 1, "body": "x"}),
            InBody(
                "allegation",
                lambda a, ctx: {
                    "document": ctx.home.document.pk,
                    "page": 1,
                    "body": "x",
                    "allegations": [a.pk],
                },
            ),
        ),
        not_ids=("search", "visibility", *PAGING),
    ),
    "annotation-export": Route((InQuery("document", "document"), InQuery("case", "case"))),
    "annotation-detail": Route(
        (
            InPath("annotation", pk, body=lambda a, ctx: {"body": "x", "visibility": "team"}),
            InBody(
                "allegation",
                lambda a, ctx: {"allegations": [a.pk]},
                method="PATCH",
                path=of_home("annotation"),
            ),
        )
    ),
    "annotation-replies": Route(
        (InPath("annotation", pk, body=lambda a, ctx: {"body": "x"}, reveals=False),)
    ),
    "claimlink-list": Route(
        (
            Listing(),
            InQuery("allegation", "allegation"),
            InQuery("document", "document"),
            InBody("allegation", lambda a, ctx: {"allegation": a.pk, "document": ctx.kit_of(a).document.pk}),
            InBody("document", lambda d, ctx: {"allegation": ctx.kit_of(d).allegation.pk, "document": d.pk}),
            InBody("document", lambda d, ctx: {"allegation": ctx.home.allegation.pk, "document": d.pk}),
        ),
        not_ids=("search", "source", "status", *PAGING),
    ),
    "claimlink-detail": Route((InPath("claimlink", pk, body=lambda c, ctx: {"status": "rejected"}),)),
}
