"""Written practice: answered on one's own time, handed in, scored from one invited seat."""

import pytest
from django.urls import reverse

from interviews.errors import InterviewError
from interviews.models import Answer, InterviewSession, Report, Scorecard
from interviews.practice import selectors
from interviews.practice import services as practice
from interviews.reports.generation import report_generate
from tests.data import builders

pytestmark = pytest.mark.django_db


def _seat(handed_in, peer):
    practice.written_invite(written=handed_in, actor=handed_in.session.candidate.user)
    return practice.written_seat_take(written=handed_in, user=peer)


def test_it_starts_in_the_writers_space_with_no_panel(writer, own_plan):
    written = practice.written_start(user=writer, plan=own_plan)
    session = written.session
    assert session.organisation.is_personal
    assert session.candidate.user == writer
    assert session.mode == InterviewSession.Mode.PRACTICE
    assert session.questions.count() == 3
    assert not session.scorecards.exists()


def test_it_refuses_someone_elses_plan(writer, peer):
    other = builders.make_plan(selectors.personal_space_of(peer), title="Pat's loop")
    with pytest.raises(InterviewError):
        practice.written_start(user=writer, plan=other)


def test_opening_a_question_counts_it_asked_and_keeps_time(writer, own_plan):
    written = practice.written_start(user=writer, plan=own_plan)
    session = practice.written_open(written=written, position=1)
    assert session.status == InterviewSession.Status.LIVE
    assert list(session.questions.filter(asked=True).values_list("position", flat=True)) == [1]
    practice.written_open(written=written, position=2)
    assert session.questions.filter(asked=True).count() == 2


def test_answers_save_and_lock_once_handed_in(handed_in):
    assert Answer.objects.get(session_question__position=0).text == "Functions run on events."
    with pytest.raises(InterviewError):
        practice.written_answer_save(written=handed_in, position=0, text="Changed")


def test_an_empty_practice_cannot_be_handed_in(writer, own_plan):
    written = practice.written_start(user=writer, plan=own_plan)
    with pytest.raises(InterviewError):
        practice.written_submit(written=written, actor=writer)


def test_the_invite_needs_the_answers_handed_in(writer, own_plan):
    written = practice.written_start(user=writer, plan=own_plan)
    with pytest.raises(InterviewError):
        practice.written_invite(written=written, actor=writer)


def test_the_link_seats_one_peer_only(handed_in, peer, stranger):
    scorecard = _seat(handed_in, peer)
    assert scorecard.interviewer == peer
    # The same peer again is a no-op; a second scorer is refused.
    assert practice.written_seat_take(written=handed_in, user=peer) == scorecard
    with pytest.raises(InterviewError, match="used"):
        practice.written_seat_take(written=handed_in, user=stranger)
    assert Scorecard.objects.filter(session=handed_in.session).count() == 1


def test_the_candidate_cannot_score_their_own(handed_in, writer):
    practice.written_invite(written=handed_in, actor=writer)
    with pytest.raises(InterviewError, match="own practice"):
        practice.written_seat_take(written=handed_in, user=writer)
    assert not Scorecard.objects.filter(session=handed_in.session).exists()


def test_the_scored_practice_gets_the_usual_report_with_the_answers(client, handed_in, peer):
    _seat(handed_in, peer)
    session = handed_in.session
    builders.rate_some(session, peer, positions=[0, 1])
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.SUBMITTED
    report = report_generate(session_id=session.pk)
    assert report.status == Report.Status.READY
    by_position = {q["position"]: q for q in report.data["questions"]}
    assert by_position[1]["answer_text"] == "Functions run on events."
    assert by_position[2]["answer_text"] == "Logs, metrics, traces."
    assert by_position[3]["answer_text"] is None
    assert by_position[3]["asked"] is False
    assert report.data["session"]["written"] is True


def test_both_peers_read_the_report_and_a_stranger_does_not(client, handed_in, peer, stranger):
    _seat(handed_in, peer)
    builders.rate_some(handed_in.session, peer, positions=[0, 1])
    report_generate(session_id=handed_in.session_id)
    url = reverse("interviews:report_detail", args=[handed_in.session_id])
    for person, status in ((handed_in.session.candidate.user, 200), (peer, 200), (stranger, 404)):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == status, person
    client.force_login(peer)
    assert b"Written answer" in client.get(url).content


def test_the_seat_reaches_only_this_session(client, handed_in, peer):
    _seat(handed_in, peer)
    client.force_login(peer)
    session = handed_in.session
    assert client.get(reverse("interviews:console", args=[session.pk])).status_code == 200
    # The candidate's space itself stays closed: no session page, no plans, no audit trail.
    for name in ("interviews:session_detail", "interviews:session_edit", "interviews:panel"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404, name
    assert client.get(reverse("interviews:plan_detail", args=[session.plan_id])).status_code == 404


def test_a_written_practice_asks_the_writer_for_no_feedback_on_an_interviewer(handed_in, peer):
    _seat(handed_in, peer)
    builders.rate_some(handed_in.session, peer, positions=[0, 1])
    writer = handed_in.session.candidate.user
    assert not selectors.sessions_waiting_feedback(writer).exists()
    with pytest.raises(InterviewError, match="met live"):
        practice.feedback_submit(session=handed_in.session, ratings={}, comment="", given_by=writer)
