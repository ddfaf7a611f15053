"""Every chapter has the parts a learner relies on: learning goals, a
summary, 2-4 exercises with solutions in dropdowns, alt text on every
figure, and a seed in the first code cell a reader sees (after the hidden
install cell, tests/test_repository_setting.py).

The chapters also follow the rules every chapter shares (issue 10):

- the learning goals have one format, right after the introduction (before
  the first `##` section): the line `**Learning goals.** After this chapter
  you can:`, then a bullet list whose items start in lower case, end with
  ";", and the last with ".";
- chapters 8, 10 and 12 state the one list of differences between the
  scratch recipe and Keras's by including it: one markdown cell whose source
  is exactly `INCLUDE_DIFFERENCES`, which Jupyter Book replaces with
  `book/_differences.md` (`book/zh/_differences.md` in Chinese). The table
  is written once, there; the file is not a page of its own (it is not in
  `_toc.yml`, and `only_build_toc_files` leaves it out of the build);
- the chapters' prose speaks to learners, not to the test machinery: no
  "nbval", "CI", "not checked" or "the book's checks". How the outputs are
  checked is for contributors (README.md), not for the chapters.

The Chinese chapters (`book/zh/`, issue 13) follow the same rules, in
Chinese: the learning goals are the line `**学习目标**。学完本章，你将能够：`
and a bullet list whose items end with "；", the last with "。"; chapters 8,
10 and 12 include the Chinese table of differences
(`book/zh/_differences.md`) with the same cell; no "nbval", "CI" or
"未检查"; the same exercises with dropdown solutions, and translated alt
text. Their code is the English chapters' (tests/test_translation.py).
Each Chinese check runs on the English chapter's twin, so that a missing
Chinese chapter fails by name.
"""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from book_pages import ROOT, ZH_ROOT, chapters, toc_pages
from helpers import chinese_twin_of as chinese_chapter

CHAPTERS = chapters()
GOALS_HEADER = "**Learning goals.** After this chapter you can:"
ZH_GOALS_HEADER = "**学习目标**。学完本章，你将能够："
# The markdown cell that includes the table of differences, the same in
# both editions: the path is relative to the chapter's folder.
INCLUDE_DIFFERENCES = "```{include} _differences.md\n```"
DIFFERENCES_FILE = "_differences.md"
CHAPTERS_WITH_DIFFERENCES = ("08", "10", "12")
# Words about the book's tests, which belong in the contributors' notes.
TEST_VOCABULARY = [
    re.compile(r"\bnbval\b", re.I),
    re.compile(r"\bCI\b"),
    re.compile(r"\bnot\s+checked\b", re.I),
    re.compile(r"\bthe\s+book['’]s\s+checks\b", re.I),
]
# The same words in the Chinese chapters ("CI" and "nbval" stay Latin).
ZH_TEST_VOCABULARY = TEST_VOCABULARY[:2] + [
    re.compile(r"未(?:经)?检查"),
    re.compile(r"本书的检查"),
]


def test_every_chapter_notebook_is_in_the_table_of_contents():
    assert len(CHAPTERS) >= 8
    assert sorted((ROOT / "book").glob("*.ipynb")) == sorted(CHAPTERS), \
        "a notebook in book/ that _toc.yml does not list, or the reverse"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_structure(path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells
                         if c.cell_type == "markdown")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].source.startswith("# "), "first cell: the title"
    assert "Learning goals" in markdown
    assert "## Summary" in markdown
    exercises = re.findall(r"\{exercise\}`*\n:label: (\S+)", markdown)
    assert 2 <= len(exercises) <= 4, f"{len(exercises)} exercises"
    for label in exercises:
        solution = re.search(
            r"\{solution(?:-start)?\} " + re.escape(label) +
            r"\n:class: dropdown", markdown)
        assert solution, f"exercise {label} has no dropdown solution"
    assert exercises == [f"{exercises[0][:-1]}{n}"
                         for n in range(1, len(exercises) + 1)], \
        f"exercises numbered {exercises}: one is missing or out of order"
    assert solutions_are_paired(markdown), \
        "a {solution-start} without its {solution-end}, or the reverse"
    shown = [c for c in code
             if "remove-cell" not in c.metadata.get("tags", [])]
    assert "tf.keras.utils.set_random_seed(" in shown[0].source
    for cell in code:
        if any(o.output_type == "display_data" and "image/png" in o.data
               for o in cell.outputs):
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt")
            assert alt and len(alt) > 20, \
                f"a figure without alt text: {cell.source[:60]!r}"
        assert all(o.output_type != "error" for o in cell.outputs), \
            "a stored error output"


def solutions_are_paired(markdown):
    """Every {solution-start} is closed by one {solution-end} before the
    next start, and no {solution-end} closes nothing."""
    open_solution = False
    for directive in re.findall(r"\{(solution-start|solution-end)\}",
                                markdown):
        if open_solution == (directive == "solution-start"):
            return False
        open_solution = directive == "solution-start"
    return not open_solution


def test_solution_pairs_checker_finds_a_lonely_end():
    start = "```{solution-start} ch09-ex1\n```\n"
    end = "```{solution-end}\n```\n"
    assert solutions_are_paired(start + end + start + end)
    assert not solutions_are_paired(start + end + end)
    assert not solutions_are_paired(start + start + end)
    assert not solutions_are_paired(start)


def markdown_of(path):
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def learning_goals_problems(cells, header=GOALS_HEADER, ends=(";", "."),
                            lower_case=True):
    """What is wrong with a chapter's learning goals (an empty list if
    nothing is), given its markdown cells. The Chinese chapters pass their
    own header and ends ("；", "。"); Chinese has no lower case."""
    text = "\n\n".join(cells)
    lines = text.splitlines()
    where = [i for i, line in enumerate(lines) if line.strip() == header]
    if len(where) != 1:
        return [f"the line {header!r} appears {len(where)} times, "
                "not once"]
    start = where[0]
    first_section = next((i for i, line in enumerate(lines)
                          if line.startswith("## ")), len(lines))
    problems = []
    if start > first_section:
        problems.append("the learning goals come after the first section; "
                        "they belong right after the introduction")
    rest = lines[start + 1:]
    if not rest or rest[0].strip():
        problems.append("no blank line after the learning-goals line")
    items = []
    for line in rest[1:]:
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.startswith("  ") and line.strip() and items:
            items[-1] += " " + line.strip()
        else:
            break
    if not items:
        return problems + ["no bullet list after the learning-goals line"]
    for number, item in enumerate(items, start=1):
        last = number == len(items)
        if lower_case and not (item[0].islower()
                               or item.startswith(("`", "{"))):
            problems.append(f"goal {number} does not start in lower case: "
                            f"{item[:40]!r}")
        end = ends[1] if last else ends[0]
        if not item.endswith(end):
            problems.append(f"goal {number} does not end with {end!r}: "
                            f"{item[-40:]!r}")
    return problems


def includes_differences(cells):
    """True if one markdown cell is exactly the cell that includes the
    table of differences (surrounding blank lines aside)."""
    return any(cell.strip() == INCLUDE_DIFFERENCES for cell in cells)


def find_test_vocabulary(cells, vocabulary=TEST_VOCABULARY):
    """The test and CI words in a chapter's markdown, as written."""
    return [match.group(0) for cell in cells for pattern in vocabulary
            for match in pattern.finditer(cell)]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_learning_goals_have_the_common_format(path):
    problems = learning_goals_problems(markdown_of(path))
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize(
    "path", [p for p in CHAPTERS if p.name[:2] in CHAPTERS_WITH_DIFFERENCES],
    ids=lambda p: p.name)
def test_chapter_includes_the_differences(path):
    assert includes_differences(markdown_of(path)), (
        f"{path.name} does not include the table of differences: give it a "
        f"markdown cell whose source is exactly {INCLUDE_DIFFERENCES!r}, "
        "instead of a copy of the table")


@pytest.mark.parametrize("folder", [ROOT / "book", ZH_ROOT],
                         ids=["English", "Chinese"])
def test_the_differences_are_one_table_outside_the_toc(folder):
    path = folder / DIFFERENCES_FILE
    lines = path.read_text().strip().splitlines()
    assert lines[0].startswith("| ") and len(lines) == 7, \
        f"{path}: a header, a rule and the five differences"
    toc_root = ROOT if folder == ROOT / "book" else ZH_ROOT
    pages = [Path(page).name for page in toc_pages(toc_root)]
    assert Path(DIFFERENCES_FILE).stem not in pages, \
        f"{path} is included by chapters, not a page of _toc.yml"
    config = yaml.safe_load((toc_root / "_config.yml").read_text())
    assert config.get("only_build_toc_files") is True, \
        f"{toc_root / '_config.yml'} must build only the pages of _toc.yml, " \
        f"or {DIFFERENCES_FILE} becomes a page of its own"


def test_the_differences_chapters_exist():
    found = {p.name[:2] for p in CHAPTERS}
    assert set(CHAPTERS_WITH_DIFFERENCES) <= found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_test_vocabulary_in_chapters(path):
    found = find_test_vocabulary(markdown_of(path))
    assert not found, (
        f"{path.name}: words about the book's tests in the prose: {found}. "
        "Say it for a learner, or link the index page's note: "
        "{ref}`About the numbers <about-the-numbers>`.")


# The Chinese chapters: the same rules, in Chinese.

def test_every_chinese_notebook_is_in_the_chinese_table_of_contents():
    assert sorted(ZH_ROOT.glob("*.ipynb")) == sorted(chapters(ZH_ROOT)), \
        "a notebook in book/zh/ that book/zh/_toc.yml does not list"


@pytest.mark.parametrize("english", CHAPTERS, ids=lambda p: p.name)
def test_chinese_chapter_structure(english):
    path = chinese_chapter(english)
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells
                         if c.cell_type == "markdown")
    assert nb.cells[0].source.startswith("# "), "first cell: the title"
    assert ZH_GOALS_HEADER in markdown
    english_markdown = "\n".join(markdown_of(english))
    labels = re.findall(r"\{exercise\}`*\n:label: (\S+)", english_markdown)
    for label in labels:
        assert re.search(r"\{exercise\}`*\n:label: " + re.escape(label),
                         markdown), f"zh/{path.name}: no exercise {label}"
        assert re.search(r"\{solution(?:-start)?\} " + re.escape(label) +
                         r"\n:class: dropdown", markdown), \
            f"zh/{path.name}: exercise {label} has no dropdown solution"
    for cell in nb.cells:
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt")
        if alt is not None:
            assert len(alt) >= 10 and re.search(r"[\u4e00-\u9fff]", alt), \
                f"zh/{path.name}: alt text not in Chinese: {alt!r}"


@pytest.mark.parametrize("english", CHAPTERS, ids=lambda p: p.name)
def test_chinese_learning_goals_have_the_common_format(english):
    path = chinese_chapter(english)
    problems = learning_goals_problems(
        markdown_of(path), ZH_GOALS_HEADER, ("；", "。"), lower_case=False)
    assert not problems, f"zh/{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize(
    "english",
    [p for p in CHAPTERS if p.name[:2] in CHAPTERS_WITH_DIFFERENCES],
    ids=lambda p: p.name)
def test_chinese_chapter_includes_the_differences(english):
    path = chinese_chapter(english)
    assert includes_differences(markdown_of(path)), (
        f"zh/{path.name} does not include the table of differences: give "
        f"it a markdown cell whose source is exactly {INCLUDE_DIFFERENCES!r}")


@pytest.mark.parametrize("english", CHAPTERS, ids=lambda p: p.name)
def test_no_test_vocabulary_in_chinese_chapters(english):
    path = chinese_chapter(english)
    found = find_test_vocabulary(markdown_of(path), ZH_TEST_VOCABULARY)
    assert not found, (
        f"zh/{path.name}: words about the book's tests in the prose: "
        f"{found}")


# The checks above, on made-up chapters: they fail when they should.

GOOD_GOALS = f"""# 9. A chapter

An introduction.

{GOALS_HEADER}

- write a function;
- explain `fit`, which spans
  two lines;
- read a {{term}}`loss` curve.

## First section
"""


def test_learning_goals_checker_accepts_the_format():
    assert learning_goals_problems([GOOD_GOALS]) == []


def test_learning_goals_checker_finds_each_fault():
    old_format = GOOD_GOALS.replace(GOALS_HEADER, "**Learning goals**")
    assert "appears 0 times" in learning_goals_problems([old_format])[0]
    upper = GOOD_GOALS.replace("- write", "- Write")
    assert "goal 1 does not start in lower case" in \
        learning_goals_problems([upper])[0]
    full_stops = GOOD_GOALS.replace("function;", "function.")
    assert "goal 1 does not end with ';'" in \
        learning_goals_problems([full_stops])[0]
    no_stop = GOOD_GOALS.replace("curve.", "curve")
    assert "goal 3 does not end with '.'" in \
        learning_goals_problems([no_stop])[0]
    late = GOOD_GOALS.replace("An introduction.", "## Intro")
    assert "after the first section" in learning_goals_problems([late])[0]


MADE_UP_CHAPTER = ["# 8. A chapter\n\nThe five differences:",
                   INCLUDE_DIFFERENCES, "## Summary"]


def test_differences_checker_wants_the_include_cell():
    assert includes_differences(MADE_UP_CHAPTER)
    assert includes_differences(["\n" + INCLUDE_DIFFERENCES + "\n"])
    # A copy of the table instead of the include fails.
    table = (ROOT / "book" / DIFFERENCES_FILE).read_text()
    copied = MADE_UP_CHAPTER[:1] + [table] + MADE_UP_CHAPTER[2:]
    assert not includes_differences(copied)
    # So does an include among other text, or of another file.
    assert not includes_differences(
        ["Five differences:\n\n" + INCLUDE_DIFFERENCES])
    assert not includes_differences(
        [INCLUDE_DIFFERENCES.replace("_differences", "differences")])


def test_vocabulary_checker_finds_test_words():
    text = ("The book's checks leave out timings; nbval and CI compare the "
            "rest. This cell's output is not checked. CIFAR and special "
            "cases are fine.")
    assert find_test_vocabulary([text]) == [
        "nbval", "CI", "not checked", "The book's checks"]


ZH_GOOD_GOALS = f"""# 9. 一章

引言。

{ZH_GOALS_HEADER}

- 写一个函数；
- 解释 `fit`，它跨越
  两行；
- 读懂 {{term}}`损失` 曲线。

## 第一节
"""


def zh_goals_problems(text):
    return learning_goals_problems([text], ZH_GOALS_HEADER, ("；", "。"),
                                   lower_case=False)


def test_chinese_learning_goals_checker_finds_each_fault():
    assert zh_goals_problems(ZH_GOOD_GOALS) == []
    english_header = ZH_GOOD_GOALS.replace(ZH_GOALS_HEADER, GOALS_HEADER)
    assert "appears 0 times" in zh_goals_problems(english_header)[0]
    half_width = ZH_GOOD_GOALS.replace("函数；", "函数;")
    assert "goal 1 does not end with '；'" in \
        zh_goals_problems(half_width)[0]
    no_stop = ZH_GOOD_GOALS.replace("曲线。", "曲线")
    assert "goal 3 does not end with '。'" in zh_goals_problems(no_stop)[0]


def test_chinese_vocabulary_checker_finds_test_words():
    text = "这个输出未检查；nbval 和 CI 会比较其余的输出。"
    assert find_test_vocabulary([text], ZH_TEST_VOCABULARY) == [
        "nbval", "CI", "未检查"]
