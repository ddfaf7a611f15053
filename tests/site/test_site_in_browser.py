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
- axe-core finds no accessibility violation (tests/site/accessibility.py);
- then, switched to dark mode with the keyboard (the theme's own switch),
  axe finds no text with too little contrast, every formula has enough
  contrast with its background, and every figure sits on a light card as
  wide as the figure (the PNGs are black lines on white).

It also checks that every page of `_toc.yml` was built, that the root page
leads to the book, and that the search page finds `GradientTape`.
Each check is a test of its own, named for the page and what it checks
(`Test_book_03_dense_layer::test_every_image_loads`); each page is opened
and examined once. With `SCREENSHOT_DIR` set, a full-page
screenshot of each page, in light and in dark mode, goes there
(`<page>.png`, `<page>.dark.png`).

The Chinese edition (built from `book/zh/` into `zh/` of the site) gets
every check above, its own PDF (`ZH_PDF`) in its download menu, and more:

- every page of both editions shows a link to its twin in the other
  language, with visible text as its name and the right `lang` and
  `hreflang`, and the page's `<html lang>` is `en` or `zh-CN`;
- on every Chinese page the heading's Chinese glyphs are drawn with a CJK
  font (Debian's fonts-noto-cjk), not missing-glyph boxes;
- the Chinese search page finds 梯度带 (gradient tape) in chapter 6, which
  needs jieba (Sphinx's Chinese word splitter) and the course's terms, and
  the one-character word 轮 (epoch) in chapter 7, which Sphinx alone does
  not index (tools/sphinx_chinese_search.py);
- no Chinese page shows English in its interface (tests/site/
  interface_language.py): tooltips, placeholders, buttons, the footer, and
  the accessible names axe computes for controls and landmarks.
"""

import functools
import html.parser
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

import book_pages
from accessibility import DARK_JS, audit, dark_problems, switch_to_dark
from browsing import Preloader, open_page, settle
from interface_language import english_problems, interface_texts
from sitepaths import PDF, SITE, ZH_PDF

# Folders of the build that hold assets, not pages.
ASSET_DIRS = {
    "_static",
    "_sources",
    "_images",
    "_sphinx_design_static",
    "jupyter_execute",
}

# The page of each edition that must come up when searching for gradient
# tape, and more Chinese searches: (edition's folder in the site, query,
# expected page). 轮 is one character (Sphinx indexes no one-character
# word by itself); "Glorot 初始化" is two words, both on the page.
SEARCHES = [
    ("", "GradientTape", "book/06_training_step.html"),
    ("zh/", "梯度带", "zh/06_training_step.html"),
    ("zh/", "轮", "zh/07_training_loop.html"),
    ("zh/", "学习率", "zh/06_training_step.html"),
    ("zh/", "Glorot 初始化", "zh/10_same_as_keras.html"),
]
# What readers of d2l-zh 《动手学深度学习》 search for: the glossary writes
# these names beside the course's terms (密集层, 批量, 精度, Glorot 初始化,
# 轮; issue 22), and the search dictionary (tools/jieba_terms.txt) keeps
# them whole.
D2L_SEARCHES = [
    ("zh/", "全连接层", "zh/glossary.html"),
    ("zh/", "小批量", "zh/glossary.html"),
    ("zh/", "准确率", "zh/glossary.html"),
    ("zh/", "Xavier 初始化", "zh/glossary.html"),
    ("zh/", "迭代周期", "zh/glossary.html"),
]
ZH = "zh/"  # the Chinese edition's folder in the site


def discover_pages():
    """Every HTML page of the built site, relative to its root."""
    if not SITE.is_dir():
        return []
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE)
        if any(part in ASSET_DIRS for part in rel.parts[:-1]):
            continue
        pages.append(rel.as_posix())
    return pages


def toc_pages():
    """The pages `_toc.yml` asks for, as paths of the built site."""
    return [f"{page}.html" for page in book_pages.toc_pages()]


def zh_toc_pages():
    """The pages `book/zh/_toc.yml` asks for, as paths of the built site."""
    return [f"{ZH}{page}.html" for page in book_pages.toc_pages(
        book_pages.ZH_ROOT)]


def edition(page):
    """(the edition's folder in the site, the page within the edition):
    ("zh/", "03_dense_layer.html") or ("", "book/03_dense_layer.html")."""
    if page.startswith(ZH):
        return ZH, page.removeprefix(ZH)
    return "", page


def notebook_source(page):
    """The notebook a page was built from (copied into _sources), or None."""
    folder, within = edition(page)
    source = SITE / folder / "_sources" / Path(within).with_suffix(".ipynb")
    return source if source.is_file() else None


def has_source(page):
    """True for a page built from a file of the book (it has a download
    menu)."""
    folder, within = edition(page)
    stem = SITE / folder / "_sources" / Path(within).with_suffix("")
    return any(
        stem.with_suffix(suffix).is_file() for suffix in (".ipynb", ".md")
    )


def twin(page):
    """The page's twin in the other edition, and the twin's language:
    book/X.html <-> zh/X.html; search.html <-> zh/search.html."""
    folder, within = edition(page)
    if not folder:
        return ZH + within.removeprefix("book/"), "zh-CN"
    in_book = f"book/{within}"
    return (in_book if (SITE / in_book).is_file() else within), "en"


# Runs in a Chinese page: the platform fonts that drew a node's text, from
# Chromium's own record (DevTools protocol), e.g. "Noto Sans CJK SC".
def platform_fonts(tab, selector):
    client = tab.context.new_cdp_session(tab)
    try:
        client.send("DOM.enable")
        client.send("CSS.enable")
        # The whole tree, text nodes included, or no font is reported.
        root = client.send("DOM.getDocument", {"depth": -1})["root"][
            "nodeId"
        ]
        node = client.send(
            "DOM.querySelector", {"nodeId": root, "selector": selector}
        )["nodeId"]
        if not node:
            return []
        return client.send(
            "CSS.getPlatformFontsForNode", {"nodeId": node}
        )["fonts"]
    finally:
        client.detach()


# Marks the page's own heading (not the theme's print-only h1) for
# platform_fonts; returns whether there is one.
MARK_HEADING_JS = """() => {
  const h1 = [...document.querySelectorAll("h1")]
    .find(h => !h.closest(".onlyprint"));
  if (h1) h1.dataset.fontCheck = "";
  return !!h1;
}"""


def cjk_font_problems(tab, selector=None):
    """Why the Chinese text of `selector` (default: the page's heading) is
    not drawn with a CJK font (an empty list when it is)."""
    if selector is None:
        if not tab.evaluate(MARK_HEADING_JS):
            return ["no heading to check the Chinese font on"]
        selector = "[data-font-check]"
    fonts = platform_fonts(tab, selector)
    cjk = [f for f in fonts if "CJK" in f["familyName"] and f["glyphCount"]]
    if not cjk:
        names = [(f["familyName"], f["glyphCount"]) for f in fonts]
        return [
            f"the heading's text is drawn with no CJK font ({names}): "
            "install Debian's fonts-noto-cjk (`make setup` does)"
        ]
    return []


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
  const twins = [...document.querySelectorAll("a.language-twin")].map(a => {
    const box = a.getBoundingClientRect();
    return {
      href: a.href, text: a.innerText.trim(), lang: a.lang,
      hreflang: a.hreflang,
      visible: box.width > 0 && box.height > 0
               && getComputedStyle(a).visibility !== "hidden",
    };
  });
  return {
    title: document.title,
    lang: document.documentElement.lang,
    twins,
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


def language_problems(page, info, base):
    """What is wrong with the page's language: its <html lang>, and its
    link to its twin in the other language."""
    folder, _ = edition(page)
    expected_lang = "zh-CN" if folder else "en"
    problems = []
    if info["lang"] != expected_lang:
        problems.append(
            f"<html lang={info['lang']!r}>, expected {expected_lang!r}"
        )
    target, twin_lang = twin(page)
    label = "中文" if twin_lang == "zh-CN" else "English"
    if len(info["twins"]) != 1:
        return problems + [
            f"{len(info['twins'])} links to the other language "
            "(a.language-twin), expected 1"
        ]
    link = info["twins"][0]
    if urlsplit(link["href"]).path != f"/{target}":
        problems.append(
            f"the language link goes to {link['href']}, not /{target}"
        )
    if (link["text"], link["lang"], link["hreflang"]) != (
        label, twin_lang, twin_lang
    ):
        problems.append(
            f"the language link reads {link['text']!r} (lang "
            f"{link['lang']!r}, hreflang {link['hreflang']!r}), expected "
            f"{label!r} marked {twin_lang!r}"
        )
    if not link["visible"]:
        problems.append("the language link cannot be seen")
    return problems


def screenshot_name(page, mode="light"):
    suffix = ".png" if mode == "light" else f".{mode}.png"
    return page.replace("/", "__").removesuffix(".html") + suffix


@pytest.fixture(scope="module")
def preloader(browser, site_url):
    # With pytest-xdist (`make browser`), the next page may be tested by the
    # other process, and the two processes already keep both cores busy: so
    # preload only in a run of one process.
    ahead = [] if os.environ.get("PYTEST_XDIST_WORKER") else PAGES
    loader = Preloader(browser, site_url, ahead)
    yield loader
    loader.close()


# Each page is opened and examined once, in light and dark mode; the tests
# below read what was found. They are methods of one class per page, so
# that pytest-xdist (`--dist loadscope`) runs a page's checks in the
# process that examined it. (`--dist loadgroup` would say so with a mark,
# but it stopped grouping with pytest 9.2: pytest-dev/pytest-xdist#1386.)
EXAMINED = {}


def examine(page, preloader, screenshot_dir, record_property):
    """Open a page once and gather what the checks need (cached)."""
    if page in EXAMINED:
        return EXAMINED[page]
    started = time.monotonic()
    tab, log = preloader.take(page)
    found = {"page": page, "site_url": preloader.site_url}
    try:
        settle(tab)
        found["info"] = tab.evaluate(INSPECT_JS)
        found["cjk"] = cjk_font_problems(tab) if page.startswith(ZH) else []
        found["english"] = (english_problems(interface_texts(tab))
                            if page.startswith(ZH) else [])
        if screenshot_dir:
            tab.screenshot(path=str(screenshot_dir / screenshot_name(page)),
                           full_page=True)
        found["light"], light_incomplete = audit(tab, "light")
        switch_to_dark(tab)
        found["dark_checks"] = tab.evaluate(DARK_JS)
        found["dark"], dark_incomplete = audit(tab, "dark")
        if screenshot_dir:
            tab.screenshot(
                path=str(screenshot_dir / screenshot_name(page, "dark")),
                full_page=True)
    finally:
        tab.close()
    found["log"] = {key: list(dict.fromkeys(entries))
                    for key, entries in log.items()}
    info, notebook = found["info"], notebook_source(page)
    record_property(
        "report_pages",
        f"  {page:<40} {'notebook' if notebook else 'page':<8} "
        f"{info['cells']:>3} cells {info['outputs']:>3} outputs "
        f"{info['mjx']:>4} math {len(info['images']):>3} images "
        f"{len(set(info['links'])):>4} links "
        f"axe {len(found['light']) + len(found['dark'])} violations "
        f"{len(light_incomplete) + len(dark_incomplete)} to review "
        f"{time.monotonic() - started:5.1f} s")
    EXAMINED[page] = found
    return found


def listed(problems):
    return "\n  - ".join([""] + problems)


def math_problems(info):
    """Why a page's math is not typeset (an empty list when it is)."""
    problems = []
    if info["math"] and info["mathjax"] == "absent":
        problems.append(f"{info['math']} math elements but MathJax did "
                        "not load")
    problems += [f"math not typeset: {m!r}" for m in info["mathUnrendered"]]
    problems += [f"MathJax error: {m!r}" for m in info["mathErrors"]]
    raw = sorted(set(RAW_TEX.findall(info["prose"])))
    if raw:
        problems.append(f"raw TeX left in the text: {raw[:10]}")
    return problems


def pdf_links(found):
    """The page's links to its edition's PDF, at the root of its folder."""
    folder, _ = edition(found["page"])
    path = f"/{folder}{(ZH_PDF if folder else PDF).name}"
    return [link for link in found["info"]["coursePdf"]
            if urlsplit(link["href"]).path == path]


class PageChecks:
    """What every page of the site must show."""

    page = None

    @pytest.fixture
    def found(self, preloader, screenshot_dir, record_property):
        return examine(self.page, preloader, screenshot_dir, record_property)

    def test_no_request_leaves_the_machine(self, found):
        blocked = found["log"]["blocked"]
        assert not blocked, ("requests outside 127.0.0.1 (blocked; the "
                             "page needs the network):" + listed(blocked))

    def test_every_local_request_succeeds(self, found):
        assert not found["log"]["failed"], listed(found["log"]["failed"])

    def test_no_console_or_script_error(self, found):
        errors = ([f"console error: {c}" for c in found["log"]["console"]]
                  + [f"script error: {e}" for e in found["log"]["errors"]])
        assert not errors, listed(errors)

    def test_title_matches_the_heading(self, found):
        title = found["info"]["title"].strip()
        heading = found["info"]["heading"]
        assert title, "empty <title>"
        assert heading, "no <h1> heading"
        assert expected_title(title) == heading, \
            f"title {title!r} does not match heading {heading!r}"

    def test_every_image_loads(self, found):
        broken = [img["src"][:120] for img in found["info"]["images"]
                  if img["width"] <= 0]
        assert not broken, "images that did not load:" + listed(broken)

    def test_every_link_and_anchor_resolves(self, found):
        problems = check_links(found["info"]["links"], found["page"],
                               found["site_url"])
        assert not problems, listed(problems)

    def test_math_is_typeset(self, found):
        problems = math_problems(found["info"])
        assert not problems, listed(problems)

    def test_language_link_and_lang(self, found):
        problems = language_problems(found["page"], found["info"],
                                     found["site_url"])
        assert not problems, listed(problems)

    def test_no_accessibility_violation_in_light_mode(self, found):
        assert not found["light"], listed([str(v) for v in found["light"]])

    def test_no_accessibility_violation_in_dark_mode(self, found):
        problems = [str(v) for v in found["dark"]] + dark_problems(
            found["dark_checks"])
        assert not problems, listed(problems)


class ChapterChecks:
    """What a page built from a notebook must show besides."""

    def test_shows_its_code_cells_and_outputs(self, found):
        info = found["info"]
        shown, with_output = expected_cells(notebook_source(found["page"]))
        assert info["cells"] and info["outputs"], \
            "no code cells (div.cell) or no outputs (div.cell_output)"
        assert (info["cells"], info["outputs"]) == (shown, with_output), (
            f"the page shows {info['cells']} code cells and "
            f"{info['outputs']} outputs; its notebook has {shown} code "
            f"cells, {with_output} with outputs")

    def test_has_binder_and_colab_buttons(self, found):
        buttons = {b["text"]: b["href"] for b in found["info"]["launch"]}
        for name, prefix in (
            ("Binder", "https://mybinder.org/v2/gh/"),
            ("Colab", "https://colab.research.google.com/github/"),
        ):
            assert buttons.get(name, "").startswith(prefix), \
                f"no {name} launch button to {prefix} (found {buttons})"

    def test_can_be_downloaded_as_a_notebook(self, found):
        folder, within = edition(found["page"])
        expected = (f"/{folder}_sources/"
                    f"{Path(within).with_suffix('.ipynb').as_posix()}")
        links = found["info"]["download"]
        assert any(urlsplit(h).path == expected for h in links), \
            f"no download button for {expected} (found {links})"


class DownloadMenuChecks:
    """What a page built from a file of the book (it has a download menu)
    must show besides."""

    def test_download_menu_links_the_course_pdf(self, found):
        assert any(link["menu"] for link in pdf_links(found)), (
            "no 'Course PDF' in the download menu (found "
            f"{found['info']['coursePdf']}): was the PDF built (`make pdf`) "
            "before the site?")


class IndexChecks:
    """What each edition's index page must show besides."""

    def test_links_the_course_pdf_in_its_text(self, found):
        assert any(not link["menu"] for link in pdf_links(found)), (
            "the index page does not link the course PDF in its text "
            f"({found['info']['coursePdf']})")


class ChineseChecks:
    """What a page of the Chinese edition must show besides."""

    def test_chinese_glyphs_come_from_a_cjk_font(self, found):
        assert not found["cjk"], listed(found["cjk"])

    def test_no_english_in_the_interface(self, found):
        assert not found["english"], listed(
            [f"English in the Chinese interface: {e}"
             for e in found["english"]])


def page_class(page):
    """The test class of one page: `Test_book_03_dense_layer`, with the
    checks that apply to it."""
    bases = [PageChecks]
    if notebook_source(page):
        bases.append(ChapterChecks)
    if has_source(page):
        bases.append(DownloadMenuChecks)
    if page in (toc_pages()[0], zh_toc_pages()[0]):
        bases.append(IndexChecks)
    if page.startswith(ZH):
        bases.append(ChineseChecks)
    name = "Test_" + re.sub(r"\W", "_", page.removesuffix(".html"))
    return type(name, tuple(bases), {"page": page})


for _page in PAGES:
    _class = page_class(_page)
    globals()[_class.__name__] = _class


def test_there_is_a_built_site():
    assert PAGES, f"no HTML pages under {SITE}: run `make site` first"


def test_the_math_check_finds_raw_tex_and_missing_mathjax():
    info = {"math": 2, "mathjax": "absent", "mathUnrendered": ["x^2"],
            "mathErrors": [], "prose": "where $x_1$ is"}
    problems = " ".join(math_problems(info))
    for part in ("MathJax did not load", "not typeset: 'x^2'",
                 "raw TeX left"):
        assert part in problems, problems


def test_every_toc_page_was_built():
    built = set(discover_pages())
    missing = [p for p in toc_pages() if p not in built]
    assert not missing, f"pages of _toc.yml missing from {SITE}: {missing}"
    assert "search.html" in built, "no search page"
    missing = [p for p in zh_toc_pages() if p not in built]
    assert not missing, (
        f"pages of book/zh/_toc.yml missing from {SITE}: {missing}"
    )
    assert f"{ZH}search.html" in built, "no Chinese search page"
    assert len(zh_toc_pages()) == len(toc_pages())


def test_root_leads_to_the_book(browser, site_url):
    tab, log = open_page(browser, f"{site_url}/")
    try:
        tab.wait_for_url(f"{site_url}/{toc_pages()[0]}")
    finally:
        tab.close()
    assert not log["blocked"] and not log["failed"], log


def search_id(search):
    folder, query, _expected = search
    return f"{folder.strip('/') or 'en'}-{query}"


@pytest.mark.parametrize(
    "folder, query, expected",
    SEARCHES + D2L_SEARCHES,
    ids=[search_id(s) for s in SEARCHES + D2L_SEARCHES],
)
def test_search_finds_the_page(
    browser, site_url, screenshot_dir, record_property, folder, query,
    expected
):
    tab, log = open_page(
        browser, f"{site_url}/{folder}search.html?q={quote(query)}"
    )
    try:
        # Sphinx's search writes its summary ("Search finished, found N
        # pages", in the page's language) when it is done.
        tab.wait_for_function(
            "() => ((document.querySelector("
            "'#search-results .search-summary') || {}).innerText || '')"
            ".trim().length > 0"
        )
        results = tab.eval_on_selector_all(
            "#search-results ul.search li a", "as => as.map(a => a.href)"
        )
        if screenshot_dir:
            tab.screenshot(
                path=str(screenshot_dir / f"{folder.strip('/') or 'en'}"
                         f"_search_{quote(query)}.png"),
                full_page=True,
            )
    finally:
        tab.close()
    record_property(
        "report_pages",
        f"  {folder}search.html?q={query:<24} {len(results)} results"
    )
    assert (
        not log["blocked"]
        and not log["failed"]
        and not log["console"]
        and not log["errors"]
    ), log
    assert results, f"searching for {query} found nothing"
    paths = [urlsplit(r).path.lstrip("/") for r in results]
    assert expected in paths, (
        f"searching for {query} did not find {expected}: {paths}"
    )


# The CJK check, on made-up pages: it fails when no CJK font drew the text.
def test_cjk_font_check_finds_text_without_chinese_glyphs(browser):
    tab = browser.new_page()
    try:
        # Latin text in an English page: drawn with no CJK font. (In a
        # zh-CN page Chromium draws Latin letters with the CJK font too.)
        tab.set_content(
            '<!doctype html><html lang="en"><body>'
            '<h1 lang="zh-CN">训练循环</h1><h2>Training loop</h2>'
            "</body></html>"
        )
        assert cjk_font_problems(tab, "h1") == []
        assert "no CJK font" in cjk_font_problems(tab, "h2")[0]
    finally:
        tab.close()


def test_language_check_finds_a_wrong_link():
    page = "book/03_dense_layer.html"
    good = {
        "lang": "en",
        "twins": [{
            "href": "http://127.0.0.1:1/zh/03_dense_layer.html",
            "text": "中文", "lang": "zh-CN", "hreflang": "zh-CN",
            "visible": True,
        }],
    }
    assert language_problems(page, good, "http://127.0.0.1:1") == []
    wrong = json.loads(json.dumps(good))
    wrong["lang"] = "zh_CN"
    wrong["twins"][0].update(href="http://127.0.0.1:1/zh/index.html",
                             lang="", visible=False)
    problems = " ".join(language_problems(page, wrong, "http://127.0.0.1:1"))
    for part in ("<html lang='zh_CN'>", "goes to", "marked 'zh-CN'",
                 "cannot be seen"):
        assert part in problems, problems
    assert "expected 1" in language_problems(
        page, {"lang": "en", "twins": []}, "")[0]


# The interface check, on a made-up Chinese page: it finds the English of
# the interface (a button's name, a tooltip, the footer) and Taiwanese
# usage, but not the article's own text or the link to the English edition.
INTERFACE_PAGE = """<!doctype html><html lang="zh-CN"><head><title>t</title>
</head><body>
<header><button aria-label="Color mode"><i class="fa"></i></button>
<a class="btn" href="#" title="列印成 PDF">.pdf</a>
<a class="language-twin" href="#" lang="en" hreflang="en">English</a></header>
<main><article class="bd-article"><h1>梯度带</h1>
<p>The article's own English is the chapters' business.</p></article></main>
<footer><p>作者： The scratchnet course authors</p></footer>
</body></html>"""


def test_interface_check_finds_english(browser):
    tab = browser.new_page()
    try:
        tab.set_content(INTERFACE_PAGE)
        problems = english_problems(interface_texts(tab))
    finally:
        tab.close()
    text = "\n".join(problems)
    assert "'Color mode'" in text, problems
    assert "The scratchnet course authors" in text, problems
    assert "「列印」" in text, problems
    assert "article's own" not in text and "'English'" not in text, problems
