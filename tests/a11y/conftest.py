"""The accessibility suite: the demo data in the test database, axe-core in the page, and the
people of the demo team signed in one browser context each."""

import io
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

DEMO_PASSWORD = "practise-serverless-2026"  # interviews/management/commands/load_demo.py
BLOCKING = {"serious", "critical"}
# WCAG 2.0/2.1/2.2 A and AA, plus axe's best practices (landmarks, headings, regions).
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}

_axe = Axe()


@dataclass
class Demo:
    session: object  # the demo's scheduled hiring session, started so its screens are live
    screen: str  # the guest candidate's screen of that session


@pytest.fixture
def demo(db):
    """The serverless bank and the demo team, with its next interview started and the demo
    candidate's address confirmed, so that account reads its own reports."""
    from django.contrib.auth import get_user_model
    from django.core import signing

    from accounts.services import VERIFY_SALT, email_verify
    from interviews.models import InterviewSession
    from interviews.sessions.services import session_start

    call_command("load_bank", "questionbank/banks/serverless.yaml", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    alex = get_user_model().objects.get(username="demo-candidate")
    email_verify(token=signing.dumps({"user": alex.pk, "email": alex.email}, salt=VERIFY_SALT))
    session = InterviewSession.objects.get(status=InterviewSession.Status.SCHEDULED)
    session = session_start(session=session, actor=session.lead)
    return Demo(session=session, screen=f"/screen/{session.screen_token}/")


def key_pages(demo) -> list[str]:
    """The pages most people spend their time on, as the demo's lead interviewer sees them."""
    from interviews.models import Report

    ready = Report.objects.filter(status=Report.Status.READY).order_by("-submitted_at")
    report = ready.filter(candidate__name="Alex Rivera").first()  # three reports: a chart
    panel = next(r for r in ready if r.data["disagreements"])
    session = demo.session
    return [
        "/",
        "/bank/",
        f"/bank/questions/{session.questions.first().question_id}/",
        f"/sessions/{session.pk}/",
        f"/sessions/{session.pk}/console/",
        f"/sessions/{session.pk}/submit/",
        "/sessions/",
        "/reports/",
        f"/reports/{report.session_id}/",
        f"/reports/{panel.session_id}/",
        f"/plans/{session.plan_id}/",
        f"/plans/{session.plan_id}/debrief/",
        f"/candidates/{session.candidate_id}/",
        f"/candidates/{report.session.candidate_id}/history/",
        "/accounts/members/",
    ]


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def violations(page, options: dict = AXE_OPTIONS) -> list[str]:
    """Serious and critical axe-core violations of the page as it stands, one line each."""
    results = _axe.run(page, options=options)
    found = []
    for rule in results.response["violations"]:
        if rule["impact"] not in BLOCKING:
            continue
        targets = [", ".join(node["target"]) for node in rule["nodes"]][:5]
        found.append(f"{rule['impact']} {rule['id']} ({rule['help']}): {'; '.join(targets)}")
    return found
