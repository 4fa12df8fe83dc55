"""Autosaved notes per question."""

import pytest

from accounts.models import Role
from interviews.models import QuestionNote
from tests.data.builders import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.interviewer])


def _note(client, session, text):
    sq = session.questions.get(position=0)
    return client.post(
        f"/sessions/{session.pk}/note/", {"question": sq.pk, "text": text}, HTTP_HX_REQUEST="true"
    )


def test_it_saves_the_note(client, team, session):
    client.force_login(team.interviewer)
    assert _note(client, session, "Named three event sources.").status_code == 200
    assert QuestionNote.objects.get().text == "Named three event sources."


def test_a_note_over_the_limit_is_refused_and_nothing_is_saved(client, team, session):
    client.force_login(team.interviewer)
    response = _note(client, session, "x" * (QuestionNote.TEXT_MAX + 1))
    assert response.status_code == 422
    assert "limited to 20,000 characters" in response.text
    assert not QuestionNote.objects.exists()


def test_strangers_and_colleagues_off_the_panel_get_404(client, team, session, membership_factory):
    colleague = membership_factory(organisation=team.organisation, role=Role.INTERVIEWER).user
    for user in (colleague, team.outsider, team.candidate):
        client.force_login(user)
        assert _note(client, session, "mine now").status_code == 404
    assert not QuestionNote.objects.exists()
