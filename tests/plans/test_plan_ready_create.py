"""The ready-made hour over the shared serverless bank, created only when asked."""

import pytest
from django.conf import settings
from django.urls import reverse

from interviews.plans.services import DEFAULT_PLAN_TITLE
from questionbank.bankfile import read_bank
from questionbank.services import bank_load

pytestmark = pytest.mark.django_db

URL = reverse("interviews:plan_ready_create")


@pytest.fixture
def serverless_bank():
    bank_load(spec=read_bank(settings.BASE_DIR / "questionbank/banks/serverless.yaml"))


def test_it_creates_the_ready_plan_once(client, team, serverless_bank):
    client.force_login(team.interviewer)
    response = client.post(URL)
    plan = team.organisation.plans.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.title == DEFAULT_PLAN_TITLE
    assert sum(item.minutes for item in plan.items.all()) == 60
    client.post(URL)
    assert team.organisation.plans.count() == 1


def test_it_explains_when_the_shared_bank_is_missing(client, team):
    client.force_login(team.interviewer)
    response = client.post(URL, follow=True)
    assert not team.organisation.plans.exists()
    assert "not loaded on this server yet" in response.text


def test_it_rejects_get(client, team):
    client.force_login(team.interviewer)
    assert client.get(URL).status_code == 405


def test_an_outsider_creates_it_in_their_own_organisation_only(client, team, serverless_bank):
    client.force_login(team.outsider)
    client.post(URL)
    assert not team.organisation.plans.exists()
    assert team.outsider.memberships.get().organisation.plans.count() == 1


def test_a_candidate_member_gets_404(client, team, serverless_bank):
    client.force_login(team.candidate)
    assert client.post(URL).status_code == 404
    assert not team.organisation.plans.exists()
