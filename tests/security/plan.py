"""Turns a persona and a classified route into the requests (probes) of the matrix: each
hidden target probed with every method, each with its twin on a missing id."""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType

from tests.security.routes import ROUTES, InBody, InPath, InQuery, Listing, Public, StaffOnly
from tests.security.urlconf import Pattern, patterns_by_key
from tests.security.world import MISSING_ID, MISSING_MARKER, Entry, Persona, World

JSON, HTML = "application/json", "text/html"
PDF_UPLOAD = "<a small PDF>"  # the sender attaches a fresh PDF where a body has this
METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
# The admin answers every method alike until the user is staff (AdminSite.admin_view).
ADMIN_METHODS = ("GET", "POST")
WRITES_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
KIND_OF_MODEL = {
    "caselaw.case": "case",
    "caselaw.party": "party",
    "caselaw.counsel": "counsel",
    "caselaw.allegation": "allegation",
    "caselaw.casemembership": "membership",
    "filings.filing": "filing",
    "filings.document": "document",
    "filings.page": "page",
    "filings.designationchange": "designationchange",
    "auth.user": "user",
    "caselaw.apitoken": "apitoken",
}


@dataclass
class Probe:
    """One request, and what it is about: the target, the secret (its id or words) as sent,
    and the twin that sends a missing id or word in the secret's place."""

    method: str
    url: str
    accept: str = JSON
    body: object = None
    encoding: str = ""  # json, form or multipart
    target: Entry | None = None
    secret: str = ""
    missing: "Probe | None" = None
    kind: str = ""  # the spec that made it: InPath, InQuery, InBody, Listing, Public, StaffOnly
    owner_ok: bool = False  # for a persona who may see the target: must answer below 400
    shows: tuple = ()  # ... and show one of these markers

    @property
    def unsafe(self) -> bool:
        return self.method not in SAFE

    def __str__(self) -> str:
        accept = "" if self.accept == JSON else f" [{self.accept}]"
        shown = {k: f"<{len(v)} bytes>" if isinstance(v, bytes) else v for k, v in (self.body or {}).items()}
        body = f" {shown}" if shown else ""
        return f"{self.method} {self.url}{accept}{body}"


@dataclass
class Ctx:
    """What a route's callables may ask about: the target's case, the other case, and
    the case the persona works in."""

    world: World
    persona: Persona
    home: object = field(init=False)

    def __post_init__(self):
        self.home = self.world.home_kit(self.persona)

    def kit_of(self, entry: Entry):
        return self.world.kit_of(entry)

    def other_kit(self, entry: Entry):
        return self.world.other_kit(entry)


def probes_for(world: World, persona: Persona, key: str, *, owner: bool = False) -> list[Probe]:
    """Every probe of route `key` for `persona`. With `owner`, writes are also made with
    objects the persona may see (positive controls: they must succeed)."""
    ctx, route, patterns = Ctx(world, persona), ROUTES[key], patterns_by_key()[key]
    if isinstance(route, Public):
        return [p for pattern in patterns for p in public_probes(pattern, route, world)]
    if isinstance(route, StaffOnly):
        return [p for pattern in patterns for p in admin_probes(pattern, world, persona)]
    probes = []
    for spec in route.specs:
        for pattern in patterns:
            if isinstance(spec, InPath):
                probes += in_path_probes(pattern, spec, ctx, owner=owner)
            elif isinstance(spec, InQuery):
                probes += in_query_probes(pattern, spec, ctx, owner=owner)
            elif isinstance(spec, InBody):
                probes += in_body_probes(pattern, spec, ctx, owner=owner)
            elif isinstance(spec, Listing):
                probes += listing_probes(pattern, spec)
    return probes


def fits(pattern: Pattern, kwargs: dict) -> bool:
    """A spec's kwargs fill this pattern (its format twin adds `format`)."""
    return set(pattern.params) - {"format"} == set(kwargs)


def url_of(pattern: Pattern, kwargs: dict, query: dict | None = None) -> str:
    if pattern.has_format:
        kwargs = {**kwargs, "format": "json"}
    url = pattern.url(**kwargs)
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def requests(
    pattern: Pattern, url: str, body=None, *, upload=False, methods=METHODS, html=True
) -> list[Probe]:
    """A URL under each method; on the API, GET also as HTML (the browsable API and its
    forms) unless `html` is off; a format twin ("….json") only GET as JSON."""
    if pattern.has_format:
        methods = [m for m in methods if m == "GET"]
    encoding = "multipart" if upload else "json" if pattern.is_api else "form"
    probes = []
    for method in methods:
        both = method == "GET" and pattern.is_api and html and not pattern.has_format
        accepts = [JSON, HTML] if both else [JSON if pattern.is_api else HTML]
        sent = body if method in WRITES_WITH_BODY else None
        probes += [
            Probe(method, url, accept, sent, encoding if sent is not None else "") for accept in accepts
        ]
    return probes


def with_twin(
    probe: Probe, target: Entry, secret: str, missing_secret: str, twin_url: str, twin_body
) -> Probe:
    probe.target, probe.secret = target, secret
    probe.missing = replace(
        probe, url=twin_url, body=twin_body, secret=missing_secret, target=None, missing=None
    )
    return probe


def swapped(value, old, new):
    """`value` (a body) with every occurrence of the target's id replaced."""
    if isinstance(value, dict):
        return {k: swapped(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [swapped(v, old, new) for v in value]
    return new if value == old else value


def in_path_probes(pattern: Pattern, spec: InPath, ctx: Ctx, *, owner: bool) -> list[Probe]:
    """Hidden targets: every method, each with its twin. Visible ones: read (their pages
    must show nothing hidden) and, the first of them, written where the persona may not
    write. The first hidden and the first visible target are also read as HTML: the
    browsable API renders the same 404 page and the same forms for every object."""
    probes, firsts = [], {}  # hidden (True / False) -> the first such target
    for target in ctx.world.targets(spec.kind):
        kwargs = spec.path(target, ctx)
        if not fits(pattern, kwargs):
            return []
        url = url_of(pattern, kwargs, spec.query)
        twin_url = url_of(pattern, {**kwargs, spec.id_param: MISSING_ID}, spec.query)
        body = {"files": PDF_UPLOAD} if spec.upload else spec.body(target, ctx) if spec.body else {}
        hidden = not ctx.persona.sees(target)
        first = firsts.setdefault(hidden, target) is target
        # A user's own things (API tokens) are theirs to change; a case's, its writers'.
        user_id = ctx.persona.user.pk if ctx.persona.user else None
        may_write = (
            target.private_to == user_id if not target.cases else ctx.persona.may_write(target.case_id)
        )
        methods = METHODS if hidden else visible_methods(spec, may_write, owner, first)
        for probe in requests(pattern, url, body, upload=spec.upload, methods=methods, html=first):
            probe.kind, probe.target = "InPath", target
            if hidden:
                probe = with_twin(probe, target, str(target.pk), str(MISSING_ID), twin_url, probe.body)
            else:
                probe.owner_ok = spec.reveals == (probe.method == "GET")
                shown = spec.shows(target, ctx) if spec.shows else ctx.world.markers_of(target)
                probe.shows = tuple(shown) if probe.method == "GET" else ()
            probes.append(probe)
    return probes


def visible_methods(spec: InPath, may_write: bool, owner: bool, first: bool) -> tuple:
    """How an object the persona may see is probed: read; written, if it is the route's
    first such object and the persona may not write there (the refusal is per route, not
    per object); and for an owner (positive controls) POSTed to routes that take only POST."""
    if not may_write:
        return ("GET", *UNSAFE) if first else ("GET",)
    return ("GET", "POST") if owner and not spec.reveals else ("GET",)


def query_value(target: Entry, spec: InQuery) -> tuple[str, str]:
    """What the filter sends for the target, and what it sends for a missing one."""
    if not spec.text:
        return str(target.pk), str(MISSING_ID)
    marker = next((m for m, name in target.markers.items() if name == spec.text), None)
    if marker:
        return marker, MISSING_MARKER
    value = str(getattr(target.obj, spec.text))
    return value, "0" * len(value)


def in_query_probes(pattern: Pattern, spec: InQuery, ctx: Ctx, *, owner: bool) -> list[Probe]:
    kwargs = spec.path(ctx) if spec.path else {}
    if not fits(pattern, kwargs) or pattern.has_format:
        return []
    probes, first_visible = [], None
    for target in ctx.world.targets(spec.kind):
        hidden = not ctx.persona.sees(target)
        first_visible = first_visible or (None if hidden else target)
        if not hidden and not owner and (spec.text or target is not first_visible):
            continue  # a visible object's words find it; one visible id shows the filter at work
        value, missing_value = query_value(target, spec)
        url = url_of(pattern, kwargs, {**spec.base, spec.param: value})
        # As HTML only an id the persona may not see: the forms are those of Listing, and
        # a search box shows the words searched for.
        for probe in requests(pattern, url, methods=["GET"], html=hidden and not spec.text):
            probe.kind = "InQuery"
            if hidden:
                twin_url = url_of(pattern, kwargs, {**spec.base, spec.param: missing_value})
                probe = with_twin(probe, target, value, missing_value, twin_url, None)
            else:
                probe.owner_ok = True
                probe.shows = (
                    (value,) if spec.text in target.markers.values() and probe.accept == JSON else ()
                )
            probe.target = target
            probes.append(probe)
    return probes


def in_body_probes(pattern: Pattern, spec: InBody, ctx: Ctx, *, owner: bool) -> list[Probe]:
    kwargs = spec.path(ctx) if spec.path else {}
    if not fits(pattern, kwargs) or pattern.has_format:
        return []
    url = url_of(pattern, kwargs)
    probes = []
    for target in ctx.world.targets(spec.kind):
        hidden = not ctx.persona.sees(target)
        if not hidden and not (owner and target.case_id == ctx.home.case.pk):
            continue
        body = spec.body(target, ctx)
        (probe,) = requests(pattern, url, body, methods=[spec.method], html=False)
        probe.kind = "InBody"
        if hidden:
            probe = with_twin(
                probe, target, str(target.pk), str(MISSING_ID), url, swapped(body, target.pk, MISSING_ID)
            )
        probe.target, probe.owner_ok = target, not hidden
        probes.append(probe)
    return probes


def listing_probes(pattern: Pattern, spec: Listing) -> list[Probe]:
    if pattern.params and not pattern.has_format:
        return []
    probes = requests(pattern, url_of(pattern, {}, spec.base), body={})
    for probe in probes:
        probe.kind, probe.owner_ok = "Listing", probe.method == "GET"
    return probes


def public_probes(pattern: Pattern, route: Public, world: World) -> list[Probe]:
    kwargs = route.path(world) if route.path else {}
    if not fits(pattern, kwargs):
        return []
    probes = requests(pattern, url_of(pattern, kwargs), body={})
    for probe in probes:
        probe.kind = "Public"
    return probes


def admin_target(pattern: Pattern, world: World, persona: Persona) -> Entry | None:
    """The object an admin URL names: of the model in its path (documents for the
    "view on site" and catch-all URLs), one the persona may not see if there is one."""
    parts = pattern.route.split("/")
    label = f"{parts[1]}.{parts[2]}" if len(parts) > 3 else ""
    kind = KIND_OF_MODEL.get(label, "document" if {"content_type_id", "url"} & set(pattern.params) else None)
    candidates = world.targets(kind) if kind else []
    hidden = [e for e in candidates if not persona.sees(e)]
    return (hidden or candidates or [None])[0]


def admin_kwargs(pattern: Pattern, target: Entry | None, object_id) -> dict:
    kwargs = {}
    for param in pattern.params:
        if param in ("object_id", "id", "pk"):
            kwargs[param] = object_id
        elif param == "url":
            kwargs[param] = f"nowhere/{object_id}/"
        elif param == "content_type_id":
            kwargs[param] = ContentType.objects.get_for_model(type(target.obj)).pk
        elif param == "app_label":
            kwargs[param] = "caselaw"
    return kwargs


def admin_probes(pattern: Pattern, world: World, persona: Persona) -> list[Probe]:
    target = admin_target(pattern, world, persona)
    object_id = target.pk if target else MISSING_ID
    url = pattern.url(**admin_kwargs(pattern, target, object_id))
    twin_url = pattern.url(**admin_kwargs(pattern, target, MISSING_ID))
    probes = []
    for probe in requests(pattern, url, body={}, methods=ADMIN_METHODS):
        probe.kind = "StaffOnly"
        if target is not None and {"object_id", "id", "pk", "url"} & set(pattern.params):
            probe = with_twin(probe, target, str(target.pk), str(MISSING_ID), twin_url, probe.body)
        probes.append(probe)
    return probes
