"""Session pages: scheduling, the console and its autosave endpoints, the
candidate's screen, the panel, submission and the audit trail."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.access import id_from
from accounts.models import Role
from config.htmx import wants_fragment
from interviews.access import (
    SignInFirst,
    get_panel_access_for_user,
    get_rating_target_for_user,
    get_scorecard_for_user,
    get_session_by_screen_token,
    get_session_for_user,
    owner_membership,
    sessions_for,
    staff_membership,
)
from interviews.errors import IncompleteScorecard, InterviewError
from interviews.live import events as live
from interviews.live.http import not_modified, page_cursor, tagged
from interviews.models import InterviewSession, QuestionNote, Rating, Report, WrittenPractice
from interviews.plans import services as plans
from interviews.sessions import hooks, services
from interviews.sessions.audit import audit_csv, audit_trail
from interviews.sessions.forms import (
    AmendForm,
    CancelForm,
    ScheduleForm,
    SessionEditForm,
    SubmitForm,
)
from interviews.sessions.selectors import console_state, panel_grid, scorecard_review


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    membership = staff_membership(request)
    status = request.GET.get("status", "")
    sessions = (
        sessions_for(membership)
        .select_related("candidate", "plan", "written")
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
                lead=data["lead"],
            )
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Session with {candidate} scheduled.")
            if membership.role != Role.OWNER and request.user not in data["interviewers"]:
                return redirect("interviews:session_list")  # its page is for its panel
            return redirect("interviews:session_detail", session.pk)
    return render(request, "interviews/session_form.html", {"form": form})


def _detail_context(request: HttpRequest, access) -> dict:
    """What the session page shows: the panel, the questions, the report and the practice."""
    session = access.session
    return {
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
        "has_ratings": Rating.objects.filter(scorecard__session=session).exists(),
        "written": WrittenPractice.objects.filter(session=session).first(),
        # Practice's part of the page (join link, swap, feedback), if it has one.
        **hooks.page_context(
            hooks.session_page, session=session, user=request.user, request=request
        ),
    }


@login_required
@vary_on_headers("HX-Request")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_panel_access_for_user(request, pk)
    session = access.session
    fragment = wants_fragment(request)
    current = live.version(session.screen_token)
    tag = live.etag("session", current, request.user.pk)
    if fragment and (response := not_modified(request, tag)) is not None:
        return response
    if not fragment and not access.on_panel:
        services.owner_look_record(session=session, viewer=request.user)
    context = _detail_context(request, access) | {
        "etag": tag,
        "status_etag": live.etag("report", current, request.user.pk),
        "live_after": None if fragment else page_cursor(session),
    }
    if fragment:
        return tagged(render(request, "interviews/session_detail.html#live", context), tag)
    return render(request, "interviews/session_detail.html", context)


def _position(request: HttpRequest, default: int) -> int:
    value = request.GET.get("q", "")
    return int(value) if value.isdigit() and len(value) <= 4 else default


@login_required
def console(request: HttpRequest, pk: int) -> HttpResponse:
    scorecard = get_scorecard_for_user(request, pk)
    session = scorecard.session
    where_etag = live.etag("where", live.version(session.screen_token))
    if wants_fragment(request) and request.htmx.target == "console-where":
        return _console_where(request, session, where_etag)
    live_after = page_cursor(session)
    state = console_state(scorecard, _position(request, session.current_position))
    context = {
        "state": state,
        "session": state.session,
        "note_max": QuestionNote.TEXT_MAX,
        "live_after": live_after,
        "where_etag": where_etag,
    }
    return render(request, "interviews/console.html", context)


def _console_where(request: HttpRequest, session: InterviewSession, tag: str | None):
    """The polled "Candidate is on Qn": 304 while the session's version is unchanged."""
    if (response := not_modified(request, tag)) is not None:
        return response
    context = live.where_context(session) | {"etag": tag}
    return tagged(render(request, "interviews/_console_where.html", context), tag)


@require_POST
@login_required
def session_start(request: HttpRequest, pk: int) -> HttpResponse:
    scorecard = get_scorecard_for_user(request, pk)
    try:
        services.session_start(session=scorecard.session, actor=request.user)
    except InterviewError as exc:
        messages.error(request, str(exc))
    return redirect("interviews:console", pk)


@require_POST
@login_required
def session_move(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead shows a question to the candidate; the console then opens on it."""
    scorecard = get_scorecard_for_user(request, pk)
    value = request.POST.get("position", "")
    try:
        if not (value.isdigit() and len(value) <= 4):
            raise InterviewError("No such question.")
        services.session_move(session=scorecard.session, position=int(value), actor=request.user)
    except InterviewError as exc:
        messages.error(request, str(exc))
        return redirect(_console_url(pk, value))
    return redirect(_console_url(pk, value))


@require_POST
@login_required
def lead_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_panel_access_for_user(request, pk)
    if not access.on_panel:
        raise Http404("Only the panel hands the lead over.")
    ids = _ids(request, "to")
    to = access.session.scorecards.filter(interviewer_id=ids[0]).first() if ids else None
    try:
        if to is None:
            raise InterviewError("Choose a panelist to hand the lead to.")
        services.lead_hand_over(session=access.session, to=to.interviewer, actor=request.user)
    except InterviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{to.interviewer} now leads: their navigation moves the screen.")
    if request.POST.get("back") == "console":
        return redirect("interviews:console", pk)
    return redirect(access.session)


def _refuse(request: HttpRequest, message: str, status: int = 422) -> HttpResponse:
    """A 4xx in plain words: htmx shows it beside the control, a plain form gets a page."""
    if request.htmx:
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return render(request, "interviews/refused.html", {"message": message}, status=status)


def _ids(request: HttpRequest, *names: str) -> list[int] | None:
    """The named POST fields as ids, or None when any is missing, malformed or out of range."""
    ids = [id_from(request.POST.get(name)) for name in names]
    return None if None in ids else ids


@require_POST
@login_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave of one rating: the hottest path, a constant four queries with the session's."""
    ids = _ids(request, "question", "criterion")
    if ids is None:
        get_scorecard_for_user(request, pk)  # a stranger learns nothing, not even "malformed"
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
    """Review the scorecard question by question, then submit it with an explicit confirmation."""
    scorecard = get_scorecard_for_user(request, pk)
    if scorecard.is_amending:
        return redirect("interviews:amend", pk)
    if closed := _submit_closed(scorecard):
        messages.info(request, closed)
        return redirect(scorecard.after_submit_url())
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        initial={"recommendation": scorecard.recommendation, "summary": scorecard.summary},
    )
    missing = []
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        try:
            services.scorecard_submit(scorecard=scorecard, actor=request.user, **data)
        except IncompleteScorecard as exc:
            missing = exc.missing
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Scorecard submitted. It is now locked.")
            return redirect(scorecard.after_submit_url())
    elif request.method == "GET":
        missing = [m for m in services.scorecard_missing(scorecard) if "recommendation" not in m]
    return _review_page(request, scorecard, form, missing)


def _submit_closed(scorecard) -> str:
    """Why a scorecard can no longer be submitted, or "" while it can."""
    if scorecard.is_submitted:
        return "Your scorecard is submitted and locked."
    if not scorecard.session.is_open:
        return "This session is closed; your scorecard can no longer be submitted."
    return ""


def _review_page(request: HttpRequest, scorecard, form, missing: list[str]) -> HttpResponse:
    context = {
        "form": form,
        "scorecard": scorecard,
        "session": scorecard.session,
        "missing": missing,
        "review": scorecard_review(scorecard),
        "copy": secrets.token_hex(8),  # a copy shown again from history reloads (app.js)
    }
    response = render(request, "interviews/submit.html", context)
    if request.method == "GET":
        # Never kept, so the back button asks again (and finds it submitted). A refused POST
        # stays cacheable: Chrome cannot show an unkept POST answer on Back, only an error.
        add_never_cache_headers(response)
    return response


@login_required
def scorecard_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a submitted scorecard with a reason, or lock the amendment again."""
    scorecard = get_scorecard_for_user(request, pk)
    form = AmendForm(request.POST if request.method == "POST" else None)
    missing = []
    try:
        if request.method == "POST" and scorecard.is_amending:
            services.scorecard_amend_submit(scorecard=scorecard, actor=request.user)
            messages.success(request, "Amendment submitted; the report is regenerated.")
            return redirect(scorecard.after_submit_url())
        if request.method == "POST" and form.is_valid():
            services.scorecard_amend_open(
                scorecard=scorecard, reason=form.cleaned_data["reason"], actor=request.user
            )
            messages.success(request, "Your scorecard is open: change what you need, then submit.")
            return redirect("interviews:console", pk)
    except IncompleteScorecard as exc:
        missing = exc.missing
    except InterviewError as exc:
        form.add_error(None, str(exc))
    context = {"form": form, "scorecard": scorecard, "session": scorecard.session}
    context.update(
        missing=missing, review=scorecard_review(scorecard), back=scorecard.after_submit_url()
    )
    return render(request, "interviews/amend.html", context)


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
def session_audit(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """Every change on record for one session, newest first, in words: for owners."""
    session = get_session_for_user(request, pk)
    owner_membership(request)
    own = session.scorecards.filter(interviewer=request.user).first()
    services.early_look_record(session=session, viewer=request.user, own=own, page="audit")
    trail = audit_trail(session, viewer=request.user, actor=request.GET.get("actor", ""))
    if fmt == "csv":
        response = HttpResponse(audit_csv(trail), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-session-{session.pk}.csv"'
        return response
    return render(request, "interviews/session_audit.html", {"session": session, "trail": trail})


@login_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_panel_access_for_user(request, pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=access.session, reason=form.cleaned_data["reason"], actor=request.user
            )
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Session cancelled; the candidate's screen says so.")
            return redirect(access.session)
    context = {"session": access.session, "form": form, "title": "Cancel the session"}
    return render(request, "interviews/session_change.html", context)


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_panel_access_for_user(request, pk)
    session = access.session
    form = SessionEditForm.for_session(session, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, actor=request.user, **form.cleaned_data)
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Session saved.")
            return redirect(session)
    context = {"session": session, "form": form, "title": "Change the session"}
    return render(request, "interviews/session_change.html", context)


@require_POST
@login_required
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_panel_access_for_user(request, pk)
    try:
        services.session_delete(session=access.session, actor=request.user)
    except InterviewError as exc:
        messages.error(request, str(exc))
        return redirect(access.session)
    messages.success(request, f"Deleted the session with {access.session.candidate}.")
    return redirect("interviews:session_list")


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
    """What the candidate sees: the current prompt and a timer, nothing from the rubric.

    The stream pushes every change; a page without it polls, and while the screen's version
    (kept beside the live streams) is the one the page holds, the answer is a 304 that reads
    no database."""
    fragment = wants_fragment(request)
    current = live.version(token)
    tag = live.etag("screen" if fragment else "screen-page", current)
    if (response := not_modified(request, tag)) is not None:
        return response
    try:
        session = get_session_by_screen_token(request, token)
    except SignInFirst:
        if fragment:
            raise
        return redirect_to_login(request.get_full_path())
    if current is None:
        live.ensure_version(token)  # this answer stays untagged: it may predate that version
    if fragment:
        context = _screen_context(request, session, etag=tag, page=False)
        return tagged(render(request, "interviews/screen.html#stage", context), tag)
    context = _screen_context(request, session, etag=live.etag("screen", current), page=True)
    return tagged(render(request, "interviews/screen.html", context), tag)


def _screen_context(
    request: HttpRequest, session: InterviewSession, *, etag: str | None, page: bool
) -> dict:
    """The stage, the end screen a practice adds, and for the whole page the stream's cursor,
    read before the stage so no change falls between what the page shows and its stream."""
    end = hooks.page_context(hooks.screen_end, session=session, user=request.user, request=request)
    extra = {"etag": etag, "live_after": page_cursor(session)} if page else {"etag": etag}
    return live.screen_context(session) | end | extra
