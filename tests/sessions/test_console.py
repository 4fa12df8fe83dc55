import pytest

from interviews.models import InterviewSession
from tests.data.builders import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.owner, team.interviewer])


def test_it_shows_prompt_guidance_and_rubric_levels(client, team, session):
    client.force_login(team.interviewer)
    response = client.get(f"/sessions/{session.pk}/console/")
    assert response.status_code == 200
    assert "What is FaaS?" in response.text
    assert "Listen for events, statelessness and scaling." in response.text
    assert "Thinks functions keep memory between calls" in response.text
    # Every level's descriptor is on the page, not in a tooltip.
    assert "Correct and complete for the role" in response.text
    assert "0/2" in response.text  # progress of question 1


def test_moving_needs_the_start_then_marks_the_question_asked(client, team, session):
    client.force_login(team.owner)  # the first interviewer leads
    client.post(f"/sessions/{session.pk}/move/", {"position": 1})
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.SCHEDULED
    assert session.current_position == 0
    client.post(f"/sessions/{session.pk}/start/")
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.LIVE and session.started_at is not None
    assert session.questions.get(position=0).asked
    response = client.post(f"/sessions/{session.pk}/move/", {"position": 1})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.current_position == 1
    assert session.questions.get(position=1).asked
    page = client.get(f"/sessions/{session.pk}/console/")
    assert "p99 latency doubled" in page.text


def test_moving_past_the_end_clamps(client, team, session):
    client.force_login(team.owner)
    client.post(f"/sessions/{session.pk}/start/")
    client.post(f"/sessions/{session.pk}/move/", {"position": 99})
    session.refresh_from_db()
    assert session.current_position == 2


def test_it_shows_only_my_own_ratings(client, team, session):
    from tests.data.builders import rate_all

    rate_all(session, team.owner, lambda n: 4, submit=False)
    client.force_login(team.interviewer)
    page = client.get(f"/sessions/{session.pk}/console/")
    assert 'aria-pressed="true"' not in page.text


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_get_404(client, team, session, who):
    client.force_login(getattr(team, who))
    assert client.get(f"/sessions/{session.pk}/console/").status_code == 404
    assert client.post(f"/sessions/{session.pk}/move/", {"position": 1}).status_code == 404


def test_flags_and_notes_autosave(client, team, session):
    sq = session.questions.get(position=0)
    flag = sq.rubric.red_flags.get()
    client.force_login(team.interviewer)
    headers = {"HTTP_HX_REQUEST": "true"}
    url = f"/sessions/{session.pk}"
    assert (
        client.post(
            f"{url}/flag/", {"question": sq.pk, "flag": flag.pk, "raised": ["0", "1"]}, **headers
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"{url}/note/", {"question": sq.pk, "text": "Knew cold starts well"}, **headers
        ).status_code
        == 200
    )
    card = session.scorecards.get(interviewer=team.interviewer)
    assert card.raised_flags.get().red_flag == flag
    assert card.notes.get().text == "Knew cold starts well"
    client.post(f"{url}/flag/", {"question": sq.pk, "flag": flag.pk, "raised": "0"}, **headers)
    assert not card.raised_flags.exists()


def test_a_flag_from_another_question_is_refused(client, team, session):
    other = session.questions.get(position=1)
    flag = session.questions.get(position=0).rubric.red_flags.get()
    client.force_login(team.interviewer)
    response = client.post(
        f"/sessions/{session.pk}/flag/",
        {"question": other.pk, "flag": flag.pk, "raised": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422


def rule_the_small_bank():
    """The small bank with a technical scale carrying its rule, and a follow-up that names the
    element it scores. Loaded after the session is made, as making one reloads the plain bank."""
    from questionbank.bankfile import DEFAULT_SCALE, parse_bank
    from questionbank.services import bank_load
    from tests.data.builders import SMALL_BANK
    from tests.questionbank.test_bank_support import RULES

    spec = parse_bank(SMALL_BANK)
    spec.scales = {"technical": [dict(level) for level in DEFAULT_SCALE]}
    spec.rules = {"technical": RULES["technical"]}
    spec.questions[0].follow_ups = [
        "What does it cost?",
        {"text": "Where does the state go between calls?", "names_element": True},
    ]
    bank_load(spec=spec)


def test_each_criterion_shows_its_categorys_rule_beside_its_levels(client, team, session):
    import re

    from tests.questionbank.test_bank_support import RULES

    rule_the_small_bank()
    client.force_login(team.interviewer)
    page = client.get(f"/sessions/{session.pk}/console/").text
    criteria = page.split('<div class="criterion"')[1:]
    assert len(criteria) == 2  # Events, Statelessness
    summary = RULES["technical"]["summary"]
    for row in criteria:
        levels_at = row.index('class="levels"')
        rule = re.search(r'<details class="rule small"><summary>(.*?)</summary>', row)
        assert rule and rule.start() > levels_at
        assert rule.group(1) == f'<span class="rule-label">Rule:</span> {summary}'
        assert "Depth nobody asked for is what lifts a rating to 4." in row
    # The scenario scale has no rule in this bank: nothing is shown for it.
    page = client.get(f"/sessions/{session.pk}/console/?q=1").text
    assert 'class="rule' not in page


def test_a_follow_up_that_names_the_element_says_it_does_not_cap(client, team, session):
    rule_the_small_bank()
    client.force_login(team.interviewer)
    page = client.get(f"/sessions/{session.pk}/console/").text
    assert "<li>What does it cost?</li>" in page
    assert (
        '<li>Where does the state go between calls? <span class="pill small not-capping"'
    ) in page
    assert page.count("does not cap</span>") == 1
