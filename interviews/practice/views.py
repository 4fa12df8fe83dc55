"""Peer practice pages: start, join by link, invite, swap roles and the candidate's feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import SESSION_KEY
from accounts.ratelimit import too_many
from interviews.access import (
    get_panel_access_for_user,
    get_practice_session_by_screen_token,
    get_practice_session_for_peer,
    staff_membership,
)
from interviews.dashboard.pages import render_dashboard
from interviews.errors import InterviewError
from interviews.models import FEEDBACK_MAX, FEEDBACK_RUBRIC
from interviews.practice import services
from interviews.practice.forms import InviteForm, PracticeForm


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
    link = services.link_find(token=token)
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
    context = {
        "session": session,
        "interviewer": services.interviewer_of(session),
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
