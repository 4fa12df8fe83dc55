"""No input makes any page answer 5xx: every URL pattern from the resolver, with malformed and
huge ids in the path, the query and the body, empty and oversized bodies, as anonymous, as the
owner and as a panelist (who reaches the console's deeper code)."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.ops.test_access_matrix import ADMIN_SAMPLES, entry_for
from tests.ops.urlwalk import routes
from tests.ops.world import build_world

pytestmark = pytest.mark.django_db

HUGE = "9" * 23  # past every integer column, and past a 64-bit integer
FIELDS = (
    "question", "criterion", "flag", "red_flag", "points", "level", "position", "organisation",
    "plan", "candidate", "interviewers", "role", "minutes", "weight", "item", "a", "b", "page",
)  # fmt: skip
QUERY = (
    f"?a={HUGE}&b={HUGE}&page={HUGE}&plan={HUGE}&candidate={HUGE}&interviewer={HUGE}"
    "&next=dashboard&band=zz&sort=zz&status=zz&from=not-a-date&to=32-13-2026&score_min=abc"
    f"&q={'x' * 3000}"
)
MALFORMED = {
    **dict.fromkeys(FIELDS, HUGE),
    "next": "logout",
    "email": "not-an-email",
    "title": "x" * 5000,
    "text": "y" * 30000,
}
OVERSIZED = {"text": "z" * (300 * 1024)}

# Where a page still answers 500, on record until the view is fixed, as
# {"namespace:name": "why"}: marked xfail(strict=True), so the fix fails the suite until the
# entry is removed with it.
KNOWN: dict[str, str] = {}


def _paths(name: str, world) -> list[str]:
    entry = entry_for(name)
    real = entry.args(world)
    variants = [real]
    if real:
        variants.append(
            {key: HUGE if str(value).isdigit() else "x" * 300 for key, value in real.items()}
        )
    paths = []
    for kwargs in variants:
        try:
            paths.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:  # e.g. "down" is the only word a move takes
            continue
    return paths


def _names() -> list:
    names = [route.name for route in routes() if not route.name.startswith("admin:")]
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN[n])) if n in KNOWN else n
        for n in [*names, *ADMIN_SAMPLES]
    ]


@pytest.mark.parametrize("name", _names())
def test_it_never_answers_5xx(name):
    world = build_world()
    client = Client(raise_request_exception=False)
    errors = []
    for actor in ("anonymous", "owner", "panelist"):
        client.logout()
        if actor != "anonymous":
            client.force_login(world.users[actor])
        for path in _paths(name, world):
            attempts = [
                ("GET", lambda p=path: client.get(p + QUERY)),
                ("POST empty", lambda p=path: client.post(p)),
                ("POST malformed", lambda p=path: client.post(p + QUERY, MALFORMED)),
                (
                    "POST oversized",
                    lambda p=path: client.post(p, OVERSIZED),
                ),
            ]
            for label, call in attempts:
                status = call().status_code
                if status >= 500:
                    errors.append(f"{label} {path} as {actor}: {status}")
    assert not errors, "\n".join(errors)
