from django.utils.functional import SimpleLazyObject

from accounts.access import acting_membership, request_memberships


def organisation(request) -> dict:
    """The organisation switcher in the header; queried only when a template shows it."""
    return {
        "current_membership": SimpleLazyObject(lambda: acting_membership(request)),
        "all_memberships": SimpleLazyObject(lambda: request_memberships(request)),
    }
