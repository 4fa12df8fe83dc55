"""The dashboard's seam: capabilities above it add their part of the page (practice adds its
start form and the feedback the person still owes), so the dashboard never imports them."""

from django.dispatch import Signal

# The dashboard is drawn for `request`; each receiver returns a dict of context for the page.
dashboard_page = Signal()
