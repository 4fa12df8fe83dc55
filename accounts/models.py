import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify


@deconstructible
class UsernameValidator(validators.RegexValidator):
    """No "@" in usernames: a username that looks like someone's address could be mistaken for
    that person wherever people are looked up by what an owner typed."""

    regex = r"^[\w.+-]+\Z"
    message = "Use letters, digits and . + - _ only (no @)."
    flags = 0

    def __call__(self, value) -> None:
        """The refusal names what is wrong: "bartłomiej żółć" fails on its space, not its ł."""
        try:
            super().__call__(value)
        except ValidationError:
            text = str(value)
            if any(c.isspace() for c in text):
                message = "No spaces: use letters, digits and . + - _ only."
            elif "@" in text:
                message = "No @ (this is not your email address): letters, digits and . + - _ only."
            elif odd := next((c for c in text if not re.match(r"[\w.+-]", c)), ""):
                message = f"No “{odd}”: use letters, digits and . + - _ only."
            else:
                message = self.message
            raise ValidationError(message, code=self.code, params={"value": value}) from None


class User(AbstractUser):
    """A person who signs in. Kept as our own model so fields can be added without a migration
    of the auth tables later."""

    username_validator = UsernameValidator()
    username = models.CharField(
        "username",
        max_length=150,
        unique=True,
        help_text="Letters, digits and . + - _ only.",
        validators=[username_validator],
        error_messages={"unique": "That username is taken."},
    )
    # Set when the person opens the link mailed to them. Only a confirmed address links an
    # account to the candidate records (and so the reports) that carry that email.
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # The organisation the person last chose to work in: a new sign-in lands there, never in a
    # team they were put in without opening it.
    last_organisation = models.ForeignKey(
        "Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    INTERVIEWER = "interviewer", "Interviewer"
    CANDIDATE = "candidate", "Candidate"


# Owners and interviewers: the roles that run interviews and read every report of their team.
STAFF_ROLES = (Role.OWNER, Role.INTERVIEWER)


class Organisation(models.Model):
    """A hiring team, or one person's personal space for peer practice.

    Everything people create (question sets, plans, candidates, sessions) belongs to exactly one
    organisation, and every page looks objects up through the user's memberships.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    is_personal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            base = slugify(self.name)[:120] or "org"
            slug, n = base, 1
            while Organisation.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            self.slug = slug
        super().save(*args, **kwargs)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INTERVIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def can_interview(self) -> bool:
        """Owners and interviewers run sessions and edit the organisation's bank."""
        return self.role in STAFF_ROLES


INVITATION_LIFETIME = timedelta(days=7)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An owner's offer of a role in a team, mailed to an address.

    Nobody becomes a member without accepting: the link goes to the address, and only an account
    that has confirmed that same address may accept. Only a digest of the token is stored, so a
    database read does not hand out working links.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INTERVIEWER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    def addressed_to(self, user) -> bool:
        """The account has confirmed the very address the invitation was mailed to."""
        return bool(
            user.is_authenticated
            and user.email_verified_at is not None
            and user.email.lower() == self.email.lower()
        )
