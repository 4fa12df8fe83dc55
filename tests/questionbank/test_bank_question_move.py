"""Moving a question up or down its organisation's own set, from the set list or its page."""

import pytest

from questionbank.services import question_move
from tests.questionbank.test_bank_support import make_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(team):
    return make_bank(organisation=team.organisation, count=3)


def keys(question_set):
    return list(question_set.questions.order_by("position", "id").values_list("key", flat=True))


def positions(question_set):
    return list(
        question_set.questions.order_by("position", "id").values_list("position", flat=True)
    )


def move_url(question, direction):
    return f"/bank/questions/{question.pk}/move/{direction}/"


def test_it_moves_down_from_the_question_page(interviewer, own):
    first = own.questions.get(key="question-0")
    response = interviewer.post(move_url(first, "down"))
    assert response.status_code == 302
    assert response["Location"] == f"/bank/questions/{first.pk}/"
    assert keys(own) == ["question-1", "question-0", "question-2"]
    page = interviewer.get(response["Location"]).text
    assert "Moved “Question number 0 first line” down." in page
    assert "Question 2 of 3 in Practice bank." in page


def test_it_moves_up_and_back_to_the_set_list(interviewer, own):
    last = own.questions.get(key="question-2")
    response = interviewer.post(move_url(last, "up"), {"next": f"/bank/?set={own.pk}"})
    assert response["Location"] == f"/bank/?set={own.pk}"
    assert keys(own) == ["question-0", "question-2", "question-1"]


def test_positions_are_renumbered_from_zero(interviewer, own):
    own.questions.filter(key="question-0").update(position=10)
    own.questions.filter(key="question-1").update(position=20)
    own.questions.filter(key="question-2").update(position=20)
    interviewer.post(move_url(own.questions.get(key="question-2"), "up"))
    assert keys(own) == ["question-0", "question-2", "question-1"]
    assert positions(own) == [0, 1, 2]


def test_the_ends_stay_put(own):
    question_move(question=own.questions.get(key="question-0"), offset=-1)
    question_move(question=own.questions.get(key="question-2"), offset=1)
    assert keys(own) == ["question-0", "question-1", "question-2"]


def test_with_htmx_the_set_list_comes_back_as_a_fragment(interviewer, own):
    headers = {"HTTP_HX_REQUEST": "true"}
    second = own.questions.get(key="question-1")
    response = interviewer.post(
        move_url(second, "up"), {"next": f"/bank/?set={own.pk}"}, follow=True, **headers
    )
    assert response.text.lstrip().startswith('<section id="results"')
    assert keys(own) == ["question-1", "question-0", "question-2"]
    assert response.text.index("Question number 1") < response.text.index("Question number 0")
    assert "Moved" not in interviewer.get("/bank/").text  # no stale message for later


def test_the_set_list_offers_moves_only_for_an_own_set_alone(interviewer, team, own):
    shared = make_bank(slug="shared", title="Shared bank")
    html = interviewer.get(f"/bank/?set={own.pk}").text
    assert "<th>Order</th>" in html
    assert f'action="{move_url(own.questions.get(key="question-0"), "up")}"' in html
    assert 'value="/bank/?set=' in html
    assert "<th>Order</th>" not in interviewer.get(f"/bank/?set={shared.pk}").text
    assert "<th>Order</th>" not in interviewer.get(f"/bank/?set={own.pk}&q=number").text
    assert "<th>Order</th>" not in interviewer.get("/bank/").text


def test_another_site_as_next_is_ignored(interviewer, own):
    first = own.questions.get(key="question-0")
    response = interviewer.post(move_url(first, "down"), {"next": "https://evil.example/"})
    assert response["Location"] == f"/bank/questions/{first.pk}/"


def test_sideways_is_404_and_get_is_refused(interviewer, own):
    first = own.questions.get(key="question-0")
    assert interviewer.post(move_url(first, "left")).status_code == 404
    assert interviewer.get(move_url(first, "down")).status_code == 405
    assert keys(own) == ["question-0", "question-1", "question-2"]


def test_shared_questions_cannot_be_moved(interviewer):
    shared = make_bank(slug="shared")
    response = interviewer.post(move_url(shared.questions.get(key="question-0"), "down"))
    assert response.status_code == 404
    assert keys(shared) == ["question-0", "question-1", "question-2"]


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_and_candidates_get_404(client, team, own, who):
    client.force_login(getattr(team, who))
    response = client.post(move_url(own.questions.get(key="question-0"), "down"))
    assert response.status_code == 404
    assert keys(own) == ["question-0", "question-1", "question-2"]
