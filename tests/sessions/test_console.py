import pytest

from interviews.models import InterviewSession
from tests.builders import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.owner, team.interviewer])


def test_it_shows_prompt_guidance_and_rubric_levels(client, team, session):
    client.force_login(team.interviewer)
    response = client.get(f"/sessions/{session.pk}/console/")
    assert response.status_code == 200
    assert "What is FaaS?" in response.text
    assert "Listen for events, statelessness and scaling." in response.text
    assert "Thinks functions keep memory between calls" in response.text
    # Every level's descriptor is on the page, not in a tooltip.
    assert "Correct and complete for the role" in response.text
    assert "0/2" in response.text  # progress of question 1


def test_moving_needs_the_start_then_marks_the_question_asked(client, team, session):
    client.force_login(team.owner)  # the first interviewer leads
    client.post(f"/sessions/{session.pk}/move/", {"position": 1})
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.SCHEDULED
    assert session.current_position == 0
    client.post(f"/sessions/{session.pk}/start/")
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.LIVE and session.started_at is not None
    assert session.questions.get(position=0).asked
    response = client.post(f"/sessions/{session.pk}/move/", {"position": 1})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.current_position == 1
    assert session.questions.get(position=1).asked
    page = client.get(f"/sessions/{session.pk}/console/")
    assert "p99 latency doubled" in page.text


def test_moving_past_the_end_clamps(client, team, session):
    client.force_login(team.owner)
    client.post(f"/sessions/{session.pk}/start/")
    client.post(f"/sessions/{session.pk}/move/", {"position": 99})
    session.refresh_from_db()
    assert session.current_position == 2


def test_it_shows_only_my_own_ratings(client, team, session):
    from tests.builders import rate_all

    rate_all(session, team.owner, lambda n: 4, submit=False)
    client.force_login(team.interviewer)
    page = client.get(f"/sessions/{session.pk}/console/")
    assert 'aria-pressed="true"' not in page.text


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_get_404(client, team, session, who):
    client.force_login(getattr(team, who))
    assert client.get(f"/sessions/{session.pk}/console/").status_code == 404
    assert client.post(f"/sessions/{session.pk}/move/", {"position": 1}).status_code == 404


def test_flags_and_notes_autosave(client, team, session):
    sq = session.questions.get(position=0)
    flag = sq.rubric.red_flags.get()
    client.force_login(team.interviewer)
    headers = {"HTTP_HX_REQUEST": "true"}
    url = f"/sessions/{session.pk}"
    assert (
        client.post(
            f"{url}/flag/", {"question": sq.pk, "flag": flag.pk, "raised": ["0", "1"]}, **headers
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"{url}/note/", {"question": sq.pk, "text": "Knew cold starts well"}, **headers
        ).status_code
        == 200
    )
    card = session.scorecards.get(interviewer=team.interviewer)
    assert card.raised_flags.get().red_flag == flag
    assert card.notes.get().text == "Knew cold starts well"
    client.post(f"{url}/flag/", {"question": sq.pk, "flag": flag.pk, "raised": "0"}, **headers)
    assert not card.raised_flags.exists()


def test_a_flag_from_another_question_is_refused(client, team, session):
    other = session.questions.get(position=1)
    flag = session.questions.get(position=0).rubric.red_flags.get()
    client.force_login(team.interviewer)
    response = client.post(
        f"/sessions/{session.pk}/flag/",
        {"question": other.pk, "flag": flag.pk, "raised": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
