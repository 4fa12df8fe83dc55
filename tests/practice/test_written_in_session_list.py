"""The sessions list names a written practice for what it is: its stage, and who scores it."""

import re

import pytest
from django.urls import reverse

from interviews.practice import services as practice
from tests.data import builders
from tests.practice.conftest import space_of

pytestmark = pytest.mark.django_db


def _row(page: str, session_id: int) -> str:
    start = page.index(f'href="/sessions/{session_id}/"')
    return page[start : page.index("</tr>", start)]


def _cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_a_written_practice_reads_as_one_at_each_stage(client, writer, peer, own_plan):
    written = practice.written_start(user=writer, plan=own_plan)
    client.force_login(writer)
    url = reverse("interviews:session_list")
    cells = _cells(_row(client.get(url).text, written.session_id))
    assert cells[-3:] == ["Written practice", "Not yet invited", "Not started"]
    practice.written_open(written=written, position=0)
    practice.written_answer_save(written=written, position=0, text="Events in, results out.")
    cells = _cells(_row(client.get(url).text, written.session_id))
    assert cells[-3:] == ["Written practice", "Not yet invited", "Being written"]
    practice.written_submit(written=written, actor=writer)
    written.refresh_from_db()
    practice.written_invite(written=written, actor=writer)
    cells = _cells(_row(client.get(url).text, written.session_id))
    assert cells[-2:] == ["Invited, link not taken yet", "Handed in"]
    written.refresh_from_db()
    practice.written_seat_take(written=written, user=peer)
    cells = _cells(_row(client.get(url).text, written.session_id))
    assert cells[-2:] == [peer.get_full_name() or str(peer), "Being scored"]


def test_the_list_of_written_and_peer_sessions_is_bounded(
    client, writer, peer, own_plan, django_assert_max_num_queries
):
    for _ in range(4):
        practice.written_start(user=writer, plan=own_plan)
    for n in range(4):
        builders.make_session(space_of(writer), [writer], plan=own_plan, candidate_name=f"P{n}")
    client.force_login(writer)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("interviews:session_list")).text
    assert page.count("Written practice") == 4 and page.count("Peer practice") == 4
