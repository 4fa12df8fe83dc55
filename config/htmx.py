"""How pages answer htmx: one URL gives the whole page or just a fragment of it.

Every view that answers both is decorated with `vary_on_headers("HX-Request")`, so caches keep
the two apart.
"""

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request wants the fragment, except when htmx restores history (it needs the page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request
