"""Practice's writes: starting, joining and swapping peer practice, written practice and its
scoring seat, the shared pad, and the candidate's feedback on the interviewer.

Written practice: a candidate answers a plan in writing on their own time, then invites a
peer by link to score it; the peer's console shows each answer beside the rubric and the report
is generated as for any session. The practice lives in the candidate's personal space. The
scorer never joins that space: taking the scoring link gives them a scorecard on this one
session (the seat on `WrittenPractice.scorer`, checked in `interviews/access.py`). A link seats
one scorer; after that it only leads that scorer back, and the candidate can never take their
own."""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from interviews.errors import InterviewError, require_storable
from interviews.live.events import SESSION, STAGE, screen_revoked, session_changed
from interviews.models import (
    COMMENT_MAX,
    FEEDBACK_KEYS,
    FEEDBACK_MAX,
    Answer,
    AuditEvent,
    Candidate,
    InterviewerFeedback,
    InterviewPlan,
    InterviewSession,
    PracticeLink,
    Report,
    Scorecard,
    SessionQuestion,
    WrittenPractice,
)
from interviews.plans import services as plans
from interviews.practice.selectors import (
    absolute_link,
    feedback_items,
    interviewer_of,
    is_live_practice,
    keys_asked_to,
    keys_interviewed_by,
    personal_space_of,
    swap_of,
    written_seat_refusal,
)
from interviews.sessions import services as sessions
from outbox.services import mail_queue
from questionbank.models import Category


class SeatTaken(InterviewError):
    """A join link opened by a third person once the session has its candidate."""

    status = 409


def link_for(session: InterviewSession) -> PracticeLink:
    """The session's practice link; sessions started before links existed get one on demand."""
    link, _ = PracticeLink.objects.get_or_create(session=session)
    return link


@transaction.atomic
def practice_start(
    *, organisation: Organisation, user, peer_name: str, peer_email: str = "", split: bool = False
) -> InterviewSession:
    """The ready plan, the peer as candidate, me as interviewer. Split in two halves, the
    session asks the first half and keeps the second half's shape for the swap."""
    plan = plans.default_plan_ensure(organisation=organisation, user=user)
    if plan is None:
        raise InterviewError(
            "The serverless question bank is not loaded yet (manage.py load_bank)."
        )
    candidate = plans.candidate_get_or_create(
        organisation=organisation, name=peer_name, email=peer_email
    )
    items = list(plan.items.select_related("question"))
    first, rest = items, []
    if split and len(items) > 1:
        cut = (len(items) + 1) // 2
        first, rest = items[:cut], items[cut:]
    session = sessions.session_schedule(
        plan=plan,
        candidate=candidate,
        interviewers=[user],
        user=user,
        mode=InterviewSession.Mode.PRACTICE,
        items=first,
        notify=False,  # peers meet now; the join link is their invitation
    )
    PracticeLink.objects.create(
        session=session,
        half=PracticeLink.Half.FIRST if rest else PracticeLink.Half.WHOLE,
        rest_shape=[
            {"category": i.question.category, "minutes": i.minutes, "weight": str(i.weight)}
            for i in rest
        ],
    )
    return session


@transaction.atomic
def practice_join(*, link: PracticeLink, user) -> InterviewSession:
    """Take the candidate's seat as oneself. The seat is given once: the person already in it
    may open the link again, anyone else is refused without learning who holds it."""
    session = InterviewSession.objects.select_for_update().get(pk=link.session_id)
    candidate = session.candidate
    if candidate.user_id == user.pk:
        return session
    if session.scorecards.filter(interviewer=user).exists():
        raise InterviewError("You interview in this session: send the link to your peer.")
    if candidate.user_id is not None:
        raise SeatTaken("This practice session already has its candidate.")
    if session.is_cancelled:
        raise InterviewError("This practice session was cancelled.")
    # A record of the person's own, so linking it reveals nothing of other sessions.
    mine = Candidate.objects.filter(organisation_id=session.organisation_id, user=user).first()
    if mine is None:
        mine = Candidate.objects.create(
            organisation_id=session.organisation_id,
            name=candidate.name or str(user),
            email=user.email,
            user=user,
        )
    session.candidate = mine
    # The guest screen link given out before (shown on this join page, mailed with the
    # invitation) dies with the seat: the account reaches its screen signed in.
    revoked = session.screen_token_rotate()
    session.save(update_fields=["candidate", "screen_token"])
    screen_revoked(session.pk, revoked)
    Report.objects.filter(session=session).update(candidate=mine)
    if not candidate.sessions.exists() and not candidate.reports.exists():
        candidate.delete()  # the placeholder held only this seat
    PracticeLink.objects.filter(pk=link.pk).update(joined_at=timezone.now())
    AuditEvent.about(session, actor=user, action="practice_joined", candidate=mine.pk)
    session_changed(session.pk, STAGE, SESSION)  # screens and pages show the peer's account
    return session


@transaction.atomic
def practice_invite_send(
    *, session: InterviewSession, email: str, sender, base_url: str = ""
) -> None:
    """Mail the join link to the peer, and the guest's screen link while the seat is free."""
    link = link_for(session)
    join = absolute_link(reverse("interviews:practice_join", args=[link.join_token]), base_url)
    guest = ""
    if session.candidate.user_id is None:
        screen = absolute_link(
            reverse("interviews:candidate_screen", args=[session.screen_token]), base_url
        )
        guest = f"\nOr just open your candidate screen without an account:\n{screen}\n"
    name = sender.get_full_name() or sender.username
    greeting = f"Hello {session.candidate.name}," if session.candidate.name else "Hello,"
    mail_queue(
        kind="practice_invitation",
        to=email,
        subject=f"{name} invites you to a practice interview",
        body=(
            f"{greeting}\n\n{name} would like to practise serverless interviews with you: they "
            f"interview you first, then you can swap roles.\n\nJoin with your account (or "
            f"create one) here, so the session and its report are yours:\n{join}\n{guest}"
        ),
    )
    AuditEvent.about(session, actor=sender, action="practice_invited")


@dataclass
class Line:
    question: object
    minutes: int
    weight: Decimal


def questions_choose(*, shape: list[dict], organisation, candidate_user, interviewer) -> list[Line]:
    """One question per slot of the shape (same category, minutes and weight), never one the
    candidate was asked before. Questions the candidate has not read the rubric of come first
    (an interviewer has seen the model answer), then those the interviewer once answered
    themselves (they know what a good answer sounds like)."""
    asked = keys_asked_to(candidate_user)
    seen = keys_interviewed_by(candidate_user)
    answered = keys_asked_to(interviewer)
    pool = (
        plans.plan_question_choices(organisation=organisation)
        .filter(category__in={slot["category"] for slot in shape})
        .order_by("question_set__organisation_id", "question_set_id", "position", "id")
    )
    by_category: dict[str, list] = {}
    for question in pool:
        by_category.setdefault(question.category, []).append(question)
    taken, lines = set(asked), []
    for slot in shape:
        candidates = [q for q in by_category.get(slot["category"], []) if q.key not in taken]
        if not candidates:
            label = Category(slot["category"]).label.lower()
            raise InterviewError(
                f"No {label} question is left that {candidate_user} has never been asked."
            )
        best = min(
            candidates,
            key=lambda q: (q.key in seen, q.key not in answered, abs(q.minutes - slot["minutes"])),
        )
        taken.add(best.key)
        lines.append(Line(best, int(slot["minutes"]), Decimal(str(slot["weight"]))))
    return lines


@transaction.atomic
def practice_swap(*, session: InterviewSession, actor) -> InterviewSession:
    """The roles reversed in the new interviewer's own space, on the same plan shape (the
    second half of a split plan), with questions the new candidate was never asked. Done once:
    both peers clicking at the same moment land on the same session."""
    link, _ = PracticeLink.objects.get_or_create(session=session)
    link = PracticeLink.objects.select_for_update().get(pk=link.pk)
    existing = swap_of(session)
    if existing is not None:
        return existing
    if not is_live_practice(session):
        raise InterviewError("Only live practice sessions swap roles.")
    if not session.is_submitted:
        raise InterviewError("Roles swap once the session is submitted.")
    new_interviewer = session.candidate.user
    if new_interviewer is None:
        raise InterviewError(
            "Your peer has to join with the link first, so the swapped session goes to their "
            "practice space."
        )
    new_candidate = interviewer_of(session)
    if new_candidate is None or new_candidate.pk == new_interviewer.pk:
        raise InterviewError("This session has no other peer to swap with.")
    space = personal_space_of(new_interviewer)
    plan = plans.default_plan_ensure(organisation=space, user=new_interviewer)
    if plan is None:
        raise InterviewError("The serverless question bank is not loaded yet.")
    if link.half == PracticeLink.Half.FIRST and link.rest_shape:
        shape = link.rest_shape
    else:
        shape = [
            {"category": q.category, "minutes": q.minutes, "weight": str(q.weight)}
            for q in session.questions.order_by("position")
        ]
    lines = questions_choose(
        shape=shape, organisation=space, candidate_user=new_candidate, interviewer=new_interviewer
    )
    candidate = Candidate.objects.filter(organisation=space, user=new_candidate).first()
    if candidate is None:
        candidate = Candidate.objects.create(
            organisation=space,
            name=str(new_candidate),
            email=new_candidate.email,
            user=new_candidate,
        )
    swapped = sessions.session_schedule(
        plan=plan,
        candidate=candidate,
        interviewers=[new_interviewer],
        user=actor,
        mode=InterviewSession.Mode.PRACTICE,
        items=lines,
        notify=False,  # the same sitting, both peers already here
    )
    PracticeLink.objects.create(
        session=swapped,
        swapped_from=session,
        half=PracticeLink.Half.SECOND if link.half == PracticeLink.Half.FIRST else 0,
        joined_at=timezone.now(),
    )
    AuditEvent.about(session, actor=actor, action="practice_swapped", to_session=swapped.pk)
    session_changed(session.pk, STAGE, SESSION)  # the end screens offer the swapped session
    return swapped


def feedback_clean(data) -> tuple[dict, str]:
    """Every item rated 0..max, and the comment within its limit, or a refusal in words."""
    ratings = {}
    for key in FEEDBACK_KEYS:
        raw = str(data.get(key, ""))
        if not raw.isdigit() or int(raw) > FEEDBACK_MAX:
            raise InterviewError("Choose one level for each of the five items.")
        ratings[key] = int(raw)
    comment = str(data.get("comment", "")).strip()
    if len(comment) > COMMENT_MAX:
        raise InterviewError(f"Keep the comment under {COMMENT_MAX:,} characters.")
    return ratings, comment


@transaction.atomic
def feedback_submit(
    *, session: InterviewSession, ratings: dict, comment: str, given_by=None
) -> InterviewerFeedback:
    """The candidate rates the interviewer once the session is over; locked once given. A
    ready report gets the ratings in its data at once (scores are untouched, so no version)."""
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    if not is_live_practice(session):
        raise InterviewError("Only peers who met live give feedback on their interviewer.")
    if not session.is_submitted:
        raise InterviewError("Feedback opens once the interview is over and submitted.")
    if InterviewerFeedback.objects.filter(session=session).exists():
        raise InterviewError("Feedback on this interview is already given.")
    interviewer = interviewer_of(session)
    feedback = InterviewerFeedback.objects.create(
        session=session,
        interviewer=interviewer,
        given_by=given_by,
        ratings=ratings,
        comment=comment,
    )
    report = Report.objects.select_for_update().filter(session=session).first()
    if report is not None and report.status == Report.Status.READY:
        report.data["interviewer_feedback"] = feedback_items(session)
        report.data["interviewer_feedback_comment"] = comment or None
        report.save(update_fields=["data"])
    AuditEvent.about(session, actor=given_by, action="interviewer_feedback_given")
    session_changed(session.pk, STAGE, SESSION)
    return feedback


def report_ready_notify(*, session_id: int) -> bool:
    """Mail the practice candidate the link to their report: written in the transaction that
    makes the report ready, sent once that commits (a mail failure is the outbox's to retry,
    never the report's)."""
    session = (
        InterviewSession.objects.select_related("candidate__user", "plan")
        .filter(pk=session_id, mode=InterviewSession.Mode.PRACTICE)
        .first()
    )
    if session is None:
        return False
    account = session.candidate.user
    email = account.email if account else session.candidate.email
    if not email:
        return False
    link = absolute_link(reverse("interviews:report_detail", args=[session.pk]))
    how = (
        f"Read it here:\n{link}"
        if account
        else f"Sign in with an account that has confirmed {email} to read it:\n{link}"
    )
    mail_queue(
        kind="report_ready",
        to=email,
        subject=f"Your practice interview report is ready ({session.plan})",
        body=f"Hello {session.candidate.name},\n\nYour feedback report is ready. {how}\n",
    )
    return True


def _candidate_for(user, organisation: Organisation) -> Candidate:
    """The person as the candidate of their own space: linked by account, not by email."""
    candidate = organisation.candidates.filter(user=user).first()
    if candidate is None:
        candidate = Candidate.objects.create(
            organisation=organisation,
            name=user.get_full_name() or user.username,
            email=user.email,
            user=user,
        )
    return candidate


@transaction.atomic
def written_start(*, user, plan: InterviewPlan | None = None) -> WrittenPractice:
    """Freeze a plan into a session with no panel yet, as scheduling does, for the person to
    answer in writing. No scorecard is made: the candidate never scores their own."""
    space = personal_space_of(user)
    plan = plan or plans.default_plan_ensure(organisation=space, user=user)
    if plan is None:
        raise InterviewError("The serverless question bank is not loaded yet.")
    if plan.organisation_id != space.pk:
        raise InterviewError("Choose one of your own plans.")
    session = InterviewSession.objects.create(
        organisation=space,
        plan=plan,
        candidate=_candidate_for(user, space),
        mode=InterviewSession.Mode.PRACTICE,
        scheduled_at=timezone.now(),
        thresholds=plan.thresholds,
        created_by=user,
    )
    sessions.questions_freeze(session=session, items=plan.items.select_related("question"))
    written = WrittenPractice.objects.create(session=session)
    AuditEvent.about(session, actor=user, action="written_started", plan=plan.pk)
    return written


def _require_writing(written: WrittenPractice) -> None:
    if written.is_answered:
        raise InterviewError("Your answers are submitted; they can no longer change.")
    if written.session.is_cancelled:
        raise InterviewError("This practice was cancelled.")


@transaction.atomic
def written_open(*, written: WrittenPractice, position: int) -> InterviewSession:
    """The candidate turns to a question: it counts as asked, and time is kept per question
    (the budget is a guide, never a cut-off)."""
    session = InterviewSession.objects.select_for_update().get(pk=written.session_id)
    if written.is_answered or not session.is_open:
        return session
    last = session.questions.count() - 1
    position = max(0, min(position, last))
    now = timezone.now()
    if session.status == InterviewSession.Status.SCHEDULED:
        session.status = InterviewSession.Status.LIVE
        session.started_at = now
    elif position == session.current_position and session.question_started_at:
        return session
    else:
        session.stop_question_clock(now)
    session.current_position = position
    session.question_started_at = now
    session.save(update_fields=["status", "started_at", "current_position", "question_started_at"])
    session.questions.filter(position=position, asked=False).update(asked=True)
    return session


def written_answer_save(*, written: WrittenPractice, position: int, text: str) -> Answer:
    _require_writing(written)
    question = written.session.questions.filter(position=position).first()
    if question is None:
        raise InterviewError("That question is not part of this practice.")
    if not question.asked:
        SessionQuestion.objects.filter(pk=question.pk).update(asked=True)
    return answer_save(session_question=question, text=text)


@transaction.atomic
def written_submit(*, written: WrittenPractice, actor) -> WrittenPractice:
    """The candidate hands the answers in: they are locked, ready for a peer to score."""
    written = WrittenPractice.objects.select_for_update().get(pk=written.pk)
    _require_writing(written)
    session = written.session
    if not Answer.objects.filter(session=session).exclude(text="").exists():
        raise InterviewError("Write at least one answer before submitting.")
    now = timezone.now()
    session.stop_question_clock(now)
    # The scorer starts at Q1, not on the question the writer happened to finish on.
    InterviewSession.objects.filter(pk=session.pk).update(
        question_started_at=None, current_position=0
    )
    written.answers_submitted_at = now
    written.save(update_fields=["answers_submitted_at"])
    AuditEvent.about(session, actor=actor, action="written_submitted")
    return written


@transaction.atomic
def written_invite(*, written: WrittenPractice, actor) -> str:
    """The scoring link for a peer, made once and shown again until someone takes it."""
    written = WrittenPractice.objects.select_for_update().get(pk=written.pk)
    if not written.is_answered:
        raise InterviewError("Submit your answers first; then invite a peer to score them.")
    if written.scorer_id:
        raise InterviewError("A peer has already taken the scoring seat.")
    if not written.scoring_token:
        written.scoring_token = secrets.token_urlsafe(32)
        written.save(update_fields=["scoring_token"])
        AuditEvent.about(written.session, actor=actor, action="written_invited")
    return written.scoring_token


@transaction.atomic
def written_seat_take(*, written: WrittenPractice, user) -> Scorecard:
    """The invited peer takes the one scoring seat: a scorecard on this session only."""
    written = (
        WrittenPractice.objects.select_for_update(of=("self",))
        .select_related("session__candidate")
        .get(pk=written.pk)
    )
    session = written.session
    if written.scorer_id == user.pk:
        return session.scorecards.get(interviewer=user)
    if refusal := written_seat_refusal(written=written, user=user):
        raise InterviewError(refusal)
    if not session.is_open:
        raise InterviewError("This practice is no longer open for scoring.")
    written.scorer = user
    written.seated_at = timezone.now()
    written.save(update_fields=["scorer", "seated_at"])
    scorecard = Scorecard.objects.create(session=session, interviewer=user)
    AuditEvent.about(session, actor=user, action="written_seat_taken")
    return scorecard


def answer_save(*, session_question: SessionQuestion, text: str) -> Answer:
    """Keep the latest text of one question's answer, pad or written alike."""
    require_storable(text, what="The answer")
    if len(text) > Answer.TEXT_MAX:
        raise InterviewError(f"An answer is limited to {Answer.TEXT_MAX:,} characters.")
    answer, _ = Answer.objects.update_or_create(
        session_question=session_question,
        defaults={"session_id": session_question.session_id, "text": text},
    )
    return answer


@transaction.atomic
def pad_save(*, session: InterviewSession, position: int, text: str) -> Answer:
    """The candidate's pad for a question they have been shown, while the interview is live."""
    if hasattr(session, "written"):
        raise InterviewError("This practice is written: answer it on its own page.")
    if session.status != InterviewSession.Status.LIVE:
        raise InterviewError("The pad is open while the interview is live.")
    question = session.questions.filter(position=position, asked=True).first()
    if question is None:
        raise InterviewError("That question has not been shown yet.")
    return answer_save(session_question=question, text=text)
