from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import services
from accounts.access import SESSION_KEY, current_membership, membership_for
from accounts.forms import MemberAddForm, OrganisationForm, SignupForm
from accounts.models import STAFF_ROLES, Role


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("interviews:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(**form.cleaned_data)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        services.email_verification_send(user=user, base_url=request.build_absolute_uri("/"))
        messages.success(
            request,
            "Welcome! Your practice space is ready. We have mailed you a link to confirm your "
            "email, so that reports shared with it reach you.",
        )
        return redirect("interviews:dashboard")
    return render(request, "accounts/signup.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.email_verify(token=token)
    except services.VerificationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Thank you — {user.email} is confirmed.")
    return redirect("interviews:dashboard" if request.user.is_authenticated else "accounts:login")


@require_POST
@login_required
def verify_email_resend(request: HttpRequest) -> HttpResponse:
    if request.user.email_verified_at is None:
        services.email_verification_send(
            user=request.user, base_url=request.build_absolute_uri("/")
        )
        messages.success(request, f"A new confirmation link is on its way to {request.user.email}.")
    return redirect("interviews:dashboard")


@require_POST
@login_required
def organisation_switch(request: HttpRequest) -> HttpResponse:
    organisation_id = request.POST.get("organisation", "")
    if not organisation_id.isdigit():
        raise Http404("No such organisation.")
    membership = membership_for(request.user, int(organisation_id))
    request.session[SESSION_KEY] = membership.organisation_id
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "interviews:dashboard"
    return redirect(target)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            name=form.cleaned_data["name"], owner=request.user
        )
        request.session[SESSION_KEY] = organisation.pk
        messages.success(
            request, f"{organisation.name} created. Add your panel on the members page."
        )
        return redirect("accounts:members")
    return render(request, "accounts/organisation_form.html", {"form": form})


@login_required
def members(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request, roles=STAFF_ROLES)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST":
        membership = current_membership(request, roles=(Role.OWNER,))
        if form.is_valid():
            added = services.membership_add(
                organisation=membership.organisation,
                user=form.cleaned_data["who"],
                role=form.cleaned_data["role"],
            )
            messages.success(request, f"{added.user} is now {added.get_role_display().lower()}.")
            return redirect("accounts:members")
    people = membership.organisation.memberships.select_related("user").order_by(
        "role", "user__username"
    )
    return render(
        request, "accounts/members.html", {"membership": membership, "people": people, "form": form}
    )
