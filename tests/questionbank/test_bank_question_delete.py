"""Deleting a question of an organisation's own set: confirmed first, refused while in use."""

from decimal import Decimal

import pytest

from interviews.plans import services as plan_services
from questionbank.models import Criterion, Question, RubricVersion
from questionbank.services import BankError, question_delete, rubric_revise
from tests.data.builders import make_session
from tests.questionbank.test_bank_support import make_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(team):
    return make_bank(organisation=team.organisation, count=3)


@pytest.fixture
def question(own):
    return own.questions.get(key="question-1")


def text(response) -> str:
    return " ".join(response.text.split())


def url(question):
    return f"/bank/questions/{question.pk}/delete/"


def plan_with(team, question, title="Backend loop"):
    line = plan_services.PlanLine(question=question, minutes=5, weight=Decimal(1))
    return plan_services.plan_save(organisation=team.organisation, title=title, lines=[line])


def test_get_shows_what_will_be_deleted(interviewer, question):
    rubric_revise(question=question)
    response = interviewer.get(url(question))
    assert response.status_code == 200
    html = response.text
    assert "<h1>Delete “Question number 1 first line”?</h1>" in html
    assert "rubric version 1 (published" in html
    assert "rubric version 2 (draft), with its 2 criteria and 1 red flag;" in html
    assert "No interview plan or session uses it" in html
    assert "Delete question</button>" in html
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_question_page_links_to_it(interviewer, question):
    html = interviewer.get(f"/bank/questions/{question.pk}/").text
    assert f'href="{url(question)}">Delete</a>' in html


def test_post_deletes_it_with_its_rubrics_and_renumbers_the_set(interviewer, own, question):
    rubric_revise(question=question)
    response = interviewer.post(url(question))
    assert response.status_code == 302
    assert response["Location"] == f"/bank/?set={own.pk}"
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not RubricVersion.objects.filter(question_id=question.pk).exists()
    assert not Criterion.objects.filter(rubric__question_id=question.pk).exists()
    rows = own.questions.order_by("position").values_list("key", "position")
    assert list(rows) == [("question-0", 0), ("question-2", 1)]
    page = interviewer.get(response["Location"]).text
    assert "Deleted “Question number 1 first line” and its rubric versions." in page


def test_a_question_in_a_plan_is_kept_and_the_page_says_why(interviewer, team, question):
    plan = plan_with(team, question)
    html = text(interviewer.get(url(question)))
    assert "This question can't be deleted: it is used by the interview plan" in html
    assert f'<a href="/plans/{plan.pk}/">Backend loop</a>' in html
    assert "Remove it from the plans that hold it first." in html
    assert "Delete question</button>" not in html
    response = interviewer.post(url(question), follow=True)
    assert (
        "“question-1” can&#x27;t be deleted: it is used by the interview plan “Backend loop”."
        in response.text
    )
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_question_a_session_asked_is_kept(interviewer, team, question):
    plan = plan_with(team, question)
    make_session(team.organisation, [team.interviewer], plan=plan)
    plan_services.plan_item_remove(item=plan.items.get())
    html = text(interviewer.get(url(question)))
    assert "This question can't be deleted: it is used by 1 interview session." in html
    assert "A question a session asked is kept for good" in html
    with pytest.raises(BankError, match="it is used by 1 interview session"):
        question_delete(question=question)
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_shared_bank_cannot_be_deleted_from(interviewer):
    shared = make_bank(slug="shared").questions.first()
    assert interviewer.get(url(shared)).status_code == 404
    assert interviewer.post(url(shared)).status_code == 404
    assert Question.objects.filter(pk=shared.pk).exists()


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_and_candidates_get_404(client, team, question, who):
    client.force_login(getattr(team, who))
    assert client.get(url(question)).status_code == 404
    assert client.post(url(question)).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()
