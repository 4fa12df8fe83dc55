"""Hiring decisions on record: what the owner decided for a candidate, on which evidence.

A decision is never edited. A change is a new entry with its reason, so the history shows every
decision made, by whom, when and on which version of the report; the latest entry is current.
"""

from collections.abc import Iterable

from django.db import transaction

from interviews.errors import InterviewError
from interviews.models import AuditEvent, Decision, InterviewSession, Report

CHANGE_REASON_MAX = 500


def evidence_choices(data: dict) -> list[tuple[str, str]]:
    """Every criterion of the report as (value, label), asked questions only, in report order;
    a criterion the panel disagreed on says so, as it is the likeliest evidence to cite."""
    disagreed = {(d["question_id"], d["criterion_id"]) for d in data.get("disagreements") or []}
    choices = []
    for question in data.get("questions") or []:
        if question.get("asked") is False:
            continue
        for criterion in question["criteria"]:
            label = f"Q{question.get('position', '?')} · {criterion['title']}"
            if (question["id"], criterion["id"]) in disagreed:
                label += " (the panel disagreed)"
            choices.append((f"{question['id']}:{criterion['id']}", label))
    return choices


def _evidence(data: dict, picked: Iterable[str]) -> list[dict]:
    """The picked criteria as the report names them, so the record reads without the report."""
    wanted = list(dict.fromkeys(picked))
    found = {}
    for question in data.get("questions") or []:
        for criterion in question["criteria"]:
            value = f"{question['id']}:{criterion['id']}"
            if value in wanted:
                found[value] = {
                    "question": question["id"],
                    "key": question.get("key", ""),
                    "position": question.get("position"),
                    "criterion": criterion["id"],
                    "title": criterion["title"],
                    "points": criterion.get("points"),
                }
    unknown = [value for value in wanted if value not in found]
    if unknown:
        raise InterviewError("Cite criteria of this report only.")
    return [found[value] for value in wanted]


@transaction.atomic
def decision_record(
    *,
    report: Report,
    outcome: str,
    rationale: str,
    evidence: Iterable[str] = (),
    change_reason: str = "",
    actor,
) -> Decision:
    """Put a decision on record. The first needs a rationale; a change also needs its reason.
    The session row is locked so that two owners deciding at once are told about each other."""
    session = InterviewSession.objects.select_for_update().get(pk=report.session_id)
    if report.status != Report.Status.READY:
        raise InterviewError("Decide once the report is ready: the decision rests on it.")
    if outcome not in Decision.Outcome.values:
        raise InterviewError("Choose advance, hold or reject.")
    rationale = rationale.strip()
    if not rationale:
        raise InterviewError("Write the rationale: it is what the decision rests on.")
    if len(rationale) > Decision.RATIONALE_MAX:
        raise InterviewError(f"Keep the rationale under {Decision.RATIONALE_MAX:,} characters.")
    change_reason = " ".join(change_reason.split())
    previous = session.decisions.first()
    if previous is not None and not change_reason:
        raise InterviewError("A decision is already on record: say why it changes.")
    if len(change_reason) > CHANGE_REASON_MAX:
        raise InterviewError(f"Keep the reason under {CHANGE_REASON_MAX} characters.")
    decision = Decision.objects.create(
        organisation_id=session.organisation_id,
        session=session,
        outcome=outcome,
        rationale=rationale,
        evidence=_evidence(report.data, evidence),
        report_version=getattr(report, "version", 1),
        change_reason=change_reason if previous is not None else "",
        decided_by=actor,
    )
    words = f"decided: {decision.get_outcome_display().lower()}"
    if previous is not None:
        words = (
            f"changed the decision from {previous.get_outcome_display().lower()} to "
            f"{decision.get_outcome_display().lower()}: “{change_reason}”"
        )
    AuditEvent.about(
        session,
        actor=actor,
        action="decision_changed" if previous else "decision_recorded",
        decision=decision.pk,
        outcome=outcome,
        previous=previous.outcome if previous else None,
        reason=decision.change_reason,
        evidence=[f"Q{e['position']} {e['title']}" for e in decision.evidence],
        words=words,
    )
    return decision


def current_decisions(session_ids: Iterable[int]) -> dict[int, Decision]:
    """The current decision of each session, in one query (the history is short)."""
    current: dict[int, Decision] = {}
    for decision in Decision.objects.filter(session_id__in=list(session_ids)).order_by(
        "session_id", "-created_at", "-id"
    ):
        current.setdefault(decision.session_id, decision)
    return current
