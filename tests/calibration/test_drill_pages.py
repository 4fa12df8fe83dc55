import pytest

from interviews.calibration import drills
from interviews.models import Drill, DrillAttempt
from questionbank.models import Question
from tests.data.builders import load_small_bank, make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    load_small_bank()
    return Question.objects.get(question_set__slug="mini", key="star-outage")


@pytest.fixture
def drill(team, question):
    crits = question.current_rubric().criteria.order_by("position", "id")
    return drills.drill_create(
        organisation=team.organisation,
        question=question,
        title="Outage, well told",
        transcript="We lost the queue consumer at 2am.",
        reference={c.pk: 3 for c in crits},
        reasoning={c.pk: f"Because {c.title}." for c in crits},
        actor=team.owner,
    )


def levels(drill, value):
    return {f"level_{c.pk}": value for c in drill.rubric.criteria.all()}


def test_an_owner_records_a_drill_in_two_steps(client, team, question):
    client.force_login(team.owner)
    assert "Choose one" in client.get("/drills/new/").text
    page = client.get(f"/drills/new/?question={question.pk}")
    assert page.status_code == 200 and "Situation: reference level" in page.text
    data = {"title": "Gold", "transcript": "An answer."}
    data.update({f"level_{c.pk}": "2" for c in question.current_rubric().criteria.all()})
    response = client.post(f"/drills/new/?question={question.pk}", data)
    drill = Drill.objects.get()
    assert response.status_code == 302 and response.url == f"/drills/{drill.pk}/"
    assert set(drill.reference.values()) == {2}


def test_a_drill_without_reference_levels_is_refused_on_the_fields(client, team, question):
    client.force_login(team.owner)
    response = client.post(
        f"/drills/new/?question={question.pk}", {"title": "Gold", "transcript": "x"}
    )
    assert response.status_code == 422
    assert any(k.startswith("level_") for k in response.context["form"].errors)
    assert not Drill.objects.exists()


def test_the_interviewer_scores_blind_then_sees_the_reference(client, team, drill):
    client.force_login(team.interviewer)
    page = client.get(f"/drills/{drill.pk}/").text
    assert "Score it blind" in page and "Because Situation." not in page
    response = client.post(f"/drills/{drill.pk}/", levels(drill, "1"))
    assert response.status_code == 302
    page = client.get(f"/drills/{drill.pk}/").text
    assert "Your ratings beside the reference" in page and "Because Situation." in page
    assert "-2" in page


def test_a_missing_level_is_refused_beside_the_criterion(client, team, drill):
    client.force_login(team.interviewer)
    data = levels(drill, "na")
    data.popitem()
    response = client.post(f"/drills/{drill.pk}/", data)
    assert response.status_code == 422
    assert "Choose a level, or not assessed." in response.text
    assert not DrillAttempt.objects.exists()


def test_the_author_sees_their_reference_without_scoring(client, team, drill):
    client.force_login(team.owner)
    page = client.get(f"/drills/{drill.pk}/").text
    assert "Your reference ratings" in page and "Score it blind" not in page


def test_the_list_is_bounded_in_queries(
    client, team, drill, question, django_assert_max_num_queries
):
    client.force_login(team.interviewer)
    for n in range(5):
        crits = question.current_rubric().criteria.all()
        made = drills.drill_create(
            organisation=team.organisation,
            question=question,
            title=f"d{n}",
            transcript="x",
            reference={c.pk: 2 for c in crits},
            reasoning={},
            actor=team.owner,
        )
        drills.drill_attempt_submit(
            drill=made, interviewer=team.interviewer, ratings={c.pk: 2 for c in crits}
        )
    with django_assert_max_num_queries(8):
        response = client.get("/drills/")
    assert len(response.context["drills"]) == 6
    assert response.context["standing"].calibrated


def test_the_calibration_report_marks_the_calibrated(client, team, question):
    crits = question.current_rubric().criteria.all()
    for n in range(3):
        made = drills.drill_create(
            organisation=team.organisation,
            question=question,
            title=f"d{n}",
            transcript="x",
            reference={c.pk: 2 for c in crits},
            reasoning={},
            actor=team.owner,
        )
        drills.drill_attempt_submit(
            drill=made, interviewer=team.interviewer, ratings={c.pk: 3 for c in crits}
        )
    session = make_session(team.organisation, [team.interviewer])
    rate_all(session, team.interviewer)
    client.force_login(team.owner)
    page = client.get("/calibration/").text
    assert f'data-drills="{team.interviewer.username}"><span class="pill ready">Calibrated' in page


@pytest.mark.parametrize("who", ["candidate", "outsider"])
def test_candidates_and_strangers_never_see_drills(client, team, drill, who):
    client.force_login(getattr(team, who))
    assert client.get("/drills/").status_code == (404 if who == "candidate" else 200)
    assert client.get(f"/drills/{drill.pk}/").status_code == 404
    assert client.post(f"/drills/{drill.pk}/", levels(drill, "3")).status_code == 404
    assert client.get("/drills/new/").status_code == (404 if who == "candidate" else 200)
    if who == "outsider":
        assert client.get("/drills/").context["drills"] == []
    assert not DrillAttempt.objects.exists()


def test_only_owners_create_drills(client, team, question):
    client.force_login(team.interviewer)
    assert client.get("/drills/new/").status_code == 404
    assert client.post(f"/drills/new/?question={question.pk}", {}).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, drill):
    assert client.get("/drills/").status_code == 302
    assert client.get(f"/drills/{drill.pk}/").status_code == 302


@pytest.mark.parametrize(
    ("who", "sentence"),
    [
        ("owner", "Record a reference answer to a question to start one."),
        ("interviewer", "the drill then appears here for you to score"),
    ],
)
def test_with_no_drill_each_role_reads_what_to_do(client, team, who, sentence):
    client.force_login(getattr(team, who))
    html = client.get("/drills/").content.decode()
    assert "No drills yet." in html and sentence in html


def test_the_list_shows_what_is_left_to_score_and_one_kind_of_question(client, team, drill):
    technical = Question.objects.get(question_set__slug="mini", key="faas-basics")
    crits = technical.current_rubric().criteria.all()
    other = drills.drill_create(
        organisation=team.organisation,
        question=technical,
        title="FaaS, plainly",
        transcript="Functions run on events.",
        reference={c.pk: 2 for c in crits},
        reasoning={},
        actor=team.owner,
    )
    scored = drill.rubric.criteria.all()
    drills.drill_attempt_submit(
        drill=drill, interviewer=team.interviewer, ratings={c.pk: 3 for c in scored}
    )
    client.force_login(team.interviewer)

    def titles(**params):
        response = client.get("/drills/", params)
        assert response.status_code == 200
        return {d.title for d in response.context["drills"]}, response

    everything, _ = titles()
    assert {drill.title, other.title} <= everything
    left, _ = titles(show="todo")
    assert other.title in left and drill.title not in left
    assert titles(show="scored")[0] == {drill.title}
    of_kind, _ = titles(category="technical")
    assert other.title in of_kind and drill.title not in of_kind
    assert titles(show="scored", category="technical")[0] == set()
    nothing, response = titles(show="scored", category="system_design")
    assert nothing == set()
    assert "No drill matches" in response.text and "Show every drill" in response.text
    shown, response = titles(show="everything", category="<b>")
    assert shown == everything and "Showing every drill." in response.text
    assert "<b>" not in response.text.split("Showing every drill")[0].split("Filter drills")[1]
