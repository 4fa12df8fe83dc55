"""What is held about one candidate: everything exported on request, or erased on request with
the numbers kept, so the plan's statistics, percentiles and agreement stay true."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from interviews.models import (
    Answer,
    AuditEvent,
    Candidate,
    Decision,
    Drill,
    InterviewerFeedback,
    InterviewPlan,
    InterviewSession,
    QuestionNote,
    RaisedFlag,
    Rating,
    RegradeRequest,
    Report,
    ReportVersion,
    Scorecard,
)
from interviews.plans.redaction import FreeText, Redactor, name_parts
from outbox.services import mails_forget

ERASED = "Erased candidate"


# Export ------------------------------------------------------------------------------------------


def candidate_export(*, candidate: Candidate) -> dict:
    """Every record about the person, in one document: the candidate record, each session with
    its questions, every rating, flag and note the panel gave, the reports and their earlier
    versions, the decisions taken and the regrades asked for."""
    return {
        "candidate": {
            "id": candidate.pk,
            "name": candidate.name,
            "email": candidate.email,
            "account": candidate.user.username if candidate.user_id else None,
            "organisation": candidate.organisation.name,
            "created_at": _iso(candidate.created_at),
        },
        "exported_at": timezone.now().isoformat(),
        "sessions": [
            _session_export(session)
            for session in candidate.sessions.select_related("plan").order_by("scheduled_at", "pk")
        ],
    }


def _session_export(session: InterviewSession) -> dict:
    report = Report.objects.filter(session=session).first()
    feedback = InterviewerFeedback.objects.filter(session=session).first()
    return {
        "id": session.pk,
        "plan": session.plan.title,
        "mode": session.mode,
        "status": session.status,
        "scheduled_at": _iso(session.scheduled_at),
        "started_at": _iso(session.started_at),
        "submitted_at": _iso(session.submitted_at),
        "cancel_reason": session.cancel_reason or None,
        "questions": [
            {
                "position": sq.position + 1,
                "prompt": sq.prompt,
                "asked": sq.asked,
                "answer": getattr(getattr(sq, "answer", None), "text", None),
            }
            for sq in session.questions.select_related("answer").order_by("position")
        ],
        "scorecards": [
            {
                "interviewer": str(card.interviewer),
                "recommendation": card.recommendation or None,
                "summary": card.summary,
                "submitted_at": _iso(card.submitted_at),
                "amended_at": _iso(card.amended_at),
            }
            for card in session.scorecards.select_related("interviewer")
        ],
        "ratings": [
            {
                "interviewer": str(r.scorecard.interviewer),
                "question": r.session_question.position + 1,
                "criterion": r.criterion.title,
                "points": r.points,
                "not_assessed": r.not_assessed,
            }
            for r in Rating.objects.filter(scorecard__session=session).select_related(
                "criterion", "session_question", "scorecard__interviewer"
            )
        ],
        "red_flags": [
            {
                "interviewer": str(f.scorecard.interviewer),
                "question": f.session_question.position + 1,
                "red_flag": f.red_flag.title,
                "penalty": float(f.red_flag.penalty),
            }
            for f in RaisedFlag.objects.filter(scorecard__session=session).select_related(
                "red_flag", "session_question", "scorecard__interviewer"
            )
        ],
        "notes": [
            {
                "interviewer": str(n.scorecard.interviewer),
                "question": n.session_question.position + 1,
                "text": n.text,
            }
            for n in QuestionNote.objects.filter(scorecard__session=session)
            .exclude(text="")
            .select_related("session_question", "scorecard__interviewer")
        ],
        "report": report.data if report and report.status == Report.Status.READY else None,
        "report_versions": [
            {
                "number": v.number,
                "reason": v.reason,
                "generated_at": _iso(v.generated_at),
                "data": v.data,
            }
            for v in ReportVersion.objects.filter(report__session=session)
        ],
        "decisions": [
            {
                "outcome": d.outcome,
                "rationale": d.rationale,
                "evidence": d.evidence,
                "change_reason": d.change_reason or None,
                "report_version": d.report_version,
                "decided_by": str(d.decided_by) if d.decided_by_id else None,
                "decided_at": _iso(d.created_at),
            }
            for d in session.decisions.select_related("decided_by").order_by("created_at", "pk")
        ],
        "regrades": [
            {
                "question": r.session_question.position + 1,
                "criterion": r.criterion.title,
                "reason": r.reason,
                "points_before": r.points_before,
                "status": r.status,
                "response": r.response or None,
                "requested_at": _iso(r.created_at),
                "decided_at": _iso(r.decided_at),
            }
            for r in session.regrade_requests.select_related(
                "criterion", "session_question"
            ).order_by("created_at", "pk")
        ],
        "interviewer_feedback": {
            "ratings": feedback.items(),
            "comment": feedback.comment,
            "given_at": _iso(feedback.created_at),
        }
        if feedback
        else None,
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


# Erase -------------------------------------------------------------------------------------------

# Every free text people write in an organisation, searched for the person when they are erased.
FREE_TEXT = (
    FreeText(InterviewPlan, "organisation_id", None, ("title", "description")),
    FreeText(InterviewSession, "organisation_id", "pk", ("cancel_reason", "meeting_link")),
    FreeText(Scorecard, "session__organisation_id", "session_id", ("summary", "amend_reason")),
    FreeText(
        QuestionNote, "scorecard__session__organisation_id", "scorecard__session_id", ("text",)
    ),
    FreeText(Answer, "session__organisation_id", "session_id", ("text",)),
    FreeText(InterviewerFeedback, "session__organisation_id", "session_id", ("comment",)),
    FreeText(AuditEvent, "organisation_id", "session_id", ("detail",)),
    FreeText(Decision, "organisation_id", "session_id", ("rationale", "change_reason", "evidence")),
    FreeText(RegradeRequest, "organisation_id", "session_id", ("reason", "response")),
    FreeText(Drill, "organisation_id", None, ("title", "transcript", "reasoning")),
)
# Events that record ids and numbers only; the busiest kinds, so the search skips them.
AUDIT_WITHOUT_TEXT = (
    "rating_saved",
    "red_flag_raised",
    "red_flag_cleared",
    "question_shown",
    "scorecards_viewed",
    "scorecard_submitted",
    "session_scheduled",
    "session_started",
    "session_submitted",
    "panel_closed",
    "lead_handed_over",
)


@dataclass(frozen=True)
class _Erasure:
    label: str
    own: set[int]  # the person's sessions
    theirs: Redactor  # for what people wrote on their sessions: the name's parts too, and
    # their own words where quoted
    elsewhere: Redactor  # for the rest of the organisation: the names and the address

    def redactor(self, session_id: int | None) -> Redactor:
        return self.theirs if session_id in self.own else self.elsewhere


@transaction.atomic
def candidate_erase(*, candidate: Candidate, actor) -> Candidate:
    """Anonymise the person. What is theirs alone goes: name, e-mail, account link, pads and
    written answers, regrade reasons, their comment on the interviewer, and the panel's notes
    and summaries on their sessions. What others wrote about them anywhere in the organisation
    stays, with their name and address replaced by the erased label. Ratings, scores, bands,
    decisions and versions stay, so the plan's statistics remain true."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    label = f"{ERASED} #{candidate.pk}"
    own = set(candidate.sessions.values_list("pk", flat=True))
    names = _names_of(candidate, own) - {label}
    words = _theirs_remove(own, account_id=candidate.user_id, label=label)
    phrases = names | ({candidate.email} if candidate.email else set())
    erasure = _Erasure(
        label=label,
        own=own,
        theirs=Redactor(phrases | name_parts(names), label=label, quotes=words),
        elsewhere=Redactor(phrases, label=label),
    )
    sessions, plans = _free_text_redact(erasure, organisation_id=candidate.organisation_id)
    reports = _reports_redact(
        erasure, organisation_id=candidate.organisation_id, sessions=sessions, plans=plans
    )
    mails_forget(phrases=phrases)  # a mail still waiting to go out names them too
    candidate.name, candidate.email, candidate.user = label, "", None
    candidate.save(update_fields=["name", "email", "user"])
    # The search text is folded ("straße" reads "strasse"), so no redaction of it could be sure
    # to find the name: it is written again from the label, the titles and the redacted panel.
    Report.search_text_refresh(reports)
    AuditEvent.record(
        organisation_id=candidate.organisation_id,
        actor=actor,
        action="candidate_erased",
        candidate=candidate.pk,
    )
    return candidate


def _free_text_redact(erasure: _Erasure, *, organisation_id: int) -> tuple[set[int], set[int]]:
    """Returns the sessions and plans whose texts changed: their reports quote those texts."""
    sessions, plans = set(erasure.own), set()
    for text in FREE_TEXT:
        rows = text.rows(organisation_id)
        if text.model is AuditEvent:
            rows = rows.exclude(action__in=AUDIT_WITHOUT_TEXT)
        for session_id, pk in text.redact(rows, erasure.redactor):
            if text.model is InterviewPlan:
                plans.add(pk)
            elif session_id is not None:
                sessions.add(session_id)
    return sessions, plans


def _names_of(candidate: Candidate, sessions: set[int]) -> set[str]:
    """Every name the record has carried: the current one, earlier ones in the audit trail of a
    correction, and the one each report was written with."""
    names = {candidate.name}
    corrections = AuditEvent.objects.filter(session_id__in=sessions, action="session_updated")
    for detail in corrections.values_list("detail", flat=True):
        names.update(n for n in (detail or {}).get("candidate_name", []) if isinstance(n, str))
    for model, path in ((Report, "session_id"), (ReportVersion, "report__session_id")):
        for data in model.objects.filter(**{f"{path}__in": sessions}).values_list(
            "data", flat=True
        ):
            name = ((data or {}).get("session") or {}).get("candidate", {}).get("name")
            if isinstance(name, str):
                names.add(name)
    return {n for n in names if n.strip()}


def _theirs_remove(sessions: set[int], *, account_id: int | None, label: str) -> set[str]:
    """Remove what is the person's alone, and the panel's notes and summaries about them; unlink
    their account from the records. Returns their own words, to take out of quotes too."""
    regrades = RegradeRequest.objects.filter(session_id__in=sessions)
    feedback = InterviewerFeedback.objects.filter(session_id__in=sessions)
    words = {
        *regrades.values_list("reason", flat=True),
        *feedback.values_list("comment", flat=True),
    }
    regrades.update(reason="")
    feedback.update(comment="", given_by=None)
    Answer.objects.filter(session_id__in=sessions).update(text="")
    QuestionNote.objects.filter(scorecard__session_id__in=sessions).update(text="")
    Scorecard.objects.filter(session_id__in=sessions).update(summary="")
    if account_id is not None:
        regrades.filter(requested_by_id=account_id).update(requested_by=None)
        acted = AuditEvent.objects.filter(session_id__in=sessions, actor_id=account_id)
        for event in acted:  # the trail names the erased label where it named the account
            event.actor, event.detail = None, {**(event.detail or {}), "by": label}
            event.save(update_fields=["actor", "detail"])
    return {w for w in words if w}


def _scrub(data: dict, label: str) -> dict:
    """A report's data without what identifies or quotes the person; every number stays."""
    if not data:
        return data
    data = dict(data)
    if isinstance(data.get("session"), dict) and isinstance(data["session"].get("candidate"), dict):
        data["session"] = {
            **data["session"],
            "candidate": {**data["session"]["candidate"], "name": label},
        }
    data["questions"] = [
        {**q, "notes": {}, **({"answer_text": None} if "answer_text" in q else {})}
        for q in data.get("questions", [])
    ]
    data["recommendations"] = [{**r, "summary": ""} for r in data.get("recommendations", [])]
    if data.get("interviewer_feedback_comment"):
        data["interviewer_feedback_comment"] = None
    return data


def _reports_redact(
    erasure: _Erasure, *, organisation_id: int, sessions: set[int], plans: set[int]
) -> QuerySet[Report]:
    """The person's reports lose their quotes and name; a report elsewhere that quotes a text
    just redacted (a note, a plan's title) gets the same redaction. A report's data is matched
    on whole names only: its prompts, criteria and band labels are not prose about a person,
    and a surname such as Case or King is a word there. Returns the reports it looked at."""
    reports = Report.objects.filter(organisation_id=organisation_id).filter(
        Q(session_id__in=sessions) | Q(plan_id__in=plans)
    )
    names = erasure.elsewhere
    # The reports' copy of a redacted plan's title, as the plan now reads.
    Report.objects.filter(organisation_id=organisation_id, plan_id__in=plans).update(
        plan_title=Subquery(
            InterviewPlan.objects.filter(pk=OuterRef("plan_id")).values("title")[:1]
        )
    )
    for report in reports.only("pk", "session_id", "data", "error"):
        data = report.data
        if report.session_id in erasure.own:
            data = _scrub(data, erasure.label)
        data, error = names.value(data), names.text(report.error)
        if (data, error) != (report.data, report.error):
            Report.objects.filter(pk=report.pk).update(data=data, error=error)
    versions = ReportVersion.objects.filter(report__in=reports).annotate(
        session_id=F("report__session_id")
    )
    for version in versions.only("pk", "data", "reason"):
        data = version.data
        if version.session_id in erasure.own:
            data = _scrub(data, erasure.label)
        data, reason = names.value(data), erasure.redactor(version.session_id).text(version.reason)
        if (data, reason) != (version.data, version.reason):
            ReportVersion.objects.filter(pk=version.pk).update(data=data, reason=reason)
    return reports
