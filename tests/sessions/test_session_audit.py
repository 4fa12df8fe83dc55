import re
from pathlib import Path

import pytest

from config.spreadsheet import safe_cell
from interviews.models import AuditEvent
from interviews.sessions.audit import audit_trail
from tests.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


def test_an_owner_reads_every_change_in_order(client, team, django_assert_max_num_queries):
    session = make_session(team.organisation, [team.interviewer])
    rate_all(session, team.interviewer)
    client.force_login(team.owner)
    with django_assert_max_num_queries(14):
        response = client.get(f"/sessions/{session.pk}/audit/")
    assert response.status_code == 200
    assert response.text.count("rated “") == 7
    assert "rated “Events” 3 · Solid on Q1" in response.text
    assert "submitted their scorecard (recommendation: Yes)" in response.text
    assert response.text.index("submitted their scorecard") < response.text.index("rated “")
    assert "scorecard=" not in response.text and "interviewers=[" not in response.text


def test_the_trail_filters_by_person_and_downloads_as_csv(client, team):
    session = make_session(team.organisation, [team.interviewer, team.owner])
    rate_all(session, team.interviewer)
    client.force_login(team.owner)
    mine = client.get(f"/sessions/{session.pk}/audit/?actor={team.owner.pk}").text
    assert "rated “" not in mine and "scheduled the session" not in mine
    assert "read the panel&#x27;s scorecards before submitting their own" in mine
    response = client.get(f"/sessions/{session.pk}/audit.csv?actor={team.interviewer.pk}")
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode().splitlines()
    assert rows[0] == "when,who,what,action" and len(rows) == 10  # 7 ratings, submit, schedule


def test_a_huge_or_bad_person_filter_shows_everyone(client, team):
    session = make_session(team.organisation, [team.interviewer])
    client.force_login(team.owner)
    for value in ("x", "9" * 23):
        assert client.get(f"/sessions/{session.pk}/audit/?actor={value}").status_code == 200


@pytest.mark.parametrize("who", ["interviewer", "candidate", "outsider"])
def test_others_get_404(client, team, who):
    session = make_session(team.organisation, [team.interviewer])
    client.force_login(getattr(team, who))
    assert client.get(f"/sessions/{session.pk}/audit/").status_code == 404


def test_an_owner_reading_it_before_the_panel_submits_is_on_record(client, team):
    from interviews.models import AuditEvent

    session = make_session(team.organisation, [team.interviewer])
    rate_all(session, team.interviewer, submit=False)
    client.force_login(team.owner)
    client.get(f"/sessions/{session.pk}/audit/")
    look = AuditEvent.objects.get(action="scorecards_viewed")
    assert look.actor == team.owner and look.detail == {"page": "audit"}


def test_a_draft_s_ratings_and_flags_are_its_author_s_alone_until_submitted(client, team):
    from tests.builders import raise_first_flag

    session = make_session(team.organisation, [team.interviewer, team.owner])
    rate_all(session, team.interviewer, submit=False)
    raise_first_flag(session, team.interviewer)
    rate_all(session, team.owner, points_for=lambda n: 1, submit=False)
    client.force_login(team.owner)  # an owner on the panel, still writing their own
    for url in (f"/sessions/{session.pk}/audit/", f"/sessions/{session.pk}/audit.csv"):
        text = client.get(url).content.decode()
        assert text.count("rated “") == 7, url  # their own seven, never the other draft's
        assert "3 · Solid" not in text and "raised the red flag" not in text
        assert "1 · " in text
    rate_all(session, team.interviewer, submit=True)
    text = client.get(f"/sessions/{session.pk}/audit/").text
    assert text.count("rated “") == 21 and "raised the red flag" in text


def test_an_amendment_in_progress_is_hidden_from_others_until_submitted(client, team):
    from interviews.sessions import services

    session = make_session(team.organisation, [team.interviewer])
    card = rate_all(session, team.interviewer)
    services.scorecard_amend_open(scorecard=card, reason="Misheard Q1", actor=team.interviewer)
    question = session.questions.get(position=0)
    services.rating_save(
        scorecard=card,
        session_question_id=question.pk,
        criterion_id=question.rubric.criteria.order_by("position").first().pk,
        points=0,
        actor=team.interviewer,
    )
    client.force_login(team.owner)
    text = client.get(f"/sessions/{session.pk}/audit/").text
    assert text.count("rated “") == 7 and "reopened their scorecard" in text
    assert " 0 · " not in text
    card.refresh_from_db()
    services.scorecard_amend_submit(scorecard=card, actor=team.interviewer)
    assert client.get(f"/sessions/{session.pk}/audit/").text.count("rated “") == 8


def _recorded_actions() -> set[str]:
    """Every action the code puts on record (`AuditEvent.record(..., action="...")`)."""
    root = Path(__file__).resolve().parents[2]
    found = set()
    for package in ("accounts", "interviews", "questionbank", "outbox"):
        for source in (root / package).rglob("*.py"):
            found |= set(re.findall(r'\baction="([a-z_]+)"', source.read_text()))
    return found - {"store_true"}  # argparse's, in management commands


# Recorded with `words=...` by their capability (decisions, regrades): the trail shows those.
SAY_THEMSELVES = {"decision_changed", "regrade_requested", "regrade_accepted", "regrade_declined"}


def test_every_action_on_record_reads_as_a_sentence(team):
    session = make_session(team.organisation, [team.owner])
    actions = _recorded_actions()
    assert {"report_new_version", "session_scheduled", "written_seat_taken"} <= actions
    for action in actions:
        AuditEvent.objects.create(
            organisation=team.organisation, session=session, actor=team.owner, action=action
        )
    rows = audit_trail(session, viewer=team.owner).rows
    unworded = {r.event.action for r in rows if r.what == r.event.action.replace("_", " ")}
    assert unworded == SAY_THEMSELVES  # only those whose record always carries its words


def test_a_new_report_version_says_why_and_which_version_stays(team):
    session = make_session(team.organisation, [team.owner])
    AuditEvent.objects.create(
        organisation=team.organisation,
        session=session,
        actor=team.owner,
        action="report_new_version",
        detail={"reason": "Regrade accepted", "kept_version": 1, "version": 2},
    )
    rows = audit_trail(session, viewer=team.owner).rows
    (row,) = [r for r in rows if r.event.action == "report_new_version"]
    assert row.what == (
        "had the report written again as version 2; version 1 stays readable: “Regrade accepted”"
    )


def test_the_csv_guards_names_that_look_like_formulas(client, team):
    team.interviewer.first_name, team.interviewer.last_name = "=HYPERLINK(1)", ""
    team.interviewer.save()
    session = make_session(team.organisation, [team.interviewer])
    rate_all(session, team.interviewer)
    client.force_login(team.owner)
    rows = client.get(f"/sessions/{session.pk}/audit.csv").content.decode().splitlines()
    assert any(",'=HYPERLINK(1)," in row for row in rows)
    assert not any(",=HYPERLINK" in row for row in rows)


def test_safe_cell_defuses_every_formula_start_and_leaves_the_rest():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Casey") == "Casey" and safe_cell(3) == 3 and safe_cell("") == ""
