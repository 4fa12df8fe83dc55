"""The shared pad: what the candidate types on their screen during a live session (code, a
list, a design in words), seen by the panel in the console and kept for the report.

The candidate's screen reaches the pad by its screen link, like the screen itself; the console
reads it as a fragment polled with a conditional request, so an unchanged pad costs a 304.
"""

import hashlib

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from config.htmx import wants_fragment
from interviews.access import get_scorecard_for_user, get_session_by_screen_token
from interviews.errors import InterviewError, require_storable
from interviews.models import Answer, InterviewSession, SessionQuestion

# Services ----------------------------------------------------------------------------------------


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


# Views -------------------------------------------------------------------------------------------


def _position(request: HttpRequest, default: int) -> int:
    value = request.GET.get("q", "") or request.POST.get("position", "")
    return int(value) if value.isdigit() and len(value) <= 4 else default


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def screen_pad(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's pad on their screen: the current question's, saved as they type."""
    session = get_session_by_screen_token(token)
    if request.method == "POST":
        try:
            pad_save(
                session=session,
                position=_position(request, session.current_position),
                text=request.POST.get("text", ""),
            )
        except InterviewError as exc:
            if request.htmx:
                return HttpResponse(str(exc), status=exc.status, content_type="text/plain")
            context = {"message": str(exc)}
            return render(request, "interviews/refused.html", context, status=exc.status)
        if request.htmx:
            return HttpResponse("Saved")
        return redirect("interviews:candidate_screen", token)
    question, text, _ = pad_for(session, session.current_position)
    context = {"session": session, "question": question, "text": text}
    if wants_fragment(request):
        return render(request, "interviews/practice/_pad_screen.html", context)
    return redirect("interviews:candidate_screen", token)


@vary_on_headers("HX-Request")
def console_pad(request: HttpRequest, pk: int) -> HttpResponse:
    """The live pad of one question for the panel. Polled: an unchanged pad answers 304."""
    scorecard = get_scorecard_for_user(request, pk)
    session = scorecard.session
    question, text, etag = pad_for(session, _position(request, session.current_position))
    if question is None:
        return HttpResponse("No such question.", status=404, content_type="text/plain")
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        context = pad_context(session, question, text, etag)
        response = render(request, "interviews/practice/_pad_live.html", context)
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


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
