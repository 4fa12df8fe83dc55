import re

import pytest
from django.core import mail

from tests.mail import committed

pytestmark = pytest.mark.django_db


def test_it_emails_a_working_reset_link(client, user_factory):
    user = user_factory(email="reset@example.com")
    with committed():
        response = client.post("/accounts/password/reset/", {"email": "reset@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body).group(
        1
    )
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(
        form_url, {"new_password1": "a-brand-new-secret", "new_password2": "a-brand-new-secret"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-secret")


def test_password_change(client, user_factory, password):
    user = user_factory()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": password,
            "new_password1": "another-good-secret",
            "new_password2": "another-good-secret",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-good-secret")
