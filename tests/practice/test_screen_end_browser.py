"""The candidate's end screen of a practice session: the report card and the next-steps card
stand side by side, one width, one top edge, one height, on a laptop and on a tablet."""

import os

import pytest
from django.core.management import call_command

from interviews.practice import services as practice
from tests.conftest import login
from tests.practice.conftest import SHIPPED_BANK, finish, person, start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Set to a folder to keep a screenshot of each size (the review of a layout change).
SHOTS = os.environ.get("SHOTS_DIR")


@pytest.fixture
def bank(transactional_db):
    """Committed, for the live server's connection to see (not the module's transaction)."""
    call_command("load_bank", SHIPPED_BANK, verbosity=0)


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (820, 1180)])
def test_the_two_cards_line_up(new_page, bank, width, height, django_capture_on_commit_callbacks):
    alice, bob = person("alice", "Alice"), person("bob", "Bob")
    session = start(alice)
    practice.practice_join(link=practice.link_for(session), user=bob)
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        finish(session, alice)
    page = new_page(width, height)
    login(page, "bob")
    page.goto(f"/screen/{session.screen_token}/")
    cards = page.locator(".screen-end > .card")
    cards.first.wait_for()
    assert cards.count() == 2
    report, after = (card.bounding_box() for card in cards.all())
    assert report["width"] == pytest.approx(after["width"], abs=1)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/slips-screen-end-{width}x{height}.png", full_page=True)
    # Both sizes have room for two columns of 20rem: side by side, one top edge, one height.
    assert report["y"] == pytest.approx(after["y"], abs=1)
    assert report["height"] == pytest.approx(after["height"], abs=1)
    assert report["x"] + report["width"] < after["x"]
    paddings = [c.evaluate("e => getComputedStyle(e).padding") for c in cards.all()]
    assert paddings[0] == paddings[1]
    buttons = after["x"], after["x"] + after["width"]
    for control in cards.nth(1).locator(".button, button").all():
        box = control.bounding_box()
        assert buttons[0] <= box["x"] and box["x"] + box["width"] <= buttons[1]
