import pytest
from django.core.management import call_command

from interviews.models import Report

pytestmark = pytest.mark.django_db


def test_demo_has_logins_and_the_reports_the_guide_promises(
    client, capsys, django_capture_on_commit_callbacks
):
    call_command("load_bank", "questionbank/banks/serverless.yaml")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    out = capsys.readouterr().out
    assert "demo-owner" in out and "practise-serverless-2026" in out

    reports = Report.objects.filter(status=Report.Status.READY)
    assert reports.count() == 9
    single = [r for r in reports if len(r.data["interviewers"]) == 1]
    panel = [r for r in reports if len(r.data["interviewers"]) >= 2]
    assert len(single) == 3 and len(panel) == 6
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
    assert Report.objects.count() == 9
