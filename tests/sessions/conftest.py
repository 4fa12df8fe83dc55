import pytest

from interviews.sessions.services import session_start
from tests.data.builders import make_session


@pytest.fixture
def started_console(new_page, team, browser_login):
    """The team's interviewer signed in on the console of a session of theirs, just started:
    (page, session)."""
    session = make_session(team.organisation, [team.interviewer])
    session_start(session=session, actor=team.interviewer)
    page = new_page()
    browser_login(page, team.interviewer.username)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/sessions/{session.pk}/console/")
    return page, session
