"""The built course site as a reader meets it, in a real browser, offline.

Every HTML page of `_build/html` is opened in Debian's Chromium (driven by
Playwright) from a server on 127.0.0.1, with every other host blocked. On each
page the test checks that

- nothing outside 127.0.0.1 was requested, and no local file was missing;
- nothing was logged to the console as an error, and no script failed;
- the title is set and matches the page's heading;
- every image loaded;
- every link inside the site points to a file that exists, and every
  `#fragment` to an id on its target page;
- math, where the page has any, was typeset by MathJax (bundled locally) and
  no raw TeX is left in the text;
- chapter (notebook) pages show code cells with their outputs, and the launch
  buttons (Binder, Colab) and the download button;
- the download menu links the course PDF, and the index page does too;
- axe-core finds no accessibility violation (tests_site/accessibility.py);
- then, switched to dark mode with the keyboard (the theme's own switch),
  axe finds no text with too little contrast, every formula has enough
  contrast with its background, and every figure sits on a light card as
  wide as the figure (the PNGs are black lines on white).

It also checks that every page of `_toc.yml` was built, that the root page
leads to the book, and that the search page finds `GradientTape`.
A full-page screenshot of each page, in light and in dark mode, goes to
`artifacts/screenshots/` (`<page>.png`, `<page>.dark.png`).
"""

import functools
import html.parser
import json
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import book_pages
from accessibility import DARK_JS, audit, dark_problems, switch_to_dark
from browsing import Preloader, open_page, settle
from sitepaths import PDF, REPORT, SITE

# Folders of the build that hold assets, not pages.
ASSET_DIRS = {
    "_static",
    "_sources",
    "_images",
    "_sphinx_design_static",
    "jupyter_execute",
}

# The page of the book that must come up when searching for GradientTape.
SEARCH_TERM = "GradientTape"
SEARCH_EXPECTED_PAGE = "book/06_training_step.html"


def discover_pages():
    """Every HTML page of the built site, relative to its root."""
    if not SITE.is_dir():
        return []
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE)
        if rel.parts[0] in ASSET_DIRS:
            continue
        pages.append(rel.as_posix())
    return pages


def toc_pages():
    """The pages `_toc.yml` asks for, as paths of the built site."""
    return [f"{page}.html" for page in book_pages.toc_pages()]


def notebook_source(page):
    """The notebook a page was built from (copied into _sources), or None."""
    source = SITE / "_sources" / Path(page).with_suffix(".ipynb")
    return source if source.is_file() else None


def has_source(page):
    """True for a page built from a file of the book (it has a download
    menu)."""
    stem = SITE / "_sources" / Path(page).with_suffix("")
    return any(
        stem.with_suffix(suffix).is_file() for suffix in (".ipynb", ".md")
    )


def expected_cells(source):
    """(code cells shown, code cells with outputs shown) in a notebook."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    shown = with_output = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags:
            continue
        shown += 1
        if cell.get("outputs") and "remove-output" not in tags:
            with_output += 1
    return shown, with_output


# The root index.html is a redirect to the book's first page (tested apart).
PAGES = [p for p in discover_pages() if p != "index.html"]


class _IdCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                if value is not None:
                    self.ids.add(value)


@functools.cache
def ids_of(path):
    parser = _IdCollector()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.ids


def site_file(url_path):
    """The file of the built site that a URL path names (None: outside it)."""
    rel = unquote(url_path).lstrip("/")
    target = (SITE / rel).resolve()
    if target != SITE and SITE not in target.parents:
        return None
    if target.is_dir() or url_path.endswith("/"):
        target = target / "index.html"
    return target


# Runs in the page once it has settled (browsing.settle): reports what the
# checks need.
INSPECT_JS = r"""
() => {
  const mathNodes = [...document.querySelectorAll(".math")];
  const mathjax = window.MathJax && MathJax.startup
    ? (MathJax.version || "loaded") : "absent";
  const h1 = [...document.querySelectorAll("h1")]
    .find(h => !h.closest(".onlyprint"));
  let heading = null;
  if (h1) {
    const copy = h1.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(a => a.remove());
    heading = copy.textContent.trim();
  }
  // The article's text without code and outputs, to look for raw TeX.
  const article = document.querySelector("article.bd-article")
                  || document.querySelector("main") || document.body;
  const prose = article.cloneNode(true);
  prose.querySelectorAll(
    "pre, code, .highlight, .cell_output, script, style, mjx-container")
       .forEach(n => n.remove());
  const sel = s => document.querySelectorAll(s).length;
  const launch = [
    ...document.querySelectorAll(".dropdown-launch-buttons a[href]")]
                   .map(a => ({text: a.textContent.trim(), href: a.href}));
  const download = [...document.querySelectorAll(
    ".dropdown-download-buttons .btn-download-source-button[href]")]
                   .map(a => a.href);
  const coursePdf = [...document.querySelectorAll(
    ".dropdown-download-buttons a.btn-download-course-pdf-button[href], "
    + "a.course-pdf-link[href]")]
                   .map(a => ({
                     menu: a.classList.contains(
                       "btn-download-course-pdf-button"),
                     href: a.href,
                   }));
  return {
    title: document.title,
    heading,
    images: [...document.images].map(
      img => ({src: img.currentSrc || img.src, width: img.naturalWidth})),
    links: [...document.querySelectorAll("a[href]")].map(a => a.href),
    mathjax,
    math: mathNodes.length,
    mathUnrendered: mathNodes.filter(n => !n.querySelector("mjx-container"))
                      .map(n => n.textContent.slice(0, 80)),
    mathErrors: [...document.querySelectorAll("mjx-merror, [data-mjx-error]")]
                  .map(n => n.getAttribute("data-mjx-error")
                            || n.textContent.slice(0, 80)),
    mjx: sel("mjx-container"),
    prose: prose.innerText,
    cells: sel("div.cell"),
    outputs: sel("div.cell div.cell_output"),
    launch,
    download,
    coursePdf,
  };
}
"""


# Raw TeX that MathJax should have typeset: $$, \( \), \[ \], or $...$ with a
# TeX-looking body (a backslash, ^ or _ inside).
RAW_TEX = re.compile(
    r"\$\$|\\\(|\\\)|\\\[|\\\]|\$[^$\s][^$\n]*[\\^_][^$\n]*\$"
)


def expected_title(title):
    """The page-specific part of `Chapter — Site title` (or
    `Search - Site`)."""
    for sep in (" \u2014 ", " - "):
        if sep in title:
            return title.split(sep)[0].strip()
    return title.strip()


def check_links(links, page, base):
    problems = []
    origin = urlsplit(base)
    current = SITE / page
    for href in sorted(set(links)):
        parts = urlsplit(href)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            continue  # outside the site: not opened, not checked here
        target = site_file(parts.path)
        if target is None or not target.is_file():
            problems.append(f"broken link {href} (no file {parts.path})")
            continue
        fragment = unquote(parts.fragment)
        if (
            fragment
            and target.suffix == ".html"
            and fragment not in ids_of(target)
        ):
            where = (
                "this page"
                if target == current
                else target.relative_to(SITE).as_posix()
            )
            problems.append(
                f"broken anchor {href} (no id {fragment!r} on {where})"
            )
    return problems


def screenshot_name(page, mode="light"):
    suffix = ".png" if mode == "light" else f".{mode}.png"
    return page.replace("/", "__").removesuffix(".html") + suffix


@pytest.fixture(scope="module")
def preloader(browser, site_url):
    loader = Preloader(browser, site_url, PAGES)
    yield loader
    loader.close()


@pytest.mark.parametrize("page", PAGES or ["<no built site>"])
def test_page(page, preloader, screenshot_dir):
    assert PAGES, f"no HTML pages under {SITE}: run `make site` first"
    started = time.monotonic()
    site_url = preloader.site_url
    tab, log = preloader.take(page)
    try:
        settle(tab)
        info = tab.evaluate(INSPECT_JS)
        tab.screenshot(
            path=str(screenshot_dir / screenshot_name(page)), full_page=True
        )
        light_violations, light_incomplete = audit(tab, "light")
        switch_to_dark(tab)
        dark = tab.evaluate(DARK_JS)
        dark_violations, dark_incomplete = audit(tab, "dark")
        tab.screenshot(
            path=str(screenshot_dir / screenshot_name(page, "dark")),
            full_page=True,
        )
    finally:
        tab.close()
    log = {key: list(dict.fromkeys(entries)) for key, entries in log.items()}
    problems = []

    if log["blocked"]:
        problems.append(
            "requests outside 127.0.0.1 "
            "(blocked; the page needs the network):\n      "
            + "\n      ".join(log["blocked"])
        )
    problems += [f"local request failed: {f}" for f in log["failed"]]
    problems += [f"console error: {c}" for c in log["console"]]
    problems += [f"script error: {e}" for e in log["errors"]]

    title = info["title"].strip()
    if not title:
        problems.append("empty <title>")
    if not info["heading"]:
        problems.append("no <h1> heading")
    elif expected_title(title) != info["heading"]:
        problems.append(
            f"title {title!r} does not match heading {info['heading']!r}"
        )

    for img in info["images"]:
        if img["width"] <= 0:
            problems.append(f"image did not load: {img['src'][:120]}")

    problems += check_links(info["links"], page, site_url)

    if info["math"]:
        if info["mathjax"] == "absent":
            problems.append(
                f"{info['math']} math elements but MathJax did not load"
            )
        problems += [
            f"math not typeset: {m!r}" for m in info["mathUnrendered"]
        ]
        problems += [f"MathJax error: {m!r}" for m in info["mathErrors"]]
    raw = sorted(set(RAW_TEX.findall(info["prose"])))
    if raw:
        problems.append(f"raw TeX left in the text: {raw[:10]}")

    notebook = notebook_source(page)
    if notebook:
        shown, with_output = expected_cells(notebook)
        if info["cells"] == 0:
            problems.append("notebook page without code cells (div.cell)")
        if info["outputs"] == 0:
            problems.append(
                "notebook page without outputs (div.cell div.cell_output)"
            )
        if (info["cells"], info["outputs"]) != (shown, with_output):
            problems.append(
                f"the page shows {info['cells']} code cells and "
                f"{info['outputs']} outputs; its notebook has {shown} "
                f"code cells, {with_output} with outputs"
            )
        buttons = {b["text"]: b["href"] for b in info["launch"]}
        for name, prefix in (
            ("Binder", "https://mybinder.org/v2/gh/"),
            ("Colab", "https://colab.research.google.com/github/"),
        ):
            if not buttons.get(name, "").startswith(prefix):
                problems.append(
                    f"no {name} launch button to {prefix} (found {buttons})"
                )
        expected_source = (
            f"/_sources/{Path(page).with_suffix('.ipynb').as_posix()}"
        )
        if not any(
            urlsplit(h).path == expected_source for h in info["download"]
        ):
            problems.append(
                f"no download button for {expected_source} "
                f"(found {info['download']})"
            )

    # The course PDF, from the download menu of every page that has one,
    # and from the index page's text (check_links checks the file is there).
    pdf_links = [
        link
        for link in info["coursePdf"]
        if urlsplit(link["href"]).path == f"/{PDF.name}"
    ]
    if has_source(page):
        if not any(link["menu"] for link in pdf_links):
            problems.append(
                "no 'Course PDF' in the download menu "
                f"(found {info['coursePdf']}): "
                "was the PDF built (`make pdf`) before the site?"
            )
    if page == toc_pages()[0] and not any(
        not link["menu"] for link in pdf_links
    ):
        problems.append(
            "the index page does not link the course PDF in its text "
            f"({info['coursePdf']})"
        )

    problems += [f"accessibility (light mode): {v}" for v in light_violations]
    problems += [f"accessibility (dark mode): {v}" for v in dark_violations]
    problems += dark_problems(dark)

    kind = "notebook" if notebook else "page"
    REPORT["pages"].append(
        f"  {page:<40} {kind:<8} {info['cells']:>3} cells "
        f"{info['outputs']:>3} outputs "
        f"{info['mjx']:>4} math {len(info['images']):>3} images "
        f"{len(set(info['links'])):>4} links "
        f"axe {len(light_violations) + len(dark_violations)} violations "
        f"{len(light_incomplete) + len(dark_incomplete)} to review "
        f"{time.monotonic() - started:5.1f} s"
    )
    assert not problems, (
        f"{page}: {len(problems)} problem(s):\n  - " + "\n  - ".join(problems)
    )


def test_every_toc_page_was_built():
    built = set(discover_pages())
    missing = [p for p in toc_pages() if p not in built]
    assert not missing, f"pages of _toc.yml missing from {SITE}: {missing}"
    assert "search.html" in built, "no search page"


def test_root_leads_to_the_book(browser, site_url):
    tab, log = open_page(browser, f"{site_url}/")
    try:
        tab.wait_for_url(f"{site_url}/{toc_pages()[0]}")
    finally:
        tab.close()
    assert not log["blocked"] and not log["failed"], log


def test_search_finds_gradient_tape(browser, site_url, screenshot_dir):
    tab, log = open_page(browser, f"{site_url}/search.html?q={SEARCH_TERM}")
    try:
        # Sphinx's search reports "Search finished, found N pages" when done.
        tab.wait_for_function(
            "() => /found|did not match/i.test("
            "(document.querySelector('#search-results') || {})"
            ".innerText || '')"
        )
        results = tab.eval_on_selector_all(
            "#search-results ul.search li a", "as => as.map(a => a.href)"
        )
        tab.screenshot(
            path=str(screenshot_dir / "search_GradientTape.png"),
            full_page=True,
        )
    finally:
        tab.close()
    REPORT["pages"].append(
        f"  search.html?q={SEARCH_TERM:<27} {len(results)} results"
    )
    assert (
        not log["blocked"]
        and not log["failed"]
        and not log["console"]
        and not log["errors"]
    ), log
    assert results, f"searching for {SEARCH_TERM} found nothing"
    paths = [urlsplit(r).path.lstrip("/") for r in results]
    assert SEARCH_EXPECTED_PAGE in paths, (
        f"searching for {SEARCH_TERM} did not find "
        f"{SEARCH_EXPECTED_PAGE}: {paths}"
    )
