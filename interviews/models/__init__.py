"""The core models, one module per capability that owns them; import them from here.

plans (candidates, plans) <- sessions (what the panel records) <- reports, calibration, practice.
"""

from interviews.models.calibration import (
    Decision,
    Drill,
    DrillAttempt,
    LockedRecord,
    ReminderPolicy,
    ScorecardReminder,
)
from interviews.models.plans import Candidate, InterviewPlan, PlanItem
from interviews.models.practice import (
    COMMENT_MAX,
    FEEDBACK_KEYS,
    FEEDBACK_MAX,
    FEEDBACK_RUBRIC,
    InterviewerFeedback,
    PracticeLink,
    WrittenPractice,
)
from interviews.models.reports import (
    BAND_LABELS,
    BAND_ORDER,
    DEFAULT_THRESHOLDS,
    PRACTICE_BAND_LABELS,
    RegradeRequest,
    Report,
    ReportVersion,
    band_words,
)
from interviews.models.sessions import (
    NOTE_MAX,
    SUMMARY_MAX,
    Answer,
    AuditEvent,
    InterviewSession,
    QuestionNote,
    RaisedFlag,
    Rating,
    Recommendation,
    Scorecard,
    SessionQuestion,
)

__all__ = [
    "BAND_LABELS",
    "BAND_ORDER",
    "COMMENT_MAX",
    "DEFAULT_THRESHOLDS",
    "FEEDBACK_KEYS",
    "FEEDBACK_MAX",
    "FEEDBACK_RUBRIC",
    "NOTE_MAX",
    "PRACTICE_BAND_LABELS",
    "SUMMARY_MAX",
    "Answer",
    "AuditEvent",
    "Candidate",
    "Decision",
    "Drill",
    "DrillAttempt",
    "InterviewPlan",
    "InterviewSession",
    "InterviewerFeedback",
    "LockedRecord",
    "PlanItem",
    "PracticeLink",
    "QuestionNote",
    "RaisedFlag",
    "Rating",
    "Recommendation",
    "RegradeRequest",
    "ReminderPolicy",
    "Report",
    "ReportVersion",
    "Scorecard",
    "ScorecardReminder",
    "SessionQuestion",
    "WrittenPractice",
    "band_words",
]
