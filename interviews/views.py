from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import acting_membership, current_membership
from accounts.models import Role
from interviews import services
from interviews.access import (
    get_rating_target_for_user,
    get_scorecard_for_user,
    get_session_by_screen_token,
    get_session_for_user,
    reports_for,
    sessions_for,
    staff_membership,
)
from interviews.console import console_state, panel_grid
from interviews.models import InterviewSession, Report, Scorecard
from interviews.session_forms import PracticeForm, ScheduleForm, SubmitForm


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = acting_membership(request)
    context = {"membership": membership, "practice_form": PracticeForm()}
    if membership is not None and membership.can_interview:
        sessions = sessions_for(membership).select_related("candidate", "plan")
        context["upcoming"] = sessions.exclude(status=InterviewSession.Status.SUBMITTED).order_by(
            "-status", "scheduled_at"
        )[:10]
        context["waiting"] = (
            Scorecard.objects.filter(interviewer=request.user, submitted_at__isnull=True)
            .exclude(session__status=InterviewSession.Status.SUBMITTED)
            .filter(session__organisation=membership.organisation)
            .select_related("session__candidate", "session__plan")[:10]
        )
    context["recent_reports"] = (
        reports_for(request)
        .filter(status=Report.Status.READY)
        .select_related("candidate", "plan")[:8]
    )
    context["my_sessions"] = (
        InterviewSession.objects.filter(candidate__user=request.user)
        .exclude(status=InterviewSession.Status.SUBMITTED)
        .select_related("plan", "organisation")[:5]
    )
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
    plan = services.default_plan_ensure(organisation=membership.organisation, user=request.user)
    if plan is None:
        messages.error(
            request, "The serverless question bank is not loaded yet (manage.py load_bank)."
        )
        return redirect("interviews:dashboard")
    candidate = services.candidate_get_or_create(
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
    initial = {
        "interviewers": [request.user.pk],
        "mode": InterviewSession.Mode.PRACTICE
        if organisation.is_personal
        else InterviewSession.Mode.HIRING,
        # Links from a plan or a candidate page preselect them; the form's querysets keep
        # anything outside the organisation from being chosen.
        "plan": request.GET.get("plan"),
        "candidate": request.GET.get("candidate"),
    }
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = data["candidate"] or services.candidate_get_or_create(
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
        except services.InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Session with {candidate} scheduled.")
            return redirect("interviews:session_detail", session.pk)
    return render(request, "interviews/session_form.html", {"form": form})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    membership = staff_membership(request)
    scorecards = list(session.scorecards.select_related("interviewer"))
    mine = next((c for c in scorecards if c.interviewer_id == request.user.pk), None)
    report = Report.objects.filter(session=session).first()
    seen_before = (
        services.plan_variant_suggest(plan=session.plan, candidate=session.candidate)
        if (session.status == InterviewSession.Status.SCHEDULED)
        else []
    )
    return render(
        request,
        "interviews/session_detail.html",
        {
            "session": session,
            "scorecards": scorecards,
            "mine": mine,
            "report": report,
            "is_owner": membership.role == Role.OWNER,
            "can_see_panel": membership.role == Role.OWNER or (mine and mine.is_submitted),
            # Recommendations show here only to those who have submitted their own; an owner
            # reads them earlier through the panel page, which puts that look on record.
            "show_recommendations": session.is_submitted or bool(mine and mine.is_submitted),
            "screen_url": request.build_absolute_uri(
                reverse("interviews:candidate_screen", args=[session.screen_token])
            ),
            "questions": session.questions.order_by("position"),
            "seen_before": [old for old, _ in seen_before],
        },
    )


def _record_early_look(
    session: InterviewSession, user, mine: Scorecard | None, *, page: str
) -> None:
    """An owner may read the panel's ratings before submitting their own, on the record."""
    if session.is_submitted or (mine is not None and mine.is_submitted):
        return
    services.audit(
        organisation_id=session.organisation_id,
        session_id=session.pk,
        actor=user,
        action="scorecards_viewed",
        page=page,
    )


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
            request, str(exc) if isinstance(exc, services.InterviewError) else "No such question."
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
    except services.InterviewError as exc:
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
    except services.InterviewError as exc:
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
    text = request.POST.get("text", "")
    if len(text) > 20_000:
        return _refuse(request, "Notes are limited to 20,000 characters per question.")
    try:
        services.note_save(scorecard=scorecard, session_question_id=ids[0], text=text)
    except services.InterviewError as exc:
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
        except services.IncompleteScorecard as exc:
            missing = exc.missing
        except services.InterviewError as exc:
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
    session = get_session_for_user(request, pk)
    membership = current_membership(request)
    mine = session.scorecards.filter(interviewer=request.user).first()
    if membership.role != Role.OWNER:
        if mine is None:
            raise Http404("You are not on this session's panel.")
        if not mine.is_submitted:
            return _refuse(
                request,
                "Submit your own scorecard first: panel members score independently.",
                status=403,
            )
    _record_early_look(session, request.user, mine, page="panel")
    scorecards, grid = panel_grid(session)
    return render(
        request,
        "interviews/panel.html",
        {"session": session, "scorecards": scorecards, "grid": grid},
    )


@login_required
def session_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change on record for one session, newest first: for owners of its organisation."""
    session = get_session_for_user(request, pk)
    current_membership(request, roles=(Role.OWNER,))
    _record_early_look(
        session,
        request.user,
        session.scorecards.filter(interviewer=request.user).first(),
        page="audit",
    )
    events = session.audit_events.select_related("actor").order_by("-created_at", "-id")[:500]
    return render(request, "interviews/session_audit.html", {"session": session, "events": events})


@require_POST
@login_required
def panel_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    current_membership(request, roles=(Role.OWNER,))
    try:
        services.panel_close(session=session, actor=request.user)
    except services.InterviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Panel closed; the report is being generated.")
    return redirect("interviews:session_detail", pk)


def candidate_screen(request: HttpRequest, token: str) -> HttpResponse:
    """What the candidate sees: the current prompt and a timer, nothing from the rubric."""
    session = get_session_by_screen_token(token)
    question = (
        session.questions.filter(position=session.current_position)
        .only("prompt", "position", "minutes")
        .first()
    )
    context = {"session": session, "question": question, "total": session.questions.count()}
    if request.htmx:
        return render(request, "interviews/screen.html#stage", context)
    return render(request, "interviews/screen.html", context)
