import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from questionbank.models import DESCRIPTION_MAX, PROMPT_MAX, Category, summarise

SUMMARY_MAX = 4000  # an interviewer's overall summary on a scorecard
NOTE_MAX = 20_000  # an interviewer's note on one question

DEFAULT_THRESHOLDS = {"strong_hire": 85, "hire": 70, "lean_no_hire": 50, "no_hire": 0}
BAND_ORDER = ("strong_hire", "hire", "lean_no_hire", "no_hire")
BAND_LABELS = {
    "strong_hire": "Strong hire",
    "hire": "Hire",
    "lean_no_hire": "Lean no hire",
    "no_hire": "No hire",
}


def _new_token() -> str:
    return secrets.token_urlsafe(32)


_percent = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Candidate(models.Model):
    """A person being interviewed. Linked to an account when they sign in to read their reports."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="candidates"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacies",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return self.name


class InterviewPlan(models.Model):
    """The same questions, in the same order, with the same budgets, for every candidate."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="plans"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX)
    strong_hire_min = models.DecimalField(
        max_digits=5, decimal_places=2, default=85, validators=_percent
    )
    hire_min = models.DecimalField(max_digits=5, decimal_places=2, default=70, validators=_percent)
    lean_no_hire_min = models.DecimalField(
        max_digits=5, decimal_places=2, default=50, validators=_percent
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interviews:plan_detail", args=[self.pk])

    @property
    def thresholds(self) -> dict[str, str]:
        return {
            "strong_hire": str(self.strong_hire_min),
            "hire": str(self.hire_min),
            "lean_no_hire": str(self.lean_no_hire_min),
            "no_hire": "0",
        }


class PlanItem(models.Model):
    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(
        "questionbank.Question", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    minutes = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(1)])
    weight = models.DecimalField(
        max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "question"], name="question_once_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.position + 1}"

    @property
    def kept_by(self) -> "InterviewPlan":
        """What a question or rubric this row protects from deletion is used by."""
        return self.plan


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
    def is_open(self) -> bool:
        """Scheduled or live: ratings, moves and panel changes are still possible."""
        return self.status in (self.Status.SCHEDULED, self.Status.LIVE)

    @property
    def screen_needs_account(self) -> bool:
        """A practice seat taken by an account makes the screen that account's alone: its
        link then opens only for them, signed in."""
        return self.mode == self.Mode.PRACTICE and self.candidate.user_id is not None

    def screen_token_rotate(self) -> str:
        """Give the screen a new link (saved by the caller); returns the old one, now dead."""
        old, self.screen_token = self.screen_token, _new_token()
        return old

    @classmethod
    def default_mode_for(cls, organisation) -> str:
        """A personal space is for peer practice; a team's sessions are hiring interviews."""
        return cls.Mode.PRACTICE if organisation.is_personal else cls.Mode.HIRING

    @classmethod
    def missing_reports(cls, *, submitted_before) -> models.QuerySet:
        """Submitted sessions whose report never came: none yet, or pending since before then."""
        return cls.objects.filter(
            status=cls.Status.SUBMITTED, submitted_at__lt=submitted_before
        ).exclude(report__status__in=[Report.Status.READY, Report.Status.FAILED])


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


class Report(models.Model):
    """The feedback report of one submitted session, generated by a task.

    A few numbers are copied out of `data` into columns so the reports list can filter, sort and
    paginate in SQL without reading any JSON.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    session = models.OneToOneField(
        InterviewSession, on_delete=models.CASCADE, related_name="report"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="reports"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="reports")
    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(db_index=True)
    overall = models.DecimalField(max_digits=10, decimal_places=6, null=True, blank=True)
    band = models.CharField(max_length=20, blank=True)
    # Best band first (0 = strong hire ... 3 = no hire, 4 = no score), so a sort by band reads
    # an index instead of ordering every row by a CASE expression.
    band_rank = models.PositiveSmallIntegerField(default=4)
    search_text = models.CharField(max_length=400, blank=True)
    data = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # 1 for the first report; each regeneration keeps the previous data as a ReportVersion.
    version = models.PositiveIntegerField(default=1)
    generated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-submitted_at", "-id"]),
            models.Index(fields=["organisation", "overall"]),
            models.Index(fields=["organisation", "band"]),
            models.Index(fields=["organisation", "band_rank", "-overall", "-id"]),
            models.Index(fields=["candidate", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"Report for {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("interviews:report_detail", args=[self.session_id])

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band, "")

    @staticmethod
    def rank_of(band: str) -> int:
        """The stored sort key of a band: 0 for strong hire ... 3 for no hire, 4 for no band."""
        return BAND_ORDER.index(band) if band in BAND_ORDER else len(BAND_ORDER)


def _weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


class ReminderPolicy(models.Model):
    """How an organisation chases missing scorecards. An organisation without a row uses the
    defaults: on, Monday to Friday, ten daily reminders after the first."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="reminder_policy"
    )
    enabled = models.BooleanField(default=True)
    # Weekday numbers as Python counts them, Monday 0 .. Sunday 6.
    business_days = models.JSONField(default=_weekdays)
    daily_limit = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(0), MaxValueValidator(30)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reminders for {self.organisation}"


class ScorecardReminder(models.Model):
    """A reminder mailed about a scorecard not yet submitted. The unique (scorecard, sequence)
    is the claim: whichever sweep inserts the row sends the mail, so two beat processes, a
    retried task or a restart never send the same reminder twice."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="reminders")
    sequence = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["scorecard", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "sequence"], name="reminder_sent_once")
        ]

    def __str__(self) -> str:
        return f"Reminder {self.sequence} for {self.scorecard}"


class ReportVersion(models.Model):
    """An earlier state of a report, kept when the report is regenerated (an amended scorecard,
    a regrade), so what people read before stays readable and the change is on record."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    overall = models.DecimalField(max_digits=10, decimal_places=6, null=True, blank=True)
    band = models.CharField(max_length=20, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    # Why this version was replaced by the next one.
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.report}"

    def get_absolute_url(self) -> str:
        return reverse("interviews:report_version", args=[self.report.session_id, self.number])

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band, "")


# Hiring decisions, regrades and calibration drills ----------------------------------------------


class LockedRecord(Exception):
    """A decision or a drill answer on record is never edited in place."""


class Decision(models.Model):
    """An owner's hiring decision on one interviewed candidate.

    A decision is on record once made: it is never edited. Changing one adds a new row that
    says why, so the history of what was decided, by whom and on what evidence stays readable;
    the latest row of a session is its current decision.
    """

    class Outcome(models.TextChoices):
        ADVANCE = "advance", "Advance"
        HOLD = "hold", "Hold"
        REJECT = "reject", "Reject"

    RATIONALE_MAX = 4000

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="decisions"
    )
    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="decisions"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rationale = models.TextField()
    # The criteria the rationale rests on: [{"question": session question id, "key", "position",
    # "criterion": criterion id, "title"}], as the report names them.
    evidence = models.JSONField(default=list, blank=True)
    # The report version read when deciding, so a later regrade shows the decision predates it.
    report_version = models.PositiveIntegerField(default=1)
    # Empty on the first decision; every later one says why the earlier was changed.
    change_reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "-created_at", "-id"]
        indexes = [models.Index(fields=["session", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for {self.session}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise LockedRecord("A decision on record is never changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LockedRecord("A decision on record is never deleted.")


class RegradeRequest(models.Model):
    """A candidate contesting the rating of one criterion of their report, and the answer.

    An accepted request reopens the scorecards that rated the criterion, so the interviewers
    amend the rating themselves, with a reason; the report then gets a new version.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    REASON_MAX = 2000

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="regrade_requests"
    )
    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="regrade_requests"
    )
    session_question = models.ForeignKey(
        SessionQuestion, on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(
        "questionbank.Criterion", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    # Each interviewer's points when the request was made, to show the candidate what changed.
    points_before = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.CharField(max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The scorecards reopened on acceptance; the regrade is done once all are locked again.
    scorecards = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "session_question", "criterion"],
                condition=models.Q(status="open"),
                name="one_open_regrade_per_criterion",
            )
        ]

    def __str__(self) -> str:
        return f"Regrade of {self.criterion_id} on {self.session}"


class Drill(models.Model):
    """A calibration drill: a reference answer to a question, as a transcript, with the ratings
    and reasoning an owner gives it, or those of a gold answer shipped with the bank.
    Interviewers score it blind and compare afterwards.

    Drills live apart from sessions on purpose: nothing here ever reaches a report, a
    percentile, the agreement numbers or the debrief.
    """

    TRANSCRIPT_MAX = 20_000

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="drills"
    )
    question = models.ForeignKey(
        "questionbank.Question", on_delete=models.PROTECT, related_name="+"
    )
    rubric = models.ForeignKey(
        "questionbank.RubricVersion", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    transcript = models.TextField()
    # {criterion id: points} and {criterion id: why that level}, keyed as strings.
    reference = models.JSONField(default=dict)
    reasoning = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The bank's gold answer this drill was made from; its transcript, reference and reasoning
    # are copied here, so the drill stands alone like one an owner wrote.
    gold_answer = models.ForeignKey(
        "questionbank.GoldAnswer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "gold_answer"],
                condition=models.Q(gold_answer__isnull=False),
                name="one_drill_per_gold_answer",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shipped(self) -> bool:
        return self.gold_answer_id is not None

    def get_absolute_url(self) -> str:
        # A gold answer nobody in the organisation has scored yet has no row of its own.
        if self.pk is None and self.gold_answer_id:
            return reverse("interviews:gold_drill", args=[self.gold_answer_id])
        return reverse("interviews:drill_detail", args=[self.pk])


class DrillAttempt(models.Model):
    """One interviewer's blind scoring of a drill; once submitted it is compared and kept."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="attempts")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drill_attempts"
    )
    # {criterion id: points or None for not assessed}, keyed as strings.
    ratings = models.JSONField(default=dict)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["drill", "interviewer"], name="one_attempt_per_drill")
        ]
        indexes = [models.Index(fields=["interviewer", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.drill}"


# Answers: the shared pad of a live session and written practice ----------------------------------


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


class WrittenPractice(models.Model):
    """A session the candidate takes in writing on their own time, and its scoring seat.

    The seat is session-scoped: whoever takes the scoring link gets a scorecard on this one
    session and nothing else of the candidate's space. A link is taken once; the candidate
    never holds it.
    """

    session = models.OneToOneField(
        InterviewSession, on_delete=models.CASCADE, related_name="written"
    )
    # The unguessable scoring link, shown to the candidate so they can copy it again; empty
    # until they ask for one. Useless once a scorer has taken the seat.
    scoring_token = models.CharField(max_length=43, blank=True, db_index=True)
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="written_seats",
    )
    seated_at = models.DateTimeField(null=True, blank=True)
    answers_submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Written practice {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("interviews:written_detail", args=[self.session_id])

    @property
    def is_answered(self) -> bool:
        return self.answers_submitted_at is not None
