"""Workflows of a session: scheduling, the live console (moving, rating, flags, notes),
submission, closing the panel and finishing the session."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import STAFF_ROLES, Membership, Role
from interviews.access import RatingTarget, rating_target
from interviews.errors import (
    IncompleteScorecard,
    InterviewError,
    NotLead,
    NotOnPanel,
    ScorecardLocked,
    require_storable,
)
from interviews.live.events import REPORT, SESSION, STAGE, WHERE, session_changed
from interviews.models import (
    AuditEvent,
    Candidate,
    InterviewPlan,
    InterviewSession,
    QuestionNote,
    RaisedFlag,
    Rating,
    Recommendation,
    Report,
    Scorecard,
    SessionQuestion,
)
from interviews.sessions import autosave, calendar, hooks
from questionbank.models import Criterion, RedFlag


@transaction.atomic
def session_schedule(
    *,
    plan: InterviewPlan,
    candidate: Candidate,
    interviewers: Iterable,
    user,
    mode: str | None = None,
    scheduled_at=None,
    meeting_link: str = "",
    lead=None,
    notify: bool = True,
    items: Iterable | None = None,
) -> InterviewSession:
    """Freeze the plan into the session: each question with the rubric version current today.
    The lead (by default the first interviewer) alone will move the candidate's screen.

    `items` (each with a question, minutes and weight) replaces the plan's own questions: peer
    practice asks the plan's shape with questions the candidate has never been asked."""
    organisation = plan.organisation
    interviewers = list(dict.fromkeys(interviewers))
    if not interviewers:
        raise InterviewError("Choose at least one interviewer.")
    staff = set(
        Membership.objects.filter(
            organisation=organisation,
            user__in=interviewers,
            role__in=STAFF_ROLES,
        ).values_list("user_id", flat=True)
    )
    outsiders = [str(u) for u in interviewers if u.pk not in staff]
    if outsiders:
        raise InterviewError(f"Not an interviewer in {organisation}: {', '.join(outsiders)}.")
    if candidate.organisation_id != organisation.pk:
        raise InterviewError("That candidate belongs to another organisation.")
    lead = lead or interviewers[0]
    if lead not in interviewers:
        raise InterviewError("The lead interviewer must be on the panel.")
    session = InterviewSession.objects.create(
        organisation=organisation,
        plan=plan,
        candidate=candidate,
        mode=mode or InterviewSession.default_mode_for(organisation),
        scheduled_at=scheduled_at or timezone.now(),
        meeting_link=meeting_link,
        thresholds=plan.thresholds,
        created_by=user,
        lead=lead,
    )
    questions_freeze(
        session=session, items=plan.items.select_related("question") if items is None else items
    )
    Scorecard.objects.bulk_create(Scorecard(session=session, interviewer=u) for u in interviewers)
    AuditEvent.about(
        session,
        actor=user,
        action="session_scheduled",
        interviewers=[u.pk for u in interviewers],
        lead=lead.pk,
        plan=plan.pk,
    )
    if notify:
        calendar.invitations_queue(session, kind="scheduled")
    return session


def questions_freeze(*, session: InterviewSession, items: Iterable) -> list[SessionQuestion]:
    """Copy each item (a question with its minutes and weight) into the session, with the
    rubric version published today, so later edits to the bank never change what was asked."""
    rows = []
    for n, item in enumerate(items):
        rubric = item.question.current_rubric()
        if rubric is None:
            raise InterviewError(f"“{item.question.summary}” has no published rubric yet.")
        rows.append(
            SessionQuestion(
                session=session,
                position=n,
                question=item.question,
                rubric=rubric,
                category=item.question.category,
                prompt=item.question.prompt,
                minutes=item.minutes,
                weight=item.weight,
            )
        )
    if not rows:
        raise InterviewError("The plan has no questions.")
    return SessionQuestion.objects.bulk_create(rows)


# The live console --------------------------------------------------------------------------------


def _require_open(session: InterviewSession) -> None:
    if session.status == InterviewSession.Status.SUBMITTED:
        raise ScorecardLocked("This session is submitted; its scores are locked.")
    if session.status == InterviewSession.Status.CANCELLED:
        raise ScorecardLocked("This session was cancelled.")


def _require_lead(session: InterviewSession, actor) -> None:
    if session.lead_id != actor.pk:
        raise NotLead(
            "Only the lead interviewer moves the candidate's screen; browse questions here freely."
        )


@transaction.atomic
def session_start(*, session: InterviewSession, actor) -> InterviewSession:
    """The lead starts the interview: the session clock runs and the candidate sees question 1."""
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    _require_open(session)
    _require_lead(session, actor)
    if session.status == InterviewSession.Status.LIVE:
        return session
    now = timezone.now()
    session.status = InterviewSession.Status.LIVE
    session.started_at = session.question_started_at = now
    session.current_position = 0
    session.save(update_fields=["status", "started_at", "current_position", "question_started_at"])
    session.questions.filter(position=0).update(asked=True)
    AuditEvent.about(session, actor=actor, action="session_started")
    session_changed(session.pk, STAGE, WHERE, SESSION)
    return session


@transaction.atomic
def session_move(*, session: InterviewSession, position: int, actor) -> InterviewSession:
    """The lead shows another question: the candidate's screen follows; time is kept per
    question, and the question counts as asked."""
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    _require_open(session)
    _require_lead(session, actor)
    if session.status == InterviewSession.Status.SCHEDULED:
        raise InterviewError("Start the interview first: the candidate's screen then shows Q1.")
    # One read serves the bounds, the "asked" mark and, after commit, the screen's stage.
    questions = list(
        session.questions.only("position", "prompt", "minutes", "asked").order_by("position")
    )
    position = max(0, min(position, len(questions) - 1))
    if position == session.current_position:
        return session
    now = timezone.now()
    session.stop_question_clock(now)
    session.current_position = position
    session.question_started_at = now
    session.save(update_fields=["current_position", "question_started_at"])
    shown = next((q for q in questions if q.position == position), None)
    if shown is not None and not shown.asked:
        session.questions.filter(pk=shown.pk).update(asked=True)
        shown.asked = True
    AuditEvent.about(session, actor=actor, action="question_shown", position=position)
    session_changed(session.pk, STAGE, WHERE, session=session, questions=questions)
    return session


@transaction.atomic
def lead_hand_over(*, session: InterviewSession, to, actor) -> InterviewSession:
    """The lead (or an owner on the panel) passes the lead to another panelist."""
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    _require_open(session)
    is_owner = Membership.objects.filter(
        organisation_id=session.organisation_id, user=actor, role=Role.OWNER
    ).exists()
    on_panel = session.scorecards.filter(interviewer=actor).exists()
    if session.lead_id != actor.pk and not (is_owner and on_panel):
        raise NotLead("Only the lead interviewer or an owner on the panel can hand the lead over.")
    if not session.scorecards.filter(interviewer=to).exists():
        raise InterviewError("The new lead must be on the panel.")
    session.lead = to
    session.save(update_fields=["lead"])
    AuditEvent.about(session, actor=actor, action="lead_handed_over", to=to.pk)
    session_changed(session.pk, SESSION)
    return session


def rating_save(
    *,
    scorecard: Scorecard,
    session_question_id: int,
    criterion_id: int,
    points: int | None,
    not_assessed: bool = False,
    actor,
) -> None:
    """Record one level (or 'not assessed') for one criterion of the caller's own scorecard."""
    target = rating_target(
        session_id=scorecard.session_id,
        user_id=scorecard.interviewer_id,
        session_question_id=session_question_id,
        criterion_id=criterion_id,
    )
    if target is None:
        raise NotOnPanel("Only the session's panel can score it.")
    rating_record(
        target=target,
        session_question_id=session_question_id,
        criterion_id=criterion_id,
        points=points,
        not_assessed=not_assessed,
        actor=actor,
    )


def rating_record(
    *,
    target: RatingTarget,
    session_question_id: int,
    criterion_id: int,
    points: int | None,
    not_assessed: bool,
    actor,
) -> None:
    """The rules of a rating, checked against what one lookup found; then one write."""
    if target.scorecard_submitted and not target.amending:
        raise ScorecardLocked("Your scorecard is submitted and locked.")
    if target.session_closed and not target.amending:
        raise ScorecardLocked("This session is closed; its scores are locked.")
    if not target.criterion_found:
        raise InterviewError("That criterion is not part of this question's rubric.")
    if not_assessed:
        points = None
    elif points is None or not 0 <= points <= target.max_points:
        raise InterviewError(f"A rating must be a level from 0 to {target.max_points}.")
    autosave.rating_write(
        target=target,
        session_question_id=session_question_id,
        criterion_id=criterion_id,
        points=points,
        not_assessed=not_assessed,
        actor_id=actor.pk,
    )


@transaction.atomic
def flag_set(
    *, scorecard: Scorecard, session_question_id: int, red_flag_id: int, raised: bool, actor
) -> RedFlag:
    _require_changeable(scorecard)
    flag = RedFlag.objects.filter(
        pk=red_flag_id,
        rubric__in=SessionQuestion.objects.filter(
            pk=session_question_id, session_id=scorecard.session_id
        ).values("rubric"),
    ).first()
    if flag is None:
        raise InterviewError("That red flag is not part of this question's rubric.")
    if raised:
        RaisedFlag.objects.get_or_create(
            scorecard=scorecard, session_question_id=session_question_id, red_flag=flag
        )
    else:
        RaisedFlag.objects.filter(
            scorecard=scorecard, session_question_id=session_question_id, red_flag=flag
        ).delete()
    AuditEvent.about(
        scorecard.session,
        actor=actor,
        action="red_flag_raised" if raised else "red_flag_cleared",
        scorecard=scorecard.pk,
        question=session_question_id,
        red_flag=flag.pk,
    )
    return flag


def _require_changeable(scorecard: Scorecard) -> None:
    """A draft on an open session, or a submitted scorecard reopened for an amendment."""
    if scorecard.is_amending:
        return
    if scorecard.is_submitted:
        raise ScorecardLocked("Your scorecard is submitted and locked.")
    _require_open(scorecard.session)


def note_save(*, scorecard: Scorecard, session_question_id: int, text: str) -> QuestionNote:
    require_storable(text, what="The note")
    if len(text) > QuestionNote.TEXT_MAX:
        raise InterviewError(
            f"Notes are limited to {QuestionNote.TEXT_MAX:,} characters per question."
        )
    _require_changeable(scorecard)
    if not SessionQuestion.objects.filter(
        pk=session_question_id, session_id=scorecard.session_id
    ).exists():
        raise InterviewError("That question is not part of this session.")
    note, _ = QuestionNote.objects.update_or_create(
        scorecard=scorecard, session_question_id=session_question_id, defaults={"text": text}
    )
    return note


def scorecard_missing(scorecard: Scorecard) -> list[str]:
    """What stops a submit, in words: unrated criteria of asked questions, no recommendation."""
    missing = []
    rated = set(
        scorecard.ratings.filter(Q(points__isnull=False) | Q(not_assessed=True)).values_list(
            "session_question_id", "criterion_id"
        )
    )
    touched = {sq for sq, _ in rated}
    questions = scorecard.session.questions.annotate(n=Count("rubric__criteria")).order_by(
        "position"
    )
    criteria = {}
    for c in Criterion.objects.filter(rubric__in=questions.values("rubric")).order_by("position"):
        criteria.setdefault(c.rubric_id, []).append(c)
    for sq in questions:
        if not (sq.asked or sq.pk in touched):
            continue
        unrated = [c.title for c in criteria.get(sq.rubric_id, []) if (sq.pk, c.pk) not in rated]
        if unrated:
            missing.append(f"Q{sq.position + 1}: rate or mark not assessed — {', '.join(unrated)}")
    if not scorecard.recommendation:
        missing.append("choose your overall recommendation")
    return missing


@transaction.atomic
def scorecard_submit(
    *, scorecard: Scorecard, recommendation: str, summary: str = "", actor
) -> Scorecard:
    """Lock one interviewer's scorecard; the session is submitted once the whole panel has."""
    scorecard = Scorecard.objects.select_for_update().select_related("session").get(pk=scorecard.pk)
    if scorecard.is_submitted:
        raise ScorecardLocked("Your scorecard is already submitted.")
    _require_open(scorecard.session)
    if recommendation and recommendation not in Recommendation.values:
        raise InterviewError("Choose one of: strong no, no, yes, strong yes.")
    scorecard.recommendation = recommendation
    scorecard.summary = summary
    missing = scorecard_missing(scorecard)
    if missing:
        raise IncompleteScorecard(missing)
    scorecard.submitted_at = timezone.now()
    scorecard.save(update_fields=["recommendation", "summary", "submitted_at"])
    session = scorecard.session
    AuditEvent.about(
        session,
        actor=actor,
        action="scorecard_submitted",
        scorecard=scorecard.pk,
        recommendation=recommendation,
    )
    session_changed(session.pk, SESSION)
    if not session.scorecards.filter(submitted_at__isnull=True).exists():
        session_finish(session=session, actor=actor)
    return scorecard


@transaction.atomic
def panel_close(*, session: InterviewSession, actor) -> InterviewSession:
    """An owner ends the panel with the scorecards submitted so far; the rest stay out."""
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    _require_open(session)
    if not session.scorecards.filter(submitted_at__isnull=False).exists():
        raise InterviewError("No scorecard is submitted yet, so there is nothing to report.")
    session.panel_closed_at = timezone.now()
    session.save(update_fields=["panel_closed_at"])
    AuditEvent.about(session, actor=actor, action="panel_closed")
    return session_finish(session=session, actor=actor)


def session_finish(*, session: InterviewSession, actor=None) -> InterviewSession:
    """Mark the session submitted; the reports package, hearing of it, asks for the report."""
    now = timezone.now()
    if session.status == InterviewSession.Status.LIVE:
        session.stop_question_clock(now)
    session.status = InterviewSession.Status.SUBMITTED
    session.submitted_at = now
    session.save(update_fields=["status", "submitted_at"])
    AuditEvent.about(session, actor=actor, action="session_submitted")
    hooks.session_submitted.send(sender=InterviewSession, session=session, actor=actor)
    session_changed(session.pk, STAGE, WHERE, SESSION, REPORT)
    return session


def early_look_record(
    *, session: InterviewSession, viewer, own: Scorecard | None, page: str
) -> None:
    """An owner may read the panel's ratings before submitting their own, on the record."""
    if session.is_submitted or (own is not None and own.is_submitted):
        return
    AuditEvent.about(session, actor=viewer, action="scorecards_viewed", page=page)


def owner_look_record(*, session: InterviewSession, viewer) -> None:
    """An owner off the panel may look at a session; each look is on the record."""
    AuditEvent.about(session, actor=viewer, action="session_looked")


def questions_seen_before(*, session: InterviewSession) -> list[SessionQuestion]:
    """The questions of a session not yet held that its candidate was already asked in another
    session: shown to them or rated, never a session still to come."""
    if session.status != InterviewSession.Status.SCHEDULED:
        return []
    asked_elsewhere = (
        SessionQuestion.objects.filter(session__candidate_id=session.candidate_id)
        .exclude(session=session)
        .asked()
    )
    return list(
        session.questions.filter(question_id__in=asked_elsewhere.values("question_id")).order_by(
            "position"
        )
    )


# Amendments and the session's lifecycle ----------------------------------------------------------


@transaction.atomic
def scorecard_amend_open(*, scorecard: Scorecard, reason: str, actor) -> Scorecard:
    """Reopen one's own submitted scorecard for an amendment, saying why, on the record."""
    scorecard = Scorecard.objects.select_for_update().select_related("session").get(pk=scorecard.pk)
    reason = reason.strip()
    if not scorecard.is_submitted:
        raise InterviewError("Only a submitted scorecard is amended; this one is still a draft.")
    if scorecard.session.is_cancelled:
        raise ScorecardLocked("This session was cancelled.")
    if not reason:
        raise InterviewError("Say why you are amending: it goes on the record.")
    scorecard.amend_reason = reason[:500]
    scorecard.save(update_fields=["amend_reason"])
    AuditEvent.about(
        scorecard.session,
        actor=actor,
        action="scorecard_reopened",
        scorecard=scorecard.pk,
        reason=scorecard.amend_reason,
    )
    session_changed(scorecard.session_id, SESSION)
    return scorecard


@transaction.atomic
def scorecard_amend_submit(*, scorecard: Scorecard, actor) -> Scorecard:
    """Lock the amended scorecard again; a finished session's report gets a new version."""
    scorecard = Scorecard.objects.select_for_update().select_related("session").get(pk=scorecard.pk)
    if not scorecard.is_amending:
        raise InterviewError("This scorecard is not being amended.")
    missing = [m for m in scorecard_missing(scorecard) if "recommendation" not in m]
    if missing:
        raise IncompleteScorecard(missing)
    reason = scorecard.amend_reason
    scorecard.amend_reason, scorecard.amended_at = "", timezone.now()
    scorecard.save(update_fields=["amend_reason", "amended_at"])
    session = scorecard.session
    AuditEvent.about(
        session, actor=actor, action="scorecard_amended", scorecard=scorecard.pk, reason=reason
    )
    session_changed(session.pk, SESSION)
    if session.is_submitted:
        hooks.scorecard_amended.send(
            sender=InterviewSession,
            session=session,
            scorecard=scorecard,
            reason=reason,
            actor=actor,
        )
    return scorecard


@transaction.atomic
def session_cancel(*, session: InterviewSession, reason: str, actor) -> InterviewSession:
    """Call an interview off; the candidate's screen says so, and nothing is reported."""
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    _require_open(session)
    reason = reason.strip()
    if not reason:
        raise InterviewError("Give a reason for cancelling.")
    now = timezone.now()
    if session.status == InterviewSession.Status.LIVE:
        session.stop_question_clock(now)
    session.status = InterviewSession.Status.CANCELLED
    session.cancelled_at, session.cancel_reason = now, reason[:500]
    session.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    AuditEvent.about(session, actor=actor, action="session_cancelled", reason=session.cancel_reason)
    calendar.invitations_queue(session, kind="cancelled")
    session_changed(session.pk, STAGE, WHERE, SESSION)
    return session


@transaction.atomic
def session_update(
    *, session: InterviewSession, scheduled_at, meeting_link: str, candidate_name: str, actor
) -> InterviewSession:
    """Reschedule, change the meeting link or correct the candidate's name."""
    session = (
        InterviewSession.objects.select_for_update().select_related("candidate").get(pk=session.pk)
    )
    name = candidate_name.strip()
    if not name:
        raise InterviewError("Enter the candidate's name.")
    changes = {}

    def minute(value):  # forms carry the time to the minute; seconds are no reschedule
        return value and value.replace(second=0, microsecond=0)

    if session.is_open and minute(session.scheduled_at) != minute(scheduled_at):
        if session.status != InterviewSession.Status.SCHEDULED:
            raise InterviewError("A session that has started cannot be rescheduled.")
        changes["scheduled_at"] = [str(session.scheduled_at), str(scheduled_at)]
        session.scheduled_at = scheduled_at
    if session.is_open and session.meeting_link != meeting_link:
        changes["meeting_link"] = [session.meeting_link, meeting_link]
        session.meeting_link = meeting_link
    session.save(update_fields=["scheduled_at", "meeting_link"])
    if session.candidate.name != name:
        changes["candidate_name"] = [session.candidate.name, name]
        session.candidate.name = name
        session.candidate.save(update_fields=["name"])
        Report.search_text_refresh(Report.objects.filter(candidate=session.candidate))
    if changes:
        AuditEvent.about(session, actor=actor, action="session_updated", **changes)
        session_changed(session.pk, SESSION)
    if {"scheduled_at", "meeting_link"} & changes.keys():
        calendar.invitations_queue(session, kind="updated")
    return session


@transaction.atomic
def session_delete(*, session: InterviewSession, actor) -> None:
    """A session nobody rated can go entirely (a mistake, a duplicate); one with ratings stays
    on the record and can only be cancelled."""
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    if session.is_submitted or Rating.objects.filter(scorecard__session=session).exists():
        raise InterviewError("This session has ratings, so it is kept; cancel it instead.")
    if session.status == InterviewSession.Status.SCHEDULED:
        # The event leaves the calendars too; the mails are written while the session exists.
        calendar.invitations_queue(session, kind="cancelled")
    AuditEvent.record(
        organisation_id=session.organisation_id,
        actor=actor,
        action="session_deleted",
        candidate=session.candidate.name,
        plan=session.plan.title,
        scheduled_at=str(session.scheduled_at),
    )
    session.delete()
