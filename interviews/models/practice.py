"""What practice adds to a session: the peer join link, the swap, the candidate's feedback, and
written practice scored by a peer through a link."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from interviews.models.sessions import InterviewSession

# The candidate's rubric of the interviewer: fixed, four described levels per item (0..3).
FEEDBACK_MAX = 3
FEEDBACK_RUBRIC = (
    (
        "preparation",
        "Preparation",
        (
            "Unprepared: read the questions for the first time",
            "Knew the questions but not what a good answer holds",
            "Prepared: knew the questions and what to listen for",
            "Well prepared: the session ran like a real interview",
        ),
    ),
    (
        "clarity",
        "Clarity of the questions",
        (
            "I often did not know what was asked",
            "Clear after I asked for clarification",
            "Clear, with the context I needed",
            "Crisp: scope and constraints stated up front",
        ),
    ),
    (
        "hints",
        "Hints and follow-ups",
        (
            "No follow-ups, or hints that gave the answer away",
            "Some follow-ups, not always on point",
            "Useful follow-ups that probed my answers",
            "Follow-ups that drew out my best thinking",
        ),
    ),
    (
        "timekeeping",
        "Time-keeping",
        (
            "Ran far over, or rushed me through",
            "Sometimes over or under the budget",
            "Kept to the budgets with fair warnings",
            "Paced well: time to think and no question cut short",
        ),
    ),
    (
        "fairness",
        "Fairness",
        (
            "Interrupted or dismissed my answers",
            "Sometimes impatient or leading",
            "Neutral and respectful throughout",
            "Encouraging and even-handed from start to end",
        ),
    ),
)
FEEDBACK_KEYS = tuple(key for key, _, _ in FEEDBACK_RUBRIC)
COMMENT_MAX = 2000


def _join_token() -> str:
    return secrets.token_urlsafe(24)


class PracticeLink(models.Model):
    """The practice side of a session: the link that lets a peer take the candidate's seat as
    themselves, and the swap that reverses the roles.

    A session split in two halves for one sitting keeps the shape of the half still to come,
    so the swapped session asks that half with the roles reversed.
    """

    class Half(models.IntegerChoices):
        WHOLE = 0, "The whole plan"
        FIRST = 1, "First half"
        SECOND = 2, "Second half"

    session = models.OneToOneField(
        "interviews.InterviewSession", on_delete=models.CASCADE, related_name="practice"
    )
    join_token = models.CharField(max_length=43, unique=True, default=_join_token, editable=False)
    half = models.PositiveSmallIntegerField(choices=Half.choices, default=Half.WHOLE)
    # [{"category", "minutes", "weight"}] of the second half, for a split session's swap.
    rest_shape = models.JSONField(default=list, blank=True)
    swapped_from = models.OneToOneField(
        "interviews.InterviewSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="swapped_to",
    )
    joined_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Practice link of session {self.session_id}"


class InterviewerFeedback(models.Model):
    """The candidate's ratings of their interviewer after a practice session.

    Given once, then locked. The interviewer reads it only after submitting their own
    scorecard, so it cannot colour the scores they give.
    """

    session = models.OneToOneField(
        "interviews.InterviewSession", on_delete=models.CASCADE, related_name="interviewer_feedback"
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_received"
    )
    # None for a guest who answered on the screen link without an account.
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ratings = models.JSONField(default=dict)  # {item key: points 0..FEEDBACK_MAX}
    comment = models.TextField(blank=True, max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["interviewer", "created_at"])]

    def __str__(self) -> str:
        return f"Feedback for {self.interviewer} on session {self.session_id}"

    def items(self) -> list[dict]:
        """The ratings as the report JSON carries them, in the rubric's order."""
        rows = []
        for key, title, levels in FEEDBACK_RUBRIC:
            points = self.ratings.get(key)
            rows.append(
                {
                    "key": key,
                    "title": title,
                    "points": points,
                    "max": FEEDBACK_MAX,
                    "level": levels[points] if points is not None else None,
                }
            )
        return rows

    @property
    def percent(self) -> float | None:
        given = [p for p in self.ratings.values() if p is not None]
        return 100 * sum(given) / (len(given) * FEEDBACK_MAX) if given else None


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

    @property
    def stage_label(self) -> str:
        """Where the practice stands in its own terms: written, handed in, scored."""
        session = self.session
        if not session.is_open:
            return session.get_status_display()
        if self.scorer_id:
            return "Being scored"
        if self.is_answered:
            return "Handed in"
        return "Being written" if session.status == InterviewSession.Status.LIVE else "Not started"

    @property
    def scorer_words(self) -> str:
        """Who scores it, while nobody holds the seat: said instead of an empty panel."""
        return "Invited, link not taken yet" if self.scoring_token else "Not yet invited"
