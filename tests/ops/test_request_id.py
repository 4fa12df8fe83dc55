import uuid

import pytest

pytestmark = pytest.mark.django_db


def test_it_echoes_the_proxy_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-7f3a:42")
    assert response["X-Request-ID"] == "edge-7f3a:42"


def test_it_generates_one_when_the_proxy_sets_none(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert uuid.UUID(first) and uuid.UUID(second)
    assert first != second


@pytest.mark.parametrize(
    "forged",
    ["x" * 129, "two words", "id\nlevel=error fake line", '"},{"event":"injected', "naïve"],
)
def test_it_replaces_an_unsafe_header_with_its_own(client, forged, json_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=forged)
    request_id = response["X-Request-ID"]
    assert uuid.UUID(request_id)
    assert {line["request_id"] for line in json_log.lines()} == {request_id}


def test_it_answers_the_id_on_errors_and_redirects_too(client):
    assert client.get("/no-such-page", HTTP_X_REQUEST_ID="r-404")["X-Request-ID"] == "r-404"
    assert client.get("/", HTTP_X_REQUEST_ID="r-302")["X-Request-ID"] == "r-302"


def test_every_line_of_the_request_carries_it(client, team, json_log):
    client.force_login(team.owner)
    json_log.clear()
    client.get("/", HTTP_X_REQUEST_ID="trace-me")
    lines = json_log.lines()
    assert [line["event"] for line in lines] == ["request_started", "request_finished"]
    assert all(line["request_id"] == "trace-me" for line in lines)
    assert lines[-1]["user_id"] == team.owner.pk
    assert lines[-1]["code"] == 200
