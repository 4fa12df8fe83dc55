import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from interviews.models import InterviewSession
from interviews.sessions import services as session_services
from tests.builders import make_session, rate_all

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
    """The text a PDF reader extracts from the pages (through each embedded font's ToUnicode
    map, so a character drawn with a missing glyph would not come back), and the page count."""
    document = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in document.pages), len(document.pages)


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


NAMES = {
    "Polish": "Bartłomiej Żółć",
    "Greek": "Ελένη Παπαδοπούλου",
    "Cyrillic": "Юлия Щербакова",
    "Japanese": "山田 花子",
}


@pytest.mark.parametrize("script", NAMES)
def test_every_name_prints_as_typed_with_an_ascii_file_name(
    client, team, script, django_capture_on_commit_callbacks
):
    name = NAMES[script]
    session = make_session(
        team.organisation, [team.owner], mode=InterviewSession.Mode.HIRING, candidate_name=name
    )
    session_services.note_save(
        scorecard=session.scorecards.get(interviewer=team.owner),
        session_question_id=session.questions.get(position=0).pk,
        text=f"{name} explained idempotency keys clearly.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner, points_for=lambda n: n % 5)
    client.force_login(team.owner)
    response = client.get(reverse("interviews:report_pdf", args=[session.pk]))
    text, _ = pdf_text(response.content)
    assert text.count(name) >= 3  # the heading, the note and every page's footer
    disposition = response["Content-Disposition"]
    assert disposition.isascii() and disposition.endswith(f'-{session.pk}.pdf"')
    assert "report-candidate-" not in disposition  # transliterated, not dropped


def test_the_fonts_are_embedded_and_shipped_with_the_project(client, team, reported):
    client.force_login(team.owner)
    content = client.get(reverse("interviews:report_pdf", args=[reported.pk])).content
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and not any("Helvetica" in f or "Courier" in f for f in fonts)
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()
            descriptor = descendant.get("/FontDescriptor")
            if descriptor is None:  # a Type0 font keeps it on its descendant
                descriptor = descendant["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object()  # the TrueType program is embedded


def test_the_first_page_answers_at_a_glance_and_the_detail_follows(client, team, reported):
    client.force_login(team.owner)
    content = client.get(reverse("interviews:report_pdf", args=[reported.pk])).content
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    first = pages[0]
    for heading in ("OVERALL SCORE", "BAND", "COVERAGE", "INTERVIEWERS", "Strengths", "Gaps"):
        assert heading in first
    assert "Question by question" not in first
    assert "Question by question" in "".join(pages[1:])


def test_a_candidate_with_history_gets_the_progress_chart(
    client, team, reported, django_capture_on_commit_callbacks
):
    client.force_login(team.owner)
    url = reverse("interviews:report_pdf", args=[reported.pk])
    assert "Progress across reports" not in pdf_text(client.get(url).content)[0]
    later = make_session(
        team.organisation, [team.owner], mode=InterviewSession.Mode.HIRING, candidate_name=NAME
    )
    later.candidate_id = reported.candidate_id
    later.save(update_fields=["candidate"])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(later, team.owner, points_for=lambda n: 4)
    text = pdf_text(client.get(reverse("interviews:report_pdf", args=[later.pk])).content)[0]
    assert "Progress across reports" in text
    # The earlier report's PDF shows only what came before it: still no chart.
    assert "Progress across reports" not in pdf_text(client.get(url).content)[0]
