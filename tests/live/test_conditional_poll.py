"""The polling fallback: an unchanged page is answered 304 from the cache, with no query."""

import pytest

from interviews.sessions import services
from tests.data.builders import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_session(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.interviewer])
    with django_capture_on_commit_callbacks(execute=True):
        services.session_start(session=session, actor=team.interviewer)
    return session


def poll(client, session, etag=None):
    headers = {"HTTP_HX_REQUEST": "true"}
    if etag:
        headers["HTTP_IF_NONE_MATCH"] = etag
    return client.get(f"/screen/{session.screen_token}/", **headers)


def test_an_unchanged_screen_is_answered_304_without_the_database(
    client, live_session, django_assert_num_queries
):
    first = poll(client, live_session)
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache, private"
    etag = first["ETag"]
    with django_assert_num_queries(0):
        again = poll(client, live_session, etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""


def test_a_move_changes_the_version(client, team, live_session, django_capture_on_commit_callbacks):
    etag = poll(client, live_session)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        services.session_move(session=live_session, position=1, actor=team.interviewer)
    moved = poll(client, live_session, etag)
    assert moved.status_code == 200
    assert "Question 2 of 3" in moved.text
    assert moved["ETag"] != etag
    assert poll(client, live_session, moved["ETag"]).status_code == 304


def test_the_page_and_its_fragment_have_their_own_tags(client, live_session):
    fragment = poll(client, live_session)["ETag"]
    page = client.get(f"/screen/{live_session.screen_token}/")
    assert page["ETag"] != fragment
    assert "{#" not in page.text  # no template comment leaks into the page
    # the page's stage carries the fragment's tag, which its polls send back
    assert fragment.strip('"') in page.text
    assert (
        client.get(f"/screen/{live_session.screen_token}/", HTTP_IF_NONE_MATCH=fragment).status_code
        == 200
    )
    assert (
        client.get(
            f"/screen/{live_session.screen_token}/", HTTP_IF_NONE_MATCH=page["ETag"]
        ).status_code
        == 304
    )


def test_a_made_up_tag_or_token_gets_no_304(client, live_session):
    assert poll(client, live_session, '"screen-1"').status_code == 200
    response = client.get("/screen/nope/", HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH='"screen-1"')
    assert response.status_code == 404


def test_interviewer_fragments_answer_304_after_the_access_check(
    client, team, live_session, django_capture_on_commit_callbacks
):
    client.force_login(team.interviewer)
    where = client.get(
        f"/sessions/{live_session.pk}/console/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="console-where",
    )
    assert "Candidate is on <strong>Q1</strong>" in where.text
    hx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "console-where"}
    url = f"/sessions/{live_session.pk}/console/"
    assert client.get(url, HTTP_IF_NONE_MATCH=where["ETag"], **hx).status_code == 304
    detail = client.get(f"/sessions/{live_session.pk}/", HTTP_HX_REQUEST="true")
    assert detail.text.lstrip().startswith('<div id="session-live"')
    url = f"/sessions/{live_session.pk}/"
    assert (
        client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code
        == 304
    )
    # a stranger holding the tag still gets nothing
    client.force_login(team.outsider)
    assert (
        client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code
        == 404
    )
    client.force_login(team.interviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=live_session, reason="No show", actor=team.owner)
    changed = client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=detail["ETag"])
    assert changed.status_code == 200 and "Cancelled" in changed.text
