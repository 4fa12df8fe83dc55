"""A name longer than its field allows is refused with the field's error, never cut short: the
input has no maxlength (a browser drops what is pasted past it without a word)."""

import inspect

import pytest
from django.urls import reverse

from accounts.models import Organisation
from interviews.models import Candidate
from tests.ops.test_name_clean import NAME_FIELDS

pytestmark = pytest.mark.django_db


def test_a_400_character_team_name_is_refused_not_cut(client, user_factory):
    client.force_login(user_factory())
    url = reverse("accounts:organisation_create")
    form = client.get(url).text
    assert 'name="name"' in form and "maxlength" not in form
    assert "Up to 120 characters." in form
    response = client.post(url, {"name": "Ω" * 400})
    assert response.status_code == 200
    assert "Up to 120 characters: this one has 400." in response.text
    assert not Organisation.objects.filter(name__startswith="Ω").exists()


def test_a_too_long_candidate_name_is_refused(client, team):
    client.force_login(team.owner)
    response = client.post(reverse("interviews:candidate_create"), {"name": "x" * 151})
    assert "Up to 150 characters: this one has 151." in response.text
    assert not Candidate.objects.filter(name__startswith="xxx").exists()


@pytest.mark.parametrize(("form", "field"), NAME_FIELDS)
def test_no_name_input_lets_the_browser_cut_it(form, field, team):
    takes = inspect.signature(form.__init__).parameters
    unbound = form(organisation=team.organisation) if "organisation" in takes else form()
    assert "maxlength" not in str(unbound[field])
