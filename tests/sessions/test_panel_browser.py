"""A real panel in three browsers: the lead, a second panelist and the candidate."""

import re

import pytest

from interviews.models import InterviewSession
from tests.data.builders import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^Saved$")


def _rate(page, title, points):
    row = page.locator(".criterion", has_text=title)
    row.locator(f'button.level[data-points="{points}"]').click()
    row.locator(".saved", has_text=SAVED).wait_for()


def test_only_the_lead_moves_the_candidate_and_drafts_stay_private(
    new_page, team, browser_login, user_factory
):
    priya = user_factory(username="priya", first_name="Priya", last_name="Panelist")
    session = make_session(team.organisation, [team.interviewer, priya])
    lead, panelist, candidate = new_page(), new_page(), new_page()
    browser_login(lead, team.interviewer.username)
    browser_login(panelist, "priya")
    candidate.goto(f"/screen/{session.screen_token}/")

    lead.goto(f"/sessions/{session.pk}/console/")
    lead.get_by_role("button", name="Start interview").click()
    candidate.locator("#stage").get_by_text("What is FaaS?").wait_for(timeout=6000)
    lead.get_by_role("button", name="Next →").click()
    lead.get_by_role("button", name="Next →").click()
    candidate.locator("#stage").get_by_text("production outage you handled").wait_for(timeout=6000)
    session.refresh_from_db()
    shown_at = session.question_started_at

    # The second panelist catches up on question 1: the candidate stays on question 3.
    panelist.goto(f"/sessions/{session.pk}/console/")
    assert "Candidate is on Q3" in panelist.locator(".console-where").inner_text()
    panelist.get_by_role("link", name=re.compile(r"1\. What is FaaS")).click()
    panelist.locator(".prompt", has_text="What is FaaS?").wait_for()
    _rate(panelist, "Events", 1)
    candidate.wait_for_timeout(1500)  # two polls of the candidate screen
    assert "production outage you handled" in candidate.content()
    session.refresh_from_db()
    assert session.current_position == 2 and session.question_started_at == shown_at

    # The lead rates and submits; the review lists what is missing and asks for confirmation.
    lead.goto(f"/sessions/{session.pk}/console/?q=0")
    _rate(lead, "Events", 4)
    lead.goto(f"/sessions/{session.pk}/submit/")
    review = lead.locator(".review").inner_text()
    assert "not rated yet" in review
    lead.get_by_label("Yes", exact=True).check()
    lead.get_by_role("button", name="Submit scorecard").click()
    lead.get_by_text("Tick the box to confirm").wait_for()
    assert not session.scorecards.get(interviewer=team.interviewer).is_submitted
    for title, points in (("Statelessness", 3),):
        lead.goto(f"/sessions/{session.pk}/console/?q=0")
        _rate(lead, title, points)
    for position, titles in (
        (1, ("Evidence first", "Fix and verify")),
        (2, ("Situation", "Action", "Result")),
    ):
        lead.goto(f"/sessions/{session.pk}/console/?q={position}")
        for title in titles:
            _rate(lead, title, 3)
    lead.goto(f"/sessions/{session.pk}/submit/")
    assert "not rated yet" not in lead.locator(".review").inner_text()
    lead.get_by_label("Yes", exact=True).check()
    lead.get_by_label("I have reviewed this scorecard").check()
    lead.get_by_role("button", name="Submit scorecard").click()
    lead.get_by_text("Scorecard submitted").wait_for()

    # After the first submit nobody sees the panelist's draft: not the lead, not an owner.
    lead.goto(f"/sessions/{session.pk}/panel/")
    panel = lead.content()
    assert "Priya" not in panel.split("<main", 1)[1]
    owner = new_page()
    browser_login(owner, team.owner.username)
    owner.goto(f"/sessions/{session.pk}/panel/")
    assert "Priya" not in owner.content().split("<main", 1)[1]
    panelist.goto(f"/sessions/{session.pk}/panel/")
    assert "Submit your own scorecard first" in panelist.content()
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.LIVE


@pytest.mark.parametrize("size", [(1366, 768), (820, 1180)])
def test_the_first_criterion_levels_are_visible_without_scrolling(
    new_page, team, browser_login, size
):
    from django.core.management import call_command

    from interviews.plans.services import candidate_get_or_create, default_plan_ensure
    from interviews.sessions.services import session_schedule
    from questionbank.models import QuestionSet
    from tests.questionbank.test_bank_support import RULES

    call_command("load_bank", "questionbank/banks/serverless.yaml", verbosity=0)
    # Every category's prompting rule sits under each criterion's levels, as the bank ships them.
    QuestionSet.objects.filter(slug="serverless", rules={}).update(rules=RULES)
    plan = default_plan_ensure(organisation=team.organisation, user=team.interviewer)
    candidate = candidate_get_or_create(organisation=team.organisation, name="Sam Rivera")
    session = session_schedule(
        plan=plan, candidate=candidate, interviewers=[team.interviewer], user=team.interviewer
    )
    page = new_page(*size)
    browser_login(page, team.interviewer.username)
    for position in range(session.questions.count()):
        page.goto(f"/sessions/{session.pk}/console/?q={position}")
        row = page.locator(".criterion").first
        buttons = row.locator("button.level")
        first, last = buttons.first.bounding_box(), buttons.last.bounding_box()
        assert first["y"] + first["height"] <= size[1], f"Q{position + 1} at {size}"
        assert abs(first["y"] - last["y"]) < 2, "the levels sit on one line"
        rule = row.locator("details.rule summary").bounding_box()
        assert rule["y"] > first["y"] and rule["height"] < 30, "the rule is one line below"
    summary = page.locator(".criterion").first.locator("details.rule summary")
    summary.click()
    assert page.locator(".criterion").first.locator("details.rule .paragraphs").is_visible()
    page.screenshot(path=f"/tmp/console-{size[0]}x{size[1]}.png")
