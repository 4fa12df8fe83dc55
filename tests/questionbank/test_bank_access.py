import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from questionbank.access import (
    get_draft_criterion_for_user,
    get_draft_for_user,
    get_question_for_user,
    get_question_set_for_user,
)
from questionbank.services import rubric_revise
from tests.questionbank.test_bank_support import make_bank

pytestmark = pytest.mark.django_db


def request_as(user):
    request = RequestFactory().get("/bank/")
    request.user = user
    request.session = {}
    return request


@pytest.fixture
def sets(team, org_factory):
    return {
        "shared": make_bank(slug="shared"),
        "own": make_bank(organisation=team.organisation, slug="own"),
        "foreign": make_bank(organisation=team.outsider.memberships.get().organisation),
    }


@pytest.mark.parametrize("role", ["owner", "interviewer"])
def test_members_read_shared_and_own_sets(team, sets, role):
    request = request_as(getattr(team, role))
    assert get_question_set_for_user(request, sets["shared"].pk) == sets["shared"]
    assert get_question_set_for_user(request, sets["own"].pk) == sets["own"]


@pytest.mark.parametrize("role", ["owner", "interviewer"])
def test_members_write_only_their_own_sets(team, sets, role):
    request = request_as(getattr(team, role))
    assert get_question_set_for_user(request, sets["own"].pk, write=True) == sets["own"]
    with pytest.raises(Http404):
        get_question_set_for_user(request, sets["shared"].pk, write=True)


def test_another_organisations_set_is_invisible(team, sets):
    request = request_as(team.interviewer)
    with pytest.raises(Http404):
        get_question_set_for_user(request, sets["foreign"].pk)
    with pytest.raises(Http404):
        get_question_set_for_user(request, sets["foreign"].pk, write=True)


def test_outsider_cannot_read_the_team_set(team, sets):
    with pytest.raises(Http404):
        get_question_set_for_user(request_as(team.outsider), sets["own"].pk)


def test_candidate_reads_nothing_not_even_the_shared_bank(team, sets):
    request = request_as(team.candidate)
    for question_set in (sets["shared"], sets["own"]):
        with pytest.raises(Http404):
            get_question_set_for_user(request, question_set.pk)


def test_anonymous_reads_nothing(sets):
    with pytest.raises(Http404):
        get_question_set_for_user(request_as(AnonymousUser()), sets["shared"].pk)


def test_questions_follow_their_set(team, sets):
    request = request_as(team.interviewer)
    shared_q = sets["shared"].questions.first()
    own_q = sets["own"].questions.first()
    foreign_q = sets["foreign"].questions.first()
    assert get_question_for_user(request, shared_q.pk) == shared_q
    assert get_question_for_user(request, own_q.pk, write=True) == own_q
    with pytest.raises(Http404):
        get_question_for_user(request, shared_q.pk, write=True)
    with pytest.raises(Http404):
        get_question_for_user(request, foreign_q.pk)
    with pytest.raises(Http404):
        get_question_for_user(request_as(team.candidate), own_q.pk)


def test_a_draft_is_found_only_for_writers_and_only_while_it_is_a_draft(team, sets):
    question = sets["own"].questions.first()
    request = request_as(team.interviewer)
    with pytest.raises(Http404):
        get_draft_for_user(request, question.pk)  # nothing to edit yet
    draft = rubric_revise(question=question)
    assert get_draft_for_user(request, question.pk) == draft
    with pytest.raises(Http404):
        get_draft_for_user(request_as(team.outsider), question.pk)


def test_a_published_criterion_is_never_offered_for_editing(team, sets):
    question = sets["own"].questions.first()
    published = question.current_rubric().criteria.first()
    draft = rubric_revise(question=question)
    request = request_as(team.interviewer)
    with pytest.raises(Http404):
        get_draft_criterion_for_user(request, question.pk, published.pk)
    mine = draft.criteria.first()
    assert get_draft_criterion_for_user(request, question.pk, mine.pk) == mine
