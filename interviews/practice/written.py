"""Written practice: a candidate answers a plan in writing on their own time, then invites a
peer by link to score it; the peer's console shows each answer beside the rubric and the report
is generated as for any session.

Access: the practice lives in the candidate's personal space. The scorer never joins that
space: taking the scoring link gives them a scorecard on this one session (the seat on
`WrittenPractice.scorer`, checked in `interviews/access.py`). A link seats one scorer; after
that it only leads that scorer back, and the candidate can never take their own.
"""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from interviews.access import (
    get_written_by_scoring_token,
    get_written_for_candidate,
    get_written_for_reader,
    written_for,
)
from interviews.errors import InterviewError
from interviews.models import (
    Answer,
    AuditEvent,
    Candidate,
    InterviewPlan,
    InterviewSession,
    Report,
    Scorecard,
    SessionQuestion,
    WrittenPractice,
)
from interviews.plans import services as plans
from interviews.practice.forms import WrittenStartForm
from interviews.practice.pad import answer_save
from interviews.practice.services import personal_space_of
from interviews.sessions import services as sessions

# Services ----------------------------------------------------------------------------------------


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
    AuditEvent.about(
        session,
        actor=user,
        action="written_started",
        plan=plan.pk,
    )
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
    InterviewSession.objects.filter(pk=session.pk).update(question_started_at=None)
    written.answers_submitted_at = now
    written.save(update_fields=["answers_submitted_at"])
    AuditEvent.about(
        session,
        actor=actor,
        action="written_submitted",
    )
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
        AuditEvent.about(
            written.session,
            actor=actor,
            action="written_invited",
        )
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
    AuditEvent.about(
        session,
        actor=user,
        action="written_seat_taken",
    )
    return scorecard


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


def written_seat_refusal(*, written: WrittenPractice, user) -> str:
    """Why this person cannot take the scoring seat, in words, or "" when they can."""
    if written.session.candidate.user_id == user.pk:
        return "This is your own practice: send the link to a peer to score it."
    if written.scorer_id and written.scorer_id != user.pk:
        return "This link has been used: another peer is scoring this practice."
    return ""


# Views -------------------------------------------------------------------------------------------


def _start_form(request: HttpRequest, data=None) -> WrittenStartForm:
    space = Organisation.objects.filter(memberships__user=request.user, is_personal=True).first()
    own = InterviewPlan.objects.filter(organisation=space).order_by("title") if space else []
    return WrittenStartForm(data, plans=[p for p in own if p.title != plans.DEFAULT_PLAN_TITLE])


@login_required
def written_list(request: HttpRequest) -> HttpResponse:
    practices = list(written_for(request.user).order_by("-created_at")[:50])
    context = {
        "form": _start_form(request),
        "mine": [w for w in practices if w.session.candidate.user_id == request.user.pk],
        "scoring": [w for w in practices if w.scorer_id == request.user.pk],
    }
    return render(request, "interviews/practice/written_list.html", context)


@require_POST
@login_required
def written_create(request: HttpRequest) -> HttpResponse:
    form = _start_form(request, request.POST)
    if not form.is_valid():
        context = {"form": form, "mine": [], "scoring": []}
        return render(request, "interviews/practice/written_list.html", context, status=422)
    try:
        written = written_start(user=request.user, plan=form.chosen_plan())
    except InterviewError as exc:
        messages.error(request, str(exc))
        return redirect("interviews:written_list")
    return redirect("interviews:written_answer", written.session_id)


@login_required
def written_detail(request: HttpRequest, pk: int) -> HttpResponse:
    written = get_written_for_reader(request, pk)
    session = written.session
    questions = list(session.questions.select_related("answer").order_by("position"))
    link = ""
    if written.scoring_token and not written.scorer_id:
        link = request.build_absolute_uri(
            reverse("interviews:written_join", args=[written.scoring_token])
        )
    context = {
        "written": written,
        "session": session,
        "questions": questions,
        "is_candidate": session.candidate.user_id == request.user.pk,
        "is_scorer": written.scorer_id == request.user.pk,
        "scorecard": session.scorecards.filter(interviewer_id=written.scorer_id).first(),
        "report": Report.objects.filter(session=session).first(),
        "link": link,
    }
    return render(request, "interviews/practice/written_detail.html", context)


def _answer_position(request: HttpRequest, default: int) -> int:
    value = request.POST.get("position", "") or request.GET.get("q", "")
    return int(value) if value.isdigit() and len(value) <= 4 else default


@login_required
def written_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """One question at a time, its budget beside it; typing autosaves, and the plain form's
    buttons save and move on."""
    written = get_written_for_candidate(request, pk)
    if request.method == "POST":
        position = _answer_position(request, written.session.current_position)
        try:
            written_answer_save(
                written=written, position=position, text=request.POST.get("text", "")
            )
        except InterviewError as exc:
            if request.htmx:
                return HttpResponse(str(exc), status=exc.status, content_type="text/plain")
            messages.error(request, str(exc))
            return redirect("interviews:written_detail", pk)
        if request.htmx:
            return HttpResponse("Saved")
        go = request.POST.get("go", "")
        if go == "review":
            return redirect("interviews:written_submit", pk)
        target = int(go) if go.isdigit() and len(go) <= 4 else position
        return redirect(reverse("interviews:written_answer", args=[pk]) + f"?q={target}")
    if written.is_answered or not written.session.is_open:
        return redirect("interviews:written_detail", pk)
    context = written_page(written=written, position=_answer_position(request, 0))
    return render(request, "interviews/practice/written_answer.html", context)


@login_required
def written_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """What is answered and what is blank, then an explicit hand-in."""
    written = get_written_for_candidate(request, pk)
    if written.is_answered:
        return redirect("interviews:written_detail", pk)
    error = ""
    if request.method == "POST":
        try:
            written_submit(written=written, actor=request.user)
        except InterviewError as exc:
            error = str(exc)
        else:
            messages.success(request, "Answers submitted. Invite a peer to score them.")
            return redirect("interviews:written_detail", pk)
    questions = list(written.session.questions.select_related("answer").order_by("position"))
    context = {"written": written, "session": written.session, "questions": questions}
    context["error"] = error
    return render(
        request,
        "interviews/practice/written_submit.html",
        context,
        status=422 if error else 200,
    )


@require_POST
@login_required
def written_invite_view(request: HttpRequest, pk: int) -> HttpResponse:
    written = get_written_for_candidate(request, pk)
    try:
        written_invite(written=written, actor=request.user)
    except InterviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Scoring link ready: copy it and send it to your peer.")
    return redirect("interviews:written_detail", pk)


SCORING_TOKEN_KEY = "written_scoring_token"


def _join_page(request: HttpRequest, written: WrittenPractice, status: int = 200, **extra):
    context = {"written": written, "session": written.session, **extra}
    return render(request, "interviews/practice/written_join.html", context, status=status)


def _used_link(request: HttpRequest) -> HttpResponse:
    """A used scoring link names nobody to anyone but its scorer and its writer; the scorer,
    signed out, signs in and is led back."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {
        "title": "This link has been used",
        "text": "This scoring link has been used: another peer is scoring this practice.",
    }
    return render(request, "accounts/message_page.html", context, status=404)


def written_join(request: HttpRequest, token: str) -> HttpResponse:
    """The scoring link: a signed-in peer takes the seat and lands in the console. Someone
    signed out is asked to sign in or sign up first; the link waits in their browser session
    (and on their dashboard) through both."""
    written = get_written_by_scoring_token(request, token)
    if written.scorer_id and request.user.pk not in (
        written.scorer_id,
        written.session.candidate.user_id,
    ):
        return _used_link(request)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        request.session[SCORING_TOKEN_KEY] = token
        return _join_page(request, written, next=request.path)
    if request.session.get(SCORING_TOKEN_KEY) == token and (
        written.scorer_id or request.method == "POST"
    ):
        del request.session[SCORING_TOKEN_KEY]
    if written.scorer_id == request.user.pk:
        return redirect("interviews:console", written.session_id)
    if request.method != "POST":
        return _join_page(
            request, written, error=written_seat_refusal(written=written, user=request.user)
        )
    try:
        written_seat_take(written=written, user=request.user)
    except InterviewError as exc:
        return _join_page(request, written, status=422, error=str(exc))
    messages.success(request, "You hold the scoring seat: rate each answer, then submit.")
    return redirect("interviews:console", written.session_id)
