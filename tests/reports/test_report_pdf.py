import base64
import re
import zlib

import pytest
from django.urls import reverse

from interviews.models import InterviewSession
from interviews.sessions import services as session_services
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db

NAME = "Zo\N{LATIN SMALL LETTER E WITH DIAERESIS} O\N{RIGHT SINGLE QUOTATION MARK}Brien & <Co>"


@pytest.fixture
def reported(team, django_capture_on_commit_callbacks):
    session = make_session(
        team.organisation,
        [team.owner, team.interviewer],
        mode=InterviewSession.Mode.HIRING,
        candidate_name=NAME,
    )
    first = session.questions.get(position=0)
    session_services.note_save(
        scorecard=session.scorecards.get(interviewer=team.owner),
        session_question_id=first.pk,
        text="Solid on events; unsure about cold starts → follow up.",
    )
    rate_all(session, team.owner, points_for=lambda n: n % 5)
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer, points_for=lambda n: (n + 2) % 5)
    return session


def test_it_is_a_pdf_download(client, team, reported):
    client.force_login(team.owner)
    response = client.get(reverse("interviews:report_pdf", args=[reported.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF")


def pdf_text(content: bytes) -> tuple[str, int]:
    """The text drawn on the pages (reportlab writes it as literal strings), and the page count."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        stream = stream.strip()
        if stream.endswith(b"~>"):  # reportlab's default: ASCII85 over Flate
            stream = base64.a85decode(re.sub(rb"\s", b"", stream[:-2]))
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            chunks.append(stream)
    strings = re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", b"\n".join(chunks))
    pages = len(re.findall(rb"/Type /Page\b", content))
    return "\n".join(_literal(s) for s in strings), pages


def _literal(raw: bytes) -> str:
    """Undo a PDF string's escapes: octal codes (\\353) and escaped brackets."""

    def one(match: re.Match) -> bytes:
        code = match.group(1)
        return bytes([int(code, 8)]) if code[:1].isdigit() else code

    return re.sub(rb"\\([0-7]{1,3}|.)", one, raw).decode("cp1252")


def test_it_reads_as_a_document(client, team, reported):
    client.force_login(team.owner)
    content = client.get(reverse("interviews:report_pdf", args=[reported.pk])).content
    text, pages = pdf_text(content)
    assert pages >= 1
    assert "Interview feedback report" in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Scores by category" in text
    assert "Gaps and what to study" in text
    assert "Question by question" in text
    assert NAME in text  # escaped for the markup, drawn as typed


def test_it_has_page_numbers_and_a_title(client, team, reported):
    client.force_login(team.owner)
    content = client.get(reverse("interviews:report_pdf", args=[reported.pk])).content
    assert b"Interview feedback report" in content  # the document's title metadata


def test_an_outsider_gets_404(client, team, reported):
    client.force_login(team.outsider)
    assert client.get(reverse("interviews:report_pdf", args=[reported.pk])).status_code == 404


def test_a_candidate_member_gets_404(client, team, reported):
    client.force_login(team.candidate)
    assert client.get(reverse("interviews:report_pdf", args=[reported.pk])).status_code == 404
