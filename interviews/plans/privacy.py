"""What is held about one candidate: everything exported on request, or erased on request with
the numbers kept, so the plan's statistics, percentiles and agreement stay true."""

from django.db import transaction
from django.utils import timezone

from interviews.models import (
    Answer,
    AuditEvent,
    Candidate,
    QuestionNote,
    Rating,
    Report,
    ReportVersion,
    Scorecard,
)

ERASED = "Erased candidate"


def candidate_export(*, candidate: Candidate) -> dict:
    """Every record about the person, in one document: the candidate record, each session with
    its questions, every rating and note the panel gave, and the reports."""
    sessions = []
    for session in candidate.sessions.select_related("plan").order_by("scheduled_at", "pk"):
        cards = list(session.scorecards.select_related("interviewer"))
        ratings = Rating.objects.filter(scorecard__session=session).select_related(
            "criterion", "session_question", "scorecard__interviewer"
        )
        notes = QuestionNote.objects.filter(scorecard__session=session).select_related(
            "session_question", "scorecard__interviewer"
        )
        report = Report.objects.filter(session=session).first()
        sessions.append(
            {
                "id": session.pk,
                "plan": session.plan.title,
                "mode": session.mode,
                "status": session.status,
                "scheduled_at": _iso(session.scheduled_at),
                "started_at": _iso(session.started_at),
                "submitted_at": _iso(session.submitted_at),
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
                    }
                    for card in cards
                ],
                "ratings": [
                    {
                        "interviewer": str(r.scorecard.interviewer),
                        "question": r.session_question.position + 1,
                        "criterion": r.criterion.title,
                        "points": r.points,
                        "not_assessed": r.not_assessed,
                    }
                    for r in ratings
                ],
                "notes": [
                    {
                        "interviewer": str(n.scorecard.interviewer),
                        "question": n.session_question.position + 1,
                        "text": n.text,
                    }
                    for n in notes
                    if n.text
                ],
                "report": report.data if report and report.status == Report.Status.READY else None,
            }
        )
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
        "sessions": sessions,
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


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
    return data


@transaction.atomic
def candidate_erase(*, candidate: Candidate, actor) -> Candidate:
    """Anonymise the person: name, e-mail, account link, their pads and written answers, the
    panel's notes and summaries, and quotes in the reports go; ratings, scores and bands stay
    for the plan's statistics."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    label = f"{ERASED} #{candidate.pk}"
    candidate.name, candidate.email, candidate.user = label, "", None
    candidate.save(update_fields=["name", "email", "user"])
    sessions = candidate.sessions.all()
    QuestionNote.objects.filter(scorecard__session__in=sessions).update(text="")
    Answer.objects.filter(session__in=sessions).update(text="")
    Scorecard.objects.filter(session__in=sessions).update(summary="")
    for report in Report.objects.filter(session__in=sessions):
        report.data = _scrub(report.data, label)
        report.search_text = label
        report.save(update_fields=["data", "search_text"])
    for version in ReportVersion.objects.filter(report__session__in=sessions):
        version.data = _scrub(version.data, label)
        version.save(update_fields=["data"])
    AuditEvent.record(
        organisation_id=candidate.organisation_id,
        actor=actor,
        action="candidate_erased",
        candidate=candidate.pk,
    )
    return candidate
