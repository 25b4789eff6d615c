"""The site's surface as the matrix walks it: every URL pattern of the URLconf (admin,
auth, API, schema and docs included) and every operation of the OpenAPI schema."""

import functools
import re
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator

ADMIN_KEY = "admin:"
_PATH_PARAM = re.compile(r"<(\w+:)?(\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(\w+)>[^)]*\)")


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route string, prefixes joined
    name: str | None  # with its namespace, e.g. "admin:caselaw_case_change"
    key: str  # its key in ROUTES

    @property
    def params(self) -> list[str]:
        path_params = _PATH_PARAM.finditer(_REGEX_PARAM.sub("", self.route))
        return _REGEX_PARAM.findall(self.route) + [m[2] for m in path_params]

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def has_format(self) -> bool:
        """A DRF format-suffix twin ("….json") of another pattern."""
        return "format" in self.params

    def url(self, **kwargs) -> str:
        """The path with these parameters, checked to resolve back to this very pattern."""
        url = _REGEX_PARAM.sub(lambda m: str(kwargs[m[1]]), self.route)  # before <pk> inside (?P<pk>…)
        url = _PATH_PARAM.sub(
            lambda m: ("." if m[1] == "drf_format_suffix:" else "") + str(kwargs[m[2]]), url
        )
        url = "/" + url.replace("^", "").replace("$", "").replace("/?", "").replace("\\.", ".")
        matched = resolve(url).route.replace("^", "")
        if matched != self.route.replace("^", ""):
            raise AssertionError(f"{url} resolves to {matched!r}, not to {self.route!r}")
        return url


def key_of(route: str, name: str | None, namespace: str | None) -> str:
    if namespace == "admin":
        return ADMIN_KEY
    if name:
        return f"{namespace}:{name}" if namespace else name
    return route


@functools.cache
def url_patterns() -> tuple[Pattern, ...]:
    """Every pattern of the URLconf, includes followed."""
    found = []

    def walk(resolver, prefix: str, namespace: str | None) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                walk(item, prefix + str(item.pattern), item.namespace or namespace)
            else:
                route = prefix + str(item.pattern)
                found.append(Pattern(route, item.name, key_of(route, item.name, namespace)))

    walk(get_resolver(), "", None)
    return tuple(found)


def patterns_by_key() -> dict[str, list[Pattern]]:
    grouped: dict[str, list[Pattern]] = {}
    for pattern in url_patterns():
        grouped.setdefault(pattern.key, []).append(pattern)
    return grouped


@dataclass(frozen=True)
class Operation:
    path: str  # as the schema writes it: /api/v1/documents/{id}/
    method: str
    query_params: tuple[str, ...]

    @property
    def key(self) -> str:
        """The ROUTES key of the URL pattern that serves this operation."""
        match = resolve(self.path.replace("{id}", "1"))
        return key_of(match.route, match.url_name, match.namespace or None)


@functools.cache
def schema_operations() -> tuple[Operation, ...]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return tuple(
        Operation(
            path, method.upper(), tuple(p["name"] for p in op.get("parameters", []) if p["in"] == "query")
        )
        for path, operations in schema["paths"].items()
        for method, op in operations.items()
    )
