"""The screenshots in this folder: the dashboard, the navigation and a report as a person who only
practises (peer-maya), a team owner (demo-owner) and a candidate member (demo-candidate), at
1366x768 ("wide") and 820x1180 ("tall").

Against `make run`'s server with the demo data: `.venv/bin/python docs/screenshots/take.py`
(BASE_URL chooses another server). Uses Debian's Chromium.
"""

import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
PASSWORD = "practise-serverless-2026"  # interviews/management/commands/load_demo.py
PEOPLE = {"practice": "peer-maya", "owner": "demo-owner", "candidate": "demo-candidate"}
SIZES = {"wide": (1366, 768), "tall": (820, 1180)}
HERE = Path(__file__).resolve().parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def sign_in(page, username: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def first_report(page) -> str | None:
    page.goto(f"{BASE}/reports/")
    hrefs = page.locator("a[href^='/reports/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return next((h for h in hrefs if re.fullmatch(r"/reports/\d+/", h)), None)


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for who, username in PEOPLE.items():
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                sign_in(page, username)
                page.screenshot(path=HERE / f"{who}-dashboard-{size}.png")
                if who == "owner":  # the owner's calibration menu, open
                    page.click("details.nav-menu summary")
                    clip = {"x": 0, "y": 0, "width": width, "height": 400}
                    page.screenshot(path=HERE / f"{who}-nav-{size}.png", clip=clip)
                if report := first_report(page):
                    page.goto(BASE + report)
                    page.screenshot(path=HERE / f"{who}-report-{size}.png")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
