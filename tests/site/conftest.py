"""Fixtures for the browser test of the built site (`make browser`).

The built site (`_build/html`, or `$SITE_DIR`) is served on 127.0.0.1 from a
thread, and Debian's Chromium (`/usr/bin/chromium`, or `$CHROMIUM`) is driven
by Playwright. Every request that does not go to 127.0.0.1 is blocked, so the
test sees the site as a reader without network access sees it.

`make browser` runs the tests in one process per core (pytest-xdist, with
`--dist loadscope`, so that the checks of one page, a class, run where it
was opened): each process has its own server and Chromium. The tests record
their report lines with `record_property("report_pages", line)` (or
"report_notes"); the main process gathers them from every process and
prints them at the end.
"""

import time
from pathlib import Path

import pytest

from sitepaths import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, SITE, serve

# The report lines of every test, gathered in the main process.
REPORT = {"report_pages": [], "report_notes": [], "start": None}


def is_worker(config):
    """True in one of pytest-xdist's worker processes."""
    return hasattr(config, "workerinput")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    REPORT["start"] = time.monotonic()
    if SCREENSHOTS and not is_worker(session.config):  # once, before workers
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SCREENSHOTS.glob("*.png"):  # no stale pages
            old.unlink()


def pytest_runtest_logreport(report):
    """Gather the lines a test recorded (from a worker too)."""
    if report.when == "call":
        for name, line in report.user_properties:
            if name in ("report_pages", "report_notes"):
                REPORT[name].append(line)


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
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    """The folder of the screenshots (None: take none), made and emptied by
    pytest_sessionstart in the main process."""
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    pages, notes = REPORT["report_pages"], REPORT["report_notes"]
    if not pages + notes:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser test of the built site")
    for line in sorted(pages) + sorted(notes):
        write(line)
    elapsed = time.monotonic() - REPORT["start"]
    where = f" (screenshots in {SCREENSHOTS})" if SCREENSHOTS else ""
    write(f"{len(set(pages))} pages checked in Chromium in {elapsed:.1f} s"
          f"{where}")
