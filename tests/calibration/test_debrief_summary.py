"""The debrief answers first: for each candidate a summary (band, score, coverage and the
criteria the panel split on most) ahead of that candidate's folded detail, every number read from
the report and the agreement units the debrief already has, in a bounded number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.calibration.decisions import decision_record
from interviews.calibration.selectors import TOP_SPLITS
from interviews.models import InterviewSession, Report
from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db

ARTICLE = re.compile(
    r'<article class="debrief-candidate" data-session="(\d+)"[^>]*>(.*?)</article>', re.S
)


def add_panel(team, plan, capture, name, theirs=lambda n: 4):
    """Two panelists: the owner alternates 0 and 3, so the interviewer's levels split with it."""
    session = make_session(
        team.organisation,
        [team.owner, team.interviewer],
        plan=plan,
        candidate_name=name,
        mode="hiring",
    )
    with capture(execute=True):
        rate_all(session, team.owner, lambda n: 0 if n % 2 else 3)
        rate_all(session, team.interviewer, theirs)
    return session


@pytest.fixture
def plan(team, django_capture_on_commit_callbacks):
    plan = make_plan(team.organisation)
    add_panel(team, plan, django_capture_on_commit_callbacks, "Split")
    add_panel(team, plan, django_capture_on_commit_callbacks, "Close", lambda n: 1 if n % 2 else 3)
    return plan


def debrief(client, plan):
    return client.get(f"/plans/{plan.pk}/debrief/")


def field(article: str, name: str) -> str:
    found = re.search(rf'data-field="{name}"[^>]*>(.*?)</(dd|div)>', article, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()


def test_each_candidate_is_summed_up_ahead_of_its_folded_detail(client, team, plan):
    client.force_login(team.owner)
    page = debrief(client, plan).text
    articles = dict(ARTICLE.findall(page))
    assert len(articles) == 2
    for report in Report.objects.filter(plan=plan):
        article = articles[str(report.session_id)]
        detail = article.index('<details class="debrief-detail">')
        for name in ("score", "band", "coverage", "disagreements"):
            assert article.index(f'data-field="{name}"') < detail
        assert article.index("data-disagreement") < detail
        assert "<details open" not in article
        assert field(article, "score") == report.data["display"]["overall"]
        assert report.band_label in field(article, "band")
        coverage = report.data["coverage"]
        assert field(article, "coverage") == (
            f"{coverage['questions_asked']} of {coverage['questions_total']}"
        )


def test_the_summary_names_the_widest_splits_the_report_flags(client, team, plan):
    client.force_login(team.owner)
    response = debrief(client, plan)
    split = next(r for r in response.context["rows"] if r["candidate__name"] == "Split")
    report = Report.objects.get(session_id=split["session_id"])
    flagged = {d["title"]: d["spread"] for d in report.data["disagreements"]}
    assert len(split["top_splits"]) == TOP_SPLITS < len(split["splits"])
    assert [s.spread for s in split["top_splits"]] == [4] * TOP_SPLITS
    assert all(flagged[s.criterion] == s.spread for s in split["top_splits"])
    article = dict(ARTICLE.findall(response.text))[str(split["session_id"])]
    lines = re.findall(r"<li data-disagreement>(.*?)</li>", article, re.S)
    assert len(lines) == TOP_SPLITS
    top = split["top_splits"][0]
    assert top.criterion in lines[0] and "4 levels apart" in lines[0]
    assert f"{team.owner} 0" in lines[0] and f"{team.interviewer} 4" in lines[0]


def test_a_candidate_with_one_interviewer_says_so(
    client, team, plan, django_capture_on_commit_callbacks
):
    session = make_session(team.organisation, [team.owner], plan=plan, candidate_name="Solo")
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    client.force_login(team.owner)
    article = dict(ARTICLE.findall(debrief(client, plan).text))[str(session.pk)]
    assert "One interviewer: no panel to disagree." in field(article, "disagreements")


def test_an_interviewer_reads_the_summaries_without_the_decision_links(client, team, plan):
    client.force_login(team.interviewer)
    page = debrief(client, plan).text
    assert page.count('class="debrief-candidate"') == 2
    assert "/decision/" not in page


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_and_candidates_get_404(client, team, plan, who):
    client.force_login(getattr(team, who))
    assert debrief(client, plan).status_code == 404


def test_one_candidate_or_three_cost_the_same_queries(
    client, team, django_capture_on_commit_callbacks
):
    plan = make_plan(team.organisation)
    capture = django_capture_on_commit_callbacks
    first = add_panel(team, plan, capture, "First")
    decision_record(
        report=Report.objects.get(session=first), outcome="hold", rationale="x", actor=team.owner
    )
    client.force_login(team.owner)
    debrief(client, plan)  # the session and membership caches warm
    with CaptureQueriesContext(connection) as one:
        assert len(debrief(client, plan).context["rows"]) == 1
    for name in ("Second", "Third"):
        session = add_panel(team, plan, capture, name)
        decision_record(
            report=Report.objects.get(session=session),
            outcome="reject",
            rationale="x",
            actor=team.owner,
        )
    with CaptureQueriesContext(connection) as three:
        response = debrief(client, plan)
    assert all(row["top_splits"] for row in response.context["rows"])
    assert len(response.context["rows"]) == 3
    assert len(three) == len(one)


def test_a_candidate_interviewed_twice_reads_as_two_interviews(
    client, team, plan, django_capture_on_commit_callbacks
):
    first = Report.objects.get(plan=plan, candidate__name="Split")
    again = add_panel(team, plan, django_capture_on_commit_callbacks, "Split, again")
    # The same person interviewed a second time on the plan.
    InterviewSession.objects.filter(pk=again.pk).update(candidate=first.candidate_id)
    Report.objects.filter(session=again).update(candidate=first.candidate_id)
    client.force_login(team.owner)
    page = debrief(client, plan).text
    articles = dict(ARTICLE.findall(page))
    assert len(articles) == 3
    assert "interview 1 of 2" in articles[str(first.session_id)]
    assert "interview 2 of 2" in articles[str(again.pk)]
    close = Report.objects.get(plan=plan, candidate__name="Close").session_id
    assert "interview " not in re.sub(r"<[^>]+>", "", articles[str(close)]).split("Details")[0]
