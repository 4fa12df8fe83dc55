"""Interview data built through the real services. The plan, session and rating builders are the
benchmarks' own (bench/data.py), so a benchmark measures the data the tests check."""

from bench.data import SMALL_BANK, load_small_bank, make_plan, make_session, rate_all
from interviews.sessions import services as session_services

__all__ = [
    "SMALL_BANK",
    "load_small_bank",
    "make_plan",
    "make_session",
    "raise_first_flag",
    "rate_all",
    "rate_some",
]


def raise_first_flag(session, user, position=0):
    """Raise the first red flag of a question on the user's scorecard."""
    question = session.questions.get(position=position)
    session_services.flag_set(
        scorecard=session.scorecards.get(interviewer=user),
        session_question_id=question.pk,
        red_flag_id=question.rubric.red_flags.first().pk,
        raised=True,
        actor=user,
    )


def rate_some(session, user, positions, points_for=lambda n: 3, recommendation="yes", submit=True):
    """Rate only the questions at `positions` (0-based): the rest were never asked."""
    return rate_all(session, user, points_for, recommendation, submit, positions=positions)
