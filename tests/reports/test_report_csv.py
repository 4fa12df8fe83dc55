import csv
import io

import pytest
from django.urls import reverse

from interviews.models import Report
from interviews.reports.formats.csv import CSV_HEADER
from interviews.reports.formats.display import show
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(team, django_capture_on_commit_callbacks):
    session = make_session(
        team.organisation, [team.owner, team.interviewer], candidate_name="=HYPERLINK(1)"
    )
    rate_all(session, team.owner, points_for=lambda n: n % 5)
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer, points_for=lambda n: None if n == 0 else 2)
    return session


def rows(client, session) -> list[dict]:
    response = client.get(reverse("interviews:report_csv", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="report-' in response["Content-Disposition"]
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    assert reader.fieldnames == CSV_HEADER
    return list(reader)


def test_one_row_per_criterion_per_interviewer(client, team, reported):
    client.force_login(team.owner)
    found = rows(client, reported)
    questions = Report.objects.get(session=reported).data["questions"]
    criteria = sum(len(q["criteria"]) for q in questions)
    assert len(found) == 2 * criteria
    assert {r["interviewer_username"] for r in found} == {
        team.owner.username,
        team.interviewer.username,
    }


def test_rows_carry_points_levels_and_the_interviewers_question_score(client, team, reported):
    client.force_login(team.owner)
    found = rows(client, reported)
    data = Report.objects.get(session=reported).data
    first = next(r for r in found if r["interviewer_username"] == team.owner.username)
    assert first["session_id"] == str(reported.pk)
    assert first["plan"] == "Mini loop"
    assert first["question_position"] == "1"
    assert first["question_key"] == "faas-basics"
    assert first["criterion"] == "Events"
    assert first["criterion_weight"] == "2"
    assert first["points"] == "0" and first["max"] == "4"
    assert first["level"] == "No evidence"
    owner_q1 = data["interviewers"][0]["questions"][0]["score"]
    assert first["question_score"] == show(owner_q1)
    assert len(first["question_score"].split(".")[1]) == 1
    assert first["red_flag_penalty"] == "0"
    missing = next(r for r in found if r["interviewer_username"] == team.interviewer.username)
    assert missing["points"] == "" and missing["level"] == "Not assessed"


def test_text_that_looks_like_a_formula_is_defused(client, team, reported):
    client.force_login(team.owner)
    assert rows(client, reported)[0]["candidate"] == "'=HYPERLINK(1)"


def test_an_outsider_gets_404(client, team, reported):
    client.force_login(team.outsider)
    assert client.get(reverse("interviews:report_csv", args=[reported.pk])).status_code == 404


def test_a_candidate_member_gets_404(client, team, reported):
    client.force_login(team.candidate)
    assert client.get(reverse("interviews:report_csv", args=[reported.pk])).status_code == 404
