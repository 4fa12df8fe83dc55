import pytest

from interviews.models import Candidate, RegradeRequest, Report
from interviews.reports import regrades
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner, team.interviewer], mode="hiring")
    Candidate.objects.filter(pk=session.candidate_id).update(user=team.candidate)
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner, lambda n: 1)
        rate_all(session, team.interviewer, lambda n: 2)
    return Report.objects.select_related("candidate").get(session=session)


def choice(report):
    question = report.data["questions"][0]
    return f"{question['id']}:{question['criteria'][0]['id']}"


def contest(client, report, **data):
    data = {"criterion": choice(report), "reason": "I named three sources.", **data}
    return client.post(f"/reports/{report.session_id}/regrade/", data)


def test_the_candidate_contests_from_the_report_and_sees_it_waiting(client, team, report):
    client.force_login(team.candidate)
    page = client.get(f"/reports/{report.session_id}/").text
    assert f"/reports/{report.session_id}/regrade/" in page
    response = contest(client, report)
    assert response.status_code == 302
    page = client.get(f"/reports/{report.session_id}/").text
    assert "Waiting for an answer" in page and "I named three sources." in page
    assert "/regrades/" not in page  # no owner's link for the candidate


def test_a_bad_request_is_refused_on_the_field(client, team, report):
    client.force_login(team.candidate)
    response = contest(client, report, reason="")
    assert response.status_code == 422
    assert response.context["form"].errors["reason"]
    first, second = report.data["questions"][:2]
    mismatched = f"{first['id']}:{second['criteria'][0]['id']}"
    response = contest(client, report, criterion=mismatched)
    assert response.status_code == 422 and response.context["form"].errors["criterion"]
    assert not RegradeRequest.objects.exists()


@pytest.mark.parametrize("who", ["owner", "interviewer", "outsider"])
def test_only_the_candidate_may_contest(client, team, report, who):
    client.force_login(getattr(team, who))
    assert client.get(f"/reports/{report.session_id}/regrade/").status_code == 404
    assert contest(client, report).status_code == 404


def test_the_owner_answers_and_the_candidate_reads_the_answer(client, team, report):
    question, criterion = (int(x) for x in choice(report).split(":"))
    regrade = regrades.regrade_request(
        report=report,
        session_question_id=question,
        criterion_id=criterion,
        reason="I named three sources.",
        actor=team.candidate,
    )
    client.force_login(team.owner)
    listing = client.get("/regrades/")
    assert listing.status_code == 200 and report.candidate.name in listing.text
    assert client.get(f"/regrades/{regrade.pk}/").status_code == 200
    response = client.post(f"/regrades/{regrade.pk}/", {"answer": "decline", "response": ""})
    assert response.status_code == 422
    response = client.post(
        f"/regrades/{regrade.pk}/", {"answer": "decline", "response": "One source, twice."}
    )
    assert response.status_code == 302
    client.force_login(team.candidate)
    page = client.get(f"/reports/{report.session_id}/").text
    assert "Declined" in page and "One source, twice." in page


def test_the_owner_list_is_bounded_in_queries(client, team, report, django_assert_max_num_queries):
    for q in report.data["questions"]:
        for c in q["criteria"]:
            regrades.regrade_request(
                report=report,
                session_question_id=int(q["id"]),
                criterion_id=int(c["id"]),
                reason="again",
                actor=team.candidate,
            )
    client.force_login(team.owner)
    with django_assert_max_num_queries(6):
        response = client.get("/regrades/")
    assert len(response.context["regrades"]) == 7


@pytest.mark.parametrize("who", ["interviewer", "candidate", "outsider"])
def test_the_owner_pages_are_a_404_for_anyone_else(client, team, report, who):
    question, criterion = (int(x) for x in choice(report).split(":"))
    regrade = regrades.regrade_request(
        report=report,
        session_question_id=question,
        criterion_id=criterion,
        reason="x",
        actor=team.candidate,
    )
    client.force_login(getattr(team, who))
    listing = client.get("/regrades/")
    if who == "outsider":  # an owner elsewhere sees their own organisation's, none of these
        assert listing.status_code == 200 and listing.context["regrades"] == []
    else:
        assert listing.status_code == 404
    assert client.get(f"/regrades/{regrade.pk}/").status_code == 404
    response = client.post(f"/regrades/{regrade.pk}/", {"answer": "accept", "response": "x"})
    assert response.status_code == 404
    assert RegradeRequest.objects.get().status == RegradeRequest.Status.OPEN


def test_anonymous_is_sent_to_sign_in(client, report):
    assert client.get("/regrades/").status_code == 302
    assert client.get(f"/reports/{report.session_id}/regrade/").status_code == 302


def test_with_no_request_the_owner_reads_what_would_come_here(client, team):
    client.force_login(team.owner)
    html = client.get("/regrades/").content.decode()
    assert "No candidate has contested a rating." in html
    assert "the request waits here for you to accept or decline it" in html
