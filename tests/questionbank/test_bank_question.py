import re

import pytest

from questionbank.services import criterion_add, rubric_publish, rubric_revise
from tests.questionbank.test_bank_support import STUDY, make_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_question(team):
    return make_bank(organisation=team.organisation).questions.get(key="question-0")


@pytest.fixture
def shared_question(db):
    return make_bank(slug="shared").questions.get(key="question-0")


def url(question, query=""):
    return f"/bank/questions/{question.pk}/{query}"


def version_options(html: str) -> list[str]:
    return re.findall(r"<option value=\"\d+\"[^>]*>(Version [^<]+)</option>", html)


def test_it_shows_prompt_interviewer_notes_and_the_rubric(interviewer, own_question):
    html = interviewer.get(url(own_question)).text
    assert "<h1>Question number 0 first line</h1>" in html
    assert "More context for question 0." in html
    assert "For the interviewer only" in html
    assert "Listen for point 0." in html
    assert "<li>Follow-up 0</li>" in html
    assert "<li>Model point 0</li>" in html
    assert "Explains idea 0" in html and "Names trade-offs 0" in html
    assert f"Study: <em>{STUDY}</em>" in html
    assert "Blames the platform" in html and "\N{MINUS SIGN}10 points" in html


def test_rubric_table_has_a_column_per_level_and_marks_anchors(interviewer, own_question):
    html = interviewer.get(url(own_question)).text
    for level in own_question.question_set.scale:
        assert f"{level['points']} · {level['label']}</th>" in html
    assert '<span class="pill">anchor</span> Teaches idea 0 with a production example.' in html
    # The other cells fall back to the scale's descriptors, shown as such.
    assert html.count('<td class="anchored"') == 1
    assert f'<span class="muted">{own_question.question_set.scale[0]["descriptor"]}</span>' in html


def test_weights_and_their_shares(interviewer, own_question):
    html = interviewer.get(url(own_question)).text
    assert re.search(r'<td class="num">2<div class="muted small">67%</div>', html)
    assert re.search(r'<td class="num">1<div class="muted small">33%</div>', html)


def test_writers_get_edit_buttons_on_their_own_questions(interviewer, own_question):
    html = interviewer.get(url(own_question)).text
    assert f'href="/bank/questions/{own_question.pk}/edit/"' in html
    assert f'action="/bank/questions/{own_question.pk}/rubric/edit/"' in html
    assert "Edit question" in html and "Edit rubric" in html


def test_shared_questions_are_read_only_and_offer_a_copy(interviewer, shared_question):
    html = interviewer.get(url(shared_question)).text
    assert "Edit question" not in html and "Edit rubric" not in html
    assert f'action="/bank/sets/{shared_question.question_set_id}/copy/"' in html


def test_it_has_a_breadcrumb_back_to_the_bank(interviewer, own_question):
    html = interviewer.get(url(own_question)).text
    assert '<nav aria-label="Breadcrumb"' in html
    assert '<a href="/bank/">Question bank</a>' in html
    assert f'href="/bank/?set={own_question.question_set_id}"' in html


def test_version_selector_lists_every_version_and_defaults_to_the_current(
    interviewer, own_question
):
    draft = rubric_revise(question=own_question)
    criterion_add(rubric=draft, title="Added in v2", weight=1, source=STUDY)
    rubric_publish(rubric=draft)
    rubric_revise(question=own_question)  # v3, a draft
    html = interviewer.get(url(own_question)).text
    options = version_options(html)
    assert len(options) == 3
    assert options[0].startswith("Version 1 · published ")
    assert options[1].startswith("Version 2 · published ") and options[1].endswith("· current")
    assert options[2] == "Version 3 · draft, not published"
    assert '<option value="2" selected>' in html
    assert "Added in v2" in html
    assert "the current version, used by new sessions" in html


def test_an_older_version_is_shown_unchanged_on_request(interviewer, own_question):
    draft = rubric_revise(question=own_question)
    criterion_add(rubric=draft, title="Added in v2", weight=1, source=STUDY)
    rubric_publish(rubric=draft)
    html = interviewer.get(url(own_question, "?version=1")).text
    assert "Added in v2" not in html
    assert "Explains idea 0" in html
    assert "was replaced by version 2" in html


def test_a_draft_is_marked_as_such(interviewer, own_question):
    rubric_revise(question=own_question)
    html = interviewer.get(url(own_question, "?version=2")).text
    assert "Draft version 2: not published" in html
    assert f'href="/bank/questions/{own_question.pk}/rubric/draft/"' in html


@pytest.mark.parametrize("version", ["9", "abc", "0"])
def test_an_unknown_version_is_404(interviewer, own_question, version):
    assert interviewer.get(url(own_question, f"?version={version}")).status_code == 404


def test_htmx_version_change_returns_the_rubric_only(interviewer, own_question):
    response = interviewer.get(url(own_question, "?version=1"), HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<section class="card" id="rubric"')
    assert "For the interviewer only" not in response.text


def test_a_question_without_a_rubric_invites_writing_one(interviewer, team):
    from questionbank.services import question_create, question_set_create

    question = question_create(
        question_set=question_set_create(organisation=team.organisation, title="Fresh"),
        fields={"key": "new-one", "category": "technical", "prompt": "Brand new"},
        tags=[],
    )
    html = interviewer.get(url(question)).text
    assert "This question has no rubric yet" in html
    assert "Write the rubric" in html
    assert "No guidance written yet." in html


def test_owner_sees_it_too(client, team, own_question):
    client.force_login(team.owner)
    assert client.get(url(own_question)).status_code == 200


def test_candidate_gets_404(client, team, own_question, shared_question):
    client.force_login(team.candidate)
    assert client.get(url(own_question)).status_code == 404
    assert client.get(url(shared_question)).status_code == 404


def test_outsider_gets_404_on_the_teams_question(client, team, own_question):
    client.force_login(team.outsider)
    assert client.get(url(own_question)).status_code == 404
    assert client.get(url(own_question, "?version=1")).status_code == 404


def test_anonymous_is_sent_to_log_in(client, own_question):
    assert client.get(url(own_question)).status_code == 302
