"""Report generation (report_build + save, no PDF) against a baseline that loads the ratings.

Run with the project's Python: `.venv/bin/python bench/reports.py` (on whatever DATABASE_URL
names; a throwaway database bench_<pid> is created and dropped). Sessions are the 60-minute
serverless loop (8 questions, every category) scored by a panel of three with notes and red
flags. Each round times, for the same session:

- generation: what the worker does, report_generate(session_id): lock the report, build it
  (report_build: load, score, add the words), copy the numbers to its columns, save;
- baseline: load that session's ratings with their criteria and interviewers, the least any
  report has to read.

The last line is `ratio=<x>`: median generation time over median baseline time. Target: <= 3.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.boot import django_setup

django_setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, reset_queries

from accounts.models import Role
from bench.data import make_session, member, rate_all
from bench.harness import throwaway_database
from interviews.models import InterviewSession, Rating, Report
from interviews.plans import services as plan_services
from interviews.reports.generation import report_generate
from interviews.sessions import services as session_services

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "12"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "25"))


def main() -> None:
    with throwaway_database():
        run()


def build_sessions() -> list:
    call_command("load_bank", "questionbank/banks/serverless.yaml", verbosity=0)
    owner = member(role=Role.OWNER)
    organisation = owner.organisation
    panel = [owner.user] + [
        member(organisation=organisation, role=Role.INTERVIEWER).user for _ in range(2)
    ]
    plan = plan_services.default_plan_ensure(organisation=organisation, user=owner.user)
    sessions = []
    for n in range(SESSIONS):
        session = make_session(
            organisation,
            panel,
            plan=plan,
            candidate_name=f"Candidate {n}",
            mode=InterviewSession.Mode.HIRING,
        )
        for i, user in enumerate(panel):
            card = session.scorecards.get(interviewer=user)
            for sq in session.questions.select_related("rubric").order_by("position")[:3]:
                session_services.note_save(
                    scorecard=card, session_question_id=sq.pk, text=f"Note {n}.{i} on {sq.pk}"
                )
                flag = sq.rubric.red_flags.first()
                if flag and (n + i) % 3 == 0:
                    session_services.flag_set(
                        scorecard=card,
                        session_question_id=sq.pk,
                        red_flag_id=flag.pk,
                        raised=True,
                        actor=user,
                    )
            rate_all(
                session,
                user,
                points_for=lambda k, n=n, i=i: None if (k + n + i) % 11 == 0 else (k + n + i) % 5,
            )
        sessions.append(session)
    return sessions


def generate(session) -> None:
    """The worker's own code path: report_generate, with the report set back to pending first
    (untimed, by the caller) so it really builds and saves instead of finding it ready."""
    report_generate(session_id=session.pk)


def reset(session) -> None:
    Report.objects.filter(session=session).update(status=Report.Status.PENDING)


def baseline(session) -> None:
    list(
        Rating.objects.filter(scorecard__session=session).select_related(
            "criterion", "scorecard__interviewer"
        )
    )


def timed(fn, session) -> float:
    start = time.perf_counter()
    fn(session)
    return time.perf_counter() - start


def run() -> None:
    started = time.perf_counter()
    sessions = build_sessions()
    assert Report.objects.filter(status="ready").count() == len(sessions)
    ratings = Rating.objects.filter(scorecard__session=sessions[0]).count()
    print(
        f"database: {connection.vendor}; {len(sessions)} sessions of 8 questions, panel of 3, "
        f"{ratings} ratings each; built in {time.perf_counter() - started:.1f} s"
    )
    for session in sessions:  # warm both paths
        reset(session)
        generate(session)
        baseline(session)

    settings.DEBUG = True
    reset(sessions[0])
    reset_queries()
    generate(sessions[0])
    generate_queries = len(connection.queries)
    reset_queries()
    baseline(sessions[0])
    baseline_queries = len(connection.queries)
    settings.DEBUG = False

    gen, base = [], []
    for _ in range(ROUNDS):
        for session in sessions:
            # Interleaved, so a slow moment of the machine hits both sides alike.
            base.append(timed(baseline, session))
            reset(session)
            gen.append(timed(generate, session))
    g, b = statistics.median(gen), statistics.median(base)
    print(f"generation: median {g * 1000:.2f} ms over {len(gen)} runs, {generate_queries} queries")
    print(f"baseline:   median {b * 1000:.2f} ms over {len(base)} runs, {baseline_queries} query")
    print(f"ratio={g / b:.2f}")


if __name__ == "__main__":
    main()
