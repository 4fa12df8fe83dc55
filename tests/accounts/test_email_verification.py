import re

import pytest
from django.core import mail

from interviews.plans.services import candidate_get_or_create
from tests.mail import committed

pytestmark = pytest.mark.django_db


def _signup(client, email):
    with committed():
        return client.post(
            "/accounts/signup/",
            {"username": "pat", "email": email, "password": "a-long-pass-phrase"},
        )


def _link(message) -> str:
    return re.search(r"http://testserver(/accounts/verify/\S+/)", message.body).group(1)


def test_signup_mails_a_confirmation_link_that_links_waiting_reports(client, team):
    waiting = candidate_get_or_create(
        organisation=team.organisation, name="Pat", email="pat@example.com"
    )
    _signup(client, "Pat@Example.com")
    waiting.refresh_from_db()
    assert waiting.user is None  # nothing is linked on an unconfirmed address
    response = client.get(_link(mail.outbox[-1]), follow=True)
    assert "is confirmed" in response.text
    waiting.refresh_from_db()
    assert waiting.user.username == "pat"
    assert waiting.user.email_verified_at is not None


def test_an_unconfirmed_account_is_never_linked(team, user_factory):
    squatter = user_factory(email="victim@corp.example", email_verified_at=None)
    candidate = candidate_get_or_create(
        organisation=team.organisation, name="Victim", email="victim@corp.example"
    )
    assert candidate.user is None
    assert squatter.candidacies.count() == 0


def test_an_unconfirmed_signup_does_not_block_the_real_owner(client, user_factory):
    user_factory(email="victim@corp.example", email_verified_at=None)
    response = _signup(client, "victim@corp.example")
    assert response.status_code == 302


def test_a_tampered_link_is_refused(client, user_factory):
    user = user_factory(email_verified_at=None)
    response = client.get("/accounts/verify/not-a-token/", follow=True)
    assert "invalid or has expired" in response.text
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_resend_for_an_unconfirmed_account(client, user_factory):
    user = user_factory(email_verified_at=None)
    client.force_login(user)
    with committed():
        client.post("/accounts/verify/resend/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
