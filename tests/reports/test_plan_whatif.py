"""What-if: past sessions rescored under a draft rubric or other thresholds, nothing stored."""

from fractions import Fraction

import pytest
from django.forms.models import model_to_dict

from interviews.models import InterviewSession, Report
from interviews.reports import whatif
from questionbank.models import Criterion, Question, RubricVersion
from questionbank.services import rubric_revise
from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db

EVEN = {0: 4, 1: 0}  # Events 4 (weight 2), Statelessness 0 (weight 1), everything else 2


@pytest.fixture
def plan(team, django_capture_on_commit_callbacks):
    plan = make_plan(team.organisation)
    for name, points in (("Even", lambda n: EVEN.get(n, 2)), ("Top", lambda n: 4)):
        session = make_session(
            team.organisation, [team.interviewer], plan=plan, candidate_name=name
        )
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.interviewer, points)
    return plan


@pytest.fixture
def draft(plan):
    """A draft of the first question's rubric weighting statelessness 3 instead of 1."""
    question = Question.objects.get(question_set__slug="mini", key="faas-basics")
    version = rubric_revise(question=question)
    Criterion.objects.filter(rubric=version, title="Statelessness").update(weight=3)
    return version


def stored():
    return [model_to_dict(r) for r in Report.objects.order_by("pk")]


def page(client, plan, **params):
    return client.get(f"/plans/{plan.pk}/what-if/", params)


def row(response, name):
    return next(r for r in response.context["rows"] if r.candidate == name)


def test_it_shows_the_stored_scores_when_nothing_changes(client, team, plan):
    client.force_login(team.interviewer)
    response = page(client, plan)
    even = row(response, "Even")
    assert even.before == even.after == Fraction(500, 9)  # (66.7 + 50 + 50) / 3
    assert even.before_band == even.after_band == "lean_no_hire"
    assert response.context["moved"] == 0


def test_lower_thresholds_move_a_band_without_storing_it(client, team, plan):
    client.force_login(team.owner)
    before = stored()
    response = page(client, plan, strong_hire="90", hire="55", lean_no_hire="40")
    even = row(response, "Even")
    assert (even.before_band, even.after_band) == ("lean_no_hire", "hire")
    assert even.change == "+0.0"
    assert "1 of 2 candidates would change band" in response.text
    assert stored() == before


def test_bands_read_in_the_words_of_each_sessions_kind(client, team, plan):
    """The plan's sessions here are practice: "Getting there", never "Lean no hire"; once one
    is a hiring interview, its row reads as hiring."""
    client.force_login(team.owner)
    response = page(client, plan, strong_hire="90", hire="55", lean_no_hire="40")
    even = row(response, "Even")
    assert (even.before_label, even.after_label) == ("Getting there", "Nearly there")
    table = response.text.split("<tbody>")[1]
    assert "Lean no hire" not in table and "Getting there" in table

    even = Report.objects.get(candidate__name="Even").session_id
    InterviewSession.objects.filter(pk=even).update(mode=InterviewSession.Mode.HIRING)
    response = page(client, plan, strong_hire="90", hire="55", lean_no_hire="40")
    assert (row(response, "Even").before_label, row(response, "Even").after_label) == (
        "Lean no hire",
        "Hire",
    )
    assert row(response, "Top").after_label == "Ready"


def test_a_draft_rubric_rescores_from_the_stored_ratings(client, team, plan, draft):
    client.force_login(team.owner)
    before = stored()
    response = page(client, plan, strong_hire="85", hire="70", lean_no_hire="50", drafts=[draft.pk])
    even = row(response, "Even")
    # Q1 becomes 100 x (2 x 4 + 3 x 0) / (5 x 4) = 40, so overall (40 + 50 + 50) / 3.
    assert even.after == Fraction(140, 3)
    assert even.after_band == "no_hire" and even.change == "-8.9"
    assert row(response, "Top").after == 100
    assert stored() == before
    draft.refresh_from_db()
    assert draft.status == RubricVersion.Status.DRAFT


def test_a_draft_that_drops_a_criterion_leaves_it_out():
    data = {
        "questions": [{"id": "1", "key": "q"}],
        "interviewers": [
            {
                "interviewer": "ann",
                "questions": [
                    {
                        "id": "1",
                        "category": "technical",
                        "weight": 1.0,
                        "red_flags": [{"id": "9", "title": "Flag", "penalty": 10.0}],
                        "criteria": [
                            {"id": "5", "title": "Kept", "weight": 1.0, "points": 4, "max": 4},
                            {"id": "6", "title": "Gone", "weight": 1.0, "points": 0, "max": 4},
                        ],
                    }
                ],
            }
        ],
    }
    draft = whatif.DraftRubric(1, {"Kept": Fraction(1)}, {"Flag": Fraction(5)})
    thresholds = {"hire": Fraction(50), "no_hire": Fraction(0)}
    assert whatif.rescore(data, thresholds, {}) == (Fraction(40), "no_hire")
    assert whatif.rescore(data, thresholds, {"q": draft}) == (Fraction(95), "hire")


def test_thresholds_out_of_order_are_refused_on_the_form(client, team, plan):
    client.force_login(team.owner)
    response = page(client, plan, strong_hire="50", hire="70", lean_no_hire="40")
    assert response.status_code == 422
    assert "Thresholds must go down" in response.text
    assert response.context["rows"] == []


def test_its_queries_do_not_grow_with_sessions(
    client, team, plan, draft, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(team.owner)
    params = {"strong_hire": "85", "hire": "70", "lean_no_hire": "50", "drafts": [draft.pk]}
    with CaptureQueriesContext(connection) as before:
        page(client, plan, **params)
    for n in range(3):
        session = make_session(
            team.organisation, [team.interviewer], plan=plan, candidate_name=f"N{n}"
        )
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.interviewer)
    with CaptureQueriesContext(connection) as after:
        response = page(client, plan, **params)
    assert len(response.context["rows"]) == 5
    assert len(after) == len(before)


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_and_candidates_get_404(client, team, plan, who):
    client.force_login(getattr(team, who))
    assert page(client, plan).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, plan):
    assert page(client, plan).status_code == 302
