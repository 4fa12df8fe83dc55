import pytest
from django.urls import reverse

from interviews.models import Report
from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db

EMAIL = "casey@example.com"


@pytest.fixture
def history(team, django_capture_on_commit_callbacks):
    plan = make_plan(team.organisation)
    sessions = []
    for points in (1, 3, 4):
        session = make_session(team.organisation, [team.owner], plan=plan, email=EMAIL)
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.owner, points_for=lambda n, p=points: p)
        sessions.append(session)
    make_session(team.organisation, [team.owner], plan=plan, email=EMAIL)  # not submitted
    return sessions


def url(session) -> str:
    return reverse("interviews:candidate_history", args=[session.candidate_id])


def test_it_lists_ready_reports_newest_first_with_the_chart(client, team, history):
    client.force_login(team.interviewer)
    response = client.get(url(history[0]))
    assert response.status_code == 200
    assert [h["session_id"] for h in response.context["history"]] == [
        s.pk for s in reversed(history)
    ]
    chart = response.context["chart"]
    overall = chart["series"][0]
    assert overall["name"] == "overall" and len(overall["dots"]) == 3
    assert overall["dots"][0]["y"] > overall["dots"][-1]["y"]  # higher score, higher on the chart
    html = response.content.decode()
    assert "<svg" in html and "Compare with previous" in html
    reports = Report.objects.filter(session__in=history).order_by("submitted_at")
    for report in reports:
        assert report.data["display"]["overall"] in html


def test_one_report_explains_the_missing_chart(client, team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner], email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    client.force_login(team.owner)
    response = client.get(url(session))
    assert response.context["chart"] is None
    assert "The chart appears once there is a second one" in response.content.decode()


def test_no_reports_yet(client, team):
    session = make_session(team.organisation, [team.owner], email=EMAIL)
    client.force_login(team.owner)
    assert "No ready reports for" in client.get(url(session)).content.decode()


def test_the_linked_candidate_sees_their_own_history(client, team, history):
    candidate = history[0].candidate
    candidate.user = team.candidate
    candidate.save()
    client.force_login(team.candidate)
    response = client.get(url(history[0]))
    assert response.status_code == 200
    assert len(response.context["history"]) == 3


def test_a_candidate_member_cannot_read_another_candidates_history(client, team, history):
    client.force_login(team.candidate)
    assert client.get(url(history[0])).status_code == 404


def test_an_outsider_gets_404(client, team, history):
    client.force_login(team.outsider)
    assert client.get(url(history[0])).status_code == 404
