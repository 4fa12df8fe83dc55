"""Swapping roles: the new interviewer's own space, the same plan shape, no repeated question."""

import pytest
from django.urls import reverse

from interviews.errors import InterviewError
from interviews.models import Candidate, InterviewSession
from interviews.practice import selectors
from interviews.practice import services as practice
from questionbank.models import Question
from tests.practice.conftest import finish, person, space_of, start

pytestmark = pytest.mark.django_db


def _joined(alice, bob, **kwargs):
    session = start(alice, **kwargs)
    practice.practice_join(link=practice.link_for(session), user=bob)
    session.refresh_from_db()
    return session


def _shape(session):
    return [(q.category, q.minutes, q.weight) for q in session.questions.order_by("position")]


def _keys(session):
    return set(session.questions.values_list("question__key", flat=True))


def test_it_reverses_the_roles_in_the_new_interviewer_s_space(peers):
    alice, bob = peers
    first = finish(_joined(alice, bob), alice)
    swapped = practice.practice_swap(session=first, actor=bob)
    assert swapped.organisation == space_of(bob)
    assert swapped.candidate.user == alice
    assert [c.interviewer for c in swapped.scorecards.all()] == [bob]
    assert swapped.mode == InterviewSession.Mode.PRACTICE
    assert _shape(swapped) == _shape(first)
    assert swapped.practice.swapped_from == first


def test_the_new_candidate_is_never_asked_a_question_again(peers):
    alice, bob = peers
    carol = person("carol")
    # Alice was asked some questions before, in Carol's space.
    earlier = finish(_joined(carol, alice, name="Alice"), carol)
    first = finish(_joined(alice, bob), alice)
    swapped = practice.practice_swap(session=first, actor=alice)
    assert not _keys(swapped) & _keys(earlier)
    # She has read the model answers of the questions she just asked Bob: not those either.
    assert not _keys(swapped) & _keys(first)


def test_it_prefers_questions_the_new_interviewer_answered_before(peers):
    alice, bob = peers
    carol = person("carol")
    first = finish(_joined(alice, bob), alice)
    # Earlier, Bob answered for Carol one question of each category that Alice never saw.
    fresh = [
        Question.objects.filter(question_set__slug="serverless", category=c)
        .exclude(key__in=_keys(first))
        .order_by("-position")
        .first()
        for c in ("technical", "scenario", "behavioral", "system_design")
    ]
    earlier = _joined(carol, bob, name="Bob")
    earlier.delete()
    plan = practice.plans.default_plan_ensure(organisation=space_of(carol), user=carol)
    earlier = practice.sessions.session_schedule(
        plan=plan,
        candidate=Candidate.objects.get(organisation=space_of(carol), user=bob),
        interviewers=[carol],
        user=carol,
        items=[practice.Line(q, 5, 1) for q in fresh],
    )
    finish(earlier, carol)
    swapped = practice.practice_swap(session=first, actor=alice)
    answered_elsewhere = _keys(earlier) - _keys(first)
    assert answered_elsewhere and answered_elsewhere <= _keys(swapped)


def test_unasked_questions_do_not_count_as_asked(peers):
    alice, bob = peers
    session = _joined(alice, bob)
    practice_keys = _keys(session)
    from tests import builders

    builders.rate_some(session, alice, positions=[0])  # only the first was rated, none shown
    session.refresh_from_db()
    asked = selectors.keys_asked_to(bob)
    first_key = session.questions.get(position=0).question.key
    assert asked == {first_key} and first_key in practice_keys


def test_both_peers_clicking_get_the_same_session(peers):
    alice, bob = peers
    first = finish(_joined(alice, bob), alice)
    one = practice.practice_swap(session=first, actor=alice)
    two = practice.practice_swap(session=first, actor=bob)
    assert one == two
    assert InterviewSession.objects.count() == 2


def test_a_split_plan_swaps_at_half_time_onto_the_second_half(peers):
    alice, bob = peers
    plan = practice.plans.default_plan_ensure(organisation=space_of(alice), user=alice)
    items = list(plan.items.order_by("position"))
    first = _joined(alice, bob, split=True)
    cut = (len(items) + 1) // 2
    assert first.questions.count() == cut
    assert first.practice.half == 1
    finish(first, alice)
    second = practice.practice_swap(session=first, actor=bob)
    assert [(q.category, q.minutes) for q in second.questions.order_by("position")] == [
        (i.question.category, i.minutes) for i in items[cut:]
    ]
    assert second.practice.half == 2


def test_it_refuses_before_submission_and_without_a_joined_peer(peers):
    alice, bob = peers
    session = _joined(alice, bob)
    with pytest.raises(InterviewError, match="submitted"):
        practice.practice_swap(session=session, actor=alice)
    guest = finish(start(alice, name="Guest"), alice)
    with pytest.raises(InterviewError, match="join with the link"):
        practice.practice_swap(session=guest, actor=alice)


def test_the_swap_button_takes_each_peer_where_they_belong(client, peers):
    alice, bob = peers
    first = finish(_joined(alice, bob), alice)
    client.force_login(bob)
    response = client.post(reverse("interviews:practice_swap", args=[first.pk]))
    swapped = first.swapped_to.session
    assert response["Location"] == reverse("interviews:session_detail", args=[swapped.pk])
    assert client.get(response["Location"]).status_code == 200  # Bob's own space is current
    client.force_login(alice)
    response = client.post(reverse("interviews:practice_swap", args=[first.pk]))
    assert response["Location"] == reverse(
        "interviews:candidate_screen", args=[swapped.screen_token]
    )


def test_a_stranger_cannot_swap(client, peers):
    alice, bob = peers
    first = finish(_joined(alice, bob), alice)
    client.force_login(person("carol"))
    assert client.post(reverse("interviews:practice_swap", args=[first.pk])).status_code == 404
    assert InterviewSession.objects.count() == 1
