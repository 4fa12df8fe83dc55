import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, Role
from accounts.services import membership_add, organisation_create, organisation_open, user_create
from interviews.models import InterviewSession, Report
from interviews.plans import services as plan_services
from interviews.practice import services as practice
from interviews.practice.demo import PEERS, demo_peers_create
from interviews.sessions import services as session_services

User = get_user_model()
PASSWORD = "practise-serverless-2026"
ORG_NAME = "Demo hiring team"
PEOPLE = [
    # username, name, role in the demo team
    ("demo-owner", "Olivia Owner", Role.OWNER),
    ("demo-interviewer", "Ivan Interviewer", Role.INTERVIEWER),
    ("demo-panelist", "Priya Panelist", Role.INTERVIEWER),
    ("demo-candidate", "Alex Rivera", Role.CANDIDATE),
]
# Who writes the demo's written practice, and who scores it.
WRITTEN_PEERS = ("demo-candidate", "demo-panelist")
WRITTEN_ANSWERS = [
    "Functions-as-a-Service runs my code only when an event arrives: an HTTP request through "
    "the API gateway, a message on a queue, a file landing in a bucket.\n\nThe platform "
    "scales it and I pay per invocation.",
    "First the evidence: the function's error rate and duration in the metrics, then the logs "
    "around the first errors, then a trace of one slow request.\n\n"
    "1. dashboards\n2. logs by request id\n3. traces\n4. only then change the timeout",
    "Situation: our checkout queue backed up on a sale day.\nTask: drain it without losing "
    "orders.\nAction: I raised the consumer's concurrency and added a dead-letter queue.\n"
    "Result: drained in 20 minutes, no order lost.",
]


class Command(BaseCommand):
    help = "Create a demo team with accounts, the ready plan and submitted sessions with reports."

    def handle(self, *args, **options):
        if not Organisation.objects.filter(name=ORG_NAME).exists():
            self._create()
            demo_peers_create(password=PASSWORD)
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {PASSWORD})"))
        for username, name, role in PEOPLE:
            self.stdout.write(f"  {username:<18} {name:<18} {role.label}")
        for username, name in PEERS:
            self.stdout.write(f"  {username:<18} {name:<18} Peer practice (swapped roles)")
        writer, scorer = WRITTEN_PEERS
        self.stdout.write(f"  Written practice: {writer} wrote one, {scorer} scored it.")

    def _create(self) -> None:
        users = {}
        for username, name, _ in PEOPLE:
            first, last = name.split(" ", 1)
            user = User.objects.filter(username=username).first() or user_create(
                username=username,
                email=f"{username}@example.com",
                password=PASSWORD,
                first_name=first,
            )
            user.last_name = last
            user.save(update_fields=["last_name"])
            users[username] = user
        owner = users["demo-owner"]
        organisation = organisation_create(name=ORG_NAME, owner=owner)
        for username, _, role in PEOPLE[1:]:
            membership_add(organisation=organisation, user=users[username], role=role)
            # Demo logins start in the demo team, as if each had opened it already.
            organisation_open(user=users[username], organisation=organisation)
        plan = plan_services.default_plan_ensure(organisation=organisation, user=owner)
        if plan is None:
            raise CommandError(
                "Load the serverless bank first: "
                "manage.py load_bank questionbank/banks/serverless.yaml"
            )
        now = timezone.now()
        alex = plan_services.candidate_get_or_create(
            organisation=organisation, name="Alex Rivera", email="demo-candidate@example.com"
        )
        interviewer = users["demo-interviewer"]
        # One candidate over time, single interviewer each time, getting better.
        for weeks, level in ((8, 1), (4, 2), (1, 3)):
            self._submitted(
                plan,
                alex,
                [interviewer],
                now - timedelta(weeks=weeks),
                {interviewer: lambda n, level=level: min(4, level + n % 2)},
            )
        # A panel of two who disagree on some criteria.
        sam = plan_services.candidate_get_or_create(
            organisation=organisation, name="Sam Lee", email="sam@example.com"
        )
        panelist = users["demo-panelist"]
        self._submitted(
            plan,
            sam,
            [interviewer, panelist],
            now - timedelta(days=2),
            {
                interviewer: lambda n: 3,
                panelist: lambda n: 1 if n % 4 == 0 else 3,
            },
        )
        # Five more panels on the same plan, so agreement and calibration have data: the
        # panel sees the same answer, the interviewer is a level more generous than the others,
        # and everyone is off by a level now and then.
        self._panels(plan, now, {interviewer: 1, panelist: 0, owner: 0}, organisation)
        # An interview that ran out of time: three of the eight questions asked and no system
        # design, so the report counts what was covered and marks its band provisional.
        morgan = plan_services.candidate_get_or_create(
            organisation=organisation, name="Morgan Blake", email="morgan@example.com"
        )
        self._submitted(
            plan,
            morgan,
            [panelist],
            now - timedelta(days=1),
            {panelist: lambda n: 2 + n % 2},
            asked=(0, 3, 5),
        )
        # Something on the dashboard to run next.
        jordan = plan_services.candidate_get_or_create(organisation=organisation, name="Jordan Kim")
        session_services.session_schedule(
            plan=plan,
            candidate=jordan,
            interviewers=[interviewer, owner],
            user=owner,
            mode=InterviewSession.Mode.HIRING,
            scheduled_at=now + timedelta(days=1),
            notify=False,
        )
        # Written practice between peers: the candidate answers in writing in their own space,
        # another demo user scores it from the link. (Re-point WRITTEN_PEERS to other logins.)
        writer, scorer = (users[name] for name in WRITTEN_PEERS)
        self._written(writer, scorer, now - timedelta(days=3))
        reports = Report.objects.filter(organisation=organisation).count()
        self.stdout.write(f"Created {ORG_NAME} with {reports} reports.")

    def _written(self, writer, scorer, when) -> None:
        """A written practice answered by `writer` and scored from the link by `scorer`."""
        with transaction.atomic():
            written = practice.written_start(user=writer)
            session = written.session
            for position, text in enumerate(WRITTEN_ANSWERS):
                practice.written_open(written=written, position=position)
                practice.written_answer_save(written=written, position=position, text=text)
            practice.written_submit(written=written, actor=writer)
            practice.written_invite(written=written, actor=writer)
            card = practice.written_seat_take(written=written, user=scorer)
            shown = session.questions.filter(asked=True).select_related("rubric")
            for n, sq in enumerate(shown.order_by("position")):
                for criterion in sq.rubric.criteria.order_by("position"):
                    session_services.rating_save(
                        scorecard=card,
                        session_question_id=sq.pk,
                        criterion_id=criterion.pk,
                        points=2 + (n + criterion.position) % 3,
                        actor=scorer,
                    )
            session_services.scorecard_submit(scorecard=card, recommendation="yes", actor=scorer)
            InterviewSession.objects.filter(pk=session.pk).update(
                started_at=when, submitted_at=when + timedelta(days=1), scheduled_at=when
            )
            Report.objects.filter(session=session).update(submitted_at=when + timedelta(days=1))

    def _panels(self, plan, now, biases, organisation) -> None:
        rng = random.Random(12)
        names = (
            "Morgan Diaz",
            "Ελένη Παπαδοπούλου",
            "Taylor Brooks",
            "Bartłomiej Żółć",
            "Casey Okafor",
        )
        for day, name in enumerate(names, start=3):
            candidate = plan_services.candidate_get_or_create(organisation=organisation, name=name)
            ability = (3, 1, 4, 2, 0)[day - 3]
            truth = [min(4, max(0, ability + rng.choice((-1, 0, 1)))) for _ in range(64)]
            panel = list(biases) if day % 2 else list(biases)[:2]
            given = {
                user: [
                    min(4, max(0, t + biases[user] + rng.choice((-1, 0, 0, 0, 0, 1))))
                    for t in truth
                ]
                for user in panel
            }
            self._submitted(
                plan,
                candidate,
                panel,
                now - timedelta(days=day),
                {user: lambda n, row=given[user]: row[n % len(row)] for user in panel},
            )

    def _submitted(self, plan, candidate, panel, when, levels, asked=None) -> None:
        """A finished hiring session dated `when`, rated through the real services; only the
        questions at the `asked` positions are shown and rated (all of them by default)."""
        with transaction.atomic():
            session = session_services.session_schedule(
                plan=plan,
                candidate=candidate,
                interviewers=panel,
                user=panel[0],
                mode=InterviewSession.Mode.HIRING,
                scheduled_at=when,
                notify=False,
            )
            positions = list(asked if asked is not None else range(session.questions.count()))
            session_services.session_start(session=session, actor=panel[0])  # shows Q1
            for position in positions[1:]:
                session_services.session_move(session=session, position=position, actor=panel[0])
            for user in panel:
                card = session.scorecards.get(interviewer=user)
                n = 0
                shown = session.questions.filter(position__in=positions)
                for sq in shown.select_related("rubric").order_by("position"):
                    for criterion in sq.rubric.criteria.order_by("position"):
                        session_services.rating_save(
                            scorecard=card,
                            session_question_id=sq.pk,
                            criterion_id=criterion.pk,
                            points=levels[user](n),
                            actor=user,
                        )
                        n += 1
                average = sum(levels[user](i) for i in range(n)) / n
                recommendation = (
                    "strong_yes" if average >= 3.5 else "yes" if average >= 2.5 else "no"
                )
                session_services.scorecard_submit(
                    scorecard=card, recommendation=recommendation, actor=user
                )
            InterviewSession.objects.filter(pk=session.pk).update(
                started_at=when, submitted_at=when + timedelta(hours=1), scheduled_at=when
            )
            Report.objects.filter(session=session).update(submitted_at=when + timedelta(hours=1))
