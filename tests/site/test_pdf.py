"""The PDF of the whole course (`make pdf`, tools/make_pdf.py), read back.

It must have a sane number of pages; every chapter of `_toc.yml`, in order,
as a bookmark; text that extracts (`GradientTape` on the index page and in
the glossary); every chapter's exercises numbered per chapter, each with its
solution printed, and math typeset (no raw TeX). The tool's report must show
that no request left the machine while the PDF was made.

The Chinese edition's PDF (`ZH_PDF`, printed from `book/zh/`) gets the same
checks, with its own titles and words ("练习 3.2", "解答 练习 3.2"), and its
Chinese text must extract (梯度, gradient, on the index page and in the
glossary).

Both PDFs' Chinese must be text a reader can search and copy: the text of
every page, extracted with pypdf, has no character of the Kangxi Radicals
(U+2F00-U+2FDF) or CJK Radicals Supplement (U+2E80-U+2EFF) blocks, which
no Chinese sentence uses but which a PDF gives for 一, 用 or 行 when the
font draws the radical and the character with one glyph (Noto CJK does:
book/_static/course.css prints in WenQuanYi Micro Hei); and the words of
PLAIN_WORDS are found by plain search, without Unicode normalisation, as a
PDF viewer finds them. (poppler's pdftotext would hide the fault: it
normalises radicals to characters.)

The checks are functions, so that the last tests can show them failing on a
PDF that lacks these things, and the tool blocking a page that reaches out.
"""

import functools
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter

import pypdf  # pinned in requirements.txt: a missing pin fails here

import book_pages
from make_pdf import font_report
from sitepaths import PDF, ROOT, ZH_PDF

PAGES = (80, 300)  # 150 pages in November 2026
TEXT = "GradientTape"
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\times|\\frac|\\sum")


def english_words():
    """What the English PDF's text says, for the checks below."""
    return {
        "texts": [TEXT],
        "exercises": "Exercises",
        "exercise": "Exercise",
        "solution": r"Solution\s*to\s*Exercise",
    }


# The Chinese PDF: sphinx-exercise's Chinese labels ("练习 3.2",
# "解答 练习 3.2"), the chapters' "## 练习" heading, and Chinese text.
CHINESE_WORDS = {
    "texts": [TEXT, "梯度"],
    "exercises": "练习",
    "exercise": "练习",
    "solution": r"解答\s*练习",
}

# Words a reader searches each PDF for, found in its text as it is (white
# space aside): characters that Noto CJK shares with a radical (一, 用, 行,
# 网, 入) and the course's terms. The English PDF's Chinese is the title of
# the original article, in the index page's references.
PLAIN_WORDS = {
    "en": ["GradientTape", "用TensorFlow从头实现", "一个机器学习的神经网络"],
    "zh": ["梯度带", "一轮", "用", "行", "网络", "输入", "学习率"],
}
RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


def toc_titles(book=ROOT):
    """The title (first heading) of every page in `_toc.yml`, in order
    (`book=book_pages.ZH_ROOT`: the Chinese edition's)."""
    titles = []
    for name in book_pages.toc_pages(book):
        path = next(book.glob(f"{name}.*"))
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "\n".join(
                "".join(c["source"])
                for c in cells
                if c["cell_type"] == "markdown"
            )
        else:
            text = path.read_text(encoding="utf-8")
        titles.append(re.search(r"^# (.+)$", text, re.M).group(1).strip())
    return titles


def squeeze(text):
    """Text without white space: PDF text extraction places spaces loosely.
    Normalised (NFKC: full-width forms as ASCII), for the checks of the
    book's structure; text_problems checks the text as it is."""
    return re.sub(r"\s+", "", normalise(text))


def normalise(text):
    return unicodedata.normalize("NFKC", text)


def bookmarks(reader):
    """(title, first page index) of every bookmark, in reading order."""
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(
                    (item.title, reader.get_destination_page_number(item))
                )

    walk(reader.outline)
    return found


@functools.cache
def _reader(pdf, mtime):
    return pypdf.PdfReader(pdf)


def reader_of(pdf):
    """The PDF, parsed once per version of the file."""
    return _reader(pdf, pdf.stat().st_mtime)


@functools.cache
def _page_text(pdf, mtime, index):
    return _reader(pdf, mtime).pages[index].extract_text()


def text_of(pdf, first, stop):
    """The text of pages first..stop-1 (each extracted once: it takes a
    while)."""
    pages = range(first, min(stop, len(reader_of(pdf).pages)))
    return "\n".join(_page_text(pdf, pdf.stat().st_mtime, i) for i in pages)


def pdf_problems(pdf, report, titles, words=None):
    """Everything wrong with the course PDF `pdf`, as sentences; `words`
    are the edition's (`english_words()` unless given)."""
    words = words or english_words()
    if not pdf.is_file():
        return [f"no PDF at {pdf}: run `make pdf`"]
    problems = []
    if report.get("blocked"):
        problems.append(
            "requests tried to leave the machine while it was made: "
            f"{report['blocked']}"
        )
    problems += [f"the tool reported: {p}" for p in report.get("problems", [])]
    if report.get("bytes") != pdf.stat().st_size:
        problems.append(
            "the tool's report is not about this PDF (sizes differ): "
            "run `make pdf`"
        )

    reader = reader_of(pdf)
    pages = len(reader.pages)
    if not PAGES[0] <= pages <= PAGES[1]:
        problems.append(
            f"{pages} pages, expected between {PAGES[0]} and {PAGES[1]}"
        )

    # Every page of the book is a bookmark, in the order of _toc.yml.
    marks = bookmarks(reader)
    starts = {}
    for title in titles:
        found = [
            page for name, page in marks if squeeze(name) == squeeze(title)
        ]
        if not found:
            problems.append(f"no bookmark for {title!r}")
        else:
            starts[title] = found[0]
    order = [starts[t] for t in titles if t in starts]
    if order != sorted(order):
        problems.append(
            f"the chapters are not in the order of _toc.yml: {starts}"
        )
    if problems:
        return problems

    # Text: the index page and the glossary (the last page of the book).
    index_text = squeeze(text_of(pdf, 0, 2))
    glossary_text = squeeze(text_of(pdf, starts[titles[-1]], pages))
    for text in words["texts"]:
        if text not in index_text:
            problems.append(
                f"{text!r} not found in the text of the index page")
        if text not in glossary_text:
            problems.append(
                f"{text!r} not found in the text of the glossary")

    # Each chapter's exercises: "Exercise N.k", each with "Solution to
    # Exercise N.k", on the pages from its Exercises heading to the next
    # chapter; and no raw TeX left there (solutions have formulas).
    chapter_starts = sorted(starts.values())
    # The numbered chapters ("3. A dense layer from scratch"); the pages
    # of the Reference part before the glossary have no exercises.
    for title in [t for t in titles[1:-1] if re.match(r"\d+\.", t)]:
        number = int(re.match(r"(\d+)\.", title).group(1))
        begin = starts[title]
        end = next((p for p in chapter_starts if p > begin), pages)
        ex_pages = [
            page
            for name, page in marks
            if squeeze(name) == words["exercises"] and begin <= page < end
        ]
        if not ex_pages:
            problems.append(f"chapter {number}: no Exercises heading")
            continue
        text = normalise(text_of(pdf, ex_pages[0], end + 1))
        solution, exercise = words["solution"], words["exercise"]
        solutions = set(
            re.findall(rf"{solution}\s*{number}\.(\d+)(?!\d)", text)
        )
        text_without_solutions = re.sub(solution, "", text)
        exercises = set(
            re.findall(
                rf"{exercise}\s*{number}\.(\d+)(?!\d)",
                text_without_solutions,
            )
        )
        if not exercises:
            problems.append(
                f"chapter {number}: no '{exercise} {number}.k' "
                "in its exercise pages"
            )
        elif solutions != exercises:
            problems.append(
                f"chapter {number}: exercises {sorted(exercises)} "
                f"but solutions {sorted(solutions)}"
            )
        raw = sorted(set(RAW_TEX.findall(text)))
        if raw:
            problems.append(f"chapter {number}: raw TeX in the text: {raw}")
    return problems


def text_problems(pdf, words):
    """What a reader who searches or copies the PDF's text would miss: any
    radical in the text of every page, and each of `words` not found by
    plain search (white space aside, no normalisation)."""
    if not pdf.is_file():
        return [f"no PDF at {pdf}: run `make pdf`"]
    text = text_of(pdf, 0, len(reader_of(pdf).pages))
    problems = []
    radicals = Counter(RADICALS.findall(text))
    if radicals:
        common = ", ".join(
            f"{r} U+{ord(r):04X} x{n}" for r, n in radicals.most_common(5))
        problems.append(
            f"{sum(radicals.values())} radicals in the text, where Chinese "
            f"characters were printed ({common}): a CJK font that shares "
            "glyphs between the two drew them (course.css prints Chinese "
            "in WenQuanYi Micro Hei: fonts-wqy-microhei)"
        )
    flat = re.sub(r"\s+", "", text)
    problems += [
        f"{word!r} not found by plain search of the text"
        for word in words
        if word not in flat
    ]
    return problems


def read_report(pdf):
    path = pdf.with_suffix(".report.json")
    return (
        json.loads(path.read_text())
        if path.is_file()
        else {"problems": [f"no report {path.name}"]}
    )


def test_course_pdf(record_property):
    report = read_report(PDF)
    problems = pdf_problems(PDF, report, toc_titles())
    problems += text_problems(PDF, PLAIN_WORDS["en"])
    assert not problems, f"{PDF.name}:\n  - " + "\n  - ".join(problems)
    assert report["exercises"] == report["solutions"] > 0, report
    record_property(
        "report_notes",
        f"  {PDF.name}: {report['pages']} pages, "
        f"{report['bytes'] / 1e6:.1f} MB, "
        f"{report['exercises']} exercises with solutions, "
        f"{report['math']} formulas, {report['images']} figures, "
        f"{len(report['blocked'])} requests blocked"
    )


def test_chinese_pdf(record_property):
    report = read_report(ZH_PDF)
    problems = pdf_problems(
        ZH_PDF, report, toc_titles(book_pages.ZH_ROOT), CHINESE_WORDS
    )
    problems += text_problems(ZH_PDF, PLAIN_WORDS["zh"])
    assert not problems, f"{ZH_PDF.name}:\n  - " + "\n  - ".join(problems)
    assert report["exercises"] == report["solutions"] > 0, report
    english = read_report(PDF)
    assert report["exercises"] == english.get("exercises"), (
        f"{report['exercises']} exercises in Chinese, "
        f"{english.get('exercises')} in English"
    )
    record_property(
        "report_notes",
        f"  {ZH_PDF.name}: {report['pages']} pages, "
        f"{report['bytes'] / 1e6:.1f} MB, "
        f"{report['exercises']} exercises with solutions, "
        f"{report['math']} formulas, {report['images']} figures, "
        f"{len(report['blocked'])} requests blocked"
    )


# The checks fail when they should.


def test_chinese_checks_fail_on_the_english_pdf():
    """The English PDF is no Chinese PDF: no Chinese bookmarks, no CJK."""
    problems = pdf_problems(
        PDF, read_report(PDF), toc_titles(book_pages.ZH_ROOT), CHINESE_WORDS
    )
    assert any("no bookmark for" in p for p in problems), problems


def test_checks_fail_on_a_pdf_without_the_course(tmp_path):
    blank = tmp_path / "blank.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(blank)
    report = {"blocked": [], "problems": [], "bytes": blank.stat().st_size}
    problems = pdf_problems(blank, report, toc_titles())
    assert any("1 pages" in p for p in problems), problems
    assert any("no bookmark for" in p for p in problems), problems


def test_checks_fail_on_a_request_that_left(tmp_path):
    report = {
        "blocked": ["script https://cdn.example.org/mathjax.js"],
        "problems": [],
        "bytes": 0,
    }
    problems = pdf_problems(PDF, report, toc_titles())
    assert any("tried to leave the machine" in p for p in problems), problems


def test_checks_fail_on_text_that_is_missing(tmp_path, monkeypatch):
    """The course PDF itself, checked for a word it does not contain."""
    monkeypatch.setattr(__import__(__name__), "TEXT", "NoSuchWordInTheCourse")
    problems = pdf_problems(PDF, read_report(PDF), toc_titles())
    assert any(
        "'NoSuchWordInTheCourse' not found in the text of the index" in p
        for p in problems
    ), problems


def test_make_pdf_blocks_and_records_outside_requests(tmp_path):
    """A page that loads a script and an image from the internet: the tool
    (run as `make pdf` runs it) blocks both, names them, and fails; it still
    prints the PDF."""
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "index.html").write_text(
        "<!doctype html><html><head><title>t</title>"
        '<script src="https://cdn.example.org/tex-chtml.js"></script></head>'
        "<body><h1>Title</h1>"
        '<img src="http://images.example.com/a.png" alt="a">'
        "<p>GradientTape</p></body></html>"
    )
    output = tmp_path / "out" / "test.pdf"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "make_pdf.py"),
            "--singlehtml",
            str(tmp_path),
            "--root-doc",
            "book/index",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run
    assert "outside 127.0.0.1" in run.stderr, run.stderr
    report = json.loads(output.with_suffix(".report.json").read_text())
    blocked = " ".join(report["blocked"])
    assert "cdn.example.org" in blocked and "images.example.com" in blocked, (
        report
    )
    assert output.is_file() and output.stat().st_size > 0


# The Chinese text checks, on two one-page PDFs that Chromium prints as the
# course's PDFs are printed: the words in Noto Sans CJK (the screen's font)
# come out as radicals, and the same words in WenQuanYi Micro Hei (the
# print font of course.css) as themselves.
CJK_PAGE = (
    '<!doctype html><html lang="zh-CN"><style>p {{ font-family: {font} }}'
    "</style><p>梯度带记录一轮训练用到的运算；学习率，行与网络的输入。</p></html>"
)


def print_to_pdf(browser, html, path):
    tab = browser.new_page()
    try:
        tab.set_content(html)
        tab.evaluate("document.fonts.ready.then(() => true)")
        tab.emulate_media(media="print")
        tab.pdf(path=str(path))
    finally:
        tab.close()
    return path


def test_text_checks_fail_on_noto_and_pass_on_wenquanyi(browser, tmp_path):
    noto = print_to_pdf(
        browser, CJK_PAGE.format(font='"Noto Sans CJK SC"'),
        tmp_path / "noto.pdf")
    problems = text_problems(noto, PLAIN_WORDS["zh"])
    assert "radicals in the text" in problems[0], problems
    assert "'一轮' not found by plain search" in " ".join(problems), problems
    # make_pdf.py's own check of the fonts' ToUnicode maps agrees.
    assert "⼀" in font_report(pypdf.PdfReader(noto))[1]
    wenquanyi = print_to_pdf(
        browser, CJK_PAGE.format(font='"WenQuanYi Micro Hei"'),
        tmp_path / "wenquanyi.pdf")
    assert text_problems(wenquanyi, PLAIN_WORDS["zh"]) == []
    assert font_report(pypdf.PdfReader(wenquanyi))[1] == {}
