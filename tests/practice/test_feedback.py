"""The candidate rates the interviewer; the interviewer reads it after their own scorecard."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from interviews.models import FEEDBACK_KEYS, InterviewerFeedback, Report
from interviews.practice import selectors
from interviews.practice import services as practice
from interviews.reports.generation import report_generate
from tests.practice.conftest import finish, person, start

pytestmark = pytest.mark.django_db

GOOD = {**dict.fromkeys(FEEDBACK_KEYS, "2"), "fairness": "3", "comment": "Kind and clear."}


def _joined_and_finished(alice, bob):
    session = start(alice)
    practice.practice_join(link=practice.link_for(session), user=bob)
    session.refresh_from_db()
    return finish(session, alice)


def _feedback_url(session):
    return reverse("interviews:practice_feedback", args=[session.screen_token])


def test_the_candidate_rates_the_interviewer_once(client, peers):
    alice, bob = peers
    session = _joined_and_finished(alice, bob)
    client.force_login(bob)
    page = client.get(_feedback_url(session)).text
    assert "Time-keeping" in page and "Kept to the budgets with fair warnings" in page
    assert client.post(_feedback_url(session), GOOD).status_code == 302
    feedback = InterviewerFeedback.objects.get()
    assert feedback.interviewer == alice and feedback.given_by == bob
    assert feedback.ratings["fairness"] == 3 and feedback.comment == "Kind and clear."
    client.post(_feedback_url(session), {**GOOD, "fairness": "0"})
    feedback.refresh_from_db()
    assert feedback.ratings["fairness"] == 3  # locked once given


def test_every_item_needs_a_level(client, peers):
    alice, bob = peers
    session = _joined_and_finished(alice, bob)
    client.force_login(bob)
    response = client.post(_feedback_url(session), {"preparation": "2", "clarity": "9"})
    assert response.status_code == 422 and "each of the five items" in response.text
    assert not InterviewerFeedback.objects.exists()


def test_it_opens_only_once_the_session_is_submitted(client, peers):
    alice, bob = peers
    session = practice.practice_join(link=practice.link_for(start(alice)), user=bob)
    client.force_login(bob)
    assert "opens once the interview is over" in client.get(_feedback_url(session)).text
    assert client.post(_feedback_url(session), GOOD).status_code == 422


def test_a_guest_rates_from_the_screen_link(client, peers):
    alice, _ = peers
    session = finish(start(alice, name="Guest"), alice)
    screen = client.get(reverse("interviews:candidate_screen", args=[session.screen_token]))
    assert "Rate your interviewer" in screen.text and "sign up or sign in" in screen.text
    assert client.post(_feedback_url(session), GOOD).status_code == 302
    assert InterviewerFeedback.objects.get().given_by is None


def test_once_the_candidate_has_an_account_only_they_rate(client, peers):
    alice, bob = peers
    session = _joined_and_finished(alice, bob)
    assert client.get(_feedback_url(session)).status_code == 302  # signs in first
    client.force_login(person("carol"))
    assert client.get(_feedback_url(session)).status_code == 404
    client.force_login(alice)
    assert client.post(_feedback_url(session), GOOD).status_code == 404
    assert not InterviewerFeedback.objects.exists()


def test_the_interviewer_reads_it_only_after_submitting(client, peers):
    alice, bob = peers
    session = _joined_and_finished(alice, bob)
    practice.feedback_submit(
        session=session, ratings=dict.fromkeys(FEEDBACK_KEYS, 1), comment="Rushed me"
    )
    assert selectors.feedback_readable_by(session, bob) is not None
    assert selectors.feedback_readable_by(session, person("carol")) is None
    client.force_login(alice)
    detail = reverse("interviews:session_detail", args=[session.pk])
    assert "Rushed me" in client.get(detail).text
    # Reopened for an amendment it is still submitted; a draft scorecard would not be.
    session.scorecards.filter(interviewer=alice).update(submitted_at=None)
    assert selectors.feedback_readable_by(session, alice) is None
    page = client.get(detail).text
    assert "Rushed me" not in page and "once your own scorecard is submitted" in page


def test_the_report_json_carries_it_and_null_before(
    client, peers, django_capture_on_commit_callbacks
):
    alice, bob = peers
    session = _joined_and_finished(alice, bob)
    with django_capture_on_commit_callbacks(execute=True):
        report_generate(session_id=session.pk)
    client.force_login(bob)
    url = reverse("interviews:report_json", args=[session.pk])
    data = json.loads(client.get(url).content)
    assert data["interviewer_feedback"] is None
    client.post(_feedback_url(session), GOOD)
    data = json.loads(client.get(url).content)
    items = data["interviewer_feedback"]
    assert [i["key"] for i in items] == list(FEEDBACK_KEYS)
    assert all(i["max"] == 3 and isinstance(i["points"], int) and i["title"] for i in items)
    assert data["overall"] is not None and "coverage" in data  # nothing renamed
    # A regenerated report keeps it.
    Report.objects.filter(session=session).update(status=Report.Status.PENDING)
    report_generate(session_id=session.pk)
    assert Report.objects.get(session=session).data["interviewer_feedback"] == items


def test_the_candidate_is_mailed_the_link_when_the_report_is_ready(
    peers, django_capture_on_commit_callbacks
):
    alice, bob = peers
    session = _joined_and_finished(alice, bob)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_generate(session_id=session.pk)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert mail.outbox[-1].to == ["bob@example.com"]
    assert reverse("interviews:report_detail", args=[session.pk]) in mail.outbox[-1].body


def test_progress_shows_both_sides(client, peers):
    alice, bob = peers
    session = _joined_and_finished(alice, bob)
    report_generate(session_id=session.pk)
    practice.feedback_submit(
        session=session, ratings=dict.fromkeys(FEEDBACK_KEYS, 2), comment="Paced well"
    )
    client.force_login(alice)
    page = client.get(reverse("interviews:my_progress")).text
    assert "As interviewer: feedback from your peers" in page and "Paced well" in page
    client.force_login(bob)
    page = client.get(reverse("interviews:my_progress")).text
    assert "As candidate" in page and "No feedback yet" in page


def test_reports_are_labelled_by_role(client, peers, django_assert_max_num_queries):
    alice, bob = peers
    first = _joined_and_finished(alice, bob)
    report_generate(session_id=first.pk)
    swapped = practice.practice_swap(session=first, actor=bob)
    finish(swapped, bob)
    report_generate(session_id=swapped.pk)
    client.force_login(bob)
    page = client.get("/").text
    assert "you were the candidate" in page and "you interviewed" in page
    page = client.get(reverse("interviews:report_list")).text
    assert page.count("you were the candidate") == 1 and page.count("you interviewed") == 1


def test_after_giving_it_the_page_says_whether_the_interviewer_can_read_it(client, peers):
    alice, bob = peers
    session = _joined_and_finished(alice, bob)
    client.force_login(bob)
    client.post(_feedback_url(session), GOOD)
    page = client.get(_feedback_url(session)).text
    assert "can read it now: their scorecard is submitted." in page
    assert "once their scorecard is submitted" not in page
    session.scorecards.filter(interviewer=alice).update(submitted_at=None)
    page = client.get(_feedback_url(session)).text
    assert "reads it once their scorecard is submitted." in page
