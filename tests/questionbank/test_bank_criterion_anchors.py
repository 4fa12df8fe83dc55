"""Behavioural anchors per level, edited with their criterion in the draft rubric editor."""

import pytest

from questionbank.models import RubricVersion
from questionbank.services import rubric_revise, rubric_shape
from tests.questionbank.test_bank_support import criterion_data, draft_url, make_bank

pytestmark = pytest.mark.django_db

PRODUCTION = "Teaches idea 0 with a production example."


@pytest.fixture
def question(team):
    return make_bank(organisation=team.organisation).questions.get(key="question-0")


@pytest.fixture
def draft(question):
    return rubric_revise(question=question)


@pytest.fixture
def criterion(draft):
    return draft.criteria.get(title="Explains idea 0")


def save(client, question, criterion, **fields):
    url = draft_url(question, f"criteria/{criterion.pk}/")
    return client.post(url, criterion_data(criterion, **fields))


def test_the_editor_shows_a_box_per_level_with_the_generic_text_as_placeholder(
    interviewer, question, draft, criterion
):
    html = interviewer.get(draft_url(question)).text
    assert "Anchors: what an answer sounds like at each level (1 of 5 written)" in html
    assert f'<label for="id_c{criterion.pk}-anchor_0">0 · No evidence</label>' in html
    assert 'placeholder="Nothing relevant was said or shown."' in html
    assert f"{PRODUCTION}</textarea>" in html
    assert "(0 of 5 written)" in html  # the second criterion has none


def test_saving_writes_anchors_and_a_blank_level_falls_back(
    interviewer, question, draft, criterion
):
    response = save(
        interviewer,
        question,
        criterion,
        anchor_0="  Cannot say what the idea is.  ",
        anchor_2="Names the idea but not why it matters.",
        anchor_4="",
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.anchors == {
        "0": "Cannot say what the idea is.",
        "2": "Names the idea but not why it matters.",
    }
    levels = draft.levels_for(criterion)
    assert levels[4]["descriptor"] == "Complete, precise, with trade-offs and examples."


def test_saving_with_htmx_keeps_the_new_anchor_in_the_box(interviewer, question, criterion):
    response = interviewer.post(
        draft_url(question, f"criteria/{criterion.pk}/"),
        criterion_data(criterion, anchor_3="Right and complete, without examples."),
        HTTP_HX_REQUEST="true",
    )
    assert response.text.lstrip().startswith('<section id="criteria"')
    assert "Right and complete, without examples.</textarea>" in response.text
    assert "(2 of 5 written)" in response.text


def test_a_long_anchor_is_refused_in_plain_words(interviewer, question, criterion):
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = interviewer.post(
            draft_url(question, f"criteria/{criterion.pk}/"),
            criterion_data(criterion, anchor_1="x" * 501, title="Changed"),
            **headers,
        )
        assert response.status_code == 200
        assert "Keep an anchor to 500 characters or fewer (this one has 501)." in response.text
        assert f'id="anchors-{criterion.pk}" open' in response.text
    criterion.refresh_from_db()
    assert (criterion.title, criterion.anchors) == ("Explains idea 0", {"4": PRODUCTION})


def test_500_characters_is_fine(interviewer, question, criterion):
    save(interviewer, question, criterion, anchor_1="y" * 500)
    criterion.refresh_from_db()
    assert criterion.anchors["1"] == "y" * 500


def test_a_level_not_on_the_scale_is_ignored(interviewer, question, criterion):
    save(interviewer, question, criterion, anchor_7="Off the scale", anchor_x="Nonsense")
    criterion.refresh_from_db()
    assert criterion.anchors == {"4": PRODUCTION}


def test_the_published_version_shows_the_new_anchors(interviewer, question, draft, criterion):
    v1 = question.current_rubric()
    before = rubric_shape(v1)
    save(interviewer, question, criterion, anchor_1="Mixes the idea up with another.")
    interviewer.post(draft_url(question, "publish/"))
    html = interviewer.get(f"/bank/questions/{question.pk}/").text
    assert '<span class="pill">anchor</span> Mixes the idea up with another.' in html
    assert f'<span class="pill">anchor</span> {PRODUCTION}' in html
    assert html.count('class="anchored"') == 2
    assert rubric_shape(RubricVersion.objects.get(pk=v1.pk)) == before
    old = interviewer.get(f"/bank/questions/{question.pk}/?version=1").text
    assert "Mixes the idea up with another." not in old


def test_published_anchors_cannot_be_changed_by_id(interviewer, question, draft):
    published = question.current_rubric().criteria.get(title="Explains idea 0")
    response = save(interviewer, question, published, anchor_4="Hacked")
    assert response.status_code == 404
    published.refresh_from_db()
    assert published.anchors == {"4": PRODUCTION}


def test_shared_set_anchors_are_404(interviewer):
    shared = make_bank(slug="shared").questions.first()
    criterion = shared.current_rubric().criteria.first()
    assert save(interviewer, shared, criterion, anchor_0="Mine").status_code == 404
    criterion.refresh_from_db()
    assert "0" not in criterion.anchors


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_and_candidates_get_404(client, team, question, criterion, who):
    client.force_login(getattr(team, who))
    assert save(client, question, criterion, anchor_0="Sneaky").status_code == 404
    criterion.refresh_from_db()
    assert criterion.anchors == {"4": PRODUCTION}
