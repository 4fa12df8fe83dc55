"""Workflows of peer practice: start, join by link, invite, swap roles, feedback both ways and
the mail that tells the candidate their report is ready."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from interviews.errors import InterviewError
from interviews.live.events import SESSION, STAGE, screen_revoked, session_changed
from interviews.models import (
    COMMENT_MAX,
    FEEDBACK_KEYS,
    FEEDBACK_MAX,
    FEEDBACK_RUBRIC,
    AuditEvent,
    Candidate,
    InterviewerFeedback,
    InterviewSession,
    PracticeLink,
    Report,
    Scorecard,
    SessionQuestion,
    WrittenPractice,
)
from interviews.plans import services as plans
from interviews.reports.formats.chart import progress_chart
from interviews.sessions import services as sessions
from outbox.services import mail_queue
from questionbank.models import Category


class SeatTaken(InterviewError):
    """A join link opened by a third person once the session has its candidate."""

    status = 409


def _absolute(path: str, base_url: str = "") -> str:
    """A link for a mail or a page: the request's own site when there is one, else SITE_URL."""
    return (base_url or settings.SITE_URL).rstrip("/") + path


def link_for(session: InterviewSession) -> PracticeLink:
    """The session's practice link; sessions started before links existed get one on demand."""
    link, _ = PracticeLink.objects.get_or_create(session=session)
    return link


def interviewer_of(session: InterviewSession):
    """The peer who interviews: the lead, else the first panelist."""
    if session.lead_id:
        return session.lead
    card = session.scorecards.select_related("interviewer").first()
    return card.interviewer if card else None


# Starting and joining ----------------------------------------------------------------------------


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


def link_find(*, token: str) -> PracticeLink | None:
    return (
        PracticeLink.objects.select_related(
            "session__candidate", "session__plan", "session__organisation", "session__lead"
        )
        .filter(join_token=token)
        .first()
    )


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
    AuditEvent.about(
        session,
        actor=user,
        action="practice_joined",
        candidate=mine.pk,
    )
    session_changed(session.pk, STAGE, SESSION)  # screens and pages show the peer's account
    return session


@transaction.atomic
def practice_invite_send(
    *, session: InterviewSession, email: str, sender, base_url: str = ""
) -> None:
    """Mail the join link to the peer, and the guest's screen link while the seat is free."""
    link = link_for(session)
    join = _absolute(reverse("interviews:practice_join", args=[link.join_token]), base_url)
    guest = ""
    if session.candidate.user_id is None:
        screen = _absolute(
            reverse("interviews:candidate_screen", args=[session.screen_token]), base_url
        )
        guest = f"\nOr just open your candidate screen without an account:\n{screen}\n"
    name = str(sender)
    mail_queue(
        kind="practice_invitation",
        to=email,
        subject=f"{name} invites you to a practice interview",
        body=(
            f"Hello,\n\n{name} would like to practise serverless interviews with you: they "
            f"interview you first, then you can swap roles.\n\nJoin with your account (or "
            f"create one) here, so the session and its report are yours:\n{join}\n{guest}"
        ),
    )
    AuditEvent.about(
        session,
        actor=sender,
        action="practice_invited",
    )


# Swapping roles ----------------------------------------------------------------------------------


def keys_asked_to(user) -> set[str]:
    """Bank keys of every question the person was asked as a candidate, in any space: shown by
    the lead or rated by anyone."""
    return set(
        SessionQuestion.objects.filter(session__candidate__user=user)
        .asked()
        .values_list("question__key", flat=True)
    )


def keys_interviewed_by(user) -> set[str]:
    """Questions the person has scored as an interviewer: they have read the model answer."""
    return set(
        SessionQuestion.objects.filter(session__scorecards__interviewer=user).values_list(
            "question__key", flat=True
        )
    )


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


def personal_space_of(user) -> Organisation:
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, role=Role.OWNER, organisation__is_personal=True)
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise InterviewError(f"{user} has no personal practice space.")
    return membership.organisation


def swap_of(session: InterviewSession) -> InterviewSession | None:
    return (
        InterviewSession.objects.filter(practice__swapped_from=session)
        .select_related("organisation")
        .first()
    )


def is_peer(session: InterviewSession, user) -> bool:
    """Either side of a practice session: its candidate's account or one of its interviewers."""
    return session.candidate.user_id == user.pk or (
        session.scorecards.filter(interviewer=user).exists()
    )


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
    AuditEvent.about(
        session,
        actor=actor,
        action="practice_swapped",
        to_session=swapped.pk,
    )
    session_changed(session.pk, STAGE, SESSION)  # the end screens offer the swapped session
    return swapped


# Feedback on the interviewer ---------------------------------------------------------------------


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


def feedback_items(session: InterviewSession) -> list[dict] | None:
    """The report JSON's `interviewer_feedback`: None until the candidate gave it."""
    feedback = InterviewerFeedback.objects.filter(session=session).first()
    if feedback is None:
        return None
    return [{k: row[k] for k in ("key", "title", "points", "max")} for row in feedback.items()]


@transaction.atomic
def feedback_submit(
    *, session: InterviewSession, ratings: dict, comment: str, given_by=None
) -> InterviewerFeedback:
    """The candidate rates the interviewer once the session is over; locked once given. A
    ready report gets the ratings in its data at once (scores are untouched, so no version)."""
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    if session.mode != InterviewSession.Mode.PRACTICE:
        raise InterviewError("Only peers give feedback on their interviewer.")
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
    AuditEvent.about(
        session,
        actor=given_by,
        action="interviewer_feedback_given",
    )
    session_changed(session.pk, STAGE, SESSION)
    return feedback


def feedback_readable_by(session: InterviewSession, user) -> InterviewerFeedback | None:
    """The candidate reads what they gave; the interviewer only once their own scorecard is
    submitted, so the feedback cannot colour their scores."""
    feedback = InterviewerFeedback.objects.filter(session=session).first()
    if feedback is None or not user.is_authenticated:
        return None
    if session.candidate.user_id == user.pk:
        return feedback
    submitted = Scorecard.objects.filter(
        session=session, interviewer=user, submitted_at__isnull=False
    ).exists()
    return feedback if submitted else None


def feedback_history(user) -> list[InterviewerFeedback]:
    """Feedback the person received as an interviewer, oldest first, on sessions where their
    scorecard is submitted."""
    submitted = Scorecard.objects.filter(
        session=OuterRef("session"), interviewer=user, submitted_at__isnull=False
    )
    return list(
        InterviewerFeedback.objects.filter(interviewer=user)
        .filter(Exists(submitted))
        .select_related("session__candidate", "session__plan")
        .order_by("session__submitted_at", "created_at", "pk")
    )


# The candidate is never left waiting blind -------------------------------------------------------


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
    link = _absolute(reverse("interviews:report_detail", args=[session.pk]))
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


def sessions_waiting_feedback(user) -> QuerySet[InterviewSession]:
    """Submitted practice sessions where the person was the candidate and has not yet rated
    their interviewer."""
    return (
        InterviewSession.objects.filter(
            candidate__user=user,
            mode=InterviewSession.Mode.PRACTICE,
            status=InterviewSession.Status.SUBMITTED,
            interviewer_feedback__isnull=True,
        )
        .select_related("plan", "organisation", "lead")
        .order_by("-submitted_at")
    )


# What the session page and the candidate's end screen show -----------------------------------


def is_live_practice(session: InterviewSession) -> bool:
    """A practice session held live between two peers; a written practice has no join link,
    no swap and no feedback on an interviewer who was never there."""
    return (
        session.mode == InterviewSession.Mode.PRACTICE
        and not WrittenPractice.objects.filter(session_id=session.pk).exists()
    )


def session_context(*, session: InterviewSession, user, base_url: str = "") -> dict | None:
    """The practice panel of a session page: join link, swap, feedback readable by this user."""
    if not is_live_practice(session):
        return None
    link = link_for(session)
    return {
        "link": link,
        "join_url": _absolute(
            reverse("interviews:practice_join", args=[link.join_token]), base_url
        ),
        "joined": session.candidate.user_id is not None,
        "swapped_to": swap_of(session),
        "swapped_from": link.swapped_from,
        "feedback": feedback_readable_by(session, user),
        "feedback_given": InterviewerFeedback.objects.filter(session=session).exists(),
    }


def screen_context(*, session: InterviewSession, user) -> dict | None:
    """The end screen of a practice session: how the report reaches the candidate, the
    feedback to give, and the swap."""
    if not is_live_practice(session) or not session.is_submitted:
        return None
    account = session.candidate.user
    signed_in_as_candidate = bool(account and user.is_authenticated and account.pk == user.pk)
    link = link_for(session)
    return {
        "account": account,
        "is_candidate": signed_in_as_candidate,
        "join_path": None
        if account
        else reverse("interviews:practice_join", args=[link.join_token]),
        "feedback_given": InterviewerFeedback.objects.filter(session=session).exists(),
        "swapped_to": swap_of(session),
        "report_ready": Report.objects.filter(session=session, status=Report.Status.READY).exists(),
    }


def feedback_progress(user) -> dict:
    """ "Your progress" as an interviewer: each feedback received (overall share of the rubric
    and item by item), oldest first, with the same line chart as the candidate side."""
    received = feedback_history(user)
    history = []
    for feedback in received:
        percent = feedback.percent
        history.append(
            {
                "session_id": feedback.session_id,
                "submitted_at": feedback.session.submitted_at or feedback.created_at,
                "overall": percent,
                "overall_display": f"{percent:.1f}" if percent is not None else "—",
                "categories": {},
                "category_display": {},
                "feedback": feedback,
            }
        )
    return {
        "history": list(reversed(history)),
        "chart": progress_chart([h for h in history if h["overall"] is not None]),
        "titles": [title for _, title, _ in FEEDBACK_RUBRIC],
    }


def feedback_comment(session: InterviewSession) -> str | None:
    feedback = InterviewerFeedback.objects.filter(session=session).first()
    return (feedback.comment or None) if feedback else None
