"""Reports say on whose side the reader was: "you were the candidate" or "you interviewed"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.practice import services as practice
from interviews.reports.generation import report_generate
from tests.practice.conftest import finish, start

pytestmark = pytest.mark.django_db


def _practised(alice, bob):
    session = start(alice)
    practice.practice_join(link=practice.link_for(session), user=bob)
    session.refresh_from_db()
    finish(session, alice)
    report_generate(session_id=session.pk)
    return session


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("interviews:report_list")).status_code == 200
    return len(captured.captured_queries)


def test_the_labels_cost_the_same_queries_for_one_row_or_many(client, peers):
    alice, bob = peers
    _practised(alice, bob)
    client.force_login(alice)
    few = _queries(client)
    for _ in range(3):
        _practised(alice, bob)
    assert _queries(client) == few
    page = client.get(reverse("interviews:report_list")).text
    assert page.count("you interviewed") == 4 and "you were the candidate" not in page


def test_a_team_reader_who_took_no_part_sees_no_label(client, peers, team):
    from tests import builders

    session = builders.make_session(team.organisation, [team.interviewer])
    builders.rate_all(session, team.interviewer)
    report_generate(session_id=session.pk)
    client.force_login(team.owner)
    page = client.get(reverse("interviews:report_list")).text
    assert "you interviewed" not in page and "you were the candidate" not in page
