"""Small pieces of the calibration package shown on other pages."""

from django import template

from interviews.models import InterviewSession, Scorecard

register = template.Library()


@register.simple_tag
def overdue_scorecards(user, membership) -> int:
    """How many of the user's scorecards in this organisation have been chased by a reminder
    and are still not submitted."""
    if membership is None or not user.is_authenticated:
        return 0
    return (
        Scorecard.objects.filter(
            interviewer=user,
            submitted_at__isnull=True,
            session__organisation_id=membership.organisation_id,
            session__status=InterviewSession.Status.LIVE,
            reminders__isnull=False,
        )
        .values("pk")
        .distinct()
        .count()
    )
