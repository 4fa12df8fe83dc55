"""The one place that decides which organisation a request acts in.

Views never filter by organisation by hand: they ask `current_membership` (or an app's own
`get_<thing>_for_user` helper built on it) and get the object scoped to the user, or a 404.
"""

from django.http import Http404, HttpRequest

from accounts.models import Membership
from config.converters import ID_MAX

SESSION_KEY = "organisation_id"


def bounded_id(value: int) -> int:
    """An id from a URL or a form, or a 404 when no row could ever have it: SQLite (and raw
    SQL) would fail on an integer past 64 bits instead of finding nothing."""
    if not 0 < value <= ID_MAX:
        raise Http404("No such object.")
    return value


def id_from(value: str | None) -> int | None:
    """An id sent in a form or a query string, or None when it could not be a row's."""
    if not value or not value.isdigit() or len(value) > len(str(ID_MAX)):
        return None
    number = int(value)
    return number if 0 < number <= ID_MAX else None


def memberships_of(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.select_related("organisation").order_by(
            "organisation__is_personal", "organisation__name"
        )
    )


def request_memberships(request: HttpRequest) -> list[Membership]:
    if not hasattr(request, "_memberships"):
        request._memberships = memberships_of(request.user)
    return request._memberships


def resolve_membership(request: HttpRequest) -> Membership | None:
    """The membership the request acts under: the one chosen in this session, else the one the
    person used last, else their personal space.

    Never a team the person has not opened themselves: someone made a member of a team (by a
    seeding script, or before invitations existed) must not work in it unknowingly.
    """
    memberships = request_memberships(request)
    if not memberships:
        return None
    by_organisation = {m.organisation_id: m for m in memberships}
    for chosen in (request.session.get(SESSION_KEY), request.user.last_organisation_id):
        if chosen in by_organisation:
            return by_organisation[chosen]
    personal = [m for m in memberships if m.organisation.is_personal]
    # Only accounts without a personal space (created by hand, e.g. createsuperuser) get here.
    return (personal or memberships)[0]


def acting_membership(request: HttpRequest) -> Membership | None:
    """Resolved once per request and cached on it."""
    if not hasattr(request, "_acting_membership"):
        request._acting_membership = resolve_membership(request)
    return request._acting_membership


def current_membership(request: HttpRequest, *, roles: tuple[str, ...] | None = None) -> Membership:
    membership = acting_membership(request)
    if membership is None or (roles is not None and membership.role not in roles):
        raise Http404("No such page in this organisation.")
    return membership


def membership_for(user, organisation_id: int) -> Membership:
    try:
        return Membership.objects.select_related("organisation").get(
            user=user, organisation_id=organisation_id
        )
    except Membership.DoesNotExist:
        raise Http404("No such organisation.") from None
