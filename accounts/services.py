from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    INVITATION_LIFETIME,
    Invitation,
    Membership,
    Organisation,
    Role,
    token_digest,
)
from accounts.signals import email_confirmed
from outbox.services import mail_queue

User = get_user_model()


@transaction.atomic
def user_create(
    *, username: str, email: str, password: str, first_name: str = "", email_verified: bool = False
) -> User:
    """Create a user together with the personal organisation they practise in with peers."""
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        email_verified_at=timezone.now() if email_verified else None,
    )
    organisation_create(
        name=f"{user.get_full_name() or username}'s practice", owner=user, is_personal=True
    )
    return user


@transaction.atomic
def organisation_create(*, name: str, owner: User, is_personal: bool = False) -> Organisation:
    organisation = Organisation.objects.create(name=name, is_personal=is_personal)
    Membership.objects.create(user=owner, organisation=organisation, role=Role.OWNER)
    if not is_personal:
        organisation_open(user=owner, organisation=organisation)
    return organisation


def organisation_open(*, user: User, organisation: Organisation) -> None:
    """Remember the organisation a person chose, so the next sign-in lands there."""
    if user.last_organisation_id != organisation.pk:
        user.last_organisation = organisation
        user.save(update_fields=["last_organisation"])


def membership_add(*, organisation: Organisation, user: User, role: str) -> Membership:
    """Seeding only (the demo team, test builders): people join a team by accepting an
    invitation, never by being added."""
    membership, _ = Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


class MembershipError(ValueError):
    pass


def _keeps_an_owner(membership: Membership) -> None:
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.OWNER
    ).exclude(pk=membership.pk)
    if membership.role == Role.OWNER and not others.exists():
        raise MembershipError("A team needs at least one owner: make someone else owner first.")


@transaction.atomic
def membership_role_change(*, membership: Membership, role: str) -> Membership:
    # Lock the team's owners so two owners demoting each other cannot both succeed.
    list(
        Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id, role=Role.OWNER
        )
    )
    if role != Role.OWNER:
        _keeps_an_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    list(
        Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id, role=Role.OWNER
        )
    )
    _keeps_an_owner(membership)
    membership.delete()


class InvitationError(ValueError):
    pass


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: User, base_url: str
) -> Invitation:
    """Mail an invitation; a newer one to the same address replaces any still pending."""
    email = email.strip().lower()
    if (
        Membership.objects.filter(organisation=organisation, user__email__iexact=email)
        .filter(user__email_verified_at__isnull=False)
        .exists()
    ):
        raise InvitationError("Someone with that email is already a member.")
    organisation.invitations.pending().filter(email__iexact=email).update(revoked_at=timezone.now())
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=invited_by,
        token_hash=token_digest(token),
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    link = base_url.rstrip("/") + reverse("accounts:invitation", args=[token])
    inviter = invited_by.get_full_name() or invited_by.username
    mail_queue(
        kind="team_invitation",
        to=email,
        subject=f"{inviter} invites you to {organisation.name} on Rubric interviews",
        body=(
            f"Hello,\n\n{inviter} invites you to join {organisation.name} as "
            f"{invitation.get_role_display().lower()}.\n\nOpen this link to accept (you can "
            f"create an account there if you have none):\n{link}\n\nThe link works for "
            "seven days. If you did not expect it, ignore this email."
        ),
    )
    return invitation


def invitation_find(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=token_digest(token))
        .first()
    )


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Make the person a member with the invited role, with their consent (this call)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationError("This invitation has expired, was withdrawn or was already used.")
    if not invitation.addressed_to(user):
        raise InvitationError(
            f"This invitation is for {invitation.email}: sign in with the account that has "
            "confirmed that address."
        )
    membership, _ = Membership.objects.get_or_create(
        organisation_id=invitation.organisation_id, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    organisation_open(user=user, organisation=invitation.organisation)
    return membership


VERIFY_SALT = "accounts.email-verification"
VERIFY_MAX_AGE = 7 * 24 * 3600


class VerificationError(ValueError):
    pass


def email_taken(email: str, *, excluding: User | None = None) -> bool:
    """Another account has already confirmed this address."""
    others = User.objects.filter(email__iexact=email, email_verified_at__isnull=False)
    if excluding is not None:
        others = others.exclude(pk=excluding.pk)
    return others.exists()


@transaction.atomic
def email_verification_send(*, user: User, base_url: str) -> None:
    """Mail a link that proves the person reads this address (sent after the request, and
    retried while the mail server is down: the page never waits for it).

    When another account already owns the address, its reader is told instead, and no link is
    sent: the page answers the same either way, so sign-up does not reveal who has an account.
    """
    if email_taken(user.email, excluding=user):
        mail_queue(
            kind="signup_notice",
            to=user.email,
            subject="Someone used your email to sign up to Rubric interviews",
            body=(
                "Hello,\n\nSomeone just created an account with this address, which already "
                "belongs to an account of yours. Nothing about your account changed, and the new "
                "account cannot use this address. If it was you, sign in with your existing "
                "account, or reset its password from the sign-in page."
            ),
        )
        return
    token = signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=VERIFY_SALT)
    link = base_url.rstrip("/") + reverse("accounts:verify_email", args=[token])
    mail_queue(
        kind="email_confirmation",
        to=user.email,
        subject="Confirm your email for Rubric interviews",
        body=(
            f"Hello {user.get_full_name() or user.username},\n\n"
            "Confirm that this address is yours, so that the interview reports shared with it "
            f"reach your account:\n{link}\n\nThe link works for seven days. If it was not you, "
            "ignore this email."
        ),
    )


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Confirm the address in a mailed link; apps that hold records under that address (the
    candidates of interviews) link them on the `email_confirmed` signal."""
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature as exc:
        raise VerificationError("This confirmation link is invalid or has expired.") from exc
    user = User.objects.filter(pk=payload.get("user")).first()
    if user is None or user.email.lower() != payload.get("email"):
        raise VerificationError("This confirmation link no longer matches an account.")
    if email_taken(user.email, excluding=user):
        raise VerificationError("That address is already confirmed by another account.")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    email_confirmed.send(sender=User, user=user)
    return user
