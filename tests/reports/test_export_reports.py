import io
import json

import pytest
from django.core.management import CommandError, call_command

from interviews.models import InterviewSession, Report
from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db


def export(**options) -> list[dict]:
    out = io.StringIO()
    call_command("export_reports", stdout=out, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_writes_one_json_object_per_ready_report(
    client, team, django_capture_on_commit_callbacks
):
    plan = make_plan(team.organisation)
    sessions = []
    for points in (1, 4):
        session = make_session(
            team.organisation, [team.owner], plan=plan, mode=InterviewSession.Mode.HIRING
        )
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.owner, points_for=lambda n, p=points: p)
        sessions.append(session)
    pending = make_session(team.organisation, [team.owner], plan=plan)
    rate_all(pending, team.owner)  # stays pending: not exported

    lines = export()
    assert [line["session"]["id"] for line in lines] == [s.pk for s in sessions]
    assert [line["percentile"] for line in lines] == [25.0, 75.0]
    client.force_login(team.owner)
    download = client.get(f"/reports/{sessions[1].pk}/report.json").json()
    assert lines[1] == download


def test_it_filters_by_organisation(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    assert len(export(organisation=team.organisation.slug)) == 1
    assert export(organisation=team.outsider.memberships.get().organisation.slug) == []
    with pytest.raises(CommandError, match="No organisation"):
        export(organisation="nope")


def test_it_streams(team, django_capture_on_commit_callbacks, monkeypatch):
    """The rows come from .iterator(), never a list of every report."""
    session = make_session(team.organisation, [team.owner])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    calls = []
    original = type(Report.objects.all()).iterator

    def spy(self, *args, **kwargs):
        calls.append(kwargs.get("chunk_size"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(Report.objects.all()), "iterator", spy)
    assert len(export()) == 1
    assert calls == [200]


def test_nothing_to_export_writes_nothing(db):
    assert export() == []
