from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Membership, Organisation, Role

User = get_user_model()


@transaction.atomic
def user_create(*, username: str, email: str, password: str, first_name: str = "") -> User:
    """Create a user together with the personal organisation they practise in with peers."""
    user = User.objects.create_user(
        username=username, email=email, password=password, first_name=first_name
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
