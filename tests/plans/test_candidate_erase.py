"""Erasing a candidate leaves their name and address nowhere: not in a column of any table, not in
any page or download of the organisation. Every free-text field people can reach is filled with
them first, in several spellings; every text and JSON column is then scanned, so a table added
later is covered without touching this test."""

import csv
import io
import json
import unicodedata
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from interviews.calibration.decisions import decision_record
from interviews.models import (
    AuditEvent,
    Candidate,
    Decision,
    Drill,
    InterviewerFeedback,
    InterviewPlan,
    InterviewSession,
    RegradeRequest,
    Report,
    ReportVersion,
)
from interviews.reports.formats import pdf
from tests.data.builders import make_session, rate_all
from tests.data.written_about import EMAIL, NAME, OTHER, World, build_world
from tests.reports.test_report_pdf import pdf_text

pytestmark = pytest.mark.django_db

# Searched for case-insensitively and in Unicode's composed form; the name's parts count too.
NEEDLES = (NAME, EMAIL, "Bartłomiej", "Żółć")


def hits(text: str, needles=NEEDLES) -> list[str]:
    folded = unicodedata.normalize("NFC", text).casefold()
    return [n for n in needles if unicodedata.normalize("NFC", n).casefold() in folded]


def text_fields(model) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]


def database_hits() -> list[str]:
    """Every text-like column of every table, JSON compared as the text it holds."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = text_fields(model)
        if not fields:
            continue
        for row in model._base_manager.values("pk", *fields).iterator():
            for field in fields:
                value = row[field]
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for needle in hits(text or ""):
                    found.append(f"{model._meta.label}.{field} #{row['pk']}: {needle}")
    return found


@pytest.fixture
def world(team, django_capture_on_commit_callbacks) -> World:
    return build_world(team, django_capture_on_commit_callbacks)


def erase(client, team, w) -> None:
    client.force_login(team.owner)
    response = client.post(reverse("interviews:candidate_erase", args=[w.candidate.pk]))
    assert response.status_code == 302


def test_the_world_holds_the_person_everywhere_before(world):
    found = database_hits()
    tables = {hit.split(" #")[0] for hit in found}
    assert {
        "interviews.Candidate.name",
        "interviews.InterviewPlan.title",
        "interviews.InterviewPlan.description",
        "interviews.InterviewSession.meeting_link",
        "interviews.InterviewSession.cancel_reason",
        "interviews.Scorecard.summary",
        "interviews.Scorecard.amend_reason",
        "interviews.QuestionNote.text",
        "interviews.Answer.text",
        "interviews.AuditEvent.detail",
        "interviews.Decision.rationale",
        "interviews.Decision.change_reason",
        "interviews.RegradeRequest.reason",
        "interviews.RegradeRequest.response",
        "interviews.Report.data",
        "interviews.Report.search_text",
        "interviews.Report.plan_title",
        "interviews.ReportVersion.data",
        "interviews.ReportVersion.reason",
        "interviews.InterviewerFeedback.comment",
        "interviews.Drill.title",
        "interviews.Drill.transcript",
        "interviews.Drill.reasoning",
    } <= tables


def test_no_column_of_any_table_holds_the_person_after(client, team, world):
    erase(client, team, world)
    assert database_hits() == []


def test_no_page_or_download_of_the_organisation_shows_the_person(client, team, world):
    erase(client, team, world)
    client.force_login(team.owner)
    sessions = list(InterviewSession.objects.filter(organisation=team.organisation))
    reports = list(Report.objects.filter(organisation=team.organisation))
    urls = [
        reverse("interviews:candidate_list"),
        reverse("interviews:candidate_detail", args=[world.candidate.pk]),
        reverse("interviews:candidate_export", args=[world.candidate.pk]),
        reverse("interviews:plan_list"),
        reverse("interviews:plan_detail", args=[world.plan.pk]),
        reverse("interviews:plan_debrief", args=[world.plan.pk]),
        reverse("interviews:report_list"),
        reverse("interviews:regrade_list"),
        reverse("interviews:drill_list"),
        reverse("interviews:drill_detail", args=[world.drill.pk]),
        *(reverse("interviews:regrade_detail", args=[r.pk]) for r in RegradeRequest.objects.all()),
    ]
    for session in sessions:
        urls += [
            reverse("interviews:session_detail", args=[session.pk]),
            reverse("interviews:session_audit", args=[session.pk]),
            reverse("interviews:session_audit_csv", args=[session.pk]),
        ]
    for report in reports:
        pk = report.session_id
        urls += [
            reverse("interviews:report_detail", args=[pk]),
            reverse("interviews:report_json", args=[pk]),
            reverse("interviews:report_csv", args=[pk]),
            reverse("interviews:report_decision", args=[pk]),
            *(
                reverse("interviews:report_version", args=[pk, v.number])
                for v in ReportVersion.objects.filter(report=report)
            ),
        ]
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found += [f"{url}: {needle}" for needle in hits(response.content.decode())]
    drawn = [pdf._drawable(needle) for needle in NEEDLES]  # the PDF's fonts draw Windows-1252
    for report in reports:
        url = reverse("interviews:report_pdf", args=[report.session_id])
        text, _ = pdf_text(client.get(url).content)
        found += [f"{url}: {needle}" for needle in hits(text, drawn)]
    out = io.StringIO()
    call_command("export_reports", stdout=out)
    found += [f"export_reports: {needle}" for needle in hits(out.getvalue())]
    assert found == []


def test_the_numbers_and_the_other_candidate_stay(client, team, world):
    erase(client, team, world)
    after = {r.pk: (r.overall, r.band, r.version) for r in Report.objects.filter(plan=world.plan)}
    assert after == world.numbers
    label = f"Erased candidate #{world.candidate.pk}"
    other = Report.objects.get(session=world.other)
    assert other.data["session"]["candidate"]["name"] == OTHER
    [note] = [n for notes in (q["notes"] for q in other.data["questions"]) for n in notes.values()]
    assert note == f"Stronger than {label}"
    assert Decision.objects.get(session=world.other).rationale == f"Chosen over {label}"
    assert Drill.objects.get().transcript.startswith(f"{label}:")
    assert ReportVersion.objects.filter(report__session=world.interview).count() == 2
    assert Decision.objects.filter(session=world.interview).count() == 2
    assert InterviewPlan.objects.get(pk=world.plan.pk).title == f"Loop for {label}"
    assert Decimal(0) < other.overall


def test_their_own_account_is_no_longer_linked_to_the_records(client, team, world):
    erase(client, team, world)
    sessions = InterviewSession.objects.filter(candidate=world.candidate)
    assert Candidate.objects.get(pk=world.candidate.pk).user is None
    assert not AuditEvent.objects.filter(session__in=sessions, actor=team.candidate).exists()
    assert not RegradeRequest.objects.filter(requested_by=team.candidate).exists()
    assert InterviewerFeedback.objects.get(session=world.practice).given_by is None
    client.force_login(team.owner)
    audit = client.get(reverse("interviews:session_audit", args=[world.interview.pk])).text
    assert team.candidate.username not in audit and "Quillon" not in audit
    url = reverse("interviews:session_audit_csv", args=[world.interview.pk])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    asked = [row for row in rows if row["action"] == "regrade_requested"]
    assert {row["who"] for row in asked} == {f"Erased candidate #{world.candidate.pk}"}
    assert all(row["what"].endswith(": “…”") for row in asked)  # their reason, quoted, is gone
    client.force_login(team.candidate)
    url = reverse("interviews:report_detail", args=[world.interview.pk])
    assert client.get(url).status_code == 404


def test_a_name_that_is_also_a_word_leaves_the_report_readable(
    client, team, django_capture_on_commit_callbacks
):
    """Parts of the name go from what people wrote, never from the report's own vocabulary."""
    session = make_session(
        team.organisation, [team.owner], candidate_name="Jane Strong", mode="hiring"
    )
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner, lambda n: 4)
    report = Report.objects.get(session=session)
    assert report.data["band_label"] == "Strong hire"
    decision_record(
        report=report, outcome="advance", rationale="Strong will relocate.", actor=team.owner
    )
    client.force_login(team.owner)
    client.post(reverse("interviews:candidate_erase", args=[session.candidate_id]))
    report.refresh_from_db()
    assert report.data["band_label"] == "Strong hire" and report.band == "strong_hire"
    label = f"Erased candidate #{session.candidate_id}"
    assert report.data["session"]["candidate"]["name"] == label
    assert Decision.objects.get(session=session).rationale == f"{label} will relocate."
