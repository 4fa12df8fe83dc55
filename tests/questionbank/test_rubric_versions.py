"""A published rubric version is never changed in place; editing makes the next version."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from questionbank.models import Criterion, PublishedRubricError, RedFlag, RubricVersion
from questionbank.services import rubric_publish, rubric_revise, rubric_shape
from tests.questionbank.test_bank_support import STUDY, make_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(team):
    return make_bank(organisation=team.organisation).questions.get(key="question-0")


@pytest.fixture
def published(question):
    return question.current_rubric()


def test_saving_a_changed_criterion_of_a_published_version_is_refused(published):
    criterion = published.criteria.first()
    criterion.weight = Decimal(9)
    with pytest.raises(PublishedRubricError):
        criterion.save()
    assert Criterion.objects.get(pk=criterion.pk).weight == 2


def test_deleting_a_criterion_of_a_published_version_is_refused(published):
    criterion = published.criteria.first()
    with pytest.raises(PublishedRubricError):
        criterion.delete()
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_adding_a_criterion_to_a_published_version_is_refused(published):
    with pytest.raises(PublishedRubricError):
        Criterion.objects.create(rubric=published, title="Late", weight=1, source=STUDY)
    assert published.criteria.count() == 2


def test_red_flags_of_a_published_version_are_frozen_too(published):
    flag = published.red_flags.first()
    flag.penalty = Decimal(1)
    with pytest.raises(PublishedRubricError):
        flag.save()
    with pytest.raises(PublishedRubricError):
        flag.delete()
    assert RedFlag.objects.get(pk=flag.pk).penalty == 10


def test_resaving_or_deleting_a_published_version_is_refused(published):
    published.scale = []
    with pytest.raises(PublishedRubricError):
        published.save()
    with pytest.raises(PublishedRubricError):
        RubricVersion.objects.get(pk=published.pk).save()  # even unchanged
    with pytest.raises(PublishedRubricError):
        published.delete()
    assert RubricVersion.objects.get(pk=published.pk).scale


def test_a_draft_can_change_until_it_is_published(question):
    draft = rubric_revise(question=question)
    criterion = draft.criteria.first()
    criterion.title = "Reworded"
    criterion.save()
    rubric_publish(rubric=draft)
    criterion.title = "Reworded again"
    with pytest.raises(PublishedRubricError):
        criterion.save()


def test_publishing_needs_at_least_one_criterion(question):
    draft = rubric_revise(question=question)
    draft.criteria.all().delete()
    with pytest.raises(ValidationError):
        rubric_publish(rubric=draft)
    draft.refresh_from_db()
    assert not draft.is_published


def test_revise_copies_the_current_version_and_reuses_its_draft(question, published):
    draft = rubric_revise(question=question)
    assert (draft.number, draft.is_published) == (2, False)
    assert rubric_shape(draft) == rubric_shape(published)
    assert rubric_revise(question=question) == draft
    assert question.current_rubric() == published  # a draft is never current


def test_an_edit_through_the_pages_yields_version_2_beside_an_unchanged_version_1(
    client, team, question, published
):
    before = rubric_shape(published)
    client.force_login(team.interviewer)
    client.post(f"/bank/questions/{question.pk}/rubric/edit/")
    draft_url = f"/bank/questions/{question.pk}/rubric/draft/"
    criterion = question.rubric_versions.get(number=2).criteria.get(title="Explains idea 0")
    client.post(
        f"{draft_url}criteria/{criterion.pk}/",
        {
            f"c{criterion.pk}-title": "Explains idea 0",
            f"c{criterion.pk}-weight": "3",
            f"c{criterion.pk}-source": STUDY,
        },
    )
    client.post(
        f"{draft_url}criteria/add/",
        {
            "new-criterion-title": "Mentions costs",
            "new-criterion-weight": "1",
            "new-criterion-source": STUDY,
        },
    )
    client.post(f"{draft_url}publish/")

    v1, v2 = question.rubric_versions.order_by("number")
    assert v1.pk == published.pk and v1.is_published
    assert rubric_shape(v1) == before
    assert v2.is_published and question.current_rubric() == v2
    assert [(c.title, c.weight) for c in v2.criteria.all()] == [
        ("Explains idea 0", 3),
        ("Names trade-offs 0", 1),
        ("Mentions costs", 1),
    ]
    page = client.get(f"/bank/questions/{question.pk}/")
    assert "Mentions costs" in page.text
    assert "Version 1 · published" in page.text


def test_bulk_updates_of_a_published_version_are_refused():
    from questionbank.models import Criterion, PublishedRubricError
    from tests.data.builders import load_small_bank

    load_small_bank()
    with pytest.raises(PublishedRubricError):
        Criterion.objects.filter(rubric__question__key="faas-basics").update(weight=9)
    assert not Criterion.objects.filter(weight=9).exists()
