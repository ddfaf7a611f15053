"""Print the whole course into one PDF, offline (`make pdf`).

    .venv/bin/jupyter-book build . --builder singlehtml        # first
    .venv/bin/python tools/make_pdf.py --root-doc book/index \\
        --output _build/pdf/neural-networks-from-scratch.pdf

Jupyter Book's own `pdfhtml` builder downloads a browser of its own, and
there is no LaTeX here, so the PDF is printed by Debian's Chromium:

1. The `singlehtml` build writes the whole book as one page,
   `_build/singlehtml/<root-doc>.html`. Its asset paths (`_static/...`,
   `_images/...`) and its links (`book/index.html#term-loss`) are written
   relative to the build's root, although the page sits in `book/`. A copy
   at the root, `_build/singlehtml/<output name>.html`, with the links made
   in-page (`#term-loss`), makes both work, in the browser and in the PDF.
2. Chromium opens that copy from a server on 127.0.0.1, with every other
   request blocked and recorded, and with print media emulated: the print
   rules of `book/_static/course.css` wrap long code and output lines, keep
   figures on one page, start each chapter on a new page, open every
   solution and hide buttons and navigation.
3. Once images, fonts and MathJax are done, it checks that every formula
   was typeset and every solution is shown, then prints A4 pages with page
   numbers, bookmarks (the headings) and tags for screen readers.
4. It reads the fonts back from the PDF: their names and kinds (what
   `pdffonts` lists), and every character their ToUnicode maps give to a
   glyph. A glyph mapped to a Kangxi radical (U+2F00-U+2FDF) or a CJK
   Radicals Supplement character (U+2E80-U+2EFF) is a Chinese character
   that a reader cannot search for or copy (一 found as ⼀): the print
   rules of course.css draw Chinese in WenQuanYi Micro Hei (Debian's
   fonts-wqy-microhei) for that reason.

It writes the PDF and, next to it, `<name>.report.json`: pages, size,
formulas, solutions, fonts, and every request that was blocked. It exits
with an error, naming the problem, if a request tried to leave the machine,
anything is missing, or a glyph maps to a radical; `tests/site/test_pdf.py`
checks the result again.
"""

import argparse
import json
import logging
import re
import sys
import time
from collections import Counter
from pathlib import Path

from offline_chromium import (
    CHROMIUM,
    CHROMIUM_ARGS,
    block_outside_requests,
    serve,
    wait_for_content,
)

ROOT = Path(__file__).resolve().parents[1]
# pypdf warns that Chromium's PDFs number their objects loosely; harmless.
logging.getLogger("pypdf").setLevel(logging.ERROR)
# At most, for images, fonts and MathJax on the one long page.
WAIT_MS = 60_000

# Runs in the page once its content has loaded (wait_for_content): lets the
# theme settle, then reports what it found.
PREPARE_JS = r"""
async (timeoutMs) => {
  const waitAtMost = p => Promise.race(
    [p, new Promise(done => setTimeout(done, timeoutMs))]);
  let mathjax = null;
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    mathjax = MathJax.version || "loaded";
  }
  // Let the theme's late scripts and any transition settle.
  await waitAtMost(
    Promise.all(document.getAnimations().map(a => a.finished)));
  const shown = el => el.getClientRects().length > 0
                      && getComputedStyle(el).visibility !== "hidden"
                      && getComputedStyle(el).opacity !== "0";
  const solutions = [...document.querySelectorAll("div.solution")];
  const hiddenSolutions = solutions.filter(s => {
    const body = s.querySelector(".admonition-title ~ *");
    return !body || !shown(body);
  }).map(s => s.id);
  const mathNodes = [...document.querySelectorAll(".math")];
  // The headings Chromium turns into bookmarks: those that are printed.
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter(h => h.getClientRects().length > 0)
    .map(h => { const copy = h.cloneNode(true);
                copy.querySelectorAll(".headerlink").forEach(a => a.remove());
                return copy.textContent.replace(/\s+/g, " ").trim(); });
  return {
    headings,
    mathjax,
    math: mathNodes.length,
    mathUnrendered: mathNodes.filter(n => !n.querySelector("mjx-container"))
                      .map(n => n.textContent.slice(0, 80)),
    mathErrors: [...document.querySelectorAll("mjx-merror, [data-mjx-error]")]
                  .map(n => n.getAttribute("data-mjx-error")
                            || n.textContent.slice(0, 80)),
    images: document.images.length,
    imagesBroken: [...document.images].filter(img => img.naturalWidth === 0)
                    .map(img => img.src),
    exercises: document.querySelectorAll("div.exercise").length,
    solutions: solutions.length,
    hiddenSolutions,
  };
}
"""

# Page numbers at the foot of each page ("12 / 140").
FOOTER = (
    '<div style="font-size:8px; width:100%; text-align:center; color:#555;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def print_page(singlehtml, root_doc, name):
    """Write the root-level copy of the one-page book; returns its path."""
    source = singlehtml / f"{root_doc}.html"
    if not source.is_file():
        raise SystemExit(
            f"{source} is missing: run "
            "`jupyter-book build . --builder singlehtml` first "
            "(`make pdf` does)"
        )
    text = source.read_text(encoding="utf-8")
    # Links to the page itself become in-page links: they work in the PDF.
    text = text.replace(f'href="{root_doc}.html#', 'href="#')
    # singlehtml writes no search index, but the theme still asks for one.
    text = text.replace('<script src="searchindex.js"></script>', "")
    target = singlehtml / f"{name}.html"
    target.write_text(text, encoding="utf-8")
    return target


def outline_items(node):
    """Every bookmark under an outline node of a PDF, in reading order."""
    child = node.get("/First")
    while child is not None:
        child = child.get_object()
        yield child
        yield from outline_items(child)
        child = child.get("/Next")


def name_bookmarks(output, headings):
    """Give the PDF's bookmarks the headings' own text.

    Chromium builds the bookmarks from the printed headings, but garbles
    some titles: a heading at the top of a page comes out twice
    ("SummarySummary") and a line break loses its space ("fromscratch").
    The bookmarks are the headings in order, so their text is set from the
    page. Returns False (and changes nothing) if the counts differ.
    """
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=str(output))
    outlines = writer.root_object.get("/Outlines")
    items = list(outline_items(outlines.get_object())) if outlines else []
    if len(items) != len(headings):
        return False
    for item, heading in zip(items, headings):
        item[NameObject("/Title")] = TextStringObject(heading)
    writer.write(str(output))
    return True


# Characters no Chinese text uses, but that share their glyph with a common
# character in some CJK fonts (Noto CJK: ⼀ U+2F00 and 一 U+4E00).
RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
HEX = r"<([0-9A-Fa-f]+)>"


def _utf16(code):
    return bytes.fromhex(code).decode("utf-16-be", errors="replace")


def to_unicode_texts(cmap):
    """Every text a ToUnicode CMap gives to a glyph (bfchar and bfrange)."""
    texts = []
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        pairs = re.findall(rf"{HEX}\s*{HEX}", block)
        texts += [_utf16(target) for _code, target in pairs]
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        ranges = re.findall(
            rf"{HEX}\s*{HEX}\s*(?:{HEX}|\[([^\]]*)\])", block)
        for low, high, start, listed in ranges:
            if listed:
                texts += [_utf16(t) for t in re.findall(HEX, listed)]
                continue
            first = ord(_utf16(start)[-1])
            count = int(high, 16) - int(low, 16) + 1
            texts += [chr(first + i) for i in range(count)]
    return texts


def _fonts_in(resources, seen):
    """The font objects of a resource dictionary, and of the Type 3 fonts
    and form XObjects inside it, each once."""
    if not resources:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    for ref in (fonts.get_object().values() if fonts else []):
        font = ref.get_object()
        if id(font) in seen:
            continue
        seen.add(id(font))
        yield font
        yield from _fonts_in(font.get("/Resources"), seen)
    xobjects = resources.get("/XObject")
    for ref in (xobjects.get_object().values() if xobjects else []):
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            yield from _fonts_in(xobject.get("/Resources"), seen)


def font_kind(font):
    """A font's kind as pdffonts names it ("CID TrueType", "Type 3")."""
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        descendant = font["/DescendantFonts"][0].get_object()
        return {"/CIDFontType2": "CID TrueType",
                "/CIDFontType0": "CID Type 0"}.get(
            descendant.get("/Subtype"), str(descendant.get("/Subtype")))
    return {"/Type3": "Type 3", "/TrueType": "TrueType",
            "/Type1": "Type 1"}.get(subtype, str(subtype))


def font_report(reader):
    """The PDF's fonts as "name (kind)" with how many there are, and the
    glyphs whose ToUnicode text holds a radical, with those radicals."""
    fonts, radicals = Counter(), Counter()
    seen = set()
    for page in reader.pages:
        for font in _fonts_in(page.get("/Resources"), seen):
            # "AAAAAA+WenQuanYiMicroHei": drop the subset's tag.
            name = str(font.get("/BaseFont", "[none]")).lstrip("/")
            name = re.sub(r"^[A-Z]{6}\+", "", name)
            fonts[f"{name} ({font_kind(font)})"] += 1
            cmap = font.get("/ToUnicode")
            if cmap is None:
                continue
            text = cmap.get_object().get_data().decode("latin-1")
            for target in to_unicode_texts(text):
                radicals.update(RADICALS.findall(target))
    return dict(sorted(fonts.items())), dict(radicals.most_common())


def problems_of(info, log):
    """What makes the printed page unfit for the PDF, as sentences."""
    problems = []
    if log["blocked"]:
        problems.append(
            "requests outside 127.0.0.1 (blocked):\n    "
            + "\n    ".join(log["blocked"])
        )
    problems += [f"local request failed: {f}" for f in log["failed"]]
    problems += [f"script error: {e}" for e in log["errors"]]
    if info["math"] and not info["mathjax"]:
        problems.append(f"{info['math']} formulas but MathJax did not load")
    problems += [f"formula not typeset: {m!r}" for m in info["mathUnrendered"]]
    problems += [f"MathJax error: {m!r}" for m in info["mathErrors"]]
    problems += [f"image did not load: {src}" for src in info["imagesBroken"]]
    if info["hiddenSolutions"]:
        problems.append(
            f"solutions hidden in print: {info['hiddenSolutions']}"
        )
    return problems


def make_pdf(singlehtml, root_doc, output):
    """Print `<singlehtml>/<root_doc>.html` into `output`; returns the
    report."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    started = time.monotonic()
    page_file = print_page(singlehtml, root_doc, output.stem)
    log = {"blocked": [], "failed": [], "errors": []}
    output.parent.mkdir(parents=True, exist_ok=True)
    if not Path(CHROMIUM).is_file():
        raise SystemExit(
            f"{CHROMIUM} is missing: `make pdf` installs Debian's chromium"
        )
    with serve(singlehtml) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            block_outside_requests(page, log["blocked"])
            # Local files that failed (blocked requests are listed apart).
            local = lambda url: url.startswith(base)  # noqa: E731 - a one-line test
            page.on(
                "requestfailed",
                lambda r: (
                    local(r.url)
                    and log["failed"].append(f"{r.failure} {r.url}")
                ),
            )
            page.on(
                "response",
                lambda r: (
                    local(r.url)
                    and r.status >= 400
                    and log["failed"].append(f"HTTP {r.status} {r.url}")
                ),
            )
            page.on("pageerror", lambda e: log["errors"].append(str(e)))
            page.emulate_media(media="print")
            page.goto(
                f"{base}/{page_file.name}", wait_until="load", timeout=WAIT_MS
            )
            wait_for_content(page, WAIT_MS)
            info = page.evaluate(PREPARE_JS, WAIT_MS)
            page.pdf(
                path=str(output),
                format="A4",
                print_background=True,
                margin={
                    "top": "16mm",
                    "bottom": "16mm",
                    "left": "14mm",
                    "right": "14mm",
                },
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    if not name_bookmarks(output, info["headings"]):
        log["errors"].append(
            "the PDF's bookmarks do not match the "
            f"{len(info['headings'])} headings"
        )
    reader = PdfReader(output)
    fonts, radicals = font_report(reader)
    font_problems = []
    if radicals:
        font_problems.append(
            f"{sum(radicals.values())} glyphs map to radicals, not to the "
            f"characters they draw ({''.join(radicals)}): Chinese text was "
            "drawn with a font that shares glyphs between the two, such as "
            "Noto CJK; course.css prints it in WenQuanYi Micro Hei "
            "(install Debian's fonts-wqy-microhei)"
        )
    report = {
        "pdf": output.name,
        "pages": len(reader.pages),
        "bytes": output.stat().st_size,
        "seconds": round(time.monotonic() - started, 1),
        **{
            key: info[key]
            for key in ("math", "images", "exercises", "solutions")
        },
        "fonts": fonts,
        "radical_glyphs": radicals,
        "blocked": log["blocked"],
        "problems": problems_of(info, log) + font_problems,
    }
    output.with_suffix(".report.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--singlehtml",
        type=Path,
        default=ROOT / "_build" / "singlehtml",
        help="the singlehtml build (default: _build/singlehtml)",
    )
    parser.add_argument(
        "--root-doc",
        default="book/index",
        help="the book's root page, as in _toc.yml (default: book/index)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "_build" / "pdf" / "neural-networks-from-scratch.pdf",
        help="the PDF to write",
    )
    args = parser.parse_args(argv)
    report = make_pdf(
        args.singlehtml.resolve(), args.root_doc, args.output.resolve()
    )
    print(
        f"{args.output}: {report['pages']} pages, "
        f"{report['bytes'] / 1e6:.1f} MB, "
        f"{report['math']} formulas, {report['images']} images, "
        f"{report['exercises']} exercises, "
        f"{report['solutions']} solutions, "
        f"{len(report['blocked'])} requests blocked, "
        f"in {report['seconds']} s"
    )
    if report["problems"]:
        print(
            "The PDF is not right:\n  - " + "\n  - ".join(report["problems"]),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
