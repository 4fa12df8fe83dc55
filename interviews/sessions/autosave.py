"""The autosave of one rating, the product's hottest path, in three SQL statements.

Each click in the console lands here. The ORM's query compilation costs more than the database
work for these tiny statements, so the lookup, the upsert and the audit row are written as plain
SQL over the models' own table names. Everything else in the product goes through the ORM.
"""

from django.db import connection, transaction
from django.utils import timezone

from interviews.access import RatingTarget, table_name
from interviews.models import (
    AuditEvent,
    Rating,
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
        INSERT INTO {table_name(Rating)}
            (scorecard_id, session_question_id, criterion_id, points, not_assessed, updated_at)
        VALUES (%s, %s, %s, %s, %s, %s)
        ON CONFLICT (scorecard_id, session_question_id, criterion_id)
        DO UPDATE SET points = excluded.points, not_assessed = excluded.not_assessed,
                      updated_at = excluded.updated_at
    """
    record = f"""
        INSERT INTO {table_name(AuditEvent)}
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
