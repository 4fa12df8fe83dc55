"""What a report announces while it is generated, for the capabilities that add to it.

Practice listens (`practice/receivers.py`), so reports never import practice.
"""

from django.dispatch import Signal

from interviews.models import Report

# The report's data is being put together: `session`, `data` (a dict receivers may add keys to).
report_building = Signal()

# The report is ready and about to be saved, in the generating transaction: `session`.
report_ready = Signal()

# "Your progress" is drawn for `user`; each receiver returns a dict of context for the page
# (practice adds the feedback the person received as an interviewer, `as_interviewer`).
progress_page = Signal()


def page_context(signal: Signal, **kwargs) -> dict:
    """The context every receiver of a page signal adds, merged."""
    context: dict = {}
    for _, part in signal.send(sender=Report, **kwargs):
        context.update(part or {})
    return context
