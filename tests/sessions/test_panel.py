import pytest

from interviews.models import AuditEvent
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team, user_factory):
    second = user_factory(username="second")
    return make_session(team.organisation, [team.interviewer, second])


def test_a_panel_member_cannot_see_others_before_submitting(client, team, session):
    rate_all(session, team.interviewer, lambda n: 4)
    second = session.scorecards.exclude(interviewer=team.interviewer).get().interviewer
    client.force_login(second)
    response = client.get(f"/sessions/{session.pk}/panel/")
    assert response.status_code == 403
    assert "Submit your own scorecard first" in response.text
    console = client.get(f"/sessions/{session.pk}/console/")
    assert 'aria-pressed="true"' not in console.text


def test_after_submitting_they_see_everyone_with_disagreements(client, team, session):
    rate_all(session, team.interviewer, lambda n: 4)
    second = session.scorecards.exclude(interviewer=team.interviewer).get().interviewer
    rate_all(session, second, lambda n: 1 if n == 0 else 4)
    client.force_login(second)
    response = client.get(f"/sessions/{session.pk}/panel/")
    assert response.status_code == 200
    assert response.text.count('pill failed">disagreement') == 1


def test_an_owner_looking_early_is_on_record(client, team, session):
    rate_all(session, team.interviewer, submit=False)
    client.force_login(team.owner)
    assert client.get(f"/sessions/{session.pk}/panel/").status_code == 200
    event = AuditEvent.objects.get(action="scorecards_viewed")
    assert event.actor == team.owner


def test_an_outsider_gets_404(client, team, session):
    client.force_login(team.outsider)
    assert client.get(f"/sessions/{session.pk}/panel/").status_code == 404


def test_an_interviewer_off_the_panel_gets_404(client, team, session, membership_factory):
    from accounts.models import Role

    colleague = membership_factory(organisation=team.organisation, role=Role.INTERVIEWER).user
    client.force_login(colleague)
    assert client.get(f"/sessions/{session.pk}/panel/").status_code == 404


def test_the_session_page_hides_recommendations_until_you_submit(client, team, session):
    rate_all(session, team.interviewer, recommendation="strong_no")
    second = session.scorecards.exclude(interviewer=team.interviewer).get().interviewer
    client.force_login(second)
    assert "Strong no" not in client.get(f"/sessions/{session.pk}/").text
    client.force_login(team.owner)
    assert "Strong no" not in client.get(f"/sessions/{session.pk}/").text


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        ("scheduled", "No one on the panel has submitted a scorecard yet: the interview has not"),
        ("live", "No one on the panel has submitted a scorecard yet. Each interviewer"),
        ("cancelled", "This session was cancelled before anyone submitted a scorecard"),
    ],
)
def test_before_anyone_submits_the_owner_reads_one_sentence_not_empty_tables(
    client, team, session, status, sentence
):
    rate_all(session, team.interviewer, submit=False)  # a draft is never shown
    type(session).objects.filter(pk=session.pk).update(status=status)
    client.force_login(team.owner)
    response = client.get(f"/sessions/{session.pk}/panel/")
    assert response.status_code == 200
    assert sentence in response.text
    assert "<table" not in response.text and "(draft)" not in response.text
    assert "side by side as soon as they submit" in response.text or status == "cancelled"
