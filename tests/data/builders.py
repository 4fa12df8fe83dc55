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
    scorecard = session.scorecards.get(interviewer=user)
    n = 0
    for sq in session.questions.select_related("rubric").filter(position__in=positions):
        for criterion in sq.rubric.criteria.order_by("position"):
            points = points_for(n)
            session_services.rating_save(
                scorecard=scorecard,
                session_question_id=sq.pk,
                criterion_id=criterion.pk,
                points=points,
                not_assessed=points is None,
                actor=user,
            )
            n += 1
    if submit:
        session_services.scorecard_submit(
            scorecard=scorecard, recommendation=recommendation, actor=user
        )
    return scorecard
