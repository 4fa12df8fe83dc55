"""Sessions and what the panel records in them: questions, scorecards, ratings, notes, answers
and the audit trail."""

import secrets

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from interviews.models.plans import Candidate, InterviewPlan
from questionbank.models import PROMPT_MAX, Category, summarise

SUMMARY_MAX = 4000  # an interviewer's overall summary on a scorecard
NOTE_MAX = 20_000  # an interviewer's note on one question


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class InterviewSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        LIVE = "live", "Live"
        SUBMITTED = "submitted", "Submitted"
        CANCELLED = "cancelled", "Cancelled"

    class Mode(models.TextChoices):
        PRACTICE = "practice", "Peer practice"
        HIRING = "hiring", "Hiring"

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="sessions"
    )
    plan = models.ForeignKey(InterviewPlan, on_delete=models.PROTECT, related_name="sessions")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="sessions")
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Scorecard", related_name="panel_sessions"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.PRACTICE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    meeting_link = models.URLField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    panel_closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    # The one panelist whose navigation moves the candidate's screen and the question clock.
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the lead is: the candidate's screen follows this.
    current_position = models.PositiveIntegerField(default=0)
    question_started_at = models.DateTimeField(null=True, blank=True)
    # The candidate's screen is reached by this unguessable link, so a peer needs no account.
    screen_token = models.CharField(max_length=43, unique=True, default=_new_token, editable=False)
    # The plan's band thresholds on the day, so a later plan edit cannot move a report's band.
    thresholds = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_at", "-created_at"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["candidate", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.plan}"

    def get_absolute_url(self) -> str:
        return reverse("interviews:session_detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_practice(self) -> bool:
        """Peer practice, whose bands read in a peer's words ("Getting there")."""
        return self.mode == self.Mode.PRACTICE

    @property
    def written_practice(self):
        """The written practice this session is, or None for a session held at the table."""
        try:
            return self.written
        except ObjectDoesNotExist:
            return None

    @property
    def is_open(self) -> bool:
        """Scheduled or live: ratings, moves and panel changes are still possible."""
        return self.status in (self.Status.SCHEDULED, self.Status.LIVE)

    @property
    def ended_at(self):
        """When the session stopped (submitted or cancelled), None while it may still run: its
        clocks show the time up to then and count no further."""
        if self.is_submitted:
            return self.submitted_at
        if self.is_cancelled:
            return self.cancelled_at
        return None

    @property
    def screen_needs_account(self) -> bool:
        """A practice seat taken by an account makes the screen that account's alone: its
        link then opens only for them, signed in."""
        return self.mode == self.Mode.PRACTICE and self.candidate.user_id is not None

    def stop_question_clock(self, now) -> None:
        """Add the time since the current question was shown to that question's total: called
        before the lead moves on and when the session ends, so every second lands somewhere."""
        if self.question_started_at:
            spent = int((now - self.question_started_at).total_seconds())
            self.questions.filter(position=self.current_position).update(
                seconds_spent=F("seconds_spent") + spent
            )

    def screen_token_rotate(self) -> str:
        """Give the screen a new link (saved by the caller); returns the old one, now dead."""
        old, self.screen_token = self.screen_token, _new_token()
        return old

    @classmethod
    def default_mode_for(cls, organisation) -> str:
        """A personal space is for peer practice; a team's sessions are hiring interviews."""
        return cls.Mode.PRACTICE if organisation.is_personal else cls.Mode.HIRING


class SessionQuestionQuerySet(models.QuerySet):
    def asked(self) -> "SessionQuestionQuerySet":
        """The questions a candidate was asked: shown by the lead, or given points on a submitted
        scorecard (a panel that skipped the console still rated what it asked). The report's
        coverage, the next session's "seen before" and the plan's variants all count this way."""
        rated = Rating.objects.filter(
            session_question=OuterRef("pk"),
            points__isnull=False,
            scorecard__submitted_at__isnull=False,
        )
        return self.filter(Q(asked=True) | Exists(rated))

    def asked_ids(self) -> set[int]:
        return set(self.asked().values_list("pk", flat=True))


class SessionQuestion(models.Model):
    """A plan item frozen into a session: the rubric version and the prompt as they were asked."""

    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField()
    question = models.ForeignKey(
        "questionbank.Question", on_delete=models.PROTECT, related_name="+"
    )
    rubric = models.ForeignKey(
        "questionbank.RubricVersion", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    prompt = models.TextField(max_length=PROMPT_MAX)
    minutes = models.PositiveSmallIntegerField()
    weight = models.DecimalField(max_digits=5, decimal_places=2, default=1)
    asked = models.BooleanField(default=False)
    seconds_spent = models.PositiveIntegerField(default=0)

    objects = SessionQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="one_question_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.summary}"

    @property
    def kept_by(self) -> "InterviewSession":
        return self.session

    @property
    def summary(self) -> str:
        return summarise(self.prompt)


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


class Scorecard(models.Model):
    """One interviewer's independent scoring of one session; locked once submitted."""

    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="scorecards"
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards"
    )
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices, blank=True)
    summary = models.TextField(blank=True, max_length=SUMMARY_MAX)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # A submitted scorecard reopened for an amendment says why; empty when not being amended.
    amend_reason = models.CharField(max_length=500, blank=True)
    amended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "interviewer"], name="one_scorecard_each")
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.session}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_amending(self) -> bool:
        return self.is_submitted and bool(self.amend_reason)

    @property
    def is_locked(self) -> bool:
        """Submitted and not reopened for an amendment: nothing on it may change."""
        return self.is_submitted and not self.amend_reason

    def after_submit_url(self) -> str:
        """Where a scorer lands after submitting: a seat holder has no session page of the
        candidate's space, so they come back to the written practice."""
        if InterviewSession.objects.filter(pk=self.session_id, written__isnull=False).exists():
            return reverse("interviews:written_detail", args=[self.session_id])
        return reverse("interviews:session_detail", args=[self.session_id])


class Rating(models.Model):
    """A level given to one criterion, or the explicit mark that it was not assessed."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    session_question = models.ForeignKey(
        SessionQuestion, on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(
        "questionbank.Criterion", on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    not_assessed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "session_question", "criterion"],
                name="one_rating_per_criterion",
            ),
            models.CheckConstraint(
                condition=models.Q(points__isnull=True) | models.Q(not_assessed=False),
                name="rated_or_not_assessed",
            ),
        ]

    def __str__(self) -> str:
        return "not assessed" if self.not_assessed else f"{self.points} points"

    @property
    def kept_by(self) -> "InterviewSession":
        return self.scorecard.session


class RaisedFlag(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="raised_flags")
    session_question = models.ForeignKey(
        SessionQuestion, on_delete=models.CASCADE, related_name="+"
    )
    red_flag = models.ForeignKey("questionbank.RedFlag", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "session_question", "red_flag"], name="flag_raised_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.red_flag)

    @property
    def kept_by(self) -> "InterviewSession":
        return self.scorecard.session


class QuestionNote(models.Model):
    TEXT_MAX = NOTE_MAX  # generous for typed notes; a pasted log cannot bloat the report

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="notes")
    session_question = models.ForeignKey(
        SessionQuestion, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(blank=True, max_length=NOTE_MAX)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "session_question"], name="one_note_each")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class AuditEvent(models.Model):
    """The record of who did what: every score change, submission, panel view and report event."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="audit_events"
    )
    session = models.ForeignKey(
        InterviewSession,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["session", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor} at {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def about(
        cls, session: "InterviewSession", *, action: str, actor=None, **detail
    ) -> "AuditEvent":
        """Record an event whose subject is a session, in that session's organisation."""
        return cls.record(
            organisation_id=session.organisation_id,
            session_id=session.pk,
            actor=actor,
            action=action,
            **detail,
        )

    @classmethod
    def record(
        cls,
        *,
        organisation_id: int,
        action: str,
        actor=None,
        session_id: int | None = None,
        **detail,
    ) -> "AuditEvent":
        return cls.objects.create(
            organisation_id=organisation_id,
            session_id=session_id,
            actor=actor,
            action=action,
            detail=detail,
        )


class Answer(models.Model):
    """What the candidate typed for one question: the shared pad during a live session, or the
    written answer of a written practice. Kept with the session and shown in its report."""

    TEXT_MAX = 20_000  # a page of code or a design in words; a pasted log cannot bloat a report

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="answers")
    session_question = models.OneToOneField(
        SessionQuestion, on_delete=models.CASCADE, related_name="answer"
    )
    text = models.TextField(blank=True, max_length=TEXT_MAX)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "session_question__position"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def kept_by(self) -> "InterviewSession":
        return self.session
