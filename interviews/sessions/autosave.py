"""The autosave of one rating, the product's hottest path, in three SQL statements.

Each click in the console lands here. The ORM's query compilation costs more than the database
work for these tiny statements, so the lookup, the upsert and the audit row are written as plain
SQL over the models' own table names. Everything else in the product goes through the ORM.
"""

import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership, Role
from interviews.models import (
    AuditEvent,
    InterviewSession,
    Rating,
    Scorecard,
    SessionQuestion,
    WrittenPractice,
)
from questionbank.models import Criterion, RubricVersion


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass(frozen=True)
class RatingTarget:
    """One interviewer's scorecard on a session, and the criterion a click is about."""

    scorecard_id: int
    session_id: int
    organisation_id: int
    scorecard_submitted: bool
    session_closed: bool  # submitted or cancelled
    amending: bool  # a submitted scorecard reopened, with a reason, for an amendment
    criterion_found: bool
    max_points: int | None


def rating_target(
    *, session_id: int, user_id: int, session_question_id: int, criterion_id: int
) -> RatingTarget | None:
    """None unless the user is on the session's panel as an owner or interviewer of its
    organisation, or from a written practice's scoring seat; `criterion_found` is False when
    the criterion is not in that question's rubric."""
    sql = f"""
        SELECT sc.id, s.organisation_id, sc.submitted_at IS NOT NULL, sc.amend_reason, s.status,
               c.id, r.scale
        FROM {_table(Scorecard)} sc
        JOIN {_table(InterviewSession)} s ON s.id = sc.session_id
        LEFT JOIN {_table(Membership)} m
          ON m.organisation_id = s.organisation_id AND m.user_id = %s AND m.role IN (%s, %s)
        LEFT JOIN {_table(WrittenPractice)} w ON w.session_id = s.id AND w.scorer_id = %s
        LEFT JOIN {_table(SessionQuestion)} sq ON sq.session_id = s.id AND sq.id = %s
        LEFT JOIN {_table(Criterion)} c ON c.rubric_id = sq.rubric_id AND c.id = %s
        LEFT JOIN {_table(RubricVersion)} r ON r.id = c.rubric_id
        WHERE sc.session_id = %s AND sc.interviewer_id = %s
          AND (m.id IS NOT NULL OR w.id IS NOT NULL)
    """
    params = [
        user_id,
        Role.OWNER,
        Role.INTERVIEWER,
        user_id,
        session_question_id,
        criterion_id,
        session_id,
        user_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    scorecard_id, organisation_id, submitted, amend_reason, status, found, scale = row
    if isinstance(scale, str):  # SQLite returns JSON as text
        scale = json.loads(scale)
    return RatingTarget(
        scorecard_id=scorecard_id,
        session_id=session_id,
        organisation_id=organisation_id,
        scorecard_submitted=bool(submitted),
        session_closed=status
        in (InterviewSession.Status.SUBMITTED, InterviewSession.Status.CANCELLED),
        amending=bool(submitted and amend_reason),
        criterion_found=found is not None,
        max_points=max(level["points"] for level in scale) if scale else None,
    )


def rating_write(
    *,
    target: RatingTarget,
    session_question_id: int,
    criterion_id: int,
    points: int | None,
    not_assessed: bool,
    actor_id: int,
) -> None:
    """Upsert the rating and put the change on record, both or neither."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    detail = connection.ops.adapt_json_value(
        {
            "scorecard": target.scorecard_id,
            "question": session_question_id,
            "criterion": criterion_id,
            "points": points,
            "not_assessed": not_assessed,
        },
        None,
    )
    upsert = f"""
        INSERT INTO {_table(Rating)}
            (scorecard_id, session_question_id, criterion_id, points, not_assessed, updated_at)
        VALUES (%s, %s, %s, %s, %s, %s)
        ON CONFLICT (scorecard_id, session_question_id, criterion_id)
        DO UPDATE SET points = excluded.points, not_assessed = excluded.not_assessed,
                      updated_at = excluded.updated_at
    """
    record = f"""
        INSERT INTO {_table(AuditEvent)}
            (organisation_id, session_id, actor_id, action, detail, created_at)
        VALUES (%s, %s, %s, 'rating_saved', %s, %s)
    """
    rating = [target.scorecard_id, session_question_id, criterion_id, points, not_assessed, now]
    event = [target.organisation_id, target.session_id, actor_id, detail, now]
    if connection.vendor == "postgresql":
        # One statement is atomic by itself and saves the BEGIN/COMMIT round trips.
        with connection.cursor() as cursor:
            cursor.execute(f"WITH saved AS ({upsert} RETURNING 1) {record}", rating + event)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(upsert, rating)
        cursor.execute(record, event)
