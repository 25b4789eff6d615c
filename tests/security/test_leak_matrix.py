"""The leak matrix: every persona × every route (tests/security/routes.py) × every object
the persona must not reach, under every method (GET also as HTML, the browsable API),
each request beside its twin on a missing id. Checked: no marker or id of a hidden
object in any answer, hidden answers exactly like missing ones, no write where none may
happen, no 500. Objects the persona may see are read too (their pages must show nothing
hidden) and, where the persona may not write, written once per route; the admin, which
answers every method alike until the user is staff, is probed with GET and POST.

Positive controls show the same requests reach the markers for the lawyer L1, who may see
everything in case A (their private note included). The world (tests/security/world.py)
is built once for the module."""

import pytest

from tests.security.plan import Probe, probes_for
from tests.security.probe import Prober, report
from tests.security.routes import ROUTES, Route
from tests.security.world import Persona, World

pytestmark = pytest.mark.django_db  # tests run in savepoints of the world's transaction
PERSONAS = ("anonymous", "outsider", "viewer", "client", "dual", "teammate", "junior")
MATRIX = [(persona, key) for persona in PERSONAS for key in sorted(ROUTES)]


@pytest.mark.parametrize("persona_name, route_key", MATRIX, ids=[f"{p}-{k}" for p, k in MATRIX])
def test_nothing_hidden_is_reachable(world, persona_name, route_key):
    persona = world.personas[persona_name]
    prober = Prober(world, persona)
    probes = probes_for(world, persona, route_key)
    assert probes, f"{route_key} made no request for {persona_name}: its table entry fills no URL pattern"

    problems = [problem for probe in probes for problem in prober.check(probe)[1]]

    assert not problems, report(problems)


# Positive controls: the lawyer L1 sees everything in case A (their private note included)


def owner_failures(world: World, owner: Persona, probe: Probe, answer) -> list[str]:
    """What is wrong when the owner's request does not reach what it names."""
    if answer.status >= 400:
        return [f"{probe}: {answer.status} for the owner: {answer.body[:200]!r}"]
    expected = probe.shows
    if probe.kind == "Listing" and probe.method == "GET":
        expected = tuple(world.visible_markers(owner))
    text = f"{answer.body}\n{answer.headers}".lower()
    if expected and not any(marker.lower() in text for marker in expected):
        what = probe.target or "what the owner sees"
        return [f"{probe}: {answer.status} for the owner, but shows no marker of {what}"]
    return []


@pytest.mark.parametrize("route_key", sorted(ROUTES))
def test_the_owner_reaches_what_the_matrix_hides(world, route_key):
    owner = world.personas["lawyer"]
    prober = Prober(world, owner)
    problems, controls = [], 0

    for probe in probes_for(world, owner, route_key, owner=True):
        answer, found = prober.check(probe, may_write=probe.owner_ok and probe.unsafe)
        problems += found
        if probe.owner_ok:
            controls += 1
            problems += owner_failures(world, owner, probe, answer)

    assert not problems, report(problems)
    assert controls or not isinstance(ROUTES[route_key], Route), f"{route_key}: no positive control ran"
