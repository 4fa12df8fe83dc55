"""Text a database cannot hold is refused in words, alike on SQLite (which would keep it) and on
PostgreSQL (which refuses a NUL in text and JSON and used to answer 500)."""

import pytest
from django.urls import reverse

from accounts.services import user_create
from interviews.models import Answer, Candidate, QuestionNote
from interviews.practice import selectors
from interviews.practice import services as practice
from interviews.sessions import services
from tests import builders
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NUL = "def handler(event):\x00 return 200"


@pytest.fixture
def live(team):
    session = builders.make_session(team.organisation, [team.interviewer])
    services.session_start(session=session, actor=team.interviewer)
    return session


def test_a_note_with_a_nul_is_refused_beside_the_control(client, team, live):
    client.force_login(team.interviewer)
    sq = live.questions.get(position=0)
    url = reverse("interviews:note", args=[live.pk])
    response = client.post(url, {"question": sq.pk, "text": NUL}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "cannot be stored" in response.text and "NUL" in response.text
    response = client.post(url, {"question": sq.pk, "text": NUL})
    assert response.status_code == 422 and b"cannot be stored" in response.content
    assert not QuestionNote.objects.exists()


def test_the_pad_refuses_a_nul_and_keeps_what_it_had(client, live):
    url = reverse("interviews:screen_pad", args=[live.screen_token])
    response = client.post(url, {"position": 0, "text": "kept"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    response = client.post(url, {"position": 0, "text": NUL}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "cannot be stored" in response.text
    assert Answer.objects.get().text == "kept"


def test_a_written_answer_with_a_nul_is_refused(client):
    writer = user_create(
        username="writer", email="w@example.com", password=PASSWORD, email_verified=True
    )
    plan = builders.make_plan(selectors.personal_space_of(writer), title="Own loop")
    written = practice.written_start(user=writer, plan=plan)
    client.force_login(writer)
    url = reverse("interviews:written_answer", args=[written.session_id])
    response = client.post(url, {"position": 0, "text": NUL}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "cannot be stored" in response.text
    assert not Answer.objects.exclude(text="").exists()


def test_a_form_field_with_a_nul_gets_a_field_error(client, team):
    client.force_login(team.owner)
    response = client.post(
        reverse("interviews:candidate_create"), {"name": "Ada\x00 Lovelace", "email": ""}
    )
    assert response.status_code in (200, 422)
    assert response.context["form"].errors["name"]
    assert not Candidate.objects.filter(name__startswith="Ada").exists()
