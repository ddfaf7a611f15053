"""Debian's Chromium, driven by Playwright, kept off the network.

One home for what the PDF tool (`tools/make_pdf.py`) and the browser test
(`tests/site/`) both need: where Chromium is, how to start it here, a local
web server for a built site, and a request filter that blocks and records
every request to a host other than 127.0.0.1.

Playwright's own browser download (`playwright install`) does not work
offline, so Playwright starts Debian's `/usr/bin/chromium` (or `$CHROMIUM`).
"""

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Headless as root, and without the background traffic (updates, sync,
# safe browsing) that Chromium otherwise keeps sending to hosts it cannot
# reach here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

NETWORK_SCHEMES = ("http", "https", "ws", "wss", "ftp")

# Runs in a loaded page: waits until every image has loaded (or failed),
# the fonts are ready and MathJax has typeset, each for at most timeoutMs,
# so that what has not loaded by then is reported as missing, not waited
# for forever. Lazy images are made eager, so that all of them load.
CONTENT_LOADED_JS = r"""
async (timeoutMs) => {
  const waitAtMost = p => Promise.race(
    [p, new Promise(done => setTimeout(done, timeoutMs))]);
  for (const img of document.images) img.loading = "eager";
  await waitAtMost(Promise.all([...document.images].map(img =>
    img.complete ? null : new Promise(done => {
      img.addEventListener("load", done);
      img.addEventListener("error", done);
    }))));
  await waitAtMost(document.fonts.ready);
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await waitAtMost(MathJax.startup.promise);
  }
}
"""


def wait_for_content(page, timeout_ms):
    """Wait for a page's images, fonts and MathJax (CONTENT_LOADED_JS)."""
    page.evaluate(CONTENT_LOADED_JS, timeout_ms)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(directory):
    """Serve `directory` on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def is_outside(url):
    """True for a network request to any host but 127.0.0.1."""
    parts = urlsplit(url)
    return parts.scheme in NETWORK_SCHEMES and parts.hostname != "127.0.0.1"


def block_outside_requests(page, blocked):
    """Abort every request of `page` that would leave the machine.

    Each one is appended to the list `blocked` as "<resource type> <url>", so
    that the caller can report it: a page that needs the network is a bug.
    """
    def route(route):
        request = route.request
        if is_outside(request.url):
            blocked.append(f"{request.resource_type} {request.url}")
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def route_websocket(ws):
        if is_outside(ws.url):
            blocked.append(f"websocket {ws.url}")
            ws.close()
        else:
            ws.connect_to_server()

    page.route("**/*", route)
    # WebSockets are not seen by `route`.
    page.route_web_socket(lambda url: True, route_websocket)
