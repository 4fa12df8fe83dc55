"""Who may see and change what in the question bank.

Owners and interviewers read the shared bank and their organisation's sets, and change only their
organisation's sets. Candidates and strangers get a 404 rather than a hint that something exists.
Every bank view calls one of these helpers first; none filters by organisation by hand.
"""

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.access import current_membership
from accounts.models import STAFF_ROLES, Membership
from questionbank.models import Criterion, Question, QuestionSet, RedFlag, RubricVersion


def bank_membership(request: HttpRequest) -> Membership:
    """The membership a bank page acts under: owners and interviewers only."""
    return current_membership(request, roles=STAFF_ROLES)


def question_sets_for(membership: Membership, *, write: bool = False) -> QuerySet[QuestionSet]:
    own = Q(organisation_id=membership.organisation_id)
    return QuestionSet.objects.filter(own if write else own | Q(organisation__isnull=True))


def get_question_set_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> QuestionSet:
    membership = bank_membership(request)
    return get_object_or_404(question_sets_for(membership, write=write), pk=pk)


def get_question_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Question:
    membership = bank_membership(request)
    questions = Question.objects.select_related("question_set").filter(
        question_set__in=question_sets_for(membership, write=write)
    )
    return get_object_or_404(questions, pk=pk)


def get_draft_for_user(request: HttpRequest, question_pk: int) -> RubricVersion:
    """The draft rubric of a question the user may edit; published versions are never offered."""
    question = get_question_for_user(request, question_pk, write=True)
    return get_object_or_404(
        RubricVersion.objects.select_related("question__question_set"),
        question=question,
        status=RubricVersion.Status.DRAFT,
    )


def get_draft_criterion_for_user(request: HttpRequest, question_pk: int, pk: int) -> Criterion:
    rubric = get_draft_for_user(request, question_pk)
    criterion = get_object_or_404(Criterion, rubric=rubric, pk=pk)
    criterion.rubric = rubric
    return criterion


def get_draft_red_flag_for_user(request: HttpRequest, question_pk: int, pk: int) -> RedFlag:
    rubric = get_draft_for_user(request, question_pk)
    red_flag = get_object_or_404(RedFlag, rubric=rubric, pk=pk)
    red_flag.rubric = rubric
    return red_flag
