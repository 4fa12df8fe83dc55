"""An interviewer finds a system design question, copies the bank, revises a rubric through the
htmx editor and publishes version 2, with version 1 still listed and unchanged."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from questionbank.models import Question, QuestionSet
from questionbank.services import rubric_shape

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REAL_BANK = Path(__file__).resolve().parents[2] / "questionbank" / "banks" / "serverless.yaml"
NEW_SOURCE = "Queueing Mechanism (Optional)"


def test_interviewer_revises_a_copied_rubric_to_version_2(page, browser_login, team):
    call_command("load_bank", str(REAL_BANK), stdout=StringIO())
    browser_login(page, team.interviewer.username)
    page.wait_for_url("**/")

    # Filter to system design questions: htmx swaps the results and updates the address.
    page.goto("/bank/")
    page.evaluate("window.__samePage = true")
    page.check("input[name=category][value=system_design]")
    page.wait_for_url(re.compile(r"category=system_design"))
    results = page.locator("#results tbody tr")
    results.first.wait_for()
    expected = Question.objects.filter(category="system_design").count()
    assert results.count() == min(expected, 25)
    assert page.locator("#results .pill.system_design").count() == results.count()
    assert page.evaluate("window.__samePage === true")

    # Open one; it is in the shared bank, so copy the set to edit it.
    link = page.locator("#results tbody tr a").first
    summary = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/bank/questions/\d+/$"))
    shared_question = Question.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert page.locator("h1").inner_text() == summary
    assert page.locator("text=Edit rubric").count() == 0
    page.click("button:has-text('Copy the set to Acme hiring')")
    page.wait_for_url(re.compile(r"/bank/\?set=\d+"))
    assert "Copied “Serverless developer interviews” to Acme hiring" in page.content()

    # Find the same question in the copy by typing its key in the search box.
    page.locator("input[name=q]").press_sequentially(shared_question.key)  # keyup, as typed
    page.wait_for_url(re.compile(r"q=" + re.escape(shared_question.key)))
    page.locator(f"#results a:has-text('{summary}')").first.wait_for()
    assert page.locator("#results tbody tr").count() == 1
    page.locator("#results tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/bank/questions/\d+/$"))
    copied = Question.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert copied.question_set.organisation == team.organisation
    v1 = copied.current_rubric()
    v1_shape = rubric_shape(v1)

    # Edit the rubric: change a weight and add a criterion, both without a page load.
    page.click("button:has-text('Edit rubric')")
    page.wait_for_url(f"**/bank/questions/{copied.pk}/rubric/draft/")
    page.evaluate("window.__samePage = true")
    first_row = page.locator("#criteria form.criterion").first
    first_title = first_row.locator("input[name$='-title']").input_value()
    first_row.locator("input[name$='-weight']").fill("7")
    first_row.locator("button:has-text('Save')").click()
    page.locator(f"#criteria .saved:has-text('Saved “{first_title}”.')").wait_for()
    rows_before = page.locator("#criteria form.criterion[id^=criterion-]").count()

    page.fill("#id_new-criterion-title", "Explains the retry and dead-letter strategy")
    page.fill("#id_new-criterion-weight", "2")
    page.select_option("#id_new-criterion-source", NEW_SOURCE)
    page.click("button:has-text('Add criterion')")
    page.locator("#criteria .saved:has-text('Criterion added.')").wait_for()
    assert page.locator("#criteria form.criterion[id^=criterion-]").count() == rows_before + 1
    assert page.locator("#id_new-criterion-title").input_value() == ""
    assert page.evaluate("window.__samePage === true")

    # A row typed in but not saved is named before publishing; a second press publishes.
    page.fill("#id_new-criterion-title", "Typed but never saved")
    page.click("button:has-text('Publish as version 2')")
    warning = page.locator("[data-unsaved-warning]")
    warning.wait_for()
    assert "Not saved yet: “Typed but never saved”" in warning.inner_text()
    assert page.url.endswith("/rubric/draft/")

    # Publish: the question page shows version 2 as current, version 1 still listed.
    page.click("button:has-text('Publish as version 2')")
    page.wait_for_url(f"**/bank/questions/{copied.pk}/")
    assert "Published version 2." in page.content()
    assert page.locator("#version option:checked").inner_text().startswith("Version 2 · published")
    assert page.locator("#version option:checked").inner_text().endswith("· current")
    options = page.locator("#version option").all_inner_texts()
    assert len(options) == 2 and options[0].startswith("Version 1 · published")
    rubric = page.locator("#rubric").inner_text()
    assert "Explains the retry and dead-letter strategy" in rubric
    assert f"Study: {NEW_SOURCE}" in rubric
    assert "Typed but never saved" not in rubric

    # Version 1 is untouched and still readable; the shared bank never changed.
    page.select_option("#version", "1")
    page.wait_for_url(re.compile(r"version=1"))
    page.locator("#rubric:has-text('was replaced by version 2')").wait_for()
    assert "Explains the retry" not in page.locator("#rubric").inner_text()
    assert rubric_shape(copied.rubric_versions.get(number=1)) == v1_shape
    v2 = copied.current_rubric()
    assert v2.number == 2
    assert v2.criteria.get(title=first_title).weight == 7
    assert shared_question.rubric_versions.count() == 1
    assert QuestionSet.objects.filter(organisation=None).count() == 1
