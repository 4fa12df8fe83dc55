"""Interview data for the benchmarks, built through the real services: the small bank, a plan,
a scheduled session, a whole scorecard rated, and members of an organisation. The test suite
builds with the same functions (tests/data/builders.py)."""

from decimal import Decimal
from itertools import count

from django.utils import timezone

from accounts.models import Membership, Organisation, Role, User
from accounts.services import membership_add
from interviews.models import InterviewSession
from interviews.plans import services as plan_services
from interviews.sessions import services as session_services
from questionbank.bankfile import parse_bank
from questionbank.models import Question
from questionbank.services import bank_load

PASSWORD = "bench-pass-phrase-2026"
_numbers = count(1)

SMALL_BANK = """
slug: mini
title: Mini bank
questions:
  - key: faas-basics
    category: technical
    prompt: |
      What is FaaS?
      Explain with an example.
    guidance: Listen for events, statelessness and scaling.
    criteria:
      - {title: Events, weight: 2, source: Core Concepts of Serverless Computing}
      - {title: Statelessness, weight: 1, source: Core Concepts of Serverless Computing}
    red_flags:
      - {title: Thinks functions keep memory between calls, penalty: 10}
  - key: latency-scenario
    category: scenario
    prompt: Your API's p99 latency doubled overnight. What do you do?
    guidance: Expect logs, metrics and traces before changes.
    criteria:
      - {title: Evidence first, weight: 1, source: "Scenario-Based Question: Troubleshooting a Serverless Application"}
      - {title: Fix and verify, weight: 1, source: "Scenario-Based Question: Troubleshooting a Serverless Application"}
  - key: star-outage
    category: behavioral
    prompt: Tell me about a production outage you handled.
    guidance: STAR.
    criteria:
      - {title: Situation, weight: 1, source: Examples of Behavioral Interview Questions Relevant to Serverless Roles}
      - {title: Action, weight: 2, source: Examples of Behavioral Interview Questions Relevant to Serverless Roles}
      - {title: Result, weight: 1, source: Examples of Behavioral Interview Questions Relevant to Serverless Roles}
"""


def load_small_bank():
    return bank_load(spec=parse_bank(SMALL_BANK, "mini.yaml")).question_set


def make_plan(organisation: Organisation, *, keys=None, title="Mini loop", weights=None):
    load_small_bank()
    questions = Question.objects.filter(question_set__slug="mini")
    if keys:
        questions = [questions.get(key=k) for k in keys]
    lines = [
        plan_services.PlanLine(
            question=q, minutes=5, weight=Decimal(str((weights or {}).get(q.key, 1)))
        )
        for q in questions
    ]
    return plan_services.plan_save(organisation=organisation, title=title, lines=lines)


def make_session(
    organisation,
    interviewers,
    *,
    plan=None,
    candidate_name="Casey Candidate",
    mode=InterviewSession.Mode.PRACTICE,
    email="",
):
    plan = plan or make_plan(organisation)
    candidate = plan_services.candidate_get_or_create(
        organisation=organisation, name=candidate_name, email=email
    )
    for user in interviewers:
        if not user.memberships.filter(organisation=organisation).exists():
            membership_add(organisation=organisation, user=user, role=Role.INTERVIEWER)
    return session_services.session_schedule(
        plan=plan, candidate=candidate, interviewers=interviewers, user=interviewers[0], mode=mode
    )


def rate_all(
    session, user, points_for=lambda n: 3, recommendation="yes", submit=True, positions=None
):
    """Rate every criterion of every question (points_for(i) for the i-th criterion overall),
    or only of the questions at `positions` (0-based)."""
    scorecard = session.scorecards.get(interviewer=user)
    questions = session.questions.select_related("rubric").order_by("position")
    if positions is not None:
        questions = questions.filter(position__in=positions)
    n = 0
    for sq in questions:
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


def member(role: str = Role.INTERVIEWER, organisation: Organisation | None = None) -> Membership:
    """A new person with a confirmed address and a role in `organisation` (a new team if None),
    and no other membership: what tests/data/factories.py's MembershipFactory makes."""
    n = next(_numbers)
    user = User.objects.create_user(
        username=f"bench{n}",
        email=f"bench{n}@example.com",
        password=PASSWORD,
        email_verified_at=timezone.now(),
    )
    organisation = organisation or Organisation.objects.create(name=f"Bench team {n}")
    return Membership.objects.create(user=user, organisation=organisation, role=role)
