"""What practice's pages and parts of pages show: the practice panel of a session page, the
candidate's end screen, "your progress" as an interviewer, a written answer's page and the pad."""

from datetime import timedelta

from django.urls import reverse

from interviews.models import (
    FEEDBACK_RUBRIC,
    Answer,
    InterviewerFeedback,
    InterviewSession,
    Report,
    SessionQuestion,
    WrittenPractice,
)
from interviews.practice.selectors import (
    absolute_link,
    feedback_history,
    feedback_readable_by,
    is_live_practice,
    swap_of,
)
from interviews.practice.services import (
    link_for,
    written_open,
)
from interviews.reports.formats.chart import progress_chart


def session_context(*, session: InterviewSession, user, base_url: str = "") -> dict | None:
    """The practice panel of a session page: join link, swap, feedback readable by this user."""
    if not is_live_practice(session):
        return None
    link = link_for(session)
    return {
        "link": link,
        "join_url": absolute_link(
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


def written_page(*, written: WrittenPractice, position: int) -> dict:
    """Open a question and gather what its answer page shows: every question with its answer,
    the one open, its text, and when its clock started counting the time already spent."""
    session = written_open(written=written, position=position)
    questions = list(session.questions.select_related("answer").order_by("position"))
    current = questions[session.current_position]
    answer = getattr(current, "answer", None)
    return {
        "written": written,
        "session": session,
        "questions": questions,
        "current": current,
        "text": answer.text if answer else "",
        "since": session.question_started_at - timedelta(seconds=current.seconds_spent),
        "text_max": Answer.TEXT_MAX,
    }


def pad_context(session: InterviewSession, question: SessionQuestion, text: str, etag: str):
    return {
        "session": session,
        "sq": question,
        "text": text,
        "version": etag,
        # Polled while the interview may still run, so a console opened before the start
        # picks the pad up without a reload; a written practice's answers never change there.
        "live": session.is_open and not hasattr(session, "written"),
        "url": reverse("interviews:console_pad", args=[session.pk]) + f"?q={question.position}",
    }
