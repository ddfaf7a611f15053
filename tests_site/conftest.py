"""Fixtures for the browser test of the built site (`make browser`).

The built site (`_build/html`, or `$SITE_DIR`) is served on 127.0.0.1 from a
thread, and Debian's Chromium (`/usr/bin/chromium`, or `$CHROMIUM`) is driven
by Playwright. Every request that does not go to 127.0.0.1 is blocked, so the
test sees the site as a reader without network access sees it.
"""

import time
from pathlib import Path

import pytest

from sitepaths import CHROMIUM, CHROMIUM_ARGS, REPORT, SCREENSHOTS, SITE, serve


@pytest.fixture(scope="session")
def site_url():
    """The built site, served on a free port of 127.0.0.1."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `make site` first")
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: `make setup` installs Debian's chromium"
        )
    REPORT["start"] = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):  # no stale pages from an older build
        old.unlink()
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    if REPORT["start"] is None:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser test of the built site")
    for line in REPORT["pages"] + REPORT["notes"]:
        write(line)
    elapsed = time.monotonic() - REPORT["start"]
    write(
        f"{len(REPORT['pages'])} pages checked in Chromium in {elapsed:.1f} s "
        f"(screenshots in {SCREENSHOTS})"
    )
