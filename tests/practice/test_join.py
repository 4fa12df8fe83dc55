"""Joining a practice session by link: the peer becomes its candidate as themselves."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from interviews.models import Candidate
from interviews.practice import services as practice
from tests.data.factories import PASSWORD
from tests.mail import committed
from tests.practice.conftest import person, start

pytestmark = pytest.mark.django_db


def _join_url(session):
    return reverse("interviews:practice_join", args=[practice.link_for(session).join_token])


def test_a_guest_is_offered_sign_up_and_sign_in_that_come_back_here(client, peers):
    session = start(peers[0])
    url = _join_url(session)
    response = client.get(url)
    assert response.status_code == 200
    assert f"/accounts/signup/?next={url}" in response.text
    assert "Open the candidate screen as a guest" in response.text


def test_sign_up_then_confirmation_both_land_on_the_join_link(client, peers):
    alice, _ = peers
    session = start(alice)
    url = _join_url(session)
    with committed():
        response = client.post(
            f"/accounts/signup/?next={url}",
            {
                "username": "newpeer",
                "email": "newpeer@example.com",
                "password": PASSWORD,
                "next": url,
            },
        )
    assert response.status_code == 302 and response["Location"] == url
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    response = client.get(link)
    assert response["Location"] == url
    response = client.post(url)
    session.refresh_from_db()
    assert response["Location"] == reverse(
        "interviews:candidate_screen", args=[session.screen_token]
    )
    assert session.candidate.user.username == "newpeer"
    assert session.candidate.name == "Bob"  # as the interviewer called them


def test_the_seat_is_given_once_and_a_third_person_learns_nothing(client, peers):
    alice, bob = peers
    session = start(alice)
    url = _join_url(session)
    client.force_login(bob)
    client.post(url)
    assert client.post(url).status_code == 302  # Bob again: no harm
    carol = person("carol")
    client.force_login(carol)
    response = client.post(url)
    assert response.status_code == 409
    assert "already has its candidate" in response.text
    assert "bob" not in response.text.lower()
    session.refresh_from_db()
    assert session.candidate.user == bob
    assert client.get(reverse("interviews:report_detail", args=[session.pk])).status_code == 404


def test_the_interviewer_cannot_take_the_seat(client, peers):
    alice, _ = peers
    session = start(alice)
    client.force_login(alice)
    response = client.post(_join_url(session))
    assert response.status_code == 422
    session.refresh_from_db()
    assert session.candidate.user is None


def test_joining_links_only_this_session_not_the_placeholder_s_others(client, peers):
    alice, bob = peers
    first = start(alice, name="Bob")
    second = start(alice, name="Bob")  # the same candidate record, reused by name
    client.force_login(bob)
    client.post(_join_url(second))
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.candidate.user == bob
    assert first.candidate.user is None


def test_both_see_the_session_on_their_dashboards(client, peers):
    alice, bob = peers
    session = start(alice)
    client.force_login(bob)
    client.post(_join_url(session))
    session.refresh_from_db()  # taking the seat gave the screen a new link
    page = client.get("/").text
    assert "Your interviews as a candidate" in page and session.screen_token in page
    client.force_login(alice)
    assert reverse("interviews:session_detail", args=[session.pk]) in client.get("/").text


def test_an_unknown_link_is_a_404(client, peers):
    assert client.get("/practice/join/not-a-token/").status_code == 404
    assert not Candidate.objects.filter(user__isnull=False).exists()


def test_the_invitation_mail_carries_the_join_link(client, peers):
    alice, _ = peers
    session = start(alice)
    client.force_login(alice)
    with committed():
        response = client.post(
            reverse("interviews:practice_invite", args=[session.pk]), {"email": "bob@example.com"}
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["bob@example.com"]
    assert practice.link_for(session).join_token in mail.outbox[-1].body
    assert session.screen_token in mail.outbox[-1].body


def test_a_stranger_cannot_send_invitations(client, peers):
    alice, bob = peers
    session = start(alice)
    client.force_login(bob)
    url = reverse("interviews:practice_invite", args=[session.pk])
    assert client.post(url, {"email": "x@example.com"}).status_code == 404
    assert not [m for m in mail.outbox if "x@example.com" in m.to]


def test_the_session_page_shows_the_link_with_a_copy_button(client, peers):
    alice, _ = peers
    session = start(alice)
    client.force_login(alice)
    page = client.get(reverse("interviews:session_detail", args=[session.pk])).text
    assert practice.link_for(session).join_token in page
    assert 'data-copy="#join-link"' in page and "js/copy" in page


def test_the_invitation_greets_the_peer_by_the_name_given(client, peers):
    alice, _ = peers
    session = start(alice, name="Bob Builder")
    client.force_login(alice)
    with committed():
        client.post(
            reverse("interviews:practice_invite", args=[session.pk]), {"email": "bob@example.com"}
        )
    body = mail.outbox[-1].body
    assert body.startswith("Hello Bob Builder,\n")
    assert "Alice would like to practise" in body


def test_the_join_button_names_the_person_not_their_username(client, peers):
    alice, bob = peers
    session = start(alice)
    client.force_login(bob)
    page = client.get(_join_url(session)).text
    assert "Join as the candidate (<bdi>Bob</bdi>)" in page
    nameless = person("nemo", "")
    nameless.first_name = ""
    nameless.save(update_fields=["first_name"])
    client.force_login(nameless)
    assert "Join as the candidate (<bdi>nemo</bdi>)" in client.get(_join_url(session)).text
