"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide (a 1280 px screen at 400%) and at 640 (200%)
the key pages never scroll sideways; a wide table scrolls inside its own container."""

import pytest

from interviews.models import InterviewSession, Report
from tests.a11y.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const sticksOut = el => el.getBoundingClientRect().right > root.clientWidth + 1;
  const wide = Array.from(document.querySelectorAll('body *')).filter(el =>
    sticksOut(el) && !Array.from(el.children).some(sticksOut)
  ).slice(0, 6).map(el => {
    const box = el.closest('.table-wrap');
    return name(el) + (box ? ' in ' + name(box.parentElement) : '');
  });
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


def key_pages(demo) -> list[str]:
    report = Report.objects.filter(status=Report.Status.READY).order_by("-overall").first()
    panel = (
        Report.objects.filter(status=Report.Status.READY, data__disagreements__len__gt=0).first()
        or report
    )
    session = demo.session
    return [
        "/",
        "/bank/",
        f"/bank/questions/{session.questions.first().question_id}/",
        f"/sessions/{session.pk}/",
        f"/sessions/{session.pk}/console/",
        f"/sessions/{session.pk}/submit/",
        "/sessions/",
        "/reports/",
        f"/reports/{report.session_id}/",
        f"/reports/{panel.session_id}/",
        f"/plans/{session.plan_id}/",
        f"/plans/{session.plan_id}/debrief/",
        f"/candidates/{session.candidate_id}/",
        f"/candidates/{report.session.candidate_id}/history/",
        "/accounts/members/",
    ]


@pytest.mark.parametrize("width", [320, 640])
def test_key_pages_never_scroll_sideways(new_page, demo, width):
    page = new_page(width=width, height=800)
    overflowing = {}
    page.goto(demo.screen)
    if found := page.evaluate(OVERFLOW):
        overflowing[demo.screen] = found
    page.goto("/accounts/login/")
    if found := page.evaluate(OVERFLOW):
        overflowing["/accounts/login/"] = found
    sign_in(page, demo.session.lead.username)
    for url in key_pages(demo):
        page.goto(url)
        if found := page.evaluate(OVERFLOW):
            overflowing[url] = found
    assert not overflowing, f"pages wider than {width} px: {overflowing}"
    assert InterviewSession.objects.filter(pk=demo.session.pk).exists()
