import pytest

from interviews.calibration.decisions import decision_record, evidence_choices
from interviews.errors import InterviewError
from interviews.models import AuditEvent, Decision, LockedRecord, Report
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner, team.interviewer], mode="hiring")
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner, lambda n: 3)
        rate_all(session, team.interviewer, lambda n: 1 if n == 0 else 3)
    return Report.objects.get(session=session)


def first_criterion(report):
    return evidence_choices(report.data)[0][0]


def mismatched_criterion(report):
    """A real question of the report with a real criterion of another of its questions."""
    first, second = report.data["questions"][:2]
    return f"{first['id']}:{second['criteria'][0]['id']}"


def test_it_records_a_decision_with_its_evidence_and_audits_it(team, report):
    decision = decision_record(
        report=report,
        outcome="advance",
        rationale="Strong on events.",
        evidence=[first_criterion(report)],
        actor=team.owner,
    )
    assert decision.evidence[0]["title"] == "Events"
    assert decision.evidence[0]["position"] == 1
    event = AuditEvent.objects.get(action="decision_recorded")
    assert event.session_id == report.session_id
    assert event.detail["outcome"] == "advance"
    assert event.detail["evidence"] == ["Q1 Events"]


def test_it_marks_the_criteria_the_panel_disagreed_on(report):
    labels = dict(evidence_choices(report.data))
    assert labels[first_criterion(report)] == "Q1 · Events (the panel disagreed)"


def test_it_locks_a_decision_on_record(team, report):
    decision = decision_record(report=report, outcome="hold", rationale="x", actor=team.owner)
    decision.outcome = "advance"
    with pytest.raises(LockedRecord):
        decision.save()
    with pytest.raises(LockedRecord):
        decision.delete()
    assert Decision.objects.get().outcome == "hold"


def test_it_refuses_a_change_without_a_reason(team, report):
    decision_record(report=report, outcome="hold", rationale="Unsure.", actor=team.owner)
    with pytest.raises(InterviewError, match="say why"):
        decision_record(report=report, outcome="advance", rationale="Sure.", actor=team.owner)


def test_it_keeps_the_history_and_the_latest_is_current(team, report):
    decision_record(report=report, outcome="hold", rationale="Unsure.", actor=team.owner)
    decision_record(
        report=report,
        outcome="reject",
        rationale="References came back poor.",
        change_reason="References",
        actor=team.owner,
    )
    history = list(report.session.decisions.all())
    assert [d.outcome for d in history] == ["reject", "hold"]
    changed = AuditEvent.objects.get(action="decision_changed")
    assert changed.detail["previous"] == "hold" and changed.detail["reason"] == "References"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outcome": "maybe", "rationale": "x"}, "advance, hold or reject"),
        ({"outcome": "advance", "rationale": "  "}, "rationale"),
        ({"outcome": "advance", "rationale": "x", "evidence": "mismatched"}, "criteria of this"),
    ],
)
def test_it_refuses_bad_input(team, report, kwargs, message):
    if kwargs.get("evidence") == "mismatched":
        kwargs = {**kwargs, "evidence": [mismatched_criterion(report)]}
    with pytest.raises(InterviewError, match=message):
        decision_record(report=report, actor=team.owner, **kwargs)
    assert not Decision.objects.exists()


def test_it_refuses_a_report_not_ready(team, report):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PENDING)
    report.refresh_from_db()
    with pytest.raises(InterviewError, match="ready"):
        decision_record(report=report, outcome="advance", rationale="x", actor=team.owner)
