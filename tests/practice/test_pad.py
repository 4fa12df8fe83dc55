"""The shared pad: the candidate types on their screen, the panel reads it, the report keeps it."""

import pytest
from django.urls import reverse

from interviews.models import Answer
from interviews.reports.generation import report_generate
from interviews.sessions import services
from tests.data import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(team):
    session = builders.make_session(team.organisation, [team.interviewer])
    services.session_start(session=session, actor=team.interviewer)
    return session


def _type(client, session, text, position=0, **headers):
    url = reverse("interviews:screen_pad", args=[session.screen_token])
    return client.post(url, {"position": position, "text": text}, **headers)


def test_the_candidate_screen_has_the_pad_once_live(client, live):
    page = client.get(reverse("interviews:candidate_screen", args=[live.screen_token]))
    assert b'id="pad-text"' in page.content


def test_the_pad_is_hidden_before_the_start(client, team):
    session = builders.make_session(team.organisation, [team.interviewer])
    page = client.get(reverse("interviews:candidate_screen", args=[session.screen_token]))
    assert b'id="pad-text"' not in page.content
    assert _type(client, session, "early", HTTP_HX_REQUEST="true").status_code == 422


def test_typing_saves_the_current_questions_pad(client, live):
    response = _type(client, live, "def handler(event):\n    return 200", HTTP_HX_REQUEST="true")
    assert response.content == b"Saved"
    answer = Answer.objects.get()
    assert answer.session_question.position == 0
    assert answer.text.endswith("return 200")


def test_a_question_not_yet_shown_is_refused(client, live):
    assert _type(client, live, "peeking", position=2, HTTP_HX_REQUEST="true").status_code == 422


def test_without_javascript_the_pad_saves_and_returns_to_the_screen(client, live):
    response = _type(client, live, "a list\n- one")
    assert response.url == reverse("interviews:candidate_screen", args=[live.screen_token])


def test_the_pad_ends_with_the_interview(client, team, live):
    builders.rate_all(live, team.interviewer)
    assert _type(client, live, "late", HTTP_HX_REQUEST="true").status_code == 422


def test_the_console_shows_the_pad_and_answers_304_when_unchanged(client, team, live):
    _type(client, live, "SQS -> Lambda -> DynamoDB")
    client.force_login(team.interviewer)
    url = reverse("interviews:console_pad", args=[live.pk]) + "?q=0"
    first = client.get(url, HTTP_HX_REQUEST="true")
    assert b"SQS -&gt; Lambda -&gt; DynamoDB" in first.content
    assert b'hx-trigger="every 2s"' in first.content
    etag = first["ETag"]
    again = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    _type(client, live, "SQS -> Lambda -> S3")
    changed = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and b"S3" in changed.content


def test_the_console_page_includes_the_live_pad(client, team, live):
    _type(client, live, "my sketch")
    client.force_login(team.interviewer)
    page = client.get(reverse("interviews:console", args=[live.pk])).content.decode()
    assert "Candidate's pad" in page and "my sketch" in page


def test_only_the_panel_reads_the_pad(client, team, live):
    url = reverse("interviews:console_pad", args=[live.pk])
    for person in (team.outsider, team.candidate):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_the_report_keeps_the_pad_beside_its_question(client, team, live):
    _type(client, live, "cold starts: provisioned concurrency")
    builders.rate_all(live, team.interviewer)
    report = report_generate(session_id=live.pk)
    answers = [q["answer_text"] for q in report.data["questions"]]
    assert answers == ["cold starts: provisioned concurrency", None, None]
    client.force_login(team.interviewer)
    page = client.get(reverse("interviews:report_detail", args=[live.pk])).content.decode()
    assert "The candidate's pad" in page and "provisioned concurrency" in page
    pdf = client.get(reverse("interviews:report_pdf", args=[live.pk]))
    assert pdf.status_code == 200


def test_the_pad_is_exported_and_erased_with_the_candidate(client, team, live):
    from interviews.plans.privacy import candidate_erase, candidate_export

    _type(client, live, "my own words")
    exported = candidate_export(candidate=live.candidate)
    assert exported["sessions"][0]["questions"][0]["answer"] == "my own words"
    candidate_erase(candidate=live.candidate, actor=team.owner)
    assert Answer.objects.get().text == ""


def test_a_console_opened_before_the_start_already_follows_the_pad(client, team):
    session = builders.make_session(team.organisation, [team.interviewer])
    client.force_login(team.interviewer)
    page = client.get(reverse("interviews:console", args=[session.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    builders.rate_all(session, team.interviewer)
    page = client.get(reverse("interviews:console", args=[session.pk])).content.decode()
    assert 'hx-trigger="every 2s"' not in page  # submitted: the pad no longer changes
