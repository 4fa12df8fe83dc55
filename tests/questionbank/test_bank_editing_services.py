"""The services the bank pages call to edit an organisation's sets, questions and drafts."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from questionbank.models import PublishedRubricError, RubricVersion
from questionbank.services import (
    criterion_add,
    criterion_move,
    criterion_remove,
    criterion_update,
    question_create,
    question_set_create,
    question_update,
    red_flag_add,
    red_flag_remove,
    red_flag_update,
    rubric_discard,
    rubric_revise,
)
from tests.questionbank.test_bank_support import STUDY, make_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(team):
    return make_bank(organisation=team.organisation).questions.get(key="question-0")


def titles(rubric):
    return list(rubric.criteria.order_by("position", "id").values_list("title", flat=True))


def test_question_set_create_makes_a_unique_slug(team):
    first = question_set_create(organisation=team.organisation, title="  Data & ML ")
    second = question_set_create(organisation=team.organisation, title="Data & ML")
    assert (first.slug, second.slug) == ("data-ml", "data-ml-2")
    assert first.title == "Data & ML"


def test_same_slug_in_two_organisations_is_fine(team, org_factory):
    a = question_set_create(organisation=team.organisation, title="Go")
    b = question_set_create(organisation=org_factory(), title="Go")
    assert a.slug == b.slug == "go"


def test_question_create_appends_and_sets_tags(team):
    question_set = question_set_create(organisation=team.organisation, title="Mine")
    fields = {"category": "technical", "prompt": "P"}
    first = question_create(question_set=question_set, fields={"key": "a", **fields}, tags=["x"])
    second = question_create(question_set=question_set, fields={"key": "b", **fields}, tags=[])
    assert (first.position, second.position) == (0, 1)
    assert [t.name for t in first.tags.all()] == ["x"]
    question_update(question=first, fields={"prompt": "Q"}, tags=["y", "z"])
    first.refresh_from_db()
    assert first.prompt == "Q"
    assert [t.name for t in first.tags.all()] == ["y", "z"]


def test_criteria_are_added_at_the_end_and_updated(question):
    draft = rubric_revise(question=question)
    added = criterion_add(rubric=draft, title="Third", weight=Decimal("1.25"), source=STUDY)
    assert added.position == 2
    criterion_update(criterion=added, title="Third!", weight=3, source=STUDY, description="d")
    added.refresh_from_db()
    assert (added.title, added.weight, added.description) == ("Third!", 3, "d")


def test_move_swaps_neighbours_and_renumbers(question):
    draft = rubric_revise(question=question)
    third = criterion_add(rubric=draft, title="Third", weight=1, source=STUDY)
    criterion_move(criterion=third, offset=-1)
    assert titles(draft) == ["Explains idea 0", "Third", "Names trade-offs 0"]
    criterion_move(criterion=third, offset=-1)
    criterion_move(criterion=third, offset=-1)  # already first: nothing happens
    assert titles(draft) == ["Third", "Explains idea 0", "Names trade-offs 0"]
    assert list(draft.criteria.order_by("position").values_list("position", flat=True)) == [0, 1, 2]


def test_move_copes_with_gaps_left_by_removal(question):
    draft = rubric_revise(question=question)
    third = criterion_add(rubric=draft, title="Third", weight=1, source=STUDY)
    criterion_remove(criterion=draft.criteria.get(title="Names trade-offs 0"))
    criterion_move(criterion=third, offset=-1)
    assert titles(draft) == ["Third", "Explains idea 0"]


def test_red_flags_add_update_remove(question):
    draft = rubric_revise(question=question)
    flag = red_flag_add(rubric=draft, title="Leaks secrets", penalty=Decimal(25))
    assert flag.position == 1
    red_flag_update(red_flag=flag, title="Logs secrets", penalty=Decimal(30))
    flag.refresh_from_db()
    assert (flag.title, flag.penalty) == ("Logs secrets", 30)
    red_flag_remove(red_flag=flag)
    assert draft.red_flags.count() == 1


def test_every_edit_of_a_published_rubric_is_refused(question):
    published = question.current_rubric()
    criterion = published.criteria.first()
    flag = published.red_flags.first()
    with pytest.raises(PublishedRubricError):
        criterion_add(rubric=published, title="New", weight=1, source=STUDY)
    with pytest.raises(PublishedRubricError):
        criterion_update(criterion=criterion, title="Changed", weight=1, source=STUDY)
    with pytest.raises(PublishedRubricError):
        criterion_remove(criterion=criterion)
    with pytest.raises(PublishedRubricError):
        red_flag_add(rubric=published, title="New", penalty=1)
    with pytest.raises(PublishedRubricError):
        red_flag_update(red_flag=flag, title="Changed", penalty=1)
    with pytest.raises(PublishedRubricError):
        red_flag_remove(red_flag=flag)
    with pytest.raises(PublishedRubricError):
        rubric_discard(rubric=published)
    assert titles(published) == ["Explains idea 0", "Names trade-offs 0"]


def test_discard_removes_a_draft_and_its_rows(question):
    draft = rubric_revise(question=question)
    rubric_discard(rubric=draft)
    assert list(
        RubricVersion.objects.filter(question=question).values_list("number", flat=True)
    ) == [1]
    # The next edit starts again from the published version, with the same number.
    assert rubric_revise(question=question).number == 2


# Anchors -----------------------------------------------------------------------------------------


def test_criterion_update_keeps_anchors_unless_given(question):
    criterion = rubric_revise(question=question).criteria.get(title="Explains idea 0")
    criterion_update(criterion=criterion, title="Same", weight=2, source=STUDY)
    assert criterion.anchors == {"4": "Teaches idea 0 with a production example."}
    criterion_update(
        criterion=criterion,
        title="Same",
        weight=2,
        source=STUDY,
        anchors={"4": " ", "1": " Guesses. ", "0": ""},
    )
    criterion.refresh_from_db()
    assert criterion.anchors == {"1": "Guesses."}


@pytest.mark.parametrize(
    ("anchors", "error"),
    [
        (
            {"7": "Too high"},
            "This rubric's scale has no level 7; anchors go on levels 0, 1, 2, 3, 4.",
        ),
        (
            {"2": "z" * 501},
            "The anchor for level 2 is 501 characters long; keep it to 500 or fewer.",
        ),
    ],
)
def test_criterion_update_refuses_bad_anchors(question, anchors, error):
    criterion = rubric_revise(question=question).criteria.get(title="Explains idea 0")
    with pytest.raises(ValidationError) as caught:
        criterion_update(
            criterion=criterion, title="Changed", weight=2, source=STUDY, anchors=anchors
        )
    assert caught.value.messages == [error]
    criterion.refresh_from_db()
    assert criterion.title == "Explains idea 0"
