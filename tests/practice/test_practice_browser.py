"""Two fresh accounts practise together in two browsers: the peer joins by link through sign-up
and e-mail confirmation, they run the first half live with the shared pad, swap roles with one
click at half time, rate each other as interviewers, and both read both reports; nobody is
asked a question twice."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from interviews.models import InterviewerFeedback, InterviewSession, Report
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-pass-phrase-2026"


def _sign_up(page, username, name):
    page.fill("input[name=username]", username)
    page.fill("input[name=first_name]", name)
    page.fill("input[name=email]", f"{username}@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Create account").click()


def _confirm(page, address):
    body = next(m.body for m in reversed(mail.outbox) if m.to == [address])
    page.goto(re.search(r"https?://\S+(/accounts/verify/\S+/)", body).group(1))


def _run_live(interviewer, candidate, session):
    """The lead starts, shows every question (the candidate sees each), rates, submits."""
    interviewer.goto(f"/sessions/{session.pk}/console/")
    interviewer.get_by_role("button", name="Start interview").click()
    for position, question in enumerate(session.questions.order_by("position")):
        first_line = question.prompt.split("\n")[0][:40]
        candidate.get_by_text(first_line, exact=False).first.wait_for(timeout=6000)
        if position == 0:  # the candidate sketches on the pad; the interviewer reads it live
            candidate.locator("#pad-text").fill(_pad(session))
            candidate.locator("#pad .saved", has_text=re.compile("^Saved$")).wait_for()
            interviewer.locator("#live-pad", has_text=_pad(session)).wait_for(timeout=5000)
        if position < session.questions.count() - 1:
            interviewer.get_by_role("button", name="Next →").click()
    row = interviewer.locator(".criterion").first
    row.locator('button.level[data-points="3"]').click()
    row.locator(".saved", has_text=re.compile("^Saved$")).wait_for()
    builders.rate_all(session, session.lead, points_for=lambda n: 2, submit=False)
    interviewer.get_by_role("link", name="Review & submit").first.click()
    interviewer.get_by_label("Yes", exact=True).check()
    interviewer.get_by_label("I have reviewed this scorecard").check()
    interviewer.get_by_role("button", name="Submit scorecard").click()
    interviewer.get_by_text("Scorecard submitted").wait_for()
    candidate.locator("#stage").get_by_text("the interview is over").wait_for(timeout=6000)


def _pad(session):
    return f"handler(event) -> response, session {session.pk}"


def _rate_interviewer(page, comment):
    page.get_by_role("link", name="Rate your interviewer").click()
    for fieldset in page.locator("fieldset.feedback-item").all():
        fieldset.locator("input[type=radio]").nth(2).check()
    page.fill("textarea[name=comment]", comment)
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("your feedback is with your interviewer").wait_for()


def _keys(session):
    return set(session.questions.values_list("question__key", flat=True))


def test_two_peers_join_practise_swap_and_rate_each_other(new_page):
    call_command("load_bank", "questionbank/banks/serverless.yaml", verbosity=0)
    alice, bob = new_page(), new_page()

    # Alice signs up and starts a practice session split in two halves.
    alice.goto("/accounts/signup/")
    _sign_up(alice, "alice", "Alice")
    alice.fill("input[name=peer_name]", "Bob")
    alice.get_by_label("Split the plan in two halves").check()
    alice.get_by_role("button", name="Start a practice session").click()
    join_url = alice.locator("#join-link").input_value()
    assert alice.get_by_role("button", name="Copy link").is_visible()

    # Bob opens the link, signs up from it, confirms his address and lands back on it.
    bob.goto(join_url)
    bob.get_by_role("link", name="Create an account").click()
    _sign_up(bob, "bob", "Bob")
    assert "/practice/join/" in bob.url
    _confirm(bob, "bob@example.com")
    assert "/practice/join/" in bob.url
    bob.get_by_role("button", name=re.compile("Join as the candidate")).click()
    bob.get_by_text("Waiting for your interviewer").wait_for()

    first = InterviewSession.objects.get()
    assert first.candidate.user.username == "bob"
    _run_live(alice, bob, first)

    # Bob rates Alice, then swaps with one click: he interviews Alice on the second half.
    bob.locator(".screen-end", has_text="bob@example.com").wait_for()
    _rate_interviewer(bob, "Clear and well paced.")
    bob.goto(f"/screen/{first.screen_token}/")
    bob.get_by_role("button", name="Swap roles: you interview now").click()
    bob.get_by_text("Roles swapped: you interview now").wait_for()
    second = InterviewSession.objects.exclude(pk=first.pk).get()
    assert second.candidate.user.username == "alice"

    alice.goto("/")
    alice.get_by_role("link", name="open your candidate screen").click()
    alice.get_by_text("Waiting for your interviewer").wait_for()
    _run_live(bob, alice, second)
    _rate_interviewer(alice, "Good hints on the design question.")
    assert InterviewerFeedback.objects.count() == 2

    # Both reports are readable by both, with the feedback and the roles labelled.
    assert Report.objects.filter(status=Report.Status.READY).count() == 2
    for page in (alice, bob):
        for session in (first, second):
            page.goto(f"/reports/{session.pk}/")
            page.get_by_text("The candidate's feedback on the interviewer").wait_for()
            assert "Overall" in page.content()
            assert _pad(session) in page.locator(".report-answer").first.inner_text()
        page.goto("/reports/")
        assert "you were the candidate" in page.content() and "you interviewed" in page.content()
    alice.goto("/me/progress/")
    alice.get_by_text("Clear and well paced.").wait_for()  # what Bob said of her interviewing
    bob.goto("/me/progress/")
    bob.get_by_text("Good hints on the design question.").wait_for()

    # Neither candidate was asked a question twice, nor one whose rubric they had read.
    assert not _keys(first) & _keys(second)
    # The ready-report mails went to both candidates.
    assert {m.to[0] for m in mail.outbox if "report is ready" in m.subject} == {
        "alice@example.com",
        "bob@example.com",
    }
