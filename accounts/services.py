from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from accounts.signals import email_confirmed

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
    return organisation


def membership_add(*, organisation: Organisation, user: User, role: str) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


VERIFY_SALT = "accounts.email-verification"
VERIFY_MAX_AGE = 7 * 24 * 3600


class VerificationError(ValueError):
    pass


def email_verification_send(*, user: User, base_url: str) -> None:
    """Mail a link that proves the person reads this address."""
    token = signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=VERIFY_SALT)
    link = base_url.rstrip("/") + reverse("accounts:verify_email", args=[token])
    send_mail(
        subject="Confirm your email for Rubric interviews",
        message=(
            f"Hello {user.get_full_name() or user.username},\n\n"
            "Confirm that this address is yours, so that the interview reports shared with it "
            f"reach your account:\n{link}\n\nThe link works for seven days. If it was not you, "
            "ignore this email."
        ),
        from_email=None,
        recipient_list=[user.email],
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
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    email_confirmed.send(sender=User, user=user)
    return user
