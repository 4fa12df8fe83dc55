"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide (a 1280 px screen at 400%) and at 640 (200%)
the key pages never scroll sideways; a wide table scrolls inside its own container."""

import pytest

from tests.a11y.conftest import key_pages, sign_in

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


def test_key_pages_never_scroll_sideways(new_page, demo):
    overflowing = {}
    for width in (320, 640):
        page = new_page(width=width, height=800)
        for url in (demo.screen, "/accounts/login/"):
            page.goto(url)
            if found := page.evaluate(OVERFLOW):
                overflowing[f"{width} px {url}"] = found
        sign_in(page, demo.session.lead.username)
        for url in key_pages(demo):
            page.goto(url)
            if found := page.evaluate(OVERFLOW):
                overflowing[f"{width} px {url}"] = found
    assert not overflowing, f"pages that scroll sideways: {overflowing}"
