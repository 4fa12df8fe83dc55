"""A seat taken by an account revokes the guest screen link given out before: the join page
shows that link to whoever holds the join link, and it must not keep writing into the pad."""

import pytest
from django.urls import reverse

from interviews.live import channel
from interviews.models import Answer
from interviews.practice import services as practice
from interviews.sessions import services as sessions
from tests.live.streams import read
from tests.practice.conftest import person, start

pytestmark = pytest.mark.django_db


def _join_url(session):
    return reverse("interviews:practice_join", args=[practice.link_for(session).join_token])


def _guest_link(client, session) -> str:
    """The guest screen link, as a third person reads it off the join page."""
    page = client.get(_join_url(session)).text
    screen = reverse("interviews:candidate_screen", args=[session.screen_token])
    assert screen in page
    return session.screen_token


def _live_and_joined(client, alice, bob, capture):
    session = start(alice)
    sessions.session_start(session=session, actor=alice)
    guest = _guest_link(client, session)
    with capture(execute=True):
        session = practice.practice_join(link=practice.link_for(session), user=bob)
    return session, guest


def _pad(client, token, text):
    url = reverse("interviews:screen_pad", args=[token])
    return client.post(url, {"position": 0, "text": text}, HTTP_HX_REQUEST="true")


def test_the_old_link_reads_and_writes_nothing_once_an_account_holds_the_seat(
    client, peers, django_capture_on_commit_callbacks
):
    alice, bob = peers
    session, guest = _live_and_joined(client, alice, bob, django_capture_on_commit_callbacks)
    assert session.screen_token != guest
    for url in (
        reverse("interviews:candidate_screen", args=[guest]),
        reverse("interviews:screen_pad", args=[guest]) + "?q=0",
        reverse("interviews:candidate_screen_live", args=[guest]) + "?once=1",
        reverse("interviews:practice_feedback", args=[guest]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404, url
    assert _pad(client, guest, "a third party's text").status_code == 404
    client.force_login(bob)  # the old link is dead for the seated account too
    assert _pad(client, guest, "a third party's text").status_code == 404
    assert not Answer.objects.exists()


def test_the_seated_account_reaches_its_screen_signed_in_and_nobody_else_does(
    client, peers, django_capture_on_commit_callbacks
):
    alice, bob = peers
    session, _ = _live_and_joined(client, alice, bob, django_capture_on_commit_callbacks)
    screen = reverse("interviews:candidate_screen", args=[session.screen_token])
    response = client.get(screen)  # signed out: sign in first
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert _pad(client, session.screen_token, "x").status_code == 404
    client.force_login(person("carol"))
    assert client.get(screen).status_code == 404
    assert _pad(client, session.screen_token, "x").status_code == 404
    client.force_login(bob)
    assert client.post(_join_url(session)).url == screen  # the join link leads back to it
    assert client.get(screen).status_code == 200
    assert _pad(client, session.screen_token, "mine").content == b"Saved"
    assert Answer.objects.get().text == "mine"
    assert session.screen_token in client.get("/").text  # and the dashboard links to it


def test_the_join_page_no_longer_shows_a_screen_link_and_the_session_page_says_why(
    client, peers, django_capture_on_commit_callbacks
):
    alice, bob = peers
    session, guest = _live_and_joined(client, alice, bob, django_capture_on_commit_callbacks)
    page = client.get(_join_url(session)).text
    assert "/screen/" not in page
    client.force_login(alice)
    page = client.get(reverse("interviews:session_detail", args=[session.pk])).text
    assert guest not in page and session.screen_token not in page
    assert "the guest link no longer works" in page


def test_an_open_stream_of_the_old_link_ends_when_the_seat_is_taken(
    client, peers, settings, django_capture_on_commit_callbacks
):
    settings.LIVE_HOLD_WSGI_STREAMS = True
    settings.REDIS_URL = ""  # the in-process channel; the Redis one carries the same events
    channel.local.reset()
    alice, bob = peers
    session = start(alice)
    with django_capture_on_commit_callbacks(execute=True):
        sessions.session_start(session=session, actor=alice)
    guest = session.screen_token
    response = client.get(
        reverse("interviews:candidate_screen_live", args=[guest]),
        {"after": channel.last_id(session.pk)},
    )

    def bob_joins():
        with django_capture_on_commit_callbacks(execute=True):
            practice.practice_join(link=practice.link_for(session), user=bob)

    frames = read(response, 5, during=bob_joins, timeout=3)
    assert frames == []  # ended at once: not even the stage showing Bob's screen
    assert channel.version(guest) is None  # and its polls are no longer answered 304
