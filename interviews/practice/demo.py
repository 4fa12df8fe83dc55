"""Demo peers for `load_demo`: two people who practised together, swapped roles in one sitting
and rated each other as interviewers."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.services import user_create
from interviews.models import FEEDBACK_KEYS, InterviewSession, Report
from interviews.practice import selectors
from interviews.practice import services as practice
from interviews.sessions import services as sessions

# username, name
PEERS = [("peer-maya", "Maya Chen"), ("peer-leo", "Leo Park")]


def _person(username: str, name: str, password: str):
    existing = get_user_model().objects.filter(username=username).first()
    if existing:
        return existing
    first, last = name.split(" ", 1)
    user = user_create(
        username=username,
        email=f"{username}@example.com",
        password=password,
        first_name=first,
        email_verified=True,
    )
    user.last_name = last
    user.save(update_fields=["last_name"])
    return user


def _run(session: InterviewSession, interviewer, level, when) -> None:
    """The whole plan shown and rated through the real services, dated `when`."""
    sessions.session_start(session=session, actor=interviewer)
    for position in range(1, session.questions.count()):
        sessions.session_move(session=session, position=position, actor=interviewer)
    card = session.scorecards.get(interviewer=interviewer)
    n = 0
    for sq in session.questions.select_related("rubric").order_by("position"):
        for criterion in sq.rubric.criteria.order_by("position"):
            sessions.rating_save(
                scorecard=card,
                session_question_id=sq.pk,
                criterion_id=criterion.pk,
                points=level(n),
                actor=interviewer,
            )
            n += 1
    sessions.scorecard_submit(scorecard=card, recommendation="yes", actor=interviewer)
    InterviewSession.objects.filter(pk=session.pk).update(
        scheduled_at=when, started_at=when, submitted_at=when + timedelta(minutes=30)
    )
    Report.objects.filter(session=session).update(submitted_at=when + timedelta(minutes=30))


def demo_peers_create(*, password: str) -> bool:
    """Maya interviews Leo on the first half of the plan, they swap at half time, Leo asks
    Maya the second half; each rates the other as interviewer. False when already there."""
    maya, leo = (_person(u, n, password) for u, n in PEERS)
    if InterviewSession.objects.filter(candidate__user=leo).exists():
        return False
    when = timezone.now() - timedelta(days=3)
    with transaction.atomic():
        first = practice.practice_start(
            organisation=selectors.personal_space_of(maya),
            user=maya,
            peer_name="Leo Park",
            split=True,
        )
        practice.practice_join(link=practice.link_for(first), user=leo)
        first.refresh_from_db()
        _run(first, maya, lambda n: 2 + (n % 3 == 0), when)
        first.refresh_from_db()
        practice.feedback_submit(
            session=first,
            ratings={**dict.fromkeys(FEEDBACK_KEYS, 2), "preparation": 3, "timekeeping": 1},
            comment="Clear questions; we ran ten minutes over on the design question.",
            given_by=leo,
        )
        second = practice.practice_swap(session=first, actor=leo)
        _run(second, leo, lambda n: 1 + (n % 2) + (n % 5 == 0), when + timedelta(minutes=35))
        second.refresh_from_db()
        practice.feedback_submit(
            session=second,
            ratings={**dict.fromkeys(FEEDBACK_KEYS, 3), "hints": 1},
            comment="Good pace. A hint on the behavioral question would have helped.",
            given_by=maya,
        )
    return True
