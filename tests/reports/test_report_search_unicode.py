"""The reports list's search folds case for every script, on SQLite as on PostgreSQL: the report
keeps a case-folded copy of what is searched, kept in step with the names and titles it holds."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import Report
from interviews.plans.services import candidate_get_or_create, plan_details_update
from interviews.sessions.services import session_update
from tests.data.builders import make_plan, make_session, rate_all
from tests.reports.test_report_list import _bulk

pytestmark = pytest.mark.django_db

URL = "/reports/"


def submitted(team, capture, name: str, plan=None) -> Report:
    session = make_session(team.organisation, [team.owner], plan=plan, candidate_name=name)
    with capture(execute=True):
        rate_all(session, team.owner, points_for=lambda n: 3)
    return Report.objects.get(session=session)


def found(client, query: str) -> list[str]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return [r.candidate.name for r in response.context["page"].rows]


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("Ølsen", "ølsen"),
        ("ølsen", "ØLSEN"),
        ("Ελένη", "ΕΛΈΝΗ"),
        ("ΕΛΈΝΗ", "ελένη"),
        ("Żółć", "ŻÓŁĆ"),
        ("żółć", "Żółć"),
        ("Straße", "STRASSE"),
        ("STRASSE", "straße"),
    ],
)
def test_the_search_folds_case_in_every_script(
    client, team, django_capture_on_commit_callbacks, name, query
):
    submitted(team, django_capture_on_commit_callbacks, name)
    submitted(team, django_capture_on_commit_callbacks, "Olsen Zolc")  # no accents: no match
    client.force_login(team.owner)
    assert found(client, query) == [name]
    assert found(client, f"  {query} ") == [name]


@pytest.mark.parametrize(
    ("name", "query"),
    [("Żółć", "zolc"), ("Bartłomiej", "BARTLOMIEJ"), ("Ελένη", "eleni"), ("Юлия", "yuliya")],
)
def test_the_search_finds_a_name_typed_without_its_accents_or_in_latin_letters(
    client, team, django_capture_on_commit_callbacks, name, query
):
    submitted(team, django_capture_on_commit_callbacks, name)
    submitted(team, django_capture_on_commit_callbacks, "Someone Else")
    client.force_login(team.owner)
    assert found(client, query) == [name]


def test_the_stored_text_is_folded(team, django_capture_on_commit_callbacks):
    report = submitted(team, django_capture_on_commit_callbacks, "Jörg Weiß")
    assert report.search_text.startswith("jörg weiss mini loop")
    assert team.owner.get_full_name().casefold() in report.search_text


def test_a_renamed_plan_is_found_under_its_new_title(
    client, team, django_capture_on_commit_callbacks
):
    plan = make_plan(team.organisation, title="Short loop")
    submitted(team, django_capture_on_commit_callbacks, "Ada", plan=plan)
    plan_details_update(
        plan=plan,
        title="Ścieżka ÆRØ",
        thresholds={
            "strong_hire": plan.strong_hire_min,
            "hire": plan.hire_min,
            "lean_no_hire": plan.lean_no_hire_min,
        },
    )
    client.force_login(team.owner)
    assert found(client, "ŚCIEŻKA ærø") == ["Ada"]
    assert found(client, "short") == []
    assert found(client, team.owner.last_name.upper()) == ["Ada"]  # the panel stays searchable


def test_a_corrected_name_is_found(client, team, django_capture_on_commit_callbacks):
    report = submitted(team, django_capture_on_commit_callbacks, "Nowak")
    session = report.session
    session_update(
        session=session,
        scheduled_at=session.scheduled_at,
        meeting_link=session.meeting_link,
        candidate_name="Ølsen",
        actor=team.owner,
    )
    client.force_login(team.owner)
    assert found(client, "ØLSEN") == ["Ølsen"]
    assert found(client, "nowak") == []


def test_a_report_still_being_generated_is_found_by_candidate_and_plan(team):
    session = make_session(team.organisation, [team.owner], candidate_name="Ελένη")
    session.status, session.submitted_at = "submitted", session.scheduled_at
    session.save(update_fields=["status", "submitted_at"])
    report = Report.objects.create(session=session, **Report.fields_of(session))
    assert report.search_text == "ελένη mini loop eleni mini loop"


def test_searching_stays_within_the_same_few_queries(client, team, django_assert_num_queries):
    plan = make_plan(team.organisation, title="Ścieżka")
    candidate = candidate_get_or_create(organisation=team.organisation, name="Żółć")
    _bulk(team, 3, plan, candidate)
    client.force_login(team.owner)
    client.get(URL)  # warm the session and the login
    with CaptureQueriesContext(connection) as few:
        assert len(found(client, "ŻÓŁĆ")) == 3
    assert len(few.captured_queries) <= 12
    _bulk(team, 37, plan, candidate)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(found(client, "ŚCIEŻKA")) == 25


def test_the_migration_folds_every_reports_search_text(team, django_capture_on_commit_callbacks):
    report = submitted(team, django_capture_on_commit_callbacks, "Ølsen")
    folded = report.search_text
    Report.objects.filter(pk=report.pk).update(search_text="ØLSEN Mini Loop")
    migration = importlib.import_module("interviews.migrations.0012_report_search_text_folded")
    migration.fold_search_text(apps, None)
    assert Report.objects.get(pk=report.pk).search_text == "ølsen mini loop olsen mini loop"
    assert folded.startswith("ølsen mini loop")
