"""Loading a revised bank publishes new rubric versions; sessions keep the ones they were run on."""

import pytest

from questionbank.bankfile import parse_bank
from questionbank.models import Question, RubricVersion
from questionbank.services import bank_load
from tests.data.builders import SMALL_BANK, make_session, rate_all

pytestmark = pytest.mark.django_db

BEHAVIORAL_SCALE = "scales:\n  behavioral:\n" + "".join(
    f"    - {{points: {n}, label: Told {n}, descriptor: STAR level {n}.}}\n" for n in range(5)
)
REVISED = SMALL_BANK.replace("questions:\n", BEHAVIORAL_SCALE + "questions:\n", 1).replace(
    "{title: Events, weight: 2,", "{title: Events and their sources, weight: 2,"
)


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.interviewer])


def test_a_revised_bank_publishes_new_versions_and_keeps_the_old_ones(session):
    old = {sq.question.key: sq.rubric_id for sq in session.questions.select_related("question")}
    result = bank_load(spec=parse_bank(REVISED, "mini.yaml"))
    # faas-basics changed a criterion, star-outage moved to the behavioral scale.
    assert result.versions_published == 2
    for key in ("faas-basics", "star-outage"):
        question = Question.objects.get(key=key, question_set__slug="mini")
        assert question.current_rubric().number == 2
        assert RubricVersion.objects.get(pk=old[key]).is_published
    unchanged = Question.objects.get(key="latency-scenario")
    assert unchanged.current_rubric().pk == old["latency-scenario"]
    session.refresh_from_db()
    assert {sq.question.key: sq.rubric_id for sq in session.questions.all()} == old


def test_a_session_scheduled_before_the_revision_is_rated_on_its_own_versions(session, team):
    bank_load(spec=parse_bank(REVISED, "mini.yaml"))
    scorecard = rate_all(session, team.interviewer)
    titles = set(scorecard.ratings.values_list("criterion__title", flat=True))
    assert "Events" in titles and "Events and their sources" not in titles
    star = session.questions.get(question__key="star-outage").rubric
    assert star.scale[0]["label"] != "Told 0"


def test_a_session_scheduled_after_the_revision_gets_the_new_versions(session, team):
    bank_load(spec=parse_bank(REVISED, "mini.yaml"))
    later = make_session(team.organisation, [team.interviewer], plan=session.plan)
    star = later.questions.get(question__key="star-outage").rubric
    assert (star.number, star.scale[0]["label"]) == (2, "Told 0")
