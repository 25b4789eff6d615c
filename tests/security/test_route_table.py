"""The leak matrix's route table covers the whole site and nothing but the site: a URL
pattern, schema operation or query parameter added later fails here until classified."""

from tests.security.routes import ROUTES, InQuery, Route
from tests.security.urlconf import patterns_by_key, schema_operations, url_patterns

WHERE = "add it to ROUTES in tests/security/routes.py"


def schema_params_by_key() -> dict[str, set[str]]:
    params: dict[str, set[str]] = {}
    for operation in schema_operations():
        params.setdefault(operation.key, set()).update(operation.query_params)
    return params


def classified_params(route: Route) -> set[str]:
    return {spec.param for spec in route.specs if isinstance(spec, InQuery)} | set(route.not_ids)


def test_every_url_pattern_is_classified():
    unclassified = [
        f"unclassified route: {p.route!r} ({p.name}); {WHERE}" for p in url_patterns() if p.key not in ROUTES
    ]

    assert not unclassified, "\n".join(unclassified)


def test_every_schema_operation_is_classified():
    unclassified = [
        f"unclassified route: {op.method} {op.path} (key {op.key!r}); {WHERE}"
        for op in schema_operations()
        if op.key not in ROUTES
    ]

    assert not unclassified, "\n".join(unclassified)


def test_every_query_parameter_of_the_schema_is_classified():
    unclassified = [
        f"unclassified query parameter: {param!r} of {key}; add it to its InQuery specs or not_ids"
        for key, params in schema_params_by_key().items()
        if isinstance(ROUTES.get(key), Route)
        for param in sorted(params - classified_params(ROUTES[key]))
    ]

    assert not unclassified, "\n".join(unclassified)


def test_no_entry_of_the_table_is_stale():
    patterns = patterns_by_key()
    stale = [f"stale entry: {key!r} matches no URL pattern" for key in ROUTES if key not in patterns]

    assert not stale, "\n".join(stale)


def test_no_query_parameter_of_the_table_is_stale():
    schema = schema_params_by_key()
    stale = [
        f"stale query parameter: {param!r} of {key} is not in the schema"
        for key, route in ROUTES.items()
        if isinstance(route, Route) and key in schema
        for param in sorted(classified_params(route) - schema[key])
    ]

    assert not stale, "\n".join(stale)
