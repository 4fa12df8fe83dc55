"""Gold answers shipped with a bank are drills for every organisation that uses or copies it:
scored blind, compared with the gold levels and whys, one drill per organisation and answer."""

import pytest
from django.db import IntegrityError, transaction

from interviews.calibration import drills
from interviews.calibration import views as drill_views
from interviews.models import Drill, DrillAttempt
from questionbank.models import GoldAnswer
from questionbank.services import question_set_copy
from tests.calibration.gold import load_gold_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(db):
    return load_gold_bank()


def gold(question_set, key="star-outage", title="Strong answer") -> GoldAnswer:
    return GoldAnswer.objects.live().get(
        question__question_set=question_set, question__key=key, title=title
    )


def levels(gold_answer, value):
    return {f"level_{c.pk}": value for c in gold_answer.rubric.criteria.all()}


def listed(client) -> list:
    return client.get("/drills/").context["drills"]


def test_every_organisation_sees_the_shipped_gold_answers_as_ready_drills(client, team, shared):
    for user in (team.interviewer, team.outsider):
        client.force_login(user)
        found = listed(client)
        assert [(d.question.key, d.title) for d in found] == [
            (key, title)
            for key in ("faas-basics", "latency-scenario", "star-outage")
            for title in ("Strong answer", "Borderline answer")
        ]
        assert all(d.pk is None and d.gold_answer_id for d in found)
    page = client.get("/drills/").text
    assert page.count('<span class="pill shipped">Shipped with the bank</span>') == 6
    assert f'href="/drills/gold/{gold(shared).pk}/"' in page
    assert not Drill.objects.exists()  # nothing is written until someone scores one


def test_an_interviewer_scores_a_gold_drill_blind_then_sees_the_gold_levels_and_whys(
    client, team, shared
):
    answer = gold(shared)
    client.force_login(team.interviewer)
    page = client.get(f"/drills/gold/{answer.pk}/").text
    assert "Score it blind" in page and "My answer to star-outage." in page
    assert "Shipped with the bank" in page
    assert "Why Situation earns 4." not in page
    response = client.post(f"/drills/gold/{answer.pk}/", levels(answer, "2"))
    drill = Drill.objects.get()
    assert response.status_code == 302 and response.url == f"/drills/{drill.pk}/"
    assert (drill.organisation, drill.gold_answer, drill.created_by) == (
        team.organisation,
        answer,
        None,
    )
    assert drill.rubric == answer.rubric and drill.reference == answer.reference
    page = client.get(response.url).text
    assert "Your ratings beside the reference" in page
    assert "Why Situation earns 4." in page and "Why Result earns 4." in page
    results = drills.results(drill, drill.attempts.get())
    assert [(r.title, r.yours, r.reference, r.deviation) for r in results] == [
        ("Situation", 2, 4, -2),
        ("Action", 2, 4, -2),
        ("Result", 2, 4, -2),
    ]


def test_one_drill_per_organisation_however_many_score_it(client, team, shared):
    answer = gold(shared)
    client.force_login(team.interviewer)
    client.post(f"/drills/gold/{answer.pk}/", levels(answer, "3"))
    drill = Drill.objects.get()
    client.force_login(team.owner)
    assert client.get(f"/drills/gold/{answer.pk}/").url == f"/drills/{drill.pk}/"
    assert client.post(f"/drills/{drill.pk}/", levels(answer, "4")).status_code == 302
    assert Drill.objects.count() == 1 and drill.attempts.count() == 2
    # The team's list now shows the row in the gold answer's place, scored by the owner.
    entry = next(d for d in listed(client) if d.gold_answer_id == answer.pk)
    assert entry.pk == drill.pk and entry.scored_at is not None

    client.force_login(team.outsider)
    client.post(f"/drills/gold/{answer.pk}/", levels(answer, "1"))
    theirs = Drill.objects.exclude(pk=drill.pk).get()
    assert theirs.organisation != team.organisation and theirs.gold_answer == answer
    assert client.get(f"/drills/{drill.pk}/").status_code == 404


def test_two_scorings_at_once_share_one_row(team, shared):
    answer = gold(shared)
    first = drills.gold_drill(organisation=team.organisation, gold=answer)
    second = drills.gold_drill(organisation=team.organisation, gold=answer)
    ratings = {c.pk: 3 for c in answer.rubric.criteria.all()}
    a = drills.drill_attempt_submit(drill=first, interviewer=team.interviewer, ratings=ratings)
    b = drills.drill_attempt_submit(drill=second, interviewer=team.owner, ratings=ratings)
    assert a.drill_id == b.drill_id and Drill.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Drill.objects.create(
            organisation=team.organisation,
            question=answer.question,
            rubric=answer.rubric,
            title="Again",
            transcript="x",
            gold_answer=answer,
        )


def test_an_organisation_that_copies_the_bank_drills_on_its_copy(client, team, shared):
    copy = question_set_copy(source=shared, organisation=team.organisation)
    client.force_login(team.interviewer)
    found = listed(client)
    assert len(found) == 6
    assert {d.gold_answer.question.question_set_id for d in found} == {copy.pk}
    assert client.get(f"/drills/gold/{gold(shared).pk}/").status_code == 404


def test_a_stranger_sees_nothing_of_another_organisations_copy(client, team, shared):
    copy = question_set_copy(source=shared, organisation=team.organisation)
    copied = gold(copy)
    client.force_login(team.interviewer)
    client.post(f"/drills/gold/{copied.pk}/", levels(copied, "3"))
    drill = Drill.objects.get()

    client.force_login(team.outsider)
    found = listed(client)
    assert {d.gold_answer.question.question_set_id for d in found} == {shared.pk}
    assert client.get(f"/drills/gold/{copied.pk}/").status_code == 404
    assert client.post(f"/drills/gold/{copied.pk}/", levels(copied, "3")).status_code == 404
    assert client.get(f"/drills/{drill.pk}/").status_code == 404
    assert Drill.objects.count() == 1 and DrillAttempt.objects.count() == 1


def test_a_replaced_gold_answer_keeps_its_scored_drill_and_offers_the_new_one(client, team, shared):
    scored, unscored = gold(shared), gold(shared, key="faas-basics")
    client.force_login(team.interviewer)
    client.post(f"/drills/gold/{scored.pk}/", levels(scored, "3"))
    load_gold_bank(why="Better reason: {title} earns {points}.")
    found = listed(client)
    assert len(found) == 7
    kept = found[-1]
    assert kept.gold_answer == scored and kept.replaced and kept.attempts.count() == 1
    assert "earlier version" in client.get("/drills/").text
    assert client.get(f"/drills/gold/{unscored.pk}/").status_code == 404
    assert unscored.pk not in {d.gold_answer_id for d in found}
    # The comparison already made keeps the reasons it was made with.
    assert "Why Situation earns 4." in client.get(f"/drills/{kept.pk}/").text


def test_the_teams_own_drills_come_first_and_pages_hold_a_bounded_number(
    client, team, shared, monkeypatch
):
    question = gold(shared).question
    own = drills.drill_create(
        organisation=team.organisation,
        question=question,
        title="Our own",
        transcript="x",
        reference={c.pk: 2 for c in question.current_rubric().criteria.all()},
        reasoning={},
        actor=team.owner,
    )
    client.force_login(team.interviewer)
    assert listed(client)[0] == own
    monkeypatch.setattr(drill_views, "DRILLS_PER_PAGE", 4)
    response = client.get("/drills/?page=2")
    assert len(response.context["drills"]) == 3
    assert "Page 2 of 2 · 7 drills" in response.text


def test_the_list_stays_bounded_in_queries_with_scored_gold_drills(
    client, team, shared, django_assert_max_num_queries
):
    client.force_login(team.interviewer)
    for answer in GoldAnswer.objects.live()[:4]:
        client.post(f"/drills/gold/{answer.pk}/", levels(answer, "2"))
    with django_assert_max_num_queries(9):
        found = listed(client)
    assert len(found) == 6 and sum(1 for d in found if d.scored_at) == 4


@pytest.mark.parametrize("who", ["candidate", None])
def test_candidates_and_anonymous_get_nothing(client, team, shared, who):
    answer = gold(shared)
    if who:
        client.force_login(getattr(team, who))
    expected = 404 if who else 302
    assert client.get(f"/drills/gold/{answer.pk}/").status_code == expected
    assert client.post(f"/drills/gold/{answer.pk}/", levels(answer, "3")).status_code == expected
    assert not Drill.objects.exists()
