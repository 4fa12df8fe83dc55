"""What plans do when another app announces something: a confirmed email links the person to
the candidate records that name that address."""

from django.dispatch import receiver

from accounts.signals import email_confirmed
from interviews.plans.services import candidates_link_account


@receiver(email_confirmed)
def link_candidate_records(sender, *, user, **kwargs) -> None:
    candidates_link_account(user=user)
