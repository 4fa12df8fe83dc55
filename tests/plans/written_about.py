"""A candidate written about everywhere a person can write: the tests of their export and of
their erasure start from here."""

import unicodedata

from interviews.calibration.decisions import decision_record, evidence_choices
from interviews.calibration.drills import drill_create
from interviews.models import FEEDBACK_KEYS, Candidate, InterviewPlan, InterviewSession, Report
from interviews.plans import services as plan_services
from interviews.practice import services as practice
from interviews.practice.services import feedback_submit
from interviews.reports import regrades
from interviews.reports.services import report_new_version
from interviews.sessions import services
from questionbank.models import Question
from tests.builders import make_plan, make_session, rate_all

NAME = "Bartłomiej Żółć"
EMAIL = "zolc@example.org"
OTHER = "Olga Other"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class World:
    """One candidate written about everywhere a person can write, and a second candidate whose
    records mention the first."""


def build_world(team, capture_on_commit) -> World:
    """In several spellings: as typed, upper and lower case, decomposed Unicode."""
    w = World()
    steps = (_begin, _interview, _decide, _amend, _read_again, _contest, _cancel_and_delete)
    for step in (*steps, _practice, _other_candidate, _other_decide, _drill):
        # Each step commits as a request would, so its reports are ready for the next.
        with capture_on_commit(execute=True):
            step(w, team)
    w.numbers = {r.pk: (r.overall, r.band, r.version) for r in Report.objects.filter(plan=w.plan)}
    return w


def _begin(w, team) -> None:
    w.plan = make_plan(team.organisation, title=f"Loop for {NAME.lower()}")
    InterviewPlan.objects.filter(pk=w.plan.pk).update(description=f"Made for {EMAIL}")
    w.candidate = plan_services.candidate_get_or_create(
        organisation=team.organisation, name=NAME, email=EMAIL
    )
    # Their own account (a neutral name and address) reads the report and contests it.
    Candidate.objects.filter(pk=w.candidate.pk).update(user=team.candidate)
    type(team.candidate).objects.filter(pk=team.candidate.pk).update(first_name="Quillon")


def _schedule(w, team) -> InterviewSession:
    return services.session_schedule(
        plan=w.plan,
        candidate=w.candidate,
        interviewers=[team.owner, team.interviewer],
        user=team.owner,
        mode=InterviewSession.Mode.HIRING,
        meeting_link=f"https://meet.example.org/{EMAIL}",
    )


def _interview(w, team) -> None:
    """Renamed twice, interviewed live with the pad, noted, summarised, submitted."""
    session = _schedule(w, team)
    for name in (NAME.upper(), NAME):
        services.session_update(
            session=session,
            scheduled_at=session.scheduled_at,
            meeting_link=session.meeting_link,
            candidate_name=name,
            actor=team.owner,
        )
    session = services.session_start(session=session, actor=team.owner)
    practice.pad_save(session=session, position=0, text=f"I am {NAME}; mail me at {EMAIL}")
    first = session.questions.get(position=0)
    for user, text in (
        (team.owner, f"{NAME} explained events; follow up at {EMAIL.upper()}"),
        (team.interviewer, f"{nfd(NAME)} was calm. bartłomiej asked good questions"),
    ):
        card = session.scorecards.get(interviewer=user)
        services.note_save(scorecard=card, session_question_id=first.pk, text=text)
        rate_all(session, user, lambda n: 2 + n % 2, submit=False)
    for user, summary in ((team.owner, f"Hire {NAME.lower()}"), (team.interviewer, "Solid.")):
        services.scorecard_submit(
            scorecard=session.scorecards.get(interviewer=user),
            recommendation="yes",
            summary=summary,
            actor=user,
        )
    w.interview = session


def _decide(w, team) -> None:
    report = Report.objects.get(session=w.interview)
    evidence = [evidence_choices(report.data)[0][0]]
    decision_record(
        report=report,
        outcome="hold",
        rationale=f"{NAME} needs a second round; żółć was nervous",
        evidence=evidence,
        actor=team.owner,
    )
    decision_record(
        report=report,
        outcome="advance",
        rationale="References came back strong.",
        change_reason=f"{NAME.upper()} sent references from {EMAIL}",
        actor=team.owner,
    )


def _amend(w, team) -> None:
    card = w.interview.scorecards.get(interviewer=team.owner)
    services.scorecard_amend_open(scorecard=card, reason=f"{NAME} corrected me", actor=team.owner)
    services.scorecard_amend_submit(scorecard=card, actor=team.owner)


def _read_again(w, team) -> None:
    report_new_version(
        session=w.interview, reason=f"Read again after {EMAIL} wrote", actor=team.owner
    )


def _contest(w, team) -> None:
    """One request declined, one accepted: the accepted one leaves two scorecards reopened."""
    report = Report.objects.select_related("candidate").get(session=w.interview)
    question = report.data["questions"][0]
    answers = ((regrades.regrade_decline, "declined"), (regrades.regrade_accept, "accepted"))
    for criterion, (respond, word) in zip(question["criteria"][:2], answers, strict=True):
        regrade = regrades.regrade_request(
            report=report,
            session_question_id=int(question["id"]),
            criterion_id=int(criterion["id"]),
            reason=f"I, {NAME}, named four sources",
            actor=team.candidate,
        )
        respond(regrade=regrade, response=f"{word} for {NAME}", actor=team.owner)


def _cancel_and_delete(w, team) -> None:
    cancelled = _schedule(w, team)
    services.session_cancel(session=cancelled, reason=f"{NAME} asked to move it", actor=team.owner)
    services.session_delete(session=_schedule(w, team), actor=team.owner)


def _practice(w, team) -> None:
    session = make_session(
        team.organisation, [team.interviewer], plan=w.plan, candidate_name=NAME, email=EMAIL
    )
    rate_all(session, team.interviewer)
    feedback_submit(
        session=session,
        ratings=dict.fromkeys(FEEDBACK_KEYS, 2),
        comment=f"Thanks — {NAME}",
        given_by=team.candidate,
    )
    w.practice = session


def _other_candidate(w, team) -> None:
    session = make_session(
        team.organisation,
        [team.owner],
        plan=w.plan,
        candidate_name=OTHER,
        mode=InterviewSession.Mode.HIRING,
    )
    card = session.scorecards.get()
    first = session.questions.get(position=0)
    services.note_save(scorecard=card, session_question_id=first.pk, text=f"Stronger than {NAME}")
    rate_all(session, team.owner)
    w.other = session


def _other_decide(w, team) -> None:
    decision_record(
        report=Report.objects.get(session=w.other),
        outcome="advance",
        rationale=f"Chosen over {NAME}",
        actor=team.owner,
    )


def _drill(w, team) -> None:
    question = Question.objects.filter(question_set__slug="mini").first()
    criteria = question.current_rubric().criteria.all()
    w.drill = drill_create(
        organisation=team.organisation,
        question=question,
        title=f"How {NAME} answered",
        transcript=f"{NAME.upper()}: events trigger functions.",
        reference={c.pk: 2 for c in criteria},
        reasoning={c.pk: f"{nfd(NAME)} named three sources" for c in criteria},
        actor=team.owner,
    )
