"""A practice report speaks a peer's words for its band; hiring reports and the JSON keep theirs."""

import json

import pytest
from django.urls import reverse

from accounts.services import organisation_create
from interviews.models import InterviewSession, Report
from tests.data.builders import make_session, rate_all
from tests.reports.test_report_pdf import pdf_text

pytestmark = pytest.mark.django_db

PRACTICE_WORDS = {"Ready", "Nearly there", "Getting there", "Not yet"}


def _report(team, mode, points, capture):
    session = make_session(team.organisation, [team.owner], mode=mode)
    with capture(execute=True):
        rate_all(session, team.owner, points_for=lambda n: points)
    return Report.objects.get(session=session)


def test_a_practice_report_says_ready_or_not_yet(client, team, django_capture_on_commit_callbacks):
    report = _report(team, InterviewSession.Mode.PRACTICE, 4, django_capture_on_commit_callbacks)
    assert report.band == "strong_hire"
    client.force_login(team.owner)
    page = client.get(reverse("interviews:report_detail", args=[report.session_id])).text
    assert 'data-band="strong_hire">Ready</span>' in page
    assert "Ready ≥" in page and "Strong hire" not in page and "No hire" not in page
    text, _ = pdf_text(
        client.get(reverse("interviews:report_pdf", args=[report.session_id])).content
    )
    assert "Ready" in text and "Strong hire" not in text
    data = json.loads(
        client.get(reverse("interviews:report_json", args=[report.session_id])).content
    )
    assert data["band"] == "strong_hire"  # the key stays what tools read


def test_a_hiring_report_keeps_the_hiring_words(client, team, django_capture_on_commit_callbacks):
    report = _report(team, InterviewSession.Mode.HIRING, 0, django_capture_on_commit_callbacks)
    client.force_login(team.owner)
    page = client.get(reverse("interviews:report_detail", args=[report.session_id])).text
    assert 'data-band="no_hire">No hire</span>' in page
    assert not any(f">{w}</span>" in page for w in PRACTICE_WORDS)


def test_lists_name_each_report_in_its_own_words(
    client, user_factory, django_capture_on_commit_callbacks
):
    me = user_factory()
    space = organisation_create(name="My practice", owner=me, is_personal=True)
    session = make_session(space, [me])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, me, points_for=lambda n: 0)
    client.force_login(me)
    listing = client.get(reverse("interviews:report_list")).text
    assert '<span class="pill no_hire">Not yet</span>' in listing


def test_a_team_list_names_practice_and_hiring_reports_each_in_its_words(
    client, team, django_capture_on_commit_callbacks
):
    _report(team, InterviewSession.Mode.PRACTICE, 0, django_capture_on_commit_callbacks)
    _report(team, InterviewSession.Mode.HIRING, 0, django_capture_on_commit_callbacks)
    client.force_login(team.owner)
    for url in (reverse("interviews:report_list"), reverse("interviews:dashboard")):
        page = client.get(url).text
        assert page.count('<span class="pill no_hire">Not yet</span>') == 1
        assert page.count('<span class="pill no_hire">No hire</span>') == 1


def test_a_practice_sessions_page_and_every_page_naming_its_band_use_a_peers_words(
    client, team, django_capture_on_commit_callbacks
):
    practice = _report(team, InterviewSession.Mode.PRACTICE, 0, django_capture_on_commit_callbacks)
    hiring = _report(team, InterviewSession.Mode.HIRING, 0, django_capture_on_commit_callbacks)
    client.force_login(team.owner)
    session_page = client.get(reverse("interviews:session_detail", args=[practice.session_id]))
    assert "· Not yet." in session_page.text and "No hire" not in session_page.text
    hiring_page = client.get(reverse("interviews:session_detail", args=[hiring.session_id]))
    assert "· No hire." in hiring_page.text
    for url in (
        reverse("interviews:candidate_detail", args=[practice.candidate_id]),
        reverse("interviews:candidate_history", args=[practice.candidate_id]),
        reverse("interviews:plan_debrief", args=[practice.plan_id]),
        reverse("interviews:report_decision", args=[practice.session_id]),
    ):
        page = client.get(url).text
        assert '<span class="pill no_hire">Not yet</span>' in page, url
        assert "No hire" not in page, url
    compared = client.get(
        reverse("interviews:report_compare") + f"?a={practice.session_id}&b={hiring.session_id}"
    ).text
    assert '<span class="pill no_hire">Not yet</span>' in compared
    assert '<span class="pill no_hire">No hire</span>' in compared
