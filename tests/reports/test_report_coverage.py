"""Coverage: which questions were asked, and how the report says so in every format."""

import json

import pytest
from django.urls import reverse

from interviews.models import InterviewSession, Report
from interviews.sessions import services as session_services
from tests.data.builders import make_session, rate_all, rate_some
from tests.reports.test_report_json import assert_consistent
from tests.reports.test_report_pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def partial(team, django_capture_on_commit_callbacks):
    """Two of the three questions asked: the behavioral one never was."""
    session = make_session(
        team.organisation, [team.owner, team.interviewer], mode=InterviewSession.Mode.HIRING
    )
    rate_some(session, team.owner, [0, 1], points_for=lambda n: 3)
    with django_capture_on_commit_callbacks(execute=True):
        # The interviewer marks one of Q2's criteria not assessed: rated still counts the owner's.
        rate_some(session, team.interviewer, [0, 1], points_for=lambda n: None if n == 2 else 2)
    return session


def report_data(session) -> dict:
    return Report.objects.get(session=session).data


def test_it_marks_each_question_asked_and_keeps_every_question(partial):
    data = report_data(partial)
    assert [(q["key"], q["asked"]) for q in data["questions"]] == [
        ("faas-basics", True),
        ("latency-scenario", True),
        ("star-outage", False),
    ]
    assert_consistent(data)


def test_it_counts_questions_and_criteria(partial):
    assert report_data(partial)["coverage"] == {
        "questions_asked": 2,
        "questions_total": 3,
        "criteria_rated": 4,
        "criteria_total": 7,
        "provisional": True,
        "categories_not_asked": ["behavioral"],
    }


def test_a_question_shown_to_the_candidate_is_asked_even_unrated(
    team, django_capture_on_commit_callbacks
):
    session = make_session(team.organisation, [team.owner])
    session_services.session_start(session=session, actor=team.owner)
    session_services.session_move(session=session, position=2, actor=team.owner)
    card = session.scorecards.get(interviewer=team.owner)
    third = session.questions.get(position=2)
    for criterion in third.rubric.criteria.all():
        session_services.rating_save(
            scorecard=card,
            session_question_id=third.pk,
            criterion_id=criterion.pk,
            points=None,
            not_assessed=True,
            actor=team.owner,
        )
    with django_capture_on_commit_callbacks(execute=True):
        rate_some(session, team.owner, [0, 1])
    data = report_data(session)
    assert [q["asked"] for q in data["questions"]] == [True, True, True]
    assert data["coverage"]["questions_asked"] == 3
    assert data["coverage"]["criteria_rated"] == 4
    assert data["coverage"]["provisional"] is False


def test_not_assessed_alone_does_not_make_a_question_asked(
    team, django_capture_on_commit_callbacks
):
    session = make_session(team.organisation, [team.owner])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner, points_for=lambda n: None if n >= 4 else 2)
    data = report_data(session)
    assert [q["asked"] for q in data["questions"]] == [True, True, False]


def test_a_full_interview_is_not_provisional(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    coverage = report_data(session)["coverage"]
    assert coverage["questions_asked"] == coverage["questions_total"] == 3
    assert coverage["criteria_rated"] == coverage["criteria_total"] == 7
    assert coverage["provisional"] is False


def test_the_page_says_how_much_was_asked_and_leaves_the_rest_out(client, team, partial):
    client.force_login(team.owner)
    response = client.get(reverse("interviews:report_detail", args=[partial.pk]))
    page = response.text
    assert "Asked 2 of 3 questions · 4 of 7 criteria rated" in page
    assert [q["key"] for q in response.context["questions"]] == [
        "faas-basics",
        "latency-scenario",
    ]
    assert 'id="q-3"' not in page
    assert "data-provisional" in page and "Behavioral was never asked" in page
    assert 'data-not-asked="behavioral"' in page


def test_a_complete_report_has_no_provisional_mark(
    client, team, django_capture_on_commit_callbacks
):
    session = make_session(team.organisation, [team.owner])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    client.force_login(team.owner)
    page = client.get(reverse("interviews:report_detail", args=[session.pk])).text
    assert "Asked 3 of 3 questions · 7 of 7 criteria rated" in page
    assert "data-provisional" not in page


def test_the_csv_leaves_unasked_questions_out(client, team, partial):
    client.force_login(team.owner)
    text = client.get(reverse("interviews:report_csv", args=[partial.pk])).content.decode()
    assert "latency-scenario" in text and "star-outage" not in text


def test_the_pdf_leaves_unasked_questions_out(client, team, partial):
    client.force_login(team.owner)
    text, _ = pdf_text(client.get(reverse("interviews:report_pdf", args=[partial.pk])).content)
    assert "Asked 2 of 3 questions" in text and "(provisional)" in text
    assert "Q3 ·" not in text
    assert "Not asked, so left out: Q3" in text


def test_the_json_download_keeps_unasked_questions(client, team, partial):
    client.force_login(team.owner)
    data = json.loads(client.get(reverse("interviews:report_json", args=[partial.pk])).content)
    assert len(data["questions"]) == 3 and data["questions"][2]["asked"] is False
    assert data["coverage"]["questions_asked"] == 2


def test_an_older_report_without_coverage_still_renders_every_question(client, team, partial):
    report = Report.objects.get(session=partial)
    for q in report.data["questions"]:
        del q["asked"]
    del report.data["coverage"]
    report.save(update_fields=["data"])
    client.force_login(team.owner)
    response = client.get(reverse("interviews:report_detail", args=[partial.pk]))
    assert len(response.context["questions"]) == 3
    assert "criteria rated" not in response.text


def test_a_stranger_sees_no_coverage(client, team, partial):
    client.force_login(team.outsider)
    assert client.get(reverse("interviews:report_detail", args=[partial.pk])).status_code == 404
