import pytest

from questionbank.bankfile import DEFAULT_SCALE
from questionbank.models import QuestionSet
from tests.questionbank.test_bank_support import make_bank

pytestmark = pytest.mark.django_db

URL = "/bank/sets/new/"


def test_it_shows_the_form(interviewer):
    response = interviewer.get(URL)
    assert response.status_code == 200
    assert "<h1>New question set</h1>" in response.text
    assert '<a href="/bank/">Question bank</a>' in response.text


def test_it_creates_a_set_in_the_current_organisation(interviewer, team):
    response = interviewer.post(URL, {"title": "Platform team: Go", "description": "Ours"})
    question_set = QuestionSet.objects.get(title="Platform team: Go")
    assert response.status_code == 302
    assert response["Location"] == f"/bank/sets/{question_set.pk}/questions/new/"
    assert question_set.organisation == team.organisation
    assert question_set.slug == "platform-team-go"
    assert question_set.description == "Ours"


def test_slug_is_made_unique_within_the_organisation(interviewer, team):
    interviewer.post(URL, {"title": "Backend"})
    interviewer.post(URL, {"title": "Backend"})
    slugs = sorted(team.organisation.question_sets.values_list("slug", flat=True))
    assert slugs == ["backend", "backend-2"]


def test_scale_comes_from_the_shared_serverless_set(interviewer, team):
    scale = [
        {"points": 0, "label": "None", "descriptor": "Nothing."},
        {"points": 1, "label": "Some", "descriptor": "Something."},
    ]
    make_bank(slug="serverless", scale=scale)
    interviewer.post(URL, {"title": "Ours"})
    assert team.organisation.question_sets.get().scale == scale


def test_scale_defaults_without_a_shared_serverless_set(interviewer, team):
    interviewer.post(URL, {"title": "Ours"})
    assert team.organisation.question_sets.get().scale == DEFAULT_SCALE


@pytest.mark.parametrize(
    ("title", "error"),
    [("", "This field is required."), ("!!!", "Use at least one letter or digit in the title.")],
)
def test_it_explains_a_bad_title(interviewer, title, error):
    response = interviewer.post(URL, {"title": title})
    assert response.status_code == 200
    assert error in response.text
    assert not QuestionSet.objects.exists()


def test_candidate_gets_404(client, team):
    client.force_login(team.candidate)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"title": "Sneaky"}).status_code == 404
    assert not QuestionSet.objects.exists()
