"""Calibration: scorecard reminders, hiring decisions and drills on gold answers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from interviews.models.sessions import InterviewSession, Scorecard


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
