"""The written practice's pages: who may open them, autosave, the scoring link."""

import pytest
from django.urls import reverse

from interviews.models import Answer, Scorecard, WrittenPractice
from interviews.practice import services as practice

pytestmark = pytest.mark.django_db


def test_a_signed_in_person_starts_one_from_their_own_plan(client, writer, own_plan):
    client.force_login(writer)
    page = client.get(reverse("interviews:written_list"))
    assert b"My loop" in page.content
    response = client.post(reverse("interviews:written_create"), {"plan": str(own_plan.pk)})
    written = WrittenPractice.objects.get()
    assert response.url == reverse("interviews:written_answer", args=[written.session_id])


def test_the_answer_page_shows_the_budget_and_autosaves(client, writer, own_plan):
    written = practice.written_start(user=writer, plan=own_plan)
    client.force_login(writer)
    url = reverse("interviews:written_answer", args=[written.session_id])
    page = client.get(url + "?q=1").content.decode()
    assert "Question 2 of 3" in page and 'data-budget="300"' in page
    response = client.post(
        url, {"position": 1, "text": "Look at the traces."}, HTTP_HX_REQUEST="true"
    )
    assert response.content == b"Saved"
    assert Answer.objects.get().text == "Look at the traces."


def test_the_plain_form_saves_and_moves_on(client, writer, own_plan):
    written = practice.written_start(user=writer, plan=own_plan)
    client.force_login(writer)
    url = reverse("interviews:written_answer", args=[written.session_id])
    response = client.post(url, {"position": 0, "text": "An answer.", "go": "1"})
    assert response.url == url + "?q=1"


def test_an_over_long_answer_is_refused_beside_the_field(client, writer, own_plan):
    written = practice.written_start(user=writer, plan=own_plan)
    client.force_login(writer)
    url = reverse("interviews:written_answer", args=[written.session_id])
    text = "x" * (Answer.TEXT_MAX + 1)
    response = client.post(url, {"position": 0, "text": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert not Answer.objects.exists()


def test_strangers_and_the_scorer_cannot_write_in_it(client, handed_in, peer, stranger):
    practice.written_invite(written=handed_in, actor=handed_in.session.candidate.user)
    practice.written_seat_take(written=handed_in, user=peer)
    pk = handed_in.session_id
    for person in (stranger, peer):
        client.force_login(person)
        for name in ("interviews:written_answer", "interviews:written_submit"):
            assert client.get(reverse(name, args=[pk])).status_code == 404
    client.force_login(stranger)
    assert client.get(reverse("interviews:written_detail", args=[pk])).status_code == 404
    client.force_login(peer)
    assert client.get(reverse("interviews:written_detail", args=[pk])).status_code == 200


def test_hand_in_then_invite_shows_a_link_to_copy(client, writer, own_plan):
    written = practice.written_start(user=writer, plan=own_plan)
    practice.written_answer_save(written=written, position=0, text="Something.")
    client.force_login(writer)
    pk = written.session_id
    client.post(reverse("interviews:written_submit", args=[pk]))
    client.post(reverse("interviews:written_invite", args=[pk]))
    written.refresh_from_db()
    assert written.is_answered and written.scoring_token
    page = client.get(reverse("interviews:written_detail", args=[pk])).content.decode()
    assert reverse("interviews:written_join", args=[written.scoring_token]) in page


def test_the_link_survives_signing_in_or_up(client, handed_in, stranger):
    token = practice.written_invite(written=handed_in, actor=handed_in.session.candidate.user)
    url = reverse("interviews:written_join", args=[token])
    page = client.get(url).content.decode()
    assert "Sign in to score" in page and f"next={url}" in page
    assert client.post(url).url.startswith(reverse("accounts:login"))
    # A sign-up lands on the dashboard, which links back to the waiting link.
    client.force_login(stranger)
    dashboard = client.get(reverse("interviews:dashboard")).content.decode()
    assert url in dashboard
    client.post(url)
    assert url not in client.get(reverse("interviews:dashboard")).content.decode()


def test_taking_the_seat_opens_the_console_with_the_answer(client, handed_in, peer):
    token = practice.written_invite(written=handed_in, actor=handed_in.session.candidate.user)
    client.force_login(peer)
    url = reverse("interviews:written_join", args=[token])
    assert b"Take the scoring seat" in client.get(url).content
    response = client.post(url)
    console = reverse("interviews:console", args=[handed_in.session_id])
    assert response.url == console
    page = client.get(console + "?q=0").content.decode()
    assert "Written answer" in page and "Functions run on events." in page
    # Opening the link again leads the scorer back; nobody else gets in.
    assert client.get(url).url == console


def test_the_scorer_starts_at_the_first_question_not_the_writers_last(client, handed_in, peer):
    assert handed_in.session.current_position == 0  # the writer finished on Q2
    token = practice.written_invite(written=handed_in, actor=handed_in.session.candidate.user)
    client.force_login(peer)
    console = client.post(reverse("interviews:written_join", args=[token])).url
    page = client.get(console).content.decode()
    assert "Functions run on events." in page and "Logs, metrics, traces." not in page


def test_a_second_scorer_is_told_the_link_is_used(client, handed_in, peer, stranger):
    token = practice.written_invite(written=handed_in, actor=handed_in.session.candidate.user)
    practice.written_seat_take(written=handed_in, user=peer)
    client.force_login(stranger)
    url = reverse("interviews:written_join", args=[token])
    response = client.get(url)
    assert response.status_code == 404 and b"has been used" in response.content
    assert client.post(url).status_code == 404
    assert Scorecard.objects.filter(session=handed_in.session).count() == 1


def test_the_writer_opening_their_own_link_cannot_take_it(client, handed_in, writer):
    token = practice.written_invite(written=handed_in, actor=writer)
    client.force_login(writer)
    url = reverse("interviews:written_join", args=[token])
    assert b"your own practice" in client.get(url).content
    assert client.post(url).status_code == 422


def test_a_wrong_link_is_a_404(client, stranger):
    client.force_login(stranger)
    url = reverse("interviews:written_join", args=["not-a-token"])
    assert client.get(url).status_code == 404


def test_the_scorer_lands_back_on_the_practice_after_submitting(
    client, handed_in, peer, django_capture_on_commit_callbacks
):
    token = practice.written_invite(written=handed_in, actor=handed_in.session.candidate.user)
    practice.written_seat_take(written=handed_in, user=peer)
    from tests.data import builders

    builders.rate_some(handed_in.session, peer, positions=[0, 1], submit=False)
    client.force_login(peer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("interviews:submit", args=[handed_in.session_id]),
            {"recommendation": "yes", "summary": "", "confirm": "on"},
        )
    assert response.url == reverse("interviews:written_detail", args=[handed_in.session_id])
    page = client.get(response.url).content.decode()
    assert "Read the report" in page and "Scored by Pat" in page
    assert token


def test_a_cancelled_practice_is_no_longer_written_in(client, writer, own_plan):
    from interviews.sessions import services

    written = practice.written_start(user=writer, plan=own_plan)
    services.session_cancel(session=written.session, reason="Not now", actor=writer)
    client.force_login(writer)
    url = reverse("interviews:written_answer", args=[written.session_id])
    assert client.get(url).url == reverse("interviews:written_detail", args=[written.session_id])
    assert client.post(url, {"position": 0, "text": "x"}, HTTP_HX_REQUEST="true").status_code == 422


def test_a_used_or_unknown_link_names_nobody(client, handed_in, peer, stranger, writer):
    token = practice.written_invite(written=handed_in, actor=writer)
    practice.written_seat_take(written=handed_in, user=peer)
    url = reverse("interviews:written_join", args=[token])
    names = ("Wren", "wren", "My loop", "Pat")
    response = client.get(url)  # signed out: only "sign in", which leads the scorer back
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    client.force_login(stranger)
    for response in (
        client.get(url),
        client.post(url),
        client.get(reverse("interviews:written_join", args=["not-a-token"])),
    ):
        assert response.status_code == 404
        assert not any(name in response.content.decode() for name in names)
    client.force_login(peer)
    assert client.get(url).url == reverse("interviews:console", args=[handed_in.session_id])


def test_with_none_started_the_page_says_how_to_start(client, writer):
    client.force_login(writer)
    html = client.get(reverse("interviews:written_list")).content.decode()
    assert "None yet. Pick a plan under “Start one” and start writing" in html
    assert "When a peer sends you a scoring link, the practice appears here." in html
