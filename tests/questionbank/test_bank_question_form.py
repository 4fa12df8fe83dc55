import pytest

from questionbank.models import Question
from tests.questionbank.test_bank_support import make_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_set(team):
    return make_bank(organisation=team.organisation)


def form_data(**overrides):
    data = {
        "key": "cold-start-latency",
        "category": "technical",
        "difficulty": "hard",
        "minutes": "8",
        "tags": "Cold Starts, performance, , performance",
        "prompt": "How do you reduce cold-start latency?\nGive an example.",
        "guidance": "Look for provisioned concurrency.",
        "follow_ups": "What does it cost?\n\n  And in Java?  \n",
        "model_answer": "Smaller packages\nProvisioned concurrency",
    }
    data.update(overrides)
    return data


def test_it_adds_a_question_at_the_end_of_the_set(interviewer, own_set):
    response = interviewer.post(f"/bank/sets/{own_set.pk}/questions/new/", form_data())
    question = own_set.questions.get(key="cold-start-latency")
    assert response.status_code == 302
    assert response["Location"] == f"/bank/questions/{question.pk}/"
    assert question.position == 3
    assert question.difficulty == "hard" and question.minutes == 8
    assert sorted(t.name for t in question.tags.all()) == ["cold-starts", "performance"]
    assert question.follow_ups == ["What does it cost?", "And in Java?"]
    assert question.model_answer == ["Smaller packages", "Provisioned concurrency"]
    assert not question.rubric_versions.exists()


def test_new_question_page_has_a_breadcrumb(interviewer, own_set):
    html = interviewer.get(f"/bank/sets/{own_set.pk}/questions/new/").text
    assert f"New question in {own_set.title}" in html
    assert '<a href="/bank/">Question bank</a>' in html


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("key", "Cold Start!", "Use lowercase letters, digits and single hyphens"),
        ("key", "question-1", "Another question in this set already uses that key."),
        ("minutes", "0", "Minutes must be between 1 and 180."),
        ("category", "trivia", "Select a valid choice."),
        ("prompt", "", "This field is required."),
    ],
)
def test_it_explains_what_is_wrong(interviewer, own_set, field, value, error):
    response = interviewer.post(
        f"/bank/sets/{own_set.pk}/questions/new/", form_data(**{field: value})
    )
    assert response.status_code == 200
    assert error in response.text
    assert own_set.questions.count() == 3


def test_it_edits_a_question_keeping_its_rubric(interviewer, own_set):
    question = own_set.questions.get(key="question-0")
    versions = list(question.rubric_versions.values_list("pk", flat=True))
    page = interviewer.get(f"/bank/questions/{question.pk}/edit/")
    assert 'value="question-0"' in page.text
    assert "Follow-up 0</textarea>" in page.text
    response = interviewer.post(
        f"/bank/questions/{question.pk}/edit/", form_data(key="question-0", tags="new-tag")
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.prompt.startswith("How do you reduce")
    assert [t.name for t in question.tags.all()] == ["new-tag"]
    assert list(question.rubric_versions.values_list("pk", flat=True)) == versions


def test_shared_questions_cannot_be_edited(interviewer):
    shared = make_bank(slug="shared")
    question = shared.questions.first()
    assert interviewer.get(f"/bank/questions/{question.pk}/edit/").status_code == 404
    response = interviewer.post(f"/bank/questions/{question.pk}/edit/", form_data())
    assert response.status_code == 404
    assert interviewer.get(f"/bank/sets/{shared.pk}/questions/new/").status_code == 404
    interviewer.post(f"/bank/sets/{shared.pk}/questions/new/", form_data())
    assert not Question.objects.filter(key="cold-start-latency").exists()


def test_outsider_and_candidate_get_404(client, team, own_set):
    question = own_set.questions.first()
    for user in (team.outsider, team.candidate):
        client.force_login(user)
        assert client.get(f"/bank/questions/{question.pk}/edit/").status_code == 404
        assert (
            client.post(f"/bank/sets/{own_set.pk}/questions/new/", form_data()).status_code == 404
        )
    assert own_set.questions.count() == 3


def test_a_follow_up_marked_not_capping_keeps_its_mark_through_an_edit(interviewer, own_set):
    data = form_data(follow_ups="What does it cost?\n[does not cap] Where does state go?")
    interviewer.post(f"/bank/sets/{own_set.pk}/questions/new/", data)
    question = own_set.questions.get(key="cold-start-latency")
    assert question.follow_ups == [
        "What does it cost?",
        {"text": "Where does state go?", "names_element": True},
    ]
    form = interviewer.get(f"/bank/questions/{question.pk}/edit/").context["form"]
    assert form["follow_ups"].value() == data["follow_ups"]
    page = interviewer.get(f"/bank/questions/{question.pk}/").text
    assert "Where does state go?" in page and "does not cap</span>" in page
