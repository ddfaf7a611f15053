"""Opening a page of the built site the way every browser test does.

`open_page` opens a fresh tab that blocks and records what a reader without
network would miss; `settle` waits until the page is what a reader sees once
everything has run: images, fonts, MathJax, and the theme's late scripts.
"""

from urllib.parse import urlsplit

from sitepaths import block_outside_requests, wait_for_content

PAGE_TIMEOUT_MS = 30_000  # loading a page
WAIT_MS = 20_000  # then images, fonts, MathJax and the theme's scripts

# Resolves when every CSS transition and animation running now has ended.
ANIMATIONS_DONE_JS = (
    "() => Promise.all(document.getAnimations().map(a => a.finished))"
)

# Runs in the page once its content has loaded (wait_for_content). The
# theme gives a tab stop (tabindex) to every code block and output that
# scrolls, 300 ms after the last change to the page's main element (MathJax
# typesetting is one), so the page has settled only when main has not
# changed for longer than that.
SETTLE_JS = r"""
async ([timeoutMs, quietMs]) => {
  // Never wait forever: what has not loaded by then is reported as missing.
  const waitAtMost = p => Promise.race(
    [p, new Promise(done => setTimeout(done, timeoutMs))]);
  const main = document.getElementById("main-content") || document.body;
  await waitAtMost(new Promise(done => {
    let timer;
    const observer = new MutationObserver(restart);
    function restart() {
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    }
    function finish() { observer.disconnect(); done(); }
    observer.observe(main, {subtree: true, childList: true});
    restart();
  }));
  await waitAtMost(Promise.all(document.getAnimations().map(a => a.finished)));
}
"""
QUIET_MS = 400


def settle(tab):
    """Wait until images, fonts, MathJax and the theme's scripts are done."""
    wait_for_content(tab, WAIT_MS)
    tab.evaluate(SETTLE_JS, [WAIT_MS, QUIET_MS])


def open_page(browser, url, wait_until="load"):
    """Open `url` in a fresh page that records what a reader would not see.

    Returns the page and a dict of lists: blocked (requests to other hosts,
    aborted), failed (local requests that failed or answered >= 400),
    console (console errors), errors (uncaught script errors). With
    wait_until="commit" it returns as soon as the page starts loading.
    """
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    log = {"blocked": [], "failed": [], "console": [], "errors": []}
    block_outside_requests(page, log["blocked"])

    def on_response(response):
        if (
            response.status >= 400
            and urlsplit(response.url).hostname == "127.0.0.1"
        ):
            log["failed"].append(f"HTTP {response.status} {response.url}")

    def on_failed(request):
        if urlsplit(request.url).hostname == "127.0.0.1":
            log["failed"].append(f"{request.failure} {request.url}")

    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and log["console"].append(
                f"{m.text} ({m.location.get('url', '')}:"
                f"{m.location.get('lineNumber', '')})"
            )
        ),
    )
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.goto(url, wait_until=wait_until)
    return page, log


class Preloader:
    """Opens the next page in a second tab while the test checks this one.

    Loading a page (parsing, scripts, MathJax) takes about a fifth of a
    page's test; with two cores, it can go on while the other tab is being
    audited and screenshotted. `take(page)` returns the page loaded, from
    the second tab if it was started, then starts the next one.
    """

    def __init__(self, browser, site_url, pages):
        self.browser, self.site_url, self.pages = browser, site_url, pages
        self.started = {}

    def _open(self, page, wait_until):
        return open_page(
            self.browser, f"{self.site_url}/{page}", wait_until=wait_until
        )

    def take(self, page):
        if page in self.started:
            tab, log = self.started.pop(page)
            tab.wait_for_load_state("load")
        else:
            tab, log = self._open(page, "load")
        position = (
            self.pages.index(page) if page in self.pages else len(self.pages)
        )
        following = self.pages[position + 1 : position + 2]
        for other in following:
            if other not in self.started:
                self.started[other] = self._open(other, "commit")
        return tab, log

    def close(self):
        for tab, _log in self.started.values():
            tab.close()
        self.started.clear()
