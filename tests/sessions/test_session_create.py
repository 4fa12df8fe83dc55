import pytest

from interviews.models import Candidate, InterviewSession
from tests.data.builders import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team):
    return make_plan(team.organisation)


def _login(client, user, organisation):
    client.force_login(user)
    client.post("/accounts/organisations/switch/", {"organisation": organisation.pk})


def test_it_schedules_with_a_new_candidate_and_freezes_the_plan(client, team, plan):
    _login(client, team.owner, team.organisation)
    response = client.post(
        "/sessions/new/",
        {
            "plan": plan.pk,
            "candidate_name": "Robin",
            "candidate_email": team.candidate.email,
            "interviewers": [team.owner.pk, team.interviewer.pk],
            "mode": "hiring",
            "meeting_link": "meet.example.com/abc",
        },
    )
    assert response.status_code == 302
    session = InterviewSession.objects.get()
    assert session.candidate.user == team.candidate  # linked by email
    assert session.meeting_link == "https://meet.example.com/abc"
    assert session.scorecards.count() == 2
    frozen = list(session.questions.values_list("rubric__number", flat=True))
    assert frozen == [1, 1, 1]
    plan.items.first().delete()  # editing the plan later does not touch the session
    assert session.questions.count() == 3
    page = client.get(response.url)
    assert "Robin" in page.text and f"/screen/{session.screen_token}/" in page.text


def test_it_explains_what_is_missing(client, team, plan):
    _login(client, team.owner, team.organisation)
    response = client.post("/sessions/new/", {"plan": plan.pk, "mode": "hiring"})
    assert response.status_code == 200
    assert "Pick a candidate or enter a new candidate" in response.text
    assert "This field is required." in response.text  # interviewers
    assert not InterviewSession.objects.exists()
    assert not Candidate.objects.exists()


def test_only_staff_of_the_organisation_can_be_interviewers(client, team, plan):
    _login(client, team.owner, team.organisation)
    response = client.post(
        "/sessions/new/",
        {
            "plan": plan.pk,
            "candidate_name": "Robin",
            "interviewers": [team.outsider.pk],
            "mode": "hiring",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not InterviewSession.objects.exists()


def test_another_organisations_plan_is_not_offered(client, team, plan):
    _login(client, team.outsider, team.outsider.memberships.get().organisation)
    response = client.post(
        "/sessions/new/",
        {
            "plan": plan.pk,
            "candidate_name": "Robin",
            "interviewers": [team.outsider.pk],
            "mode": "hiring",
        },
    )
    assert response.status_code == 200
    assert not InterviewSession.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_get_404_on_the_session(client, team, plan, who):
    from tests.data.builders import make_session

    session = make_session(team.organisation, [team.interviewer], plan=plan)
    client.force_login(getattr(team, who))
    assert client.get(f"/sessions/{session.pk}/").status_code == 404
    listing = client.get("/sessions/")
    assert listing.status_code == 404 or "Casey Candidate" not in listing.text


def test_the_session_list_is_bounded(client, team, plan, django_assert_max_num_queries):
    from tests.data.builders import make_session

    for n in range(8):
        make_session(team.organisation, [team.interviewer], plan=plan, candidate_name=f"C{n}")
    _login(client, team.interviewer, team.organisation)
    with django_assert_max_num_queries(10):
        response = client.get("/sessions/")
    assert response.text.count("/sessions/") >= 8


def test_links_from_a_plan_or_candidate_preselect_them(client, team, plan):
    from interviews.plans.services import candidate_get_or_create

    candidate = candidate_get_or_create(organisation=team.organisation, name="Robin")
    _login(client, team.owner, team.organisation)
    page = client.get(f"/sessions/new/?plan={plan.pk}&candidate={candidate.pk}").text
    assert f'<option value="{plan.pk}" selected>' in page
    assert f'<option value="{candidate.pk}" selected>' in page
    assert '<option value="hiring" selected>' in page


def test_a_too_long_new_name_gets_only_its_length_error(client, team, plan):
    _login(client, team.owner, team.organisation)
    response = client.post(
        "/sessions/new/",
        {"plan": plan.pk, "candidate_name": "x" * 151, "interviewers": [team.owner.pk]},
    )
    errors = response.context["form"].errors
    assert errors["candidate_name"] == ["Up to 150 characters: this one has 151."]
    assert "Pick a candidate or enter" not in response.text
    assert not InterviewSession.objects.exists()


def test_no_candidate_at_all_still_asks_for_one(client, team, plan):
    _login(client, team.owner, team.organisation)
    response = client.post("/sessions/new/", {"plan": plan.pk, "interviewers": [team.owner.pk]})
    assert response.context["form"].errors["candidate_name"] == [
        "Pick a candidate or enter a new candidate's name."
    ]


def test_the_only_plan_is_preselected(client, team, plan):
    _login(client, team.owner, team.organisation)
    form = client.get("/sessions/new/").context["form"]
    assert form["plan"].value() == plan.pk
    assert f'<option value="{plan.pk}" selected>Mini loop' in str(form["plan"])
    make_plan(team.organisation, title="Another loop")
    assert client.get("/sessions/new/").context["form"]["plan"].value() is None
