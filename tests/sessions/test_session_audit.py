import pytest

from tests.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


def test_an_owner_reads_every_change_in_order(client, team, django_assert_max_num_queries):
    session = make_session(team.organisation, [team.interviewer])
    rate_all(session, team.interviewer)
    client.force_login(team.owner)
    with django_assert_max_num_queries(8):
        response = client.get(f"/sessions/{session.pk}/audit/")
    assert response.status_code == 200
    assert response.text.count("rating_saved") == 7
    assert "scorecard_submitted" in response.text
    assert response.text.index("scorecard_submitted") < response.text.index("rating_saved")


@pytest.mark.parametrize("who", ["interviewer", "candidate", "outsider"])
def test_others_get_404(client, team, who):
    session = make_session(team.organisation, [team.interviewer])
    client.force_login(getattr(team, who))
    assert client.get(f"/sessions/{session.pk}/audit/").status_code == 404


def test_an_owner_reading_it_before_the_panel_submits_is_on_record(client, team):
    from interviews.models import AuditEvent

    session = make_session(team.organisation, [team.interviewer])
    rate_all(session, team.interviewer, submit=False)
    client.force_login(team.owner)
    client.get(f"/sessions/{session.pk}/audit/")
    look = AuditEvent.objects.get(action="scorecards_viewed")
    assert look.actor == team.owner and look.detail == {"page": "audit"}
