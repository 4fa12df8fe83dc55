"""Panel sessions with varied ratings on one plan, through the real services."""

import random

from tests.data.builders import make_plan, make_session, rate_all
from tests.data.factories import UserFactory

MINI_CRITERIA = 7  # the small test bank's three questions carry 7 criteria


def panel_ratings(rng: random.Random, truth: list[int], bias: int, gaps: float):
    """An interviewer who sees the same answer as the others, off by their bias and some noise,
    leaving some criteria not assessed."""

    def points(n: int):
        if rng.random() < gaps:
            return None
        return max(0, min(4, truth[n] + bias + rng.choice((-1, 0, 0, 0, 1))))

    return points


def make_panels(team, capture, *, sessions=6, seed=7, plan=None, extra=None):
    """`sessions` submitted panels of two or three interviewers, and their ready reports."""
    rng = random.Random(seed)
    plan = plan or make_plan(team.organisation, title="Panel loop")
    third = extra or UserFactory(username=f"panelist-{seed}")
    biases = {team.owner: 0, team.interviewer: 1, third: -1}
    made = []
    for n in range(sessions):
        panel = [team.owner, team.interviewer] + ([third] if n % 2 else [])
        session = make_session(
            team.organisation, panel, plan=plan, candidate_name=f"Candidate {n + 1}"
        )
        truth = [rng.randint(0, 4) for _ in range(MINI_CRITERIA)]
        for user in panel:
            with capture(execute=True):
                rate_all(session, user, panel_ratings(rng, truth, biases[user], 0.1))
        made.append(session)
    return plan, made
