"""Publish -> stream delivery, over the real Redis and through the in-process channel."""

import pytest

from interviews.live import channel
from interviews.sessions import services
from tests.data.builders import make_session
from tests.live.streams import read, read_all, read_raw

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["redis", "local"])
def transport(request, settings):
    """Each test runs over Redis (REDIS_URL) and over the in-process channel (no REDIS_URL).
    The test client is a WSGI caller: let its streams stay open as under the ASGI server."""
    settings.LIVE_HOLD_WSGI_STREAMS = True
    if request.param == "redis":
        request.getfixturevalue("redis_url")
    else:
        settings.REDIS_URL = ""
        channel.local.reset()
    return request.param


@pytest.fixture
def live_session(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.interviewer])
    with django_capture_on_commit_callbacks(execute=True):
        services.session_start(session=session, actor=team.interviewer)
    return session


def move(session, user, position, capture):
    with capture(execute=True):
        services.session_move(session=session, position=position, actor=user)


def screen_live(client, session, **query):
    url = f"/screen/{session.screen_token}/live/"
    return client.get(url, query, **query.pop("headers", {}))


def test_a_move_reaches_an_open_screen(
    client, team, live_session, transport, django_capture_on_commit_callbacks
):
    after = channel.last_id(live_session.pk)
    response = client.get(f"/screen/{live_session.screen_token}/live/", {"after": after})
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"

    def lead_moves():
        move(live_session, team.interviewer, 1, django_capture_on_commit_callbacks)

    frames = read(response, 1, during=lead_moves)
    assert frames[0]["event"] == "stage"
    assert "Question 2 of 3" in frames[0]["data"]
    assert channel.order(frames[0]["id"]) > channel.order(after)


def test_the_console_stream_carries_where_the_candidate_is(
    client, team, live_session, transport, django_capture_on_commit_callbacks
):
    client.force_login(team.interviewer)
    after = channel.last_id(live_session.pk)
    response = client.get(f"/sessions/{live_session.pk}/live/", {"after": after})

    def lead_moves():
        move(live_session, team.interviewer, 2, django_capture_on_commit_callbacks)

    frames = read(response, 2, during=lead_moves)
    assert [f["event"] for f in frames] == ["stage", "where"]
    assert "Candidate is on <strong>Q3</strong>" in frames[1]["data"]


def test_a_reconnect_replays_what_it_missed_from_last_event_id(
    client, team, live_session, transport, django_capture_on_commit_callbacks
):
    seen = channel.last_id(live_session.pk)
    move(live_session, team.interviewer, 1, django_capture_on_commit_callbacks)
    move(live_session, team.interviewer, 2, django_capture_on_commit_callbacks)
    url = f"/screen/{live_session.screen_token}/live/"
    frames = read_all(client.get(url, {"once": "1"}, HTTP_LAST_EVENT_ID=seen))
    assert [f["event"] for f in frames] == ["stage", "stage"]
    assert "Question 2 of 3" in frames[0]["data"]
    assert "Question 3 of 3" in frames[1]["data"]
    # up to date: nothing to replay, and no snapshot either
    assert read_all(client.get(url, {"once": "1"}, HTTP_LAST_EVENT_ID=frames[1]["id"])) == []


def test_a_page_whose_events_are_gone_gets_the_current_state(
    client, team, live_session, transport, django_capture_on_commit_callbacks
):
    move(live_session, team.interviewer, 2, django_capture_on_commit_callbacks)
    url = f"/screen/{live_session.screen_token}/live/"
    frames = read_all(client.get(url, {"once": "1", "after": "1-0"}))  # older than anything kept
    assert len(frames) == 1
    assert "Question 3 of 3" in frames[0]["data"]
    assert frames[0]["id"] == channel.last_id(live_session.pk)
    # without any cursor: the snapshot too
    assert "Question 3 of 3" in read_all(client.get(url, {"once": "1"}))[0]["data"]


def test_an_idle_stream_sends_heartbeats_and_ends_after_its_maximum(
    client, live_session, transport, settings
):
    settings.LIVE_HEARTBEAT_SECONDS = 0.1
    settings.LIVE_STREAM_MAX_SECONDS = 0.35
    after = channel.last_id(live_session.pk)
    frames = read_all(client.get(f"/screen/{live_session.screen_token}/live/", {"after": after}))
    assert frames and all(f == {"comment": "keepalive"} for f in frames)
    assert 2 <= len(frames) <= 4


def test_cancel_and_end_reach_the_screen(
    client, team, live_session, transport, django_capture_on_commit_callbacks
):
    url = f"/screen/{live_session.screen_token}/live/"
    after = channel.last_id(live_session.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=live_session, reason="Candidate unwell", actor=team.owner)
    frames = read_all(client.get(url, {"once": "1", "after": after}))
    assert "This interview was cancelled." in frames[-1]["data"]
    assert "Candidate unwell" in frames[-1]["data"]


def test_the_report_stream_tells_readers_the_report_is_ready(
    client, team, live_session, transport, django_capture_on_commit_callbacks
):
    from tests.data.builders import rate_all

    client.force_login(team.interviewer)
    after = channel.last_id(live_session.pk)
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(live_session, team.interviewer)
    frames = read_all(
        client.get(f"/reports/{live_session.pk}/live/", {"once": "1", "after": after})
    )
    assert {f["event"] for f in frames} == {"report"}
    status = client.get(f"/reports/{live_session.pk}/status/", HTTP_HX_REQUEST="true")
    assert "The report is ready" in status.text


def test_under_wsgi_a_stream_answers_what_is_new_and_closes(client, live_session, settings):
    settings.LIVE_HOLD_WSGI_STREAMS = False
    response = client.get(f"/screen/{live_session.screen_token}/live/")
    body = b"".join(read_raw(response))
    assert body.startswith(b"retry: 1000\n\n")
    assert b"event: stage" in body and body.endswith(b"\n\n")


def test_a_stranger_gets_no_stream(client, team, live_session):
    client.force_login(team.outsider)
    assert client.get(f"/sessions/{live_session.pk}/live/", {"once": "1"}).status_code == 404
    assert client.get("/screen/not-a-token/live/", {"once": "1"}).status_code == 404
