"""The audit trail in words: who did what to which question, with names and levels, not ids."""

import csv
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.access import id_from
from config.spreadsheet import safe_cell
from interviews.models import AuditEvent, InterviewSession, Recommendation, SessionQuestion
from questionbank.models import Criterion, RedFlag

TRAIL_LIMIT = 2000


@dataclass
class TrailRow:
    event: AuditEvent
    who: str
    what: str


@dataclass
class Trail:
    rows: list[TrailRow]
    people: list[tuple[int, str]]  # everyone who acted on the session, for the filter
    actor: int | None


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "The system"


def _who(event: AuditEvent) -> str:
    """The actor; an erased candidate's events name the erased record, not the account."""
    by = (event.detail or {}).get("by")
    return by if event.actor_id is None and isinstance(by, str) else _name(event.actor)


class _Names:
    """Everything the events mention, looked up once per kind (five queries in all)."""

    def __init__(self, session: InterviewSession, events: list[AuditEvent]):
        details = [e.detail or {} for e in events]

        def ids(key):
            return {d[key] for d in details if isinstance(d.get(key), int)}

        people = ids("to") | {u for d in details for u in d.get("interviewers", [])} | ids("lead")
        self.users = {u.pk: _name(u) for u in get_user_model().objects.filter(pk__in=people)}
        self.questions = {
            sq.pk: sq
            for sq in SessionQuestion.objects.filter(session=session).select_related("rubric")
        }
        self.by_position = {sq.position: sq for sq in self.questions.values()}
        self.criteria = {c.pk: c.title for c in Criterion.objects.filter(pk__in=ids("criterion"))}
        self.flags = {f.pk: f.title for f in RedFlag.objects.filter(pk__in=ids("red_flag"))}

    def question(self, pk) -> str:
        sq = self.questions.get(pk)
        return f"Q{sq.position + 1}" if sq else "a question"

    def level(self, question_pk, points) -> str:
        sq = self.questions.get(question_pk)
        labels = {lv["points"]: lv["label"] for lv in (sq.rubric.scale if sq else [])}
        return f"{points} · {labels[points]}" if points in labels else str(points)


def _describe(event: AuditEvent, names: _Names) -> str:
    d = event.detail or {}
    action = event.action
    if action == "rating_saved":
        criterion = names.criteria.get(d.get("criterion"), "a criterion")
        where = names.question(d.get("question"))
        if d.get("not_assessed"):
            return f"marked “{criterion}” not assessed on {where}"
        if d.get("points") is None:
            return f"cleared the rating of “{criterion}” on {where}"
        return f"rated “{criterion}” {names.level(d.get('question'), d['points'])} on {where}"
    if action in ("red_flag_raised", "red_flag_cleared"):
        flag = names.flags.get(d.get("red_flag"), "a red flag")
        verb = "raised" if action == "red_flag_raised" else "cleared"
        return f"{verb} the red flag “{flag}” on {names.question(d.get('question'))}"
    if action == "session_scheduled":
        panel = ", ".join(names.users.get(u, "someone") for u in d.get("interviewers", []))
        lead = names.users.get(d.get("lead"))
        return f"scheduled the session with {panel}" + (f" (lead: {lead})" if lead else "")
    if action == "question_shown":
        sq = names.by_position.get(d.get("position"))
        shown = f"Q{sq.position + 1} ({sq.summary})" if sq else "a question"
        return f"showed {shown} to the candidate"
    if action == "scorecard_submitted":
        label = dict(Recommendation.choices).get(d.get("recommendation"), "none")
        return f"submitted their scorecard (recommendation: {label})"
    if action == "scorecards_viewed":
        page = d.get("page", "panel")
        return f"read the panel's scorecards before submitting their own (on the {page} page)"
    if action == "lead_handed_over":
        return f"handed the lead to {names.users.get(d.get('to'), 'another panelist')}"
    if action in ("session_cancelled", "scorecard_reopened", "scorecard_amended"):
        verb = {
            "session_cancelled": "cancelled the session",
            "scorecard_reopened": "reopened their scorecard to amend it",
            "scorecard_amended": "submitted an amendment to their scorecard",
        }[action]
        return f"{verb}: “{d.get('reason', '')}”"
    if action == "session_updated":
        changed = ", ".join(
            f"{key.replace('_', ' ')} from “{old}” to “{new}”" for key, (old, new) in d.items()
        )
        return f"changed {changed}"
    if action == "report_retried":
        return f"queued the failed report again (attempt {d.get('attempts', 0) + 1})"
    if action == "report_new_version":
        kept = f"; version {d['kept_version']} stays readable" if d.get("kept_version") else ""
        reason = d.get("reason", "")
        return f"had the report written again as version {d.get('version')}{kept}: “{reason}”"
    if isinstance(d.get("words"), str):  # events of other capabilities say it themselves
        return d["words"]
    fixed = {
        "session_started": "started the interview",
        "panel_closed": "closed the panel with the scorecards submitted so far",
        "session_looked": "looked at the session as an owner off the panel",
        "session_submitted": "finished the session; the report is being generated",
        "session_deleted": "deleted the session",
        "candidate_erased": "erased the candidate's personal data",
        "drill_created": "made a calibration drill from this session",
        "practice_invited": "invited a peer to practise",
        "practice_joined": "joined the practice session",
        "practice_swapped": "swapped roles for a second practice session",
        "interviewer_feedback_given": "gave feedback on their interviewer",
        "written_invited": "invited a peer to score the written answers",
        "written_seat_taken": "took the seat to score the written answers",
        "written_started": "started writing the answers",
        "written_submitted": "handed in the written answers",
    }
    return fixed.get(action, action.replace("_", " "))


# What a scorecard's author does while writing it: never shown to anyone else until submitted.
RATING_ACTIONS = ("rating_saved", "red_flag_raised", "red_flag_cleared")


def _unsubmitted_work(session: InterviewSession, viewer) -> Q:
    """The rating events of the other panelists' scorecards still being written: a draft's
    from the start, an amendment's since it was reopened."""
    hidden = Q(pk__in=[])
    open_cards = session.scorecards.filter(Q(submitted_at=None) | ~Q(amend_reason=""))
    if viewer is not None:
        open_cards = open_cards.exclude(interviewer_id=viewer.pk)
    for card in open_cards:
        if card.submitted_at is None:
            hidden |= Q(actor_id=card.interviewer_id)
            continue
        reopened = (
            session.audit_events.filter(action="scorecard_reopened", actor_id=card.interviewer_id)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        hidden |= Q(actor_id=card.interviewer_id, created_at__gte=reopened or card.submitted_at)
    return Q(action__in=RATING_ACTIONS) & hidden


def audit_trail(session: InterviewSession, *, viewer, actor: str = "") -> Trail:
    """The session's events newest first, optionally only one person's, as `viewer` may read
    them: the ratings and flags of a scorecard not yet submitted are its author's alone."""
    events = (
        session.audit_events.exclude(_unsubmitted_work(session, viewer))
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    people = sorted(
        {(e.actor_id, _name(e.actor)) for e in events.exclude(actor=None).only("actor")},
        key=lambda p: p[1],
    )
    chosen = id_from(actor)
    if chosen is not None:
        events = events.filter(actor_id=chosen)
    events = list(events[:TRAIL_LIMIT])
    names = _Names(session, events)
    rows = [TrailRow(e, _who(e), _describe(e, names)) for e in events]
    return Trail(rows=rows, people=people, actor=chosen)


def audit_csv(trail: Trail) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["when", "who", "what", "action"])
    for row in trail.rows:
        writer.writerow(
            [
                row.event.created_at.isoformat(),
                safe_cell(row.who),
                safe_cell(row.what),
                safe_cell(row.event.action),
            ]
        )
    return out.getvalue()
