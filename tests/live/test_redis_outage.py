"""The live channel while its Redis is down and once it returns: moves still succeed, polls are
answered in full, the stream says in words that live updates are paused, and afterwards no
page is left showing what was true before the outage (tagged polls, reconnecting and open
streams all resync). A persistent redis-server of the test's own, stopped and started."""

import pytest

from interviews.live import channel
from interviews.live.views import UNAVAILABLE
from interviews.sessions import services
from tests.data.builders import make_session
from tests.live.streams import read, read_raw
from tests.private_redis import running_redis

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def redis(settings):
    with running_redis(persist=True) as server:
        settings.REDIS_URL = server.url
        settings.LIVE_HOLD_WSGI_STREAMS = True
        channel._sync_client = None  # the process's client was made for the shared Redis
        channel._missed = False
        yield server
        channel._sync_client = None
        channel._missed = False


@pytest.fixture
def live_session(redis, team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.interviewer])
    with django_capture_on_commit_callbacks(execute=True):
        services.session_start(session=session, actor=team.interviewer)
    return session


def move(session, user, position, capture) -> None:
    with capture(execute=True):
        services.session_move(session=session, position=position, actor=user)


def poll(client, session, etag=None):
    headers = {"HTTP_HX_REQUEST": "true"}
    if etag:
        headers["HTTP_IF_NONE_MATCH"] = etag
    return client.get(f"/screen/{session.screen_token}/", **headers)


def test_moves_and_polls_work_while_redis_is_down(
    client, team, redis, live_session, django_capture_on_commit_callbacks
):
    etag = poll(client, live_session)["ETag"]
    redis.stop()

    move(live_session, team.interviewer, 1, django_capture_on_commit_callbacks)
    live_session.refresh_from_db()
    assert live_session.current_position == 1  # the move is stored

    polled = poll(client, live_session, etag)
    assert polled.status_code == 200 and "Question 2 of 3" in polled.text

    stream = client.get(f"/screen/{live_session.screen_token}/live/")
    assert stream.status_code == 200
    chunks = b"".join(read_raw(stream))
    assert b"Question 2 of 3" in chunks  # the current state, read from the database
    assert UNAVAILABLE in chunks  # and, in words, why nothing more will come


def test_after_redis_returns_tagged_polls_and_reconnects_show_the_current_state(
    client, team, redis, live_session, django_capture_on_commit_callbacks
):
    etag = poll(client, live_session)["ETag"]
    cursor = channel.last_id(live_session.pk)
    redis.stop()
    move(live_session, team.interviewer, 1, django_capture_on_commit_callbacks)  # not published
    redis.start()  # with everything it held before, the old version and events included

    polled = poll(client, live_session, etag)
    assert polled.status_code == 200, "a poll holding the pre-outage tag must not get a 304"
    assert "Question 2 of 3" in polled.text
    assert poll(client, live_session, polled["ETag"]).status_code == 304

    reconnect = client.get(
        f"/screen/{live_session.screen_token}/live/", headers={"Last-Event-ID": cursor}
    )
    frames = read(reconnect, 1)
    assert frames[0]["event"] == "stage" and "Question 2 of 3" in frames[0]["data"]

    # and live pushes resume
    after = channel.last_id(live_session.pk)
    stream = client.get(f"/screen/{live_session.screen_token}/live/", {"after": after})

    def lead_moves():
        move(live_session, team.interviewer, 2, django_capture_on_commit_callbacks)

    frames = read(stream, 1, during=lead_moves)
    assert frames[0]["event"] == "stage" and "Question 3 of 3" in frames[0]["data"]


def test_an_open_stream_is_closed_to_resync_when_a_process_comes_back_from_an_outage(
    client, redis, live_session
):
    after = channel.last_id(live_session.pk)
    stream = client.get(f"/screen/{live_session.screen_token}/live/", {"after": after})

    def another_process_recovers():
        channel._missed = True  # as in a process whose publish failed during the outage
        channel.version(live_session.screen_token)

    # Without the announcement the stream would stay open on heartbeats and this would time out.
    assert read(stream, 1, during=another_process_recovers, timeout=5) == []
    assert channel.order(channel.last_id(live_session.pk)) > channel.order(after)
