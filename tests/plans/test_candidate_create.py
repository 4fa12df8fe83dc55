"""Adding a candidate: one person per email in an organisation, linked to their account."""

import pytest
from django.urls import reverse

from interviews.models import Candidate

pytestmark = pytest.mark.django_db

URL = reverse("interviews:candidate_create")


def test_it_adds_a_candidate_and_opens_their_page(client, team):
    client.force_login(team.interviewer)
    response = client.post(URL, {"name": " Robin Rookie ", "email": ""})
    candidate = Candidate.objects.get()
    assert response["Location"] == reverse("interviews:candidate_detail", args=[candidate.pk])
    assert (candidate.name, candidate.organisation) == ("Robin Rookie", team.organisation)


def test_the_same_email_is_the_same_person(client, team):
    client.force_login(team.interviewer)
    client.post(URL, {"name": "Sam", "email": "Sam@Example.org"})
    client.post(URL, {"name": "Samantha", "email": "sam@example.org"})
    assert Candidate.objects.get().email == "sam@example.org"


def test_it_links_the_account_with_that_email(client, team, user_factory):
    account = user_factory(email="sam@example.org")
    client.force_login(team.interviewer)
    client.post(URL, {"name": "Sam", "email": "sam@example.org"})
    assert Candidate.objects.get().user == account


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": ""}, "Enter the candidate&#x27;s name."),
        ({"name": "Sam", "email": "not-an-email"}, "Enter an email address like"),
    ],
)
def test_bad_input_is_refused(client, team, data, message):
    client.force_login(team.interviewer)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.text
    assert not Candidate.objects.exists()


def test_a_candidate_member_gets_404(client, team):
    client.force_login(team.candidate)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"name": "Sam"}).status_code == 404
    assert not Candidate.objects.exists()


def test_an_outsider_adds_to_their_own_organisation(client, team):
    client.force_login(team.outsider)
    client.post(URL, {"name": "Sam"})
    assert Candidate.objects.get().organisation != team.organisation
