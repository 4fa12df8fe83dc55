"""Practice's reads: links, peers, the questions a person was asked or asked, the feedback
received, the shared pad's text and version."""

import hashlib

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Membership, Organisation, Role
from config.links import absolute
from interviews.errors import InterviewError
from interviews.models import (
    InterviewerFeedback,
    InterviewSession,
    PracticeLink,
    Scorecard,
    SessionQuestion,
    WrittenPractice,
)


def absolute_link(path: str, base_url: str = "") -> str:
    """A link for a mail or a page: the request's own site when there is one, else SITE_URL."""
    return base_url.rstrip("/") + path if base_url else absolute(path)


def interviewer_of(session: InterviewSession):
    """The peer who interviews: the lead, else the first panelist."""
    if session.lead_id:
        return session.lead
    card = session.scorecards.select_related("interviewer").first()
    return card.interviewer if card else None


def has_submitted(session: InterviewSession, interviewer) -> bool:
    """Whether the interviewer's scorecard is in: they read the candidate's feedback only then."""
    return session.scorecards.filter(interviewer=interviewer, submitted_at__isnull=False).exists()


def link_find(*, token: str) -> PracticeLink | None:
    return (
        PracticeLink.objects.select_related(
            "session__candidate", "session__plan", "session__organisation", "session__lead"
        )
        .filter(join_token=token)
        .first()
    )


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


def feedback_items(session: InterviewSession) -> list[dict] | None:
    """The report JSON's `interviewer_feedback`: None until the candidate gave it."""
    feedback = InterviewerFeedback.objects.filter(session=session).first()
    if feedback is None:
        return None
    return [{k: row[k] for k in ("key", "title", "points", "max")} for row in feedback.items()]


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


def sessions_waiting_feedback(user) -> QuerySet[InterviewSession]:
    """Submitted live practice sessions where the person was the candidate and has not yet
    rated their interviewer (a written practice had no interviewer in the room)."""
    return (
        InterviewSession.objects.filter(
            candidate__user=user,
            mode=InterviewSession.Mode.PRACTICE,
            status=InterviewSession.Status.SUBMITTED,
            interviewer_feedback__isnull=True,
            written__isnull=True,
        )
        .select_related("plan", "organisation", "lead")
        .order_by("-submitted_at")
    )


def is_live_practice(session: InterviewSession) -> bool:
    """A practice session held live between two peers; a written practice has no join link,
    no swap and no feedback on an interviewer who was never there."""
    return (
        session.mode == InterviewSession.Mode.PRACTICE
        and not WrittenPractice.objects.filter(session_id=session.pk).exists()
    )


def feedback_comment(session: InterviewSession) -> str | None:
    feedback = InterviewerFeedback.objects.filter(session=session).first()
    return (feedback.comment or None) if feedback else None


def written_seat_refusal(*, written: WrittenPractice, user) -> str:
    """Why this person cannot take the scoring seat, in words, or "" when they can."""
    if written.session.candidate.user_id == user.pk:
        return "This is your own practice: send the link to a peer to score it."
    if written.scorer_id and written.scorer_id != user.pk:
        return "This link has been used: another peer is scoring this practice."
    return ""


def pad_for(session: InterviewSession, position: int) -> tuple[SessionQuestion | None, str, str]:
    """The question at a position, its pad's text and a version tag that changes with it."""
    question = session.questions.filter(position=position).select_related("answer").first()
    answer = getattr(question, "answer", None) if question else None
    text = answer.text if answer else ""
    stamp = answer.updated_at.isoformat() if answer else "-"
    version = hashlib.sha256(
        f"{session.pk}:{position}:{session.status}:{stamp}".encode()
    ).hexdigest()[:20]
    return question, text, f'"{version}"'
