"""A name typed into any form is kept without the invisible controls that would turn the text
beside it around (U+202E) or make two equal names differ, by one cleaning function."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from accounts.forms import OrganisationForm, SignupForm
from accounts.models import Organisation
from accounts.services import organisation_create
from config.forms import NameField, name_clean
from interviews.models import Candidate, InterviewPlan, InterviewSession
from interviews.plans.forms import CandidateForm, PlanForm
from interviews.practice.forms import PracticeForm
from interviews.sessions.forms import ScheduleForm, SessionEditForm
from tests.data import builders

pytestmark = pytest.mark.django_db

RLO = "\u202e"
# Overrides, embeddings, isolates, marks, a zero-width space and a byte-order mark.
HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\ufeff"


def test_name_clean_drops_format_controls_and_keeps_joiners():
    assert name_clean(f"{RLO}evil O'Brien") == "evil O'Brien"
    assert name_clean(f"Ana{HIDDEN} Lima") == "Ana Lima"
    assert name_clean("  Ana\t\n Lima  ") == "Ana Lima"
    mehrnaz = "\u0645\u0647\u0631\u200c\u0646\u0627\u0632"  # its non-joiner shapes the letters
    assert name_clean(mehrnaz) == mehrnaz
    assert name_clean("Z\u0307o\u0301łć") == "Żółć"  # composed, so it matches a typed Żółć


# Every form field where a person types a name or a title (tests/ops/test_name_length.py too).
NAME_FIELDS = [
    (SignupForm, "first_name"),
    (OrganisationForm, "name"),
    (CandidateForm, "name"),
    (PlanForm, "title"),
    (PracticeForm, "peer_name"),
    (ScheduleForm, "candidate_name"),
    (SessionEditForm, "candidate_name"),
]


@pytest.mark.parametrize(("form", "field"), NAME_FIELDS)
def test_every_name_field_is_cleaned_the_same_way(form, field):
    assert isinstance(form.base_fields[field], NameField)


def test_a_team_name_is_stored_without_the_controls(client, user_factory):
    user = user_factory()
    client.force_login(user)
    client.post(reverse("accounts:organisation_create"), {"name": f"Platform{RLO} hiring"})
    assert Organisation.objects.filter(name="Platform hiring").exists()


def test_a_signup_name_is_stored_without_the_controls(client):
    client.post(
        reverse("accounts:signup"),
        {
            "username": "ada",
            "first_name": f"Ada{RLO} Lovelace\u2069",
            "email": "ada@example.com",
            "password": "a-long-pass-phrase",
        },
    )
    assert get_user_model().objects.get(username="ada").first_name == "Ada Lovelace"


def test_candidate_and_plan_names_are_stored_without_the_controls(client, team):
    client.force_login(team.owner)
    client.post(reverse("interviews:candidate_create"), {"name": f"{RLO}Robin Roe", "email": ""})
    assert Candidate.objects.filter(name="Robin Roe").exists()
    client.post(
        reverse("interviews:plan_create"),
        {"title": "Backend\u202d onsite", "strong_hire": "85", "hire": "70", "lean_no_hire": "50"},
    )
    assert InterviewPlan.objects.filter(title="Backend onsite").exists()


def test_a_peers_name_is_stored_without_the_controls(client, user_factory):
    call_command("load_bank", "questionbank/banks/serverless.yaml", verbosity=0)
    me = user_factory()
    organisation_create(name="My practice", owner=me, is_personal=True)
    client.force_login(me)
    client.post(reverse("interviews:practice_start"), {"peer_name": f"O'Brien {RLO}evil"})
    assert InterviewSession.objects.get().candidate.name == "O'Brien evil"


def test_a_stored_name_cannot_turn_the_plan_title_around(client, team):
    plan = builders.make_plan(team.organisation, title="Serverless loop")
    session = builders.make_session(
        team.organisation, [team.owner], plan=plan, candidate_name=f"Legacy {RLO}evil"
    )
    client.force_login(team.owner)
    console = client.get(reverse("interviews:console", args=[session.pk])).text
    assert f'<span class="name">Legacy {RLO}evil</span>' in console  # an island of its own
    assert "<bdi>Serverless loop</bdi>" in console
