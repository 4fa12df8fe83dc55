"""The stylesheet honours the reader's settings: a dark scheme whose text keeps its contrast
(axe-core's colour-contrast rule on the key pages), and no animation or transition when motion
is reduced."""

import pytest

from tests.a11y.conftest import key_pages, sign_in, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTRAST = {
    "runOnly": {"type": "rule", "values": ["color-contrast"]},
    "resultTypes": ["violations"],
}
LUMINANCE = """() => {
  const rgb = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
}"""
MOTION = """() => {
  const spinner = document.createElement('span');
  spinner.className = 'spinner';
  const indicator = document.createElement('span');
  indicator.className = 'htmx-request htmx-indicator';
  document.body.append(spinner, indicator);
  const result = {
    animation: getComputedStyle(spinner).animationName,
    transition: getComputedStyle(indicator).transitionDuration,
  };
  spinner.remove(); indicator.remove();
  return result;
}"""


def test_the_dark_scheme_keeps_every_text_readable(new_page, demo):
    page = new_page()
    page.emulate_media(color_scheme="light")
    page.goto("/accounts/login/")
    assert page.evaluate(LUMINANCE) > 0.8
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(LUMINANCE) < 0.2
    failing = {}
    if found := violations(page, CONTRAST):
        failing["/accounts/login/"] = found
    sign_in(page, demo.session.lead.username)
    for url in [*key_pages(demo), demo.screen]:
        page.goto(url)
        if found := violations(page, CONTRAST):
            failing[url] = found
    assert not failing, f"text below the contrast minimum in the dark scheme: {failing}"


def test_reduced_motion_stops_animations_and_transitions(new_page, live_server):
    page = new_page()
    page.goto("/accounts/login/")
    page.emulate_media(reduced_motion="no-preference")
    moving = page.evaluate(MOTION)
    assert moving["animation"] == "spin" and moving["transition"] != "0s"
    page.emulate_media(reduced_motion="reduce")
    still = page.evaluate(MOTION)
    assert still["animation"] == "none"
    assert still["transition"] == "0s"
