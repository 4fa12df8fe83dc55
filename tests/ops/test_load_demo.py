import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from interviews.management.commands.load_demo import ORG_NAME
from interviews.models import InterviewerFeedback, InterviewSession, Report
from tests.conftest import module_transaction
from tests.reports.test_report_json import assert_consistent
from tests.reports.test_report_pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> str:
    """The shipped bank and the demo, loaded once for the module (each test runs in a savepoint
    of it); what load_demo printed."""
    out = StringIO()
    with module_transaction(django_db_blocker):
        call_command("load_bank", "questionbank/banks/serverless.yaml", stdout=StringIO())
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=out)
        yield out.getvalue()


def test_demo_has_logins_and_the_reports_the_guide_promises(client, demo):
    assert "demo-owner" in demo and "practise-serverless-2026" in demo
    assert "peer-maya" in demo and "peer-leo" in demo

    reports = Report.objects.filter(status=Report.Status.READY, organisation__name=ORG_NAME)
    assert reports.count() == 10
    single = [r for r in reports if len(r.data["interviewers"]) == 1]
    panel = [r for r in reports if len(r.data["interviewers"]) >= 2]
    assert len(single) == 4 and len(panel) == 6
    assert len({r.plan_id for r in panel}) == 1  # six panels on one plan, for the agreement
    assert any(r.data["disagreements"] for r in panel)
    alex = reports.filter(candidate__name="Alex Rivera").order_by("submitted_at")
    overalls = [r.overall for r in alex]
    assert len(overalls) == 3 and overalls == sorted(overalls)
    assert all(r.band and r.band_rank == Report.rank_of(r.band) for r in reports)

    response = client.post(
        "/accounts/login/", {"username": "demo-interviewer", "password": "practise-serverless-2026"}
    )
    assert response.status_code == 302
    assert "Jordan Kim" in client.get("/").text

    call_command("load_demo")  # a second run changes nothing
    assert Report.objects.count() == 13  # the team, the swapped peers, the written practice


def test_demo_has_an_interview_where_only_some_questions_were_asked(client, demo):
    report = Report.objects.get(candidate__name="Morgan Blake", status=Report.Status.READY)
    client.post(
        "/accounts/login/", {"username": "demo-owner", "password": "practise-serverless-2026"}
    )
    response = client.get(reverse("interviews:report_json", args=[report.session_id]))
    data = json.loads(response.content)
    assert data["coverage"]["questions_asked"] == 3
    assert data["coverage"]["questions_total"] == 8
    assert data["coverage"]["criteria_rated"] < data["coverage"]["criteria_total"]
    assert data["coverage"]["provisional"] is True
    assert data["coverage"]["categories_not_asked"] == ["system_design"]
    assert [q["asked"] for q in data["questions"]] == [
        True, False, False, True, False, True, False, False
    ]  # fmt: skip
    assert_consistent(data)

    page = client.get(reverse("interviews:report_detail", args=[report.session_id]))
    assert [q["position"] for q in page.context["questions"]] == [1, 4, 6]
    assert "Asked 3 of 8 questions" in page.text and "data-provisional" in page.text
    for position in (2, 3, 5, 7, 8):
        assert f'id="q-{position}"' not in page.text

    pdf = client.get(reverse("interviews:report_pdf", args=[report.session_id])).content
    text, _ = pdf_text(pdf)
    assert "Asked 3 of 8 questions" in text
    for position in (1, 4, 6):
        assert f"Q{position} \N{MIDDLE DOT} " in text
    for position in (2, 3, 5, 7, 8):
        assert f"Q{position} \N{MIDDLE DOT} " not in text


def test_demo_has_a_candidate_named_in_greek_whose_pdf_prints_the_name(client, demo):
    report = Report.objects.get(candidate__name="Ελένη Παπαδοπούλου")
    client.force_login(report.organisation.memberships.get(role="owner").user)
    response = client.get(reverse("interviews:report_pdf", args=[report.session_id]))
    text, _ = pdf_text(response.content)
    assert "Ελένη Παπαδοπούλου" in text
    assert 'filename="report-eleni-papadopoyloy-' in response["Content-Disposition"]


def test_demo_has_two_peers_who_swapped_and_rated_each_other(client, demo):
    first = InterviewSession.objects.get(candidate__user__username="peer-leo")
    second = first.swapped_to.session
    assert second.candidate.user.username == "peer-maya"
    assert second.organisation.memberships.get().user.username == "peer-leo"
    assert InterviewerFeedback.objects.count() == 2
    asked_first = set(first.questions.values_list("question__key", flat=True))
    assert not asked_first & set(second.questions.values_list("question__key", flat=True))
    client.post(
        "/accounts/login/", {"username": "peer-maya", "password": "practise-serverless-2026"}
    )
    for session in (first, second):
        response = client.get(reverse("interviews:report_json", args=[session.pk]))
        data = json.loads(response.content)
        assert len(data["interviewer_feedback"]) == 5
    page = client.get("/").text
    assert "you were the candidate" in page and "you interviewed" in page
