from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import services
from accounts.access import SESSION_KEY, current_membership, id_from, membership_for
from accounts.forms import (
    InvitationForm,
    MemberRoleForm,
    OrganisationForm,
    PasswordResetForm,
    SignupForm,
)
from accounts.models import STAFF_ROLES, Invitation, Membership, Role
from accounts.ratelimit import client_ip, too_many

INVITATION_SESSION_KEY = "invitation_token"
# Where a newcomer was going when they signed up (a join link, say): kept in the session so the
# email confirmation, opened later in the same browser, lands there too.
NEXT_SESSION_KEY = "signup_next"


def safe_next(request: HttpRequest, target: str | None, default: str = "interviews:dashboard"):
    """A path on this site to go to next, or the default page: never another site, and never a
    bare word that redirect() would try as a URL name."""
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return reverse(default)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "Too many attempts",
        "text": "That was tried too often from here. Wait an hour and try again.",
    }
    return render(request, "accounts/message_page.html", context, status=429)


def _pending_invitation(request: HttpRequest) -> Invitation | None:
    token = request.session.get(INVITATION_SESSION_KEY)
    invitation = services.invitation_find(token=token) if token else None
    return invitation if invitation and invitation.is_pending else None


def _after_signup(request: HttpRequest, invitation, next_url: str) -> HttpResponse:
    """Where a new account goes: the invitation it came with, else where it was headed."""
    if invitation:
        return redirect("accounts:invitation", token=request.session[INVITATION_SESSION_KEY])
    if next_url:
        request.session[NEXT_SESSION_KEY] = next_url
        return HttpResponseRedirect(next_url)
    return redirect("interviews:dashboard")


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("interviews:dashboard")
    invitation = _pending_invitation(request)
    initial = {"email": invitation.email} if invitation else {}
    form = SignupForm(request.POST or None, initial=initial)
    wanted = request.POST.get("next") or request.GET.get("next")
    next_url = safe_next(request, wanted) if wanted else ""
    if request.method == "POST":
        if too_many("signup", client_ip(request), limit=10, window=3600):
            return too_many_requests(request)
        if form.is_valid():
            user = services.user_create(**form.cleaned_data)
            # login() keeps the anonymous session's data, so the invitation's token survives.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            services.email_verification_send(user=user, base_url=request.build_absolute_uri("/"))
            messages.success(
                request,
                "Welcome! Your practice space is ready. A link to confirm your email is on its "
                f"way to {user.email}, so that reports and invitations sent to it reach you.",
            )
            return _after_signup(request, invitation, next_url)
    context = {"form": form, "invitation": invitation, "next": next_url}
    return render(request, "accounts/signup.html", context)


class SignInView(auth_views.LoginView):
    """Django's sign-in, except that a `next` pointing back at this page ends on the
    dashboard rather than in a redirect loop, and that a script's request redirected here is
    told it is signed out instead of being given the form."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # A signed-out console's saves and live stream follow their redirect here: they need
        # no form, only to know they are signed out. (That they get no CSRF cookie is
        # config/csrf.py's rule, for every page.)
        if request.headers.get("Sec-Fetch-Dest") == "empty" and not request.user.is_authenticated:
            return HttpResponse(
                "Signed out: sign in again to go on.",
                status=401,
                content_type="text/plain; charset=utf-8",
            )
        return super().get(request, *args, **kwargs)

    def get_redirect_url(self) -> str:
        url = super().get_redirect_url()
        return "" if url.split("?")[0] == self.request.path else url


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.email_verify(token=token)
    except services.VerificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Thank you — {user.email} is confirmed.")
        invitation_token = request.session.get(INVITATION_SESSION_KEY)
        if invitation_token and _pending_invitation(request):
            return redirect("accounts:invitation", token=invitation_token)
        next_url = request.session.pop(NEXT_SESSION_KEY, "")
        if next_url:
            return HttpResponseRedirect(safe_next(request, next_url))
    return redirect("interviews:dashboard" if request.user.is_authenticated else "accounts:login")


@require_POST
@login_required
def verify_email_resend(request: HttpRequest) -> HttpResponse:
    if too_many("verify-resend", str(request.user.pk), limit=3, window=3600):
        return too_many_requests(request)
    if request.user.email_verified_at is None:
        services.email_verification_send(
            user=request.user, base_url=request.build_absolute_uri("/")
        )
        messages.success(request, f"A new confirmation link is on its way to {request.user.email}.")
    return HttpResponseRedirect(safe_next(request, request.POST.get("next")))


def password_reset(request: HttpRequest) -> HttpResponse:
    """Django's reset form, limited per address and per client; it answers the same page
    whether or not an account has the address."""
    if request.method == "POST":
        email = request.POST.get("email", "")[:254]
        if too_many("reset-ip", client_ip(request), limit=10, window=3600) or too_many(
            "reset-email", email, limit=3, window=3600
        ):
            return too_many_requests(request)
    return auth_views.PasswordResetView.as_view(
        form_class=PasswordResetForm,
        template_name="accounts/form_page.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse("accounts:password_reset_done"),
        extra_context={
            "title": "Reset your password",
            "submit": "Send reset link",
            "intro": "Enter the email of your account and we will send a link to set a new "
            "password.",
        },
    )(request)


@require_POST
@login_required
def organisation_switch(request: HttpRequest) -> HttpResponse:
    organisation_id = id_from(request.POST.get("organisation", ""))
    if organisation_id is None:
        raise Http404("No such organisation.")
    membership = membership_for(request.user, organisation_id)
    request.session[SESSION_KEY] = membership.organisation_id
    services.organisation_open(user=request.user, organisation=membership.organisation)
    return HttpResponseRedirect(safe_next(request, request.POST.get("next")))


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            name=form.cleaned_data["name"], owner=request.user
        )
        request.session[SESSION_KEY] = organisation.pk
        messages.success(request, f"{organisation.name} created. Invite your panel here.")
        return redirect("accounts:members")
    return render(request, "accounts/organisation_form.html", {"form": form})


@login_required
def members(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request, roles=STAFF_ROLES)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        membership = current_membership(request, roles=(Role.OWNER,))
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    organisation=membership.organisation,
                    invited_by=request.user,
                    base_url=request.build_absolute_uri("/"),
                    **form.cleaned_data,
                )
            except services.InvitationError as exc:
                form.add_error("email", str(exc))
            else:
                messages.success(request, f"Invitation mailed to {invitation.email}.")
                return redirect("accounts:members")
    organisation = membership.organisation
    context = {
        "membership": membership,
        "people": organisation.memberships.select_related("user").order_by(
            "role", "user__username"
        ),
        "invitations": organisation.invitations.pending() if membership.is_owner else [],
        "form": form,
        "roles": Role.choices,
    }
    return render(request, "accounts/members.html", context)


def _team_membership(request: HttpRequest, pk: int) -> Membership:
    """A membership of the owner's current team, or 404."""
    owner = current_membership(request, roles=(Role.OWNER,))
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organisation_id=owner.organisation_id
    )


@require_POST
@login_required
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _team_membership(request, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        return redirect("accounts:members")
    try:
        services.membership_role_change(membership=membership, role=form.cleaned_data["role"])
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{membership.user} is now {membership.get_role_display()}.")
    return redirect("accounts:members")


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _team_membership(request, pk)
    try:
        services.membership_remove(membership=membership)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{membership.user} is no longer a member.")
    return redirect("accounts:members")


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    owner = current_membership(request, roles=(Role.OWNER,))
    invitation = get_object_or_404(Invitation, pk=pk, organisation_id=owner.organisation_id)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("accounts:members")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail: shows the offer, and accepts it on POST from the invited account.

    The token stays in the session so the link survives signing up and confirming the email."""
    found = services.invitation_find(token=token)
    if found is None or not found.is_pending:
        request.session.pop(INVITATION_SESSION_KEY, None)
        context = {
            "title": "Invitation not valid",
            "text": "This invitation has expired, was withdrawn or was already used. "
            "Ask the team's owner for a new one.",
        }
        return render(request, "accounts/message_page.html", context, status=404)
    request.session[INVITATION_SESSION_KEY] = token
    if request.method == "POST" and request.user.is_authenticated:
        try:
            joined = services.invitation_accept(invitation=found, user=request.user)
        except services.InvitationError as exc:
            messages.error(request, str(exc))
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            request.session[SESSION_KEY] = joined.organisation_id
            messages.success(request, f"Welcome to {found.organisation.name}.")
            return redirect("interviews:dashboard")
    context = {"invitation": found, "token": token, "addressed": found.addressed_to(request.user)}
    return render(request, "accounts/invitation.html", context)
