import pytest

from interviews.models import Answer, InterviewSession, QuestionNote, RaisedFlag, Report
from interviews.reports.generation import report_generate
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db

# Savepoint, lock with the session, the questions with the scorecards, their ratings, flags and
# notes and the answers, update, release: the same whatever the size of the panel or the notes.
QUERIES = 5


def pending(session) -> None:
    Report.objects.filter(session=session).update(status=Report.Status.PENDING)


def generated(session, capture) -> Report:
    """Generate from pending, with the publication after commit run as the worker runs it."""
    with capture(execute=True):
        return report_generate(session_id=session.pk)


@pytest.fixture
def session(team, django_capture_on_commit_callbacks):
    panel = [team.owner, team.interviewer]
    session = make_session(team.organisation, panel, mode=InterviewSession.Mode.HIRING)
    with django_capture_on_commit_callbacks(execute=True):
        for user in panel:
            rate_all(session, user, points_for=lambda n: n % 5)
    return session


def annotate(session, team) -> None:
    """A note from each interviewer on every question, a raised flag and a typed answer (written
    straight to the tables: the scorecards are submitted and the services would refuse)."""
    questions = list(session.questions.select_related("rubric").order_by("position"))
    for user in (team.owner, team.interviewer):
        card = session.scorecards.get(interviewer=user)
        for sq in questions:
            QuestionNote.objects.create(
                scorecard=card, session_question=sq, text=f"{user.username} on {sq.pk}"
            )
    flagged = next(sq for sq in questions if sq.rubric.red_flags.exists())
    RaisedFlag.objects.create(
        scorecard=session.scorecards.get(interviewer=team.owner),
        session_question=flagged,
        red_flag=flagged.rubric.red_flags.first(),
    )
    Answer.objects.create(session=session, session_question=questions[0], text="def handler(): ...")


def test_it_reads_in_the_same_few_queries_however_much_was_written(
    session, team, django_capture_on_commit_callbacks, django_assert_num_queries
):
    pending(session)
    generated(session, django_capture_on_commit_callbacks)  # rubric criteria now in memory
    pending(session)
    with django_assert_num_queries(QUERIES):
        generated(session, django_capture_on_commit_callbacks)
    annotate(session, team)
    pending(session)
    with django_assert_num_queries(QUERIES):
        report = generated(session, django_capture_on_commit_callbacks)
    assert report.status == Report.Status.READY


def test_the_one_read_of_flags_notes_and_answers_puts_each_in_its_place(
    session, team, django_capture_on_commit_callbacks
):
    annotate(session, team)
    pending(session)
    data = generated(session, django_capture_on_commit_callbacks).data
    first = data["questions"][0]
    assert first["answer_text"] == "def handler(): ..."
    assert first["notes"] == {
        team.owner.username: f"{team.owner.username} on {first['id']}",
        team.interviewer.username: f"{team.interviewer.username} on {first['id']}",
    }
    assert all(q["answer_text"] is None for q in data["questions"][1:])
    [flag] = data["red_flags_raised"]
    assert flag["raised_by"] == [team.owner.username]
    assert flag["penalty"] > 0
