import pytest
from django.urls import reverse

from interviews.models import InterviewSession, Report
from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(team, django_capture_on_commit_callbacks):
    """A hiring panel of two who disagree on some criteria, with a note and a red flag."""
    from interviews.sessions import services as session_services

    session = make_session(
        team.organisation, [team.owner, team.interviewer], mode=InterviewSession.Mode.HIRING
    )
    first = session.questions.get(position=0)
    card = session.scorecards.get(interviewer=team.owner)
    flag = first.rubric.red_flags.first()
    session_services.flag_set(
        scorecard=card,
        session_question_id=first.pk,
        red_flag_id=flag.pk,
        raised=True,
        actor=team.owner,
    )
    session_services.note_save(
        scorecard=card, session_question_id=first.pk, text="Knew events well."
    )
    rate_all(session, team.owner, points_for=lambda n: n % 5)
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(
            session,
            team.interviewer,
            points_for=lambda n: None if n == 2 else (n * 3) % 5,
            recommendation="strong_yes",
        )
    return session


def url(session) -> str:
    return reverse("interviews:report_detail", args=[session.pk])


def test_it_is_the_url_the_model_links_to(reported):
    assert Report.objects.get(session=reported).get_absolute_url() == url(reported)


def test_it_shows_overall_band_and_recommendations_first(client, team, reported):
    client.force_login(team.interviewer)
    response = client.get(url(reported))
    assert response.status_code == 200
    data = Report.objects.get(session=reported).data
    html = response.content.decode()
    assert f'data-score="overall">{data["display"]["overall"]}<' in html
    assert data["band_label"] in html
    assert "Strong yes" in html and "never blended" in html
    assert html.index('data-score="overall"') < html.index("Categories")
    assert html.index("Categories") < html.index("Question by question")


def test_it_shows_each_question_with_levels_descriptors_notes_and_formulas(client, team, reported):
    client.force_login(team.owner)
    html = client.get(url(reported)).content.decode()
    data = Report.objects.get(session=reported).data
    for q in data["questions"]:
        assert f'data-score="question:{q["position"]}">{q["display_score"]}<' in html
        for c in q["criteria"]:
            assert c["title"] in html
            for level in c["levels"].values():
                if level:
                    assert level["descriptor"].replace("'", "&#x27;") in html
    assert "Knew events well." in html
    assert "How is this computed?" in html
    assert "100 \N{MULTIPLICATION SIGN} (" in html
    assert "red-flag penalty" in html
    assert "panel disagrees" in html


def test_it_names_the_guide_section_for_each_gap(client, team, reported):
    client.force_login(team.owner)
    html = client.get(url(reported)).content.decode()
    gaps = Report.objects.get(session=reported).data["gaps"]
    assert gaps
    for gap in gaps:
        assert gap["source"] in html


def test_it_shows_the_percentile_for_hiring_sessions(client, team, reported):
    client.force_login(team.owner)
    response = client.get(url(reported))
    assert response.context["percentile"] == {"value": 50.0, "below": 0, "equal": 1, "total": 1}
    assert "Percentile on this plan" in response.content.decode()
    assert "The only scored report on this plan so far." in response.content.decode()


def test_the_percentile_counts_the_other_candidates(
    client, team, django_capture_on_commit_callbacks
):
    plan = make_plan(team.organisation)
    sessions = {}
    for name, points in (("Ann", 1), ("Bo", 2), ("Cy", 2), ("Di", 3), ("Ed", 4)):
        session = make_session(
            team.organisation,
            [team.owner],
            plan=plan,
            candidate_name=name,
            mode=InterviewSession.Mode.HIRING,
        )
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.owner, points_for=lambda n, p=points: p)
        sessions[name] = session
    client.force_login(team.owner)
    page = client.get(url(sessions["Di"])).text
    assert "Higher than 3 of the 4 other candidates on this plan." in page
    assert "scored lower" not in page
    page = client.get(url(sessions["Bo"])).text
    assert "Higher than 1 of the 4 other candidates on this plan, level with 1." in page


def test_it_has_no_percentile_in_practice(client, team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    client.force_login(team.owner)
    response = client.get(url(session))
    assert response.context["percentile"] is None
    assert "Percentile on this plan" not in response.content.decode()


def test_it_draws_progress_when_the_candidate_has_history(
    client, team, django_capture_on_commit_callbacks
):
    plan = make_plan(team.organisation)
    sessions = []
    for points in (1, 2, 4):
        session = make_session(team.organisation, [team.owner], plan=plan, email="c@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.owner, points_for=lambda n, p=points: p)
        sessions.append(session)
    client.force_login(team.owner)
    response = client.get(url(sessions[-1]))
    chart = response.context["chart"]
    assert [s["name"] for s in chart["series"]] == [
        "overall",
        "technical",
        "scenario",
        "behavioral",
    ]
    assert len(chart["series"][0]["dots"]) == 3
    assert "<svg" in response.content.decode()


def test_it_has_no_chart_for_a_first_report(client, team, reported):
    client.force_login(team.owner)
    response = client.get(url(reported))
    assert response.context["chart"] is None
    assert "<svg" not in response.content.decode()


def test_it_waits_for_the_panel_before_submission(client, team):
    session = make_session(team.organisation, [team.owner])
    client.force_login(team.owner)
    response = client.get(url(session))
    assert response.status_code == 200
    assert "Waiting for the panel" in response.content.decode()
    assert 'hx-trigger="sse:report, every 2s"' in response.content.decode()


def test_it_shows_generating_while_pending(client, team):
    session = make_session(team.organisation, [team.owner])
    rate_all(session, team.owner)  # on_commit never runs here: the report stays pending
    client.force_login(team.owner)
    html = client.get(url(session)).content.decode()
    assert "Generating report…" in html
    assert reverse("interviews:report_status", args=[session.pk]) in html


def test_the_linked_candidate_reads_their_own_report(client, team, reported):
    reported.candidate.user = team.candidate
    reported.candidate.save()
    client.force_login(team.candidate)
    assert client.get(url(reported)).status_code == 200


def test_a_candidate_member_cannot_read_someone_elses_report(client, team, reported):
    client.force_login(team.candidate)
    assert client.get(url(reported)).status_code == 404


def test_the_candidate_cannot_read_before_submission(client, team):
    session = make_session(team.organisation, [team.owner])
    session.candidate.user = team.candidate
    session.candidate.save()
    client.force_login(team.candidate)
    assert client.get(url(session)).status_code == 404


def test_an_outsider_gets_404(client, team, reported):
    client.force_login(team.outsider)
    assert client.get(url(reported)).status_code == 404


def test_an_outsider_gets_404_before_submission_too(client, team):
    session = make_session(team.organisation, [team.owner])
    client.force_login(team.outsider)
    assert client.get(url(session)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, reported):
    response = client.get(url(reported))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
