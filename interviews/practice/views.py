"""Practice pages: peer practice (start, join by link, invite, swap roles, the candidate's
feedback), written practice (answer, submit, invite, the scorer's link) and the shared pad.

The pad: what the candidate types on their screen during a live session, seen by the panel in
the console; the screen reaches it by its screen link, the console polls it with a conditional
request, so an unchanged pad costs a 304."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.access import SESSION_KEY
from accounts.models import Organisation
from accounts.ratelimit import too_many
from config.htmx import wants_fragment
from interviews.access import (
    get_panel_access_for_user,
    get_practice_session_by_screen_token,
    get_practice_session_for_peer,
    get_scorecard_for_user,
    get_session_by_screen_token,
    get_written_by_scoring_token,
    get_written_for_candidate,
    get_written_for_reader,
    staff_membership,
    written_for,
)
from interviews.dashboard.pages import render_dashboard
from interviews.errors import InterviewError
from interviews.models import (
    FEEDBACK_MAX,
    FEEDBACK_RUBRIC,
    InterviewPlan,
    Report,
    WrittenPractice,
)
from interviews.plans import services as plans
from interviews.practice import contexts, selectors, services
from interviews.practice.forms import InviteForm, PracticeForm, WrittenStartForm


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
        written = services.written_start(user=request.user, plan=form.chosen_plan())
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
            services.written_answer_save(
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
    context = contexts.written_page(written=written, position=_answer_position(request, 0))
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
            services.written_submit(written=written, actor=request.user)
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
        services.written_invite(written=written, actor=request.user)
    except InterviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Scoring link ready: copy it and send it to your peer.")
    return redirect("interviews:written_detail", pk)


SCORING_TOKEN_KEY = "written_scoring_token"


def _join_page(request: HttpRequest, written: WrittenPractice, status: int = 200, **extra):
    context = {"written": written, "session": written.session, **extra}
    return render(request, "interviews/practice/written_join.html", context, status=status)


def _join_signed_out(request: HttpRequest, written: WrittenPractice, token: str) -> HttpResponse:
    """Asked to sign in or sign up first, with the link kept in the browser session meanwhile
    (the dashboard offers it back)."""
    if request.method == "POST":
        return redirect_to_login(request.get_full_path())
    request.session[SCORING_TOKEN_KEY] = token
    return _join_page(request, written, next=request.path)


def _forget_held_link(request: HttpRequest, written: WrittenPractice, token: str) -> None:
    """The link kept through sign-in is done with once the seat is taken, or being taken."""
    if request.session.get(SCORING_TOKEN_KEY) == token and (
        written.scorer_id or request.method == "POST"
    ):
        del request.session[SCORING_TOKEN_KEY]


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
        return _join_signed_out(request, written, token)
    _forget_held_link(request, written, token)
    if written.scorer_id == request.user.pk:
        return redirect("interviews:console", written.session_id)
    if request.method != "POST":
        return _join_page(
            request,
            written,
            error=selectors.written_seat_refusal(written=written, user=request.user),
        )
    try:
        services.written_seat_take(written=written, user=request.user)
    except InterviewError as exc:
        return _join_page(request, written, status=422, error=str(exc))
    messages.success(request, "You hold the scoring seat: rate each answer, then submit.")
    return redirect("interviews:console", written.session_id)


def _position(request: HttpRequest, default: int) -> int:
    value = request.GET.get("q", "") or request.POST.get("position", "")
    return int(value) if value.isdigit() and len(value) <= 4 else default


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def screen_pad(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's pad on their screen: the current question's, saved as they type."""
    session = get_session_by_screen_token(request, token)
    if request.method == "POST":
        try:
            services.pad_save(
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
    question, text, _ = selectors.pad_for(session, session.current_position)
    context = {"session": session, "question": question, "text": text}
    if wants_fragment(request):
        return render(request, "interviews/practice/_pad_screen.html", context)
    return redirect("interviews:candidate_screen", token)


@vary_on_headers("HX-Request")
def console_pad(request: HttpRequest, pk: int) -> HttpResponse:
    """The live pad of one question for the panel. Polled: an unchanged pad answers 304."""
    scorecard = get_scorecard_for_user(request, pk)
    session = scorecard.session
    question, text, etag = selectors.pad_for(session, _position(request, session.current_position))
    if question is None:
        return HttpResponse("No such question.", status=404, content_type="text/plain")
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        context = contexts.pad_context(session, question, text, etag)
        response = render(request, "interviews/practice/_pad_live.html", context)
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_POST
@login_required
def practice_start(request: HttpRequest) -> HttpResponse:
    """One click from the dashboard: the ready plan, the peer as candidate, me as interviewer."""
    membership = staff_membership(request)
    form = PracticeForm(request.POST)
    if not form.is_valid():
        return render_dashboard(request, {"practice_form": form}, status=422)
    try:
        session = services.practice_start(
            organisation=membership.organisation, user=request.user, **form.cleaned_data
        )
    except InterviewError as exc:
        messages.error(request, str(exc))
        return redirect("interviews:dashboard")
    email = form.cleaned_data["peer_email"]
    if email:
        services.practice_invite_send(
            session=session, email=email, sender=request.user, base_url=_base(request)
        )
        messages.success(request, f"Practice session ready. The join link is mailed to {email}.")
    else:
        messages.success(request, "Practice session ready. Send your peer the join link.")
    return redirect("interviews:session_detail", session.pk)


def practice_join(request: HttpRequest, token: str) -> HttpResponse:
    """The link a peer opens: sign in or sign up (the link survives both), then take the
    candidate's seat as oneself."""
    link = selectors.link_find(token=token)
    if link is None:
        context = {"title": "Link not valid", "text": "This join link does not exist."}
        return render(request, "accounts/message_page.html", context, status=404)
    session = link.session
    context = {"link": link, "session": session, "token": token, "taken": False}
    if request.user.is_authenticated and session.candidate.user_id == request.user.pk:
        return redirect("interviews:candidate_screen", session.screen_token)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            session = services.practice_join(link=link, user=request.user)
        except services.SeatTaken as exc:
            context.update(taken=True, error=str(exc))
            return render(request, "interviews/practice/join.html", context, status=exc.status)
        except InterviewError as exc:
            context["error"] = str(exc)
            return render(request, "interviews/practice/join.html", context, status=exc.status)
        messages.success(request, "You are the candidate of this practice session.")
        return redirect("interviews:candidate_screen", session.screen_token)
    context["taken"] = session.candidate.user_id is not None
    return render(request, "interviews/practice/join.html", context)


@require_POST
@login_required
def practice_invite(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_panel_access_for_user(request, pk)
    form = InviteForm(request.POST)
    if too_many("practice-invite", str(request.user.pk), limit=20, window=3600):
        messages.error(request, "That is a lot of invitations: wait an hour and try again.")
    elif not form.is_valid() or access.session.mode != "practice":
        messages.error(request, "Enter a valid email address to send the join link to.")
    else:
        email = form.cleaned_data["email"]
        services.practice_invite_send(
            session=access.session, email=email, sender=request.user, base_url=_base(request)
        )
        messages.success(request, f"Join link mailed to {email}.")
    return redirect(access.session)


@require_POST
@login_required
def practice_swap(request: HttpRequest, pk: int) -> HttpResponse:
    """Either peer, one click: the new interviewer lands in their console, the new candidate on
    their screen."""
    session = get_practice_session_for_peer(request, pk)
    try:
        swapped = services.practice_swap(session=session, actor=request.user)
    except InterviewError as exc:
        messages.error(request, str(exc))
        if session.candidate.user_id == request.user.pk:
            return redirect("interviews:candidate_screen", session.screen_token)
        return redirect(session)
    if swapped.scorecards.filter(interviewer=request.user).exists():
        request.session[SESSION_KEY] = swapped.organisation_id
        messages.success(request, "Roles swapped: you interview now.")
        return redirect("interviews:session_detail", swapped.pk)
    messages.success(request, "Roles swapped: your peer interviews you now.")
    return redirect("interviews:candidate_screen", swapped.screen_token)


# The feedback form's rows: each question of the fixed rubric with its numbered levels.
_FEEDBACK_ROWS = [
    {"key": key, "title": title, "levels": list(enumerate(levels))}
    for key, title, levels in FEEDBACK_RUBRIC
]


def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate rates the interviewer, from the end screen (a guest) or signed in."""
    session = get_practice_session_by_screen_token(request, token)
    if session.candidate.user_id and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    given_by = request.user if request.user.is_authenticated else None
    interviewer = selectors.interviewer_of(session)
    context = {
        "session": session,
        "interviewer": interviewer,
        "interviewer_submitted": selectors.has_submitted(session, interviewer),
        "rubric": _FEEDBACK_ROWS,
        "max": FEEDBACK_MAX,
        "chosen": request.POST,
        "existing": getattr(session, "interviewer_feedback", None),
    }
    status = 200
    if request.method == "POST" and context["existing"] is None:
        try:
            ratings, comment = services.feedback_clean(request.POST)
            services.feedback_submit(
                session=session, ratings=ratings, comment=comment, given_by=given_by
            )
        except InterviewError as exc:
            context["error"], status = str(exc), exc.status
        else:
            messages.success(request, "Thank you: your feedback is with your interviewer.")
            return redirect(reverse("interviews:practice_feedback", args=[token]))
    return render(request, "interviews/practice/feedback.html", context, status=status)
