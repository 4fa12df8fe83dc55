"""Session pages: the dashboard, scheduling, the console and its autosave endpoints, the
candidate's screen, the panel, submission and the audit trail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.access import acting_membership
from config.htmx import wants_fragment
from interviews.access import (
    get_panel_access_for_user,
    get_rating_target_for_user,
    get_scorecard_for_user,
    get_session_by_screen_token,
    get_session_for_user,
    owner_membership,
    reports_for,
    sessions_as_candidate,
    sessions_for,
    staff_membership,
    waiting_scorecards_for,
)
from interviews.errors import IncompleteScorecard, InterviewError
from interviews.models import InterviewSession, Report
from interviews.plans import services as plans
from interviews.sessions import services
from interviews.sessions.console import console_state, panel_grid
from interviews.sessions.forms import PracticeForm, ScheduleForm, SubmitForm


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = acting_membership(request)
    context = {"membership": membership, "practice_form": PracticeForm()}
    if membership is not None and membership.can_interview:
        context["upcoming"] = (
            sessions_for(membership)
            .select_related("candidate", "plan")
            .exclude(status=InterviewSession.Status.SUBMITTED)
            .order_by("-status", "scheduled_at")[:10]
        )
        context["waiting"] = waiting_scorecards_for(membership)[:10]
    context["recent_reports"] = (
        reports_for(request)
        .filter(status=Report.Status.READY)
        .select_related("candidate", "plan")[:8]
    )
    context["my_sessions"] = sessions_as_candidate(request.user)[:5]
    return render(request, "interviews/dashboard.html", context)


@require_POST
@login_required
def practice_start(request: HttpRequest) -> HttpResponse:
    """One click from the dashboard: the ready plan, the peer as candidate, me as interviewer."""
    membership = staff_membership(request)
    form = PracticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter your peer's name to start a practice session.")
        return redirect("interviews:dashboard")
    plan = plans.default_plan_ensure(organisation=membership.organisation, user=request.user)
    if plan is None:
        messages.error(
            request, "The serverless question bank is not loaded yet (manage.py load_bank)."
        )
        return redirect("interviews:dashboard")
    candidate = plans.candidate_get_or_create(
        organisation=membership.organisation,
        name=form.cleaned_data["peer_name"],
        email=form.cleaned_data["peer_email"],
    )
    session = services.session_schedule(
        plan=plan, candidate=candidate, interviewers=[request.user], user=request.user
    )
    messages.success(request, "Practice session ready. Send your peer the candidate screen link.")
    return redirect("interviews:session_detail", session.pk)


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    membership = staff_membership(request)
    status = request.GET.get("status", "")
    sessions = (
        sessions_for(membership)
        .select_related("candidate", "plan")
        .prefetch_related("scorecards__interviewer")
    )
    if status in InterviewSession.Status.values:
        sessions = sessions.filter(status=status)
    return render(
        request,
        "interviews/session_list.html",
        {"sessions": sessions[:200], "status": status, "statuses": InterviewSession.Status.choices},
    )


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    membership = staff_membership(request)
    organisation = membership.organisation
    form = ScheduleForm.for_request(request, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = data["candidate"] or plans.candidate_get_or_create(
            organisation=organisation, name=data["candidate_name"], email=data["candidate_email"]
        )
        try:
            session = services.session_schedule(
                plan=data["plan"],
                candidate=candidate,
                interviewers=list(data["interviewers"]),
                user=request.user,
                mode=data["mode"],
                scheduled_at=data["scheduled_at"],
                meeting_link=data["meeting_link"],
            )
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Session with {candidate} scheduled.")
            return redirect("interviews:session_detail", session.pk)
    return render(request, "interviews/session_form.html", {"form": form})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_panel_access_for_user(request, pk)
    session = access.session
    context = {
        "session": session,
        "access": access,
        "scorecards": list(session.scorecards.select_related("interviewer")),
        "mine": access.own,
        "report": Report.objects.filter(session=session).first(),
        "screen_url": request.build_absolute_uri(
            reverse("interviews:candidate_screen", args=[session.screen_token])
        ),
        "questions": session.questions.order_by("position"),
        "seen_before": services.questions_seen_before(session=session),
    }
    return render(request, "interviews/session_detail.html", context)


def _position(request: HttpRequest, default: int) -> int:
    try:
        return int(request.GET.get("q", default))
    except ValueError:
        return default


@login_required
def console(request: HttpRequest, pk: int) -> HttpResponse:
    scorecard = get_scorecard_for_user(request, pk)
    state = console_state(scorecard, _position(request, scorecard.session.current_position))
    return render(request, "interviews/console.html", {"state": state, "session": state.session})


@require_POST
@login_required
def session_move(request: HttpRequest, pk: int) -> HttpResponse:
    scorecard = get_scorecard_for_user(request, pk)
    try:
        position = int(request.POST.get("position", ""))
        services.session_move(session=scorecard.session, position=position, actor=request.user)
    except ValueError as exc:
        messages.error(
            request, str(exc) if isinstance(exc, InterviewError) else "No such question."
        )
    return redirect("interviews:console", pk)


def _refuse(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    """A 4xx in plain words: htmx shows it beside the control, a plain form gets a page."""
    if request.htmx:
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return render(request, "interviews/refused.html", {"message": message}, status=status)


def _ids(request: HttpRequest, *names: str) -> list[int] | None:
    try:
        return [int(request.POST[name]) for name in names]
    except (KeyError, ValueError):
        return None


@require_POST
@login_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave of one rating: the hottest path, a constant four queries with the session's."""
    ids = _ids(request, "question", "criterion")
    if ids is None:
        return _refuse(request, "Send a question, a criterion and a level.")
    target = get_rating_target_for_user(request, pk, *ids)
    raw = request.POST.get("points") or request.POST.get("level", "")
    if not (raw == "na" or raw.lstrip("-").isdigit()):
        return _refuse(request, "Send a question, a criterion and a level.")
    try:
        services.rating_record(
            target=target,
            session_question_id=ids[0],
            criterion_id=ids[1],
            points=None if raw == "na" else int(raw),
            not_assessed=raw == "na",
            actor=request.user,
        )
    except InterviewError as exc:
        return _refuse(request, str(exc), status=exc.status)
    if request.htmx:
        return HttpResponse("Saved")
    return redirect(_console_url(pk, request.POST.get("position"), f"crit-{ids[0]}-{ids[1]}"))


def _console_url(pk: int, position: str | None, anchor: str = "") -> str:
    url = reverse("interviews:console", args=[pk])
    if position and position.isdigit():
        url += f"?q={position}"
    return url + (f"#{anchor}" if anchor else "")


@require_POST
@login_required
def raise_flag(request: HttpRequest, pk: int) -> HttpResponse:
    scorecard = get_scorecard_for_user(request, pk)
    ids = _ids(request, "question", "flag")
    if ids is None:
        return _refuse(request, "Send a question and a red flag.")
    raised = request.POST.get("raised") in ("1", "on", "true")
    try:
        services.flag_set(
            scorecard=scorecard,
            session_question_id=ids[0],
            red_flag_id=ids[1],
            raised=raised,
            actor=request.user,
        )
    except InterviewError as exc:
        return _refuse(request, str(exc), status=exc.status)
    if request.htmx:
        return HttpResponse("Saved")
    return redirect(_console_url(pk, request.POST.get("position"), "flags"))


@require_POST
@login_required
def save_note(request: HttpRequest, pk: int) -> HttpResponse:
    scorecard = get_scorecard_for_user(request, pk)
    ids = _ids(request, "question")
    if ids is None:
        return _refuse(request, "Send a question.")
    try:
        services.note_save(
            scorecard=scorecard, session_question_id=ids[0], text=request.POST.get("text", "")
        )
    except InterviewError as exc:
        return _refuse(request, str(exc), status=exc.status)
    if request.htmx:
        return HttpResponse("Saved")
    return redirect(_console_url(pk, request.POST.get("position"), "notes"))


@login_required
def scorecard_submit(request: HttpRequest, pk: int) -> HttpResponse:
    scorecard = get_scorecard_for_user(request, pk)
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        initial={"recommendation": scorecard.recommendation, "summary": scorecard.summary},
    )
    missing = []
    if request.method == "POST" and form.is_valid():
        try:
            services.scorecard_submit(scorecard=scorecard, actor=request.user, **form.cleaned_data)
        except IncompleteScorecard as exc:
            missing = exc.missing
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Scorecard submitted. It is now locked.")
            return redirect("interviews:session_detail", pk)
    elif request.method == "GET":
        missing = [m for m in services.scorecard_missing(scorecard) if "recommendation" not in m]
    return render(
        request,
        "interviews/submit.html",
        {"form": form, "scorecard": scorecard, "session": scorecard.session, "missing": missing},
    )


@login_required
def panel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone's scorecards side by side: for those who submitted their own, and for owners
    (whose look before submitting is put on record)."""
    access = get_panel_access_for_user(request, pk)
    if not (access.is_owner or access.own):
        raise Http404("You are not on this session's panel.")
    if not access.can_see_panel:
        return _refuse(
            request,
            "Submit your own scorecard first: panel members score independently.",
            status=403,
        )
    session = access.session
    services.early_look_record(session=session, viewer=request.user, own=access.own, page="panel")
    scorecards, grid = panel_grid(session)
    context = {"session": session, "scorecards": scorecards, "grid": grid}
    return render(request, "interviews/panel.html", context)


@login_required
def session_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change on record for one session, newest first: for owners of its organisation."""
    session = get_session_for_user(request, pk)
    owner_membership(request)
    own = session.scorecards.filter(interviewer=request.user).first()
    services.early_look_record(session=session, viewer=request.user, own=own, page="audit")
    events = session.audit_events.select_related("actor").order_by("-created_at", "-id")[:500]
    return render(request, "interviews/session_audit.html", {"session": session, "events": events})


@require_POST
@login_required
def panel_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    owner_membership(request)
    try:
        services.panel_close(session=session, actor=request.user)
    except InterviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Panel closed; the report is being generated.")
    return redirect("interviews:session_detail", pk)


@vary_on_headers("HX-Request")
def candidate_screen(request: HttpRequest, token: str) -> HttpResponse:
    """What the candidate sees: the current prompt and a timer, nothing from the rubric."""
    session = get_session_by_screen_token(token)
    question = (
        session.questions.filter(position=session.current_position)
        .only("prompt", "position", "minutes")
        .first()
    )
    context = {"session": session, "question": question, "total": session.questions.count()}
    if wants_fragment(request):
        return render(request, "interviews/screen.html#stage", context)
    return render(request, "interviews/screen.html", context)
