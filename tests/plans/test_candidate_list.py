"""The organisation's candidates, searchable, with their sessions at a glance."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.plans import services as plan_services
from tests.data.builders import make_plan, make_session

pytestmark = pytest.mark.django_db

URL = reverse("interviews:candidate_list")


def test_it_lists_candidates_with_account_sessions_and_last_date(client, team, user_factory):
    user_factory(email="casey@example.com")
    plan = make_plan(team.organisation)
    first = make_session(
        team.organisation, [team.interviewer], plan=plan, email="casey@example.com"
    )
    make_session(team.organisation, [team.interviewer], plan=plan, email="casey@example.com")
    first.scheduled_at = timezone.now() + dt.timedelta(days=30)
    first.save()
    plan_services.candidate_get_or_create(organisation=team.organisation, name="Robin Rookie")
    client.force_login(team.interviewer)
    response = client.get(URL)
    assert response.status_code == 200
    casey, robin = response.context["page"].object_list
    assert (casey.name, casey.session_count, casey.user_id is not None) == (
        "Casey Candidate",
        2,
        True,
    )
    assert casey.last_session == first.scheduled_at
    assert (robin.session_count, robin.last_session, robin.user_id) == (0, None, None)
    assert "Linked" in response.text
    assert "None yet" in response.text


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("rob", ["Robin Rookie"]),
        ("EXAMPLE.org", ["Sam Smith"]),
        ("zzz", []),
        ("ølsen", ["Élodie Ølsen-Ærø"]),  # case folded in every script
        ("ÉLODIE", ["Élodie Ølsen-Ærø"]),
        ("elodie olsen", ["Élodie Ølsen-Ærø"]),  # and without the accents
        ("ЮЛИЯ", ["Юлия Ольсен"]),
        ("yuliya", ["Юлия Ольсен"]),
    ],
)
def test_it_searches_by_name_and_email(client, team, query, names):
    plan_services.candidate_get_or_create(organisation=team.organisation, name="Robin Rookie")
    for name in ("Élodie Ølsen-Ærø", "Юлия Ольсен"):
        plan_services.candidate_get_or_create(organisation=team.organisation, name=name)
    plan_services.candidate_get_or_create(
        organisation=team.organisation, name="Sam Smith", email="sam@example.org"
    )
    client.force_login(team.interviewer)
    response = client.get(URL, {"q": query})
    assert [c.name for c in response.context["page"].object_list] == names
    if not names:
        assert f"No candidate matches “{query}”" in response.text


def test_an_htmx_search_answers_only_the_results(client, team):
    plan_services.candidate_get_or_create(organisation=team.organisation, name="Robin Rookie")
    client.force_login(team.interviewer)
    response = client.get(URL, {"q": "rob"}, HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<div id="results">')
    assert "Robin Rookie" in response.text


def test_the_empty_state_offers_to_add_one(client, team):
    client.force_login(team.interviewer)
    response = client.get(URL)
    assert "No candidates yet" in response.text
    assert reverse("interviews:candidate_create") in response.text


def test_the_query_count_is_the_same_for_2_and_12_candidates(client, team):
    plan = make_plan(team.organisation)
    client.force_login(team.interviewer)
    client.get(URL)
    counts = []
    for total in (2, 12):
        while team.organisation.candidates.count() < total:
            n = team.organisation.candidates.count()
            make_session(team.organisation, [team.interviewer], plan=plan, candidate_name=f"C {n}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert len(response.context["page"].object_list) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_outsider_sees_none_of_them(client, team):
    plan_services.candidate_get_or_create(organisation=team.organisation, name="Robin Rookie")
    client.force_login(team.outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Robin Rookie" not in response.text


def test_a_candidate_member_gets_404(client, team):
    client.force_login(team.candidate)
    assert client.get(URL).status_code == 404
