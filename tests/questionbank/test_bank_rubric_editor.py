import re

import pytest

from questionbank.models import Criterion, RedFlag, RubricVersion
from questionbank.services import rubric_revise, rubric_shape
from tests.questionbank.test_bank_support import STUDY, criterion_data, draft_url, make_bank

pytestmark = pytest.mark.django_db

OTHER_STUDY = "Securing Serverless Functions and APIs"


@pytest.fixture
def question(team):
    return make_bank(organisation=team.organisation).questions.get(key="question-0")


@pytest.fixture
def draft(question):
    return rubric_revise(question=question)


def new_criterion(**overrides):
    data = {"title": "Handles retries", "weight": "1.5", "source": OTHER_STUDY, "description": ""}
    data.update(overrides)
    return {f"new-criterion-{k}": v for k, v in data.items()}


def titles(rubric):
    return list(rubric.criteria.order_by("position", "id").values_list("title", flat=True))


# Starting a draft --------------------------------------------------------------------------------


def test_edit_rubric_makes_a_draft_copy_and_opens_the_editor(interviewer, question):
    response = interviewer.post(f"/bank/questions/{question.pk}/rubric/edit/")
    assert response.status_code == 302
    assert response["Location"] == draft_url(question)
    draft = question.rubric_versions.get(status=RubricVersion.Status.DRAFT)
    assert draft.number == 2
    assert rubric_shape(draft) == rubric_shape(question.current_rubric())


def test_edit_rubric_again_reuses_the_draft(interviewer, question, draft):
    interviewer.post(f"/bank/questions/{question.pk}/rubric/edit/")
    assert question.rubric_versions.count() == 2


def test_edit_rubric_only_by_post(interviewer, question):
    assert interviewer.get(f"/bank/questions/{question.pk}/rubric/edit/").status_code == 405


def test_the_editor_shows_rows_add_forms_and_publish(interviewer, question, draft):
    html = interviewer.get(draft_url(question)).text
    assert "Edit rubric: Question number 0 first line" in html
    assert "Draft version 2" in html
    assert 'value="Explains idea 0"' in html
    assert f'<option value="{STUDY}" selected>' in html
    assert "Add a criterion" in html and "Add a red flag" in html
    assert "Publish as version 2" in html
    assert 'value="Blames the platform"' in html
    assert '<a href="/bank/">Question bank</a>' in html


def test_the_editor_without_a_draft_is_404(interviewer, question):
    assert interviewer.get(draft_url(question)).status_code == 404


# Criteria ----------------------------------------------------------------------------------------


def test_save_a_row_as_a_plain_form(interviewer, question, draft):
    criterion = draft.criteria.get(title="Explains idea 0")
    response = interviewer.post(
        draft_url(question, f"criteria/{criterion.pk}/"),
        criterion_data(criterion, title="Explains clearly", weight="3.5", source=OTHER_STUDY),
    )
    assert response.status_code == 302
    assert response["Location"] == draft_url(question) + "#criteria"
    criterion.refresh_from_db()
    assert (criterion.title, str(criterion.weight), criterion.source) == (
        "Explains clearly",
        "3.50",
        OTHER_STUDY,
    )
    assert criterion.anchors == {"4": "Teaches idea 0 with a production example."}


def test_save_a_row_with_htmx_returns_the_criteria_section(interviewer, question, draft):
    criterion = draft.criteria.get(title="Explains idea 0")
    response = interviewer.post(
        draft_url(question, f"criteria/{criterion.pk}/"),
        criterion_data(criterion, weight="4"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="criteria"')
    assert '<span class="saved" role="status">Saved “Explains idea 0”.</span>' in response.text
    assert f'name="c{criterion.pk}-weight" value="4"' in response.text


@pytest.mark.parametrize("weight", ["0", "-1", "heavy", ""])
def test_weight_must_be_positive(interviewer, question, draft, weight):
    criterion = draft.criteria.get(title="Explains idea 0")
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = interviewer.post(
            draft_url(question, f"criteria/{criterion.pk}/"),
            criterion_data(criterion, weight=weight, title="Changed"),
            **headers,
        )
        assert response.status_code == 200
        assert "Weight must be a positive number, like 1 or 2.5." in response.text
    criterion.refresh_from_db()
    assert (criterion.title, criterion.weight) == ("Explains idea 0", 2)


def test_source_must_be_a_guide_heading(interviewer, question, draft):
    criterion = draft.criteria.first()
    response = interviewer.post(
        draft_url(question, f"criteria/{criterion.pk}/"),
        criterion_data(criterion, source="Something I made up"),
    )
    assert "Select a valid choice." in response.text
    criterion.refresh_from_db()
    assert criterion.source == STUDY


def test_add_a_criterion(interviewer, question, draft):
    response = interviewer.post(draft_url(question, "criteria/add/"), new_criterion())
    assert response.status_code == 302
    added = draft.criteria.get(title="Handles retries")
    assert (str(added.weight), added.source, added.position) == ("1.50", OTHER_STUDY, 2)
    assert titles(draft)[-1] == "Handles retries"


def test_add_a_criterion_with_htmx(interviewer, question, draft):
    response = interviewer.post(
        draft_url(question, "criteria/add/"), new_criterion(), HTTP_HX_REQUEST="true"
    )
    assert 'value="Handles retries"' in response.text
    assert "Criterion added." in response.text
    # The add form comes back empty, ready for the next one.
    assert 'name="new-criterion-title" maxlength="200" required' in response.text


def test_add_a_criterion_explains_what_is_missing(interviewer, question, draft):
    response = interviewer.post(
        draft_url(question, "criteria/add/"),
        new_criterion(title="", weight="0", source=""),
        HTTP_HX_REQUEST="true",
    )
    assert "This field is required." in response.text
    assert "Weight must be a positive number" in response.text
    assert "Choose the guide section this criterion comes from." in response.text
    assert draft.criteria.count() == 2


def test_remove_a_criterion(interviewer, question, draft):
    criterion = draft.criteria.get(title="Names trade-offs 0")
    response = interviewer.post(
        draft_url(question, f"criteria/{criterion.pk}/remove/"), HTTP_HX_REQUEST="true"
    )
    assert "Removed “Names trade-offs 0”." in response.text
    assert titles(draft) == ["Explains idea 0"]


def test_move_criteria_up_and_down(interviewer, question, draft):
    first, second = draft.criteria.order_by("position")
    interviewer.post(draft_url(question, f"criteria/{second.pk}/move/up/"))
    assert titles(draft) == ["Names trade-offs 0", "Explains idea 0"]
    response = interviewer.post(
        draft_url(question, f"criteria/{second.pk}/move/down/"), HTTP_HX_REQUEST="true"
    )
    assert response.text.lstrip().startswith('<section id="criteria"')
    assert titles(draft) == ["Explains idea 0", "Names trade-offs 0"]
    interviewer.post(draft_url(question, f"criteria/{first.pk}/move/up/"))  # already first
    assert titles(draft) == ["Explains idea 0", "Names trade-offs 0"]


def test_move_sideways_is_404(interviewer, question, draft):
    criterion = draft.criteria.first()
    response = interviewer.post(draft_url(question, f"criteria/{criterion.pk}/move/left/"))
    assert response.status_code == 404


def test_row_actions_only_by_post(interviewer, question, draft):
    criterion = draft.criteria.first()
    for rest in ("criteria/add/", f"criteria/{criterion.pk}/", f"criteria/{criterion.pk}/remove/"):
        assert interviewer.get(draft_url(question, rest)).status_code == 405


# Red flags ---------------------------------------------------------------------------------------


def test_red_flags_add_save_remove(interviewer, question, draft):
    interviewer.post(
        draft_url(question, "red-flags/add/"),
        {"new-flag-title": "Ignores security", "new-flag-penalty": "15"},
    )
    added = draft.red_flags.get(title="Ignores security")
    response = interviewer.post(
        draft_url(question, f"red-flags/{added.pk}/"),
        {f"f{added.pk}-title": "Ignores IAM", f"f{added.pk}-penalty": "20"},
        HTTP_HX_REQUEST="true",
    )
    assert response.text.lstrip().startswith('<section id="red-flags"')
    added.refresh_from_db()
    assert (added.title, added.penalty) == ("Ignores IAM", 20)
    interviewer.post(draft_url(question, f"red-flags/{added.pk}/remove/"))
    assert list(draft.red_flags.values_list("title", flat=True)) == ["Blames the platform"]


@pytest.mark.parametrize("penalty", ["0", "-5", "101", "lots"])
def test_penalty_must_be_between_0_and_100(interviewer, question, draft, penalty):
    response = interviewer.post(
        draft_url(question, "red-flags/add/"),
        {"new-flag-title": "Bad", "new-flag-penalty": penalty},
    )
    assert "Penalty must be a positive number of points, from 0.01 to 100." in response.text
    assert draft.red_flags.count() == 1


# Publishing --------------------------------------------------------------------------------------


def test_publish_makes_the_next_version_current_and_leaves_the_last_unchanged(
    interviewer, question, draft
):
    v1 = question.current_rubric()
    v1_shape = rubric_shape(v1)
    criterion = draft.criteria.get(title="Explains idea 0")
    interviewer.post(
        draft_url(question, f"criteria/{criterion.pk}/"), criterion_data(criterion, weight="5")
    )
    response = interviewer.post(draft_url(question, "publish/"))
    assert response.status_code == 302
    assert response["Location"] == f"/bank/questions/{question.pk}/"
    draft.refresh_from_db()
    assert draft.is_published and draft.number == 2
    assert question.current_rubric() == draft
    assert rubric_shape(RubricVersion.objects.get(pk=v1.pk)) == v1_shape
    page = interviewer.get(response["Location"])
    assert "Published version 2." in page.text
    assert '<option value="2" selected>Version 2 · published' in page.text
    assert re.search(r'<option value="1"\s*>Version 1 · published', page.text)


def test_publish_refuses_a_rubric_without_criteria(interviewer, question, draft):
    for criterion in draft.criteria.all():
        interviewer.post(draft_url(question, f"criteria/{criterion.pk}/remove/"))
    response = interviewer.post(draft_url(question, "publish/"), follow=True)
    assert "A rubric needs at least one criterion before it is published." in response.text
    draft.refresh_from_db()
    assert not draft.is_published
    assert question.current_rubric().number == 1


def test_after_publishing_the_draft_editor_is_gone(interviewer, question, draft):
    interviewer.post(draft_url(question, "publish/"))
    assert interviewer.get(draft_url(question)).status_code == 404
    assert interviewer.post(draft_url(question, "publish/")).status_code == 404


def test_discard_throws_the_draft_away(interviewer, question, draft):
    response = interviewer.post(draft_url(question, "discard/"))
    assert response.status_code == 302
    assert list(question.rubric_versions.values_list("number", flat=True)) == [1]


# Published rubrics are never edited --------------------------------------------------------------


def test_editing_a_published_criterion_by_id_is_404_and_changes_nothing(
    interviewer, question, draft
):
    published = question.current_rubric()
    criterion = published.criteria.get(title="Explains idea 0")
    flag = published.red_flags.get()
    before = rubric_shape(published)
    attempts = [
        (f"criteria/{criterion.pk}/", criterion_data(criterion, title="Hacked", weight="9")),
        (f"criteria/{criterion.pk}/remove/", {}),
        (f"criteria/{criterion.pk}/move/down/", {}),
        (f"red-flags/{flag.pk}/", {f"f{flag.pk}-title": "Hacked", f"f{flag.pk}-penalty": "1"}),
        (f"red-flags/{flag.pk}/remove/", {}),
    ]
    for rest, data in attempts:
        assert interviewer.post(draft_url(question, rest), data).status_code == 404, rest
    assert rubric_shape(RubricVersion.objects.get(pk=published.pk)) == before
    assert Criterion.objects.get(pk=criterion.pk).title == "Explains idea 0"


def test_a_criterion_of_another_questions_draft_is_404(interviewer, question, draft):
    other = question.question_set.questions.get(key="question-1")
    rubric_revise(question=other)
    criterion = draft.criteria.first()
    response = interviewer.post(
        draft_url(other, f"criteria/{criterion.pk}/"), criterion_data(criterion, title="Moved")
    )
    assert response.status_code == 404


# Who may edit ------------------------------------------------------------------------------------


def test_shared_rubrics_cannot_be_revised(interviewer):
    shared = make_bank(slug="shared").questions.first()
    assert interviewer.post(f"/bank/questions/{shared.pk}/rubric/edit/").status_code == 404
    assert not shared.rubric_versions.filter(status=RubricVersion.Status.DRAFT).exists()
    assert interviewer.get(draft_url(shared)).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_and_candidates_get_404_everywhere(client, team, question, draft, who):
    client.force_login(getattr(team, who))
    criterion = draft.criteria.first()
    flag = draft.red_flags.first()
    assert client.post(f"/bank/questions/{question.pk}/rubric/edit/").status_code == 404
    assert client.get(draft_url(question)).status_code == 404
    for rest in (
        "criteria/add/",
        f"criteria/{criterion.pk}/",
        f"criteria/{criterion.pk}/remove/",
        f"criteria/{criterion.pk}/move/down/",
        "red-flags/add/",
        f"red-flags/{flag.pk}/",
        f"red-flags/{flag.pk}/remove/",
        "publish/",
        "discard/",
    ):
        assert client.post(draft_url(question, rest), new_criterion()).status_code == 404, rest
    assert draft.criteria.count() == 2
    assert RedFlag.objects.filter(rubric=draft).count() == 1
    draft.refresh_from_db()
    assert not draft.is_published


def test_owner_can_edit_too(client, team, question):
    client.force_login(team.owner)
    assert client.post(f"/bank/questions/{question.pk}/rubric/edit/").status_code == 302


def test_a_new_question_gets_its_first_rubric_as_version_1(interviewer, team):
    from questionbank.services import question_create, question_set_create

    question = question_create(
        question_set=question_set_create(organisation=team.organisation, title="Fresh"),
        fields={"key": "new-one", "category": "technical", "prompt": "Brand new"},
        tags=[],
    )
    interviewer.post(f"/bank/questions/{question.pk}/rubric/edit/")
    page = interviewer.get(draft_url(question))
    assert "This question has no published rubric yet." in page.text
    assert "No criteria yet." in page.text
    refused = interviewer.post(draft_url(question, "publish/"), follow=True)
    assert "A rubric needs at least one criterion" in refused.text
    interviewer.post(draft_url(question, "criteria/add/"), new_criterion())
    interviewer.post(draft_url(question, "publish/"))
    rubric = question.current_rubric()
    assert rubric.number == 1
    assert rubric.scale == question.question_set.scale
    assert titles(rubric) == ["Handles retries"]
