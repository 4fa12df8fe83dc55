"""Regrade requests: a candidate contests the rating of one criterion of their report; an owner
accepts (the interviewers who rated it reopen their scorecards and amend the rating with a
reason, and the report is regenerated as a new version) or declines, with a reason."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from config.links import absolute
from interviews.errors import InterviewError
from interviews.models import AuditEvent, RegradeRequest, Report, Scorecard
from interviews.sessions.services import scorecard_amend_open
from outbox.services import mail_queue

RESPONSE_MAX = 1000


def contestable(data: dict) -> list[tuple[str, str]]:
    """The criteria a candidate may contest: those of the questions they were asked."""
    choices = []
    for question in data.get("questions") or []:
        if question.get("asked") is False:
            continue
        for criterion in question["criteria"]:
            choices.append(
                (
                    f"{question['id']}:{criterion['id']}",
                    f"Q{question.get('position', '?')} · {criterion['title']}",
                )
            )
    return choices


def _criterion_in(data: dict, question_id: int, criterion_id: int) -> tuple[dict, dict] | None:
    for question in data.get("questions") or []:
        if question["id"] != str(question_id) or question.get("asked") is False:
            continue
        for criterion in question["criteria"]:
            if criterion["id"] == str(criterion_id):
                return question, criterion
    return None


def _clean(text: str, limit: int, missing: str) -> str:
    text = text.strip()
    if not text:
        raise InterviewError(missing)
    if len(text) > limit:
        raise InterviewError(f"Keep it under {limit:,} characters.")
    return text


@transaction.atomic
def regrade_request(
    *, report: Report, session_question_id: int, criterion_id: int, reason: str, actor
) -> RegradeRequest:
    """The candidate asks for one criterion to be looked at again, saying why."""
    if report.status != Report.Status.READY or report.candidate.user_id != actor.pk:
        raise InterviewError("Only the candidate of a ready report can contest a rating.")
    found = _criterion_in(report.data, session_question_id, criterion_id)
    if found is None:
        raise InterviewError("Choose a criterion of a question you were asked.")
    question, criterion = found
    reason = _clean(reason, RegradeRequest.REASON_MAX, "Say why the rating should change.")
    try:
        with transaction.atomic():
            regrade = RegradeRequest.objects.create(
                organisation_id=report.organisation_id,
                session_id=report.session_id,
                session_question_id=session_question_id,
                criterion_id=criterion_id,
                requested_by=actor,
                reason=reason,
                points_before=criterion.get("points_by_interviewer") or {},
            )
    except IntegrityError:
        raise InterviewError("You already contested this criterion; wait for the answer.") from None
    AuditEvent.record(
        organisation_id=report.organisation_id,
        session_id=report.session_id,
        actor=actor,
        action="regrade_requested",
        regrade=regrade.pk,
        criterion=criterion_id,
        question=session_question_id,
        reason=reason,
        words=f"asked for a regrade of “{criterion['title']}” on Q{question.get('position')}: "
        f"“{reason}”",
    )
    return regrade


def _open_for_answer(regrade: RegradeRequest) -> RegradeRequest:
    regrade = RegradeRequest.objects.select_for_update().get(pk=regrade.pk)
    if regrade.status != RegradeRequest.Status.OPEN:
        raise InterviewError("This request has been answered already.")
    return regrade


def _where(regrade: RegradeRequest) -> str:
    return f"“{regrade.criterion.title}” on Q{regrade.session_question.position + 1}"


@transaction.atomic
def regrade_accept(*, regrade: RegradeRequest, response: str, actor) -> RegradeRequest:
    """Reopen the scorecard of every interviewer who rated the criterion, the acceptance as the
    amendment's reason; each interviewer then amends the rating and submits it again."""
    regrade = _open_for_answer(regrade)
    response = _clean(response, RESPONSE_MAX, "Say why the request is accepted.")
    cards = list(
        Scorecard.objects.filter(
            session_id=regrade.session_id,
            submitted_at__isnull=False,
            interviewer__username__in=list(regrade.points_before),
        ).select_related("interviewer")
    )
    if not cards:
        raise InterviewError("No submitted scorecard rated this criterion, so nothing to amend.")
    why = f"Regrade of {_where(regrade)} accepted: {response}"
    for card in cards:
        if not card.is_amending:
            scorecard_amend_open(scorecard=card, reason=why, actor=actor)
    regrade.status = RegradeRequest.Status.ACCEPTED
    regrade.response, regrade.decided_by, regrade.decided_at = response, actor, timezone.now()
    regrade.scorecards = [card.pk for card in cards]
    regrade.save(update_fields=["status", "response", "decided_by", "decided_at", "scorecards"])
    AuditEvent.record(
        organisation_id=regrade.organisation_id,
        session_id=regrade.session_id,
        actor=actor,
        action="regrade_accepted",
        regrade=regrade.pk,
        reason=response,
        words=f"accepted the regrade of {_where(regrade)}: “{response}”",
    )
    _tell_interviewers(regrade, cards, why)  # written now, sent once this commits
    return regrade


@transaction.atomic
def regrade_decline(*, regrade: RegradeRequest, response: str, actor) -> RegradeRequest:
    regrade = _open_for_answer(regrade)
    response = _clean(response, RESPONSE_MAX, "Say why the request is declined.")
    regrade.status = RegradeRequest.Status.DECLINED
    regrade.response, regrade.decided_by, regrade.decided_at = response, actor, timezone.now()
    regrade.save(update_fields=["status", "response", "decided_by", "decided_at"])
    AuditEvent.record(
        organisation_id=regrade.organisation_id,
        session_id=regrade.session_id,
        actor=actor,
        action="regrade_declined",
        regrade=regrade.pk,
        reason=response,
        words=f"declined the regrade of {_where(regrade)}: “{response}”",
    )
    return regrade


def _tell_interviewers(regrade: RegradeRequest, cards: list[Scorecard], why: str) -> None:
    link = absolute(reverse("interviews:console", args=[regrade.session_id]))
    for card in cards:
        mail_queue(
            kind="regrade",
            to=card.interviewer.email,
            subject=f"A regrade to make: {regrade.criterion.title}",
            body=f"{why}\n\nYour scorecard is reopened. Amend the rating, then submit "
            f"the amendment:\n{link}\n",
        )


@dataclass
class RegradeOutcome:
    """What the candidate and the owner see of one request."""

    regrade: RegradeRequest
    title: str
    position: int
    before: dict[str, int | None]
    now: dict[str, int | None]
    amended: bool

    @property
    def changed(self) -> bool:
        return self.amended and self.before != self.now


def outcomes_for(regrades, report: Report, cards: dict[int, Scorecard]) -> list[RegradeOutcome]:
    """Each request beside the report's current ratings of its criterion; an accepted one is
    done when every reopened scorecard is locked again and the report is written anew."""
    names = (report.data or {}).get("interviewer_names") or {}
    found = []
    for regrade in regrades:
        match = _criterion_in(report.data or {}, regrade.session_question_id, regrade.criterion_id)
        now = (match[1].get("points_by_interviewer") or {}) if match else {}
        reopened = [cards.get(pk) for pk in regrade.scorecards]
        amended = (
            regrade.status == RegradeRequest.Status.ACCEPTED
            and all(c is not None and c.is_locked for c in reopened)
            and report.status == Report.Status.READY
            and report.generated_at is not None
            and report.generated_at >= regrade.decided_at
        )
        found.append(
            RegradeOutcome(
                regrade=regrade,
                title=regrade.criterion.title,
                position=regrade.session_question.position + 1,
                before={names.get(k, k): v for k, v in regrade.points_before.items()},
                now={names.get(k, k): v for k, v in now.items()},
                amended=amended,
            )
        )
    return found


def report_regrades(report: Report, *, requested_by=None) -> list[RegradeOutcome]:
    """The requests on a report (only the reader's own when they are its candidate), in three
    queries whatever their number."""
    regrades = RegradeRequest.objects.filter(session_id=report.session_id).select_related(
        "criterion", "session_question", "decided_by"
    )
    if requested_by is not None:
        regrades = regrades.filter(requested_by=requested_by)
    regrades = list(regrades)
    if not regrades:
        return []
    cards = {c.pk: c for c in Scorecard.objects.filter(session_id=report.session_id)}
    return outcomes_for(regrades, report, cards)


def regrade_outcome(regrade: RegradeRequest) -> RegradeOutcome:
    report = Report.objects.get(session_id=regrade.session_id)
    cards = {c.pk: c for c in Scorecard.objects.filter(session_id=regrade.session_id)}
    return outcomes_for([regrade], report, cards)[0]
