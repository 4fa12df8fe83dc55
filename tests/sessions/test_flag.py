"""Raising and clearing a red flag from the console."""

import pytest

from accounts.models import Role
from interviews.models import AuditEvent, RaisedFlag
from tests.data.builders import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.interviewer])


def _flag(client, session, raised="1"):
    sq = session.questions.get(position=0)
    flag = sq.rubric.red_flags.first()
    return client.post(
        f"/sessions/{session.pk}/flag/",
        {"question": sq.pk, "flag": flag.pk, "raised": raised},
        HTTP_HX_REQUEST="true",
    )


def test_it_raises_and_clears_a_flag_on_the_record(client, team, session):
    client.force_login(team.interviewer)
    assert _flag(client, session).status_code == 200
    assert RaisedFlag.objects.filter(scorecard__interviewer=team.interviewer).count() == 1
    assert _flag(client, session, raised="").status_code == 200
    assert not RaisedFlag.objects.exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("id"))
    assert actions[-2:] == ["red_flag_raised", "red_flag_cleared"]


def test_strangers_and_colleagues_off_the_panel_get_404(client, team, session, membership_factory):
    colleague = membership_factory(organisation=team.organisation, role=Role.INTERVIEWER).user
    for user in (colleague, team.outsider, team.candidate):
        client.force_login(user)
        assert _flag(client, session).status_code == 404
    assert not RaisedFlag.objects.exists()


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(client, session):
    response = _flag(client, session)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not RaisedFlag.objects.exists()
