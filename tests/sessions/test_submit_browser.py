"""After submitting, the back button never brings the sent form (and its old errors) back."""

import pytest

from tests.data.builders import make_session, rate_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_after_submitting_shows_the_submitted_state(page, team, browser_login):
    session = make_session(team.organisation, [team.interviewer])
    rate_all(session, team.interviewer, submit=False)
    browser_login(page, team.interviewer.username)
    page.goto(f"/sessions/{session.pk}/submit/")
    page.get_by_role("button", name="Submit scorecard").click()
    page.get_by_text("Choose your overall recommendation.").wait_for()  # refused: no recommendation
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Submit scorecard").click()
    page.wait_for_url(f"**/sessions/{session.pk}/")

    page.go_back()
    page.wait_for_url(f"**/sessions/{session.pk}/")
    page.get_by_text("Your scorecard is submitted and locked.").wait_for()
    assert page.get_by_role("button", name="Submit scorecard").count() == 0
