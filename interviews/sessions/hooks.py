"""The seams where a session's life reaches the capabilities built on it.

Sessions announce; reports, practice and plans listen, with receivers in their own packages
(`<package>/receivers.py`, connected in `interviews.apps`). Sessions so never import them.
Every signal is sent with `sender=InterviewSession` inside the sender's transaction, so a
receiver's writes commit or roll back with it, and work for after the commit goes through
`transaction.on_commit`.
"""

from django.dispatch import Signal

from interviews.models import InterviewSession

# A session was submitted (its panel closed, or the last scorecard came in): `session`, `actor`.
session_submitted = Signal()

# A submitted scorecard was amended: `session`, `scorecard`, `reason`, `actor`.
scorecard_amended = Signal()

# A page about a session is drawn: `session`, `user`, `request`; each receiver returns a dict of
# context the page's template reads (the practice part of the session page, the candidate's end
# screen). Without a receiver, the page's keys are simply absent.
session_page = Signal()
screen_end = Signal()


def page_context(signal: Signal, **kwargs) -> dict:
    """The context every receiver of a page signal adds, merged."""
    context: dict = {}
    for _, part in signal.send(sender=InterviewSession, **kwargs):
        context.update(part or {})
    return context
