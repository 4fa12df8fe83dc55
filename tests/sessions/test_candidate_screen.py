import pytest

from interviews.sessions import services as session_services
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db

# Nothing of the rubric or the interviewer's material may ever reach the candidate.
FORBIDDEN = [
    "Listen for events",  # guidance
    "Expect logs, metrics and traces",  # guidance
    "Events",
    "Statelessness",
    "Evidence first",
    "Situation",  # criteria
    "Thinks functions keep memory",  # red flag
    "Correct and complete",  # level descriptor
    "STAR.",
    "Secret note",
    "weight",
]


def test_it_never_shows_interviewer_material_at_any_step(client, team):
    session = make_session(team.organisation, [team.interviewer])
    card = session.scorecards.get()
    session_services.note_save(
        scorecard=card, session_question_id=session.questions.first().pk, text="Secret note"
    )
    url = f"/screen/{session.screen_token}/"
    pages = [client.get(url).text]
    session_services.session_start(session=session, actor=team.interviewer)
    for position in range(3):
        session_services.session_move(session=session, position=position, actor=team.interviewer)
        pages.append(client.get(url).text)
        pages.append(client.get(url, HTTP_HX_REQUEST="true").text)
    rate_all(session, team.interviewer)
    pages.append(client.get(url).text)
    for text in pages:
        for secret in FORBIDDEN:
            assert secret not in text
    assert "What is FaaS?" in pages[2]
    assert "p99 latency doubled" in pages[4]
    assert "the interview is over" in pages[-1]


def test_it_follows_the_interviewer(client, team):
    session = make_session(team.organisation, [team.interviewer])
    url = f"/screen/{session.screen_token}/"
    assert "Waiting for your interviewer" in client.get(url).text
    session_services.session_start(session=session, actor=team.interviewer)
    session_services.session_move(session=session, position=1, actor=team.interviewer)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.text.lstrip().startswith('<section id="stage"')
    assert "Question 2 of 3" in fragment.text


def test_an_unknown_token_is_404(client):
    assert client.get("/screen/not-a-real-token/").status_code == 404


def test_the_end_of_a_hiring_interview_is_announced_in_the_headings_words(client, team):
    session = make_session(team.organisation, [team.interviewer], mode="hiring")
    session_services.session_start(session=session, actor=team.interviewer)
    rate_all(session, team.interviewer)
    page = client.get(f"/screen/{session.screen_token}/").text
    assert "<h1>Thank you — the interview is over.</h1>" in page
    assert 'data-announce="Thank you — the interview is over."' in page
    assert "The interview is over." not in page  # not a second, different sentence
