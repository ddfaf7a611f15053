"""The glossary is linked where a reader first meets each word.

For every term of book/glossary.md, its first use in the book's prose (in
table-of-contents order, headings, code and math aside) must be a
{term}`...` link to the glossary entry.

The Chinese edition (`book/zh/glossary.md`) has the same entries in the
same order, each named by its Chinese term (the fixed list below, from the
translators' briefing) and then by the English term it translates, so that
the glossary maps one to the other:

    张量
    tensor
      一个带有形状的数组……

(logits, softmax and RMSprop keep their English name, on one line.) Every
{term}`...` link of a Chinese page names one of its term lines, and every
Chinese term is linked somewhere in the Chinese chapters or pages. Words
are not cut by spaces in Chinese, so the first use of a term cannot be
found as reliably as in English; that check stays English only.
"""

import re

import nbformat
import pytest

from book_pages import (
    ROOT,
    ZH_ROOT,
    glossary_entries,
    glossary_parts,
    term_lines,
    toc_pages,
)

ROLE = re.compile(r"\{term\}`([^`<]*?)\s*(?:<([^>`]+)>)?`")
FENCE = re.compile(r"^(`{3,}|:{3,}).*?^\1\s*$", re.S | re.M)
INLINE_CODE = re.compile(r"``.*?``|`[^`]*`")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
HEADING = re.compile(r"^#.*$", re.M)


def entry_terms(text):
    """The term lines of each entry of a glossary page, in order."""
    _, block, _ = glossary_parts(text)
    return [term_lines(entry) for entry in glossary_entries(block)]


def glossary_terms():
    """Every term of the English glossary."""
    return [term for terms in entry_terms(
        (ROOT / "book" / "glossary.md").read_text()) for term in terms]


# The Chinese glossary's entries, in the English glossary's order.
ZH_TERMS = [
    "张量", "层", "权重", "偏置", "广播", "激活函数", "logits", "softmax",
    "独热编码", "前向传播", "损失", "梯度", "反向传播", "链式法则", "梯度带",
    "学习率", "批量", "轮", "优化器", "随机梯度下降", "RMSprop",
    "Glorot 初始化", "精度", "过拟合", "即时执行", "图执行",
]


def zh_glossary():
    path = ZH_ROOT / "glossary.md"
    if not path.is_file():
        pytest.fail("book/zh/glossary.md is missing (the Chinese twin of "
                    "book/glossary.md)")
    return entry_terms(path.read_text())


def zh_pages():
    """The Chinese pages other than the glossary, the twins of the English
    pages (those that exist)."""
    return [ZH_ROOT / page.removeprefix("book/") for page in toc_pages()
            if not page.endswith("glossary")]


def unknown_term_links(texts, term_lines):
    """The {term} links of some texts whose target is no term line of the
    glossary (Sphinx matches terms whatever their case)."""
    known = {term.lower() for term in term_lines}
    return [match.group(0) for text in texts for match in ROLE.finditer(text)
            if (match.group(2) or match.group(1)).strip().lower()
            not in known]


def linked_terms(texts):
    return {(match.group(2) or match.group(1)).strip().lower()
            for text in texts for match in ROLE.finditer(text)}


def pages_in_reading_order():
    return [ROOT / page for page in toc_pages()
            if not page.endswith("glossary")]


def prose(path):
    """The markdown of a page, one string per cell."""
    for suffix in (".ipynb", ".md"):
        candidate = path.with_suffix(suffix)
        if candidate.exists():
            break
    if candidate.suffix == ".md":
        return [candidate.read_text()]
    nb = nbformat.read(candidate, as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def blank(match):
    return " " * len(match.group(0))


def uses(text, terms):
    """(position, term, linked) for each use of a term, in order.

    Directive fences (exercise, solution) are prose too: only their
    opening line is removed. Code blocks, inline code and math are not.
    """
    found = []
    # Sphinx finds a term whatever its case ({term}`sgd` is SGD's entry).
    by_lower_case = {term.lower(): term for term in terms}
    for match in ROLE.finditer(text):
        target = (match.group(2) or match.group(1)).strip().lower()
        found.append((match.start(), by_lower_case.get(target, target), True))
    text = ROLE.sub(blank, text)
    text = re.sub(r"^(`{3,}|:{3,})\{.*$", blank, text, flags=re.M)
    text = re.sub(r"^:label:.*$|^:class:.*$", blank, text, flags=re.M)
    text = FENCE.sub(blank, text)
    for pattern in (INLINE_CODE, MATH, HEADING):
        text = pattern.sub(blank, text)
    for term in terms:
        word = re.escape(term).replace(r"\ ", r"\s+")
        plural = "(?:es|s)?" if not term.endswith("s") else ""
        for match in re.finditer(rf"\b{word}{plural}\b", text, re.I):
            found.append((match.start(), term, False))
    return sorted(found)


def first_uses():
    terms = glossary_terms()
    first = {}
    for page in pages_in_reading_order():
        for cell_number, text in enumerate(prose(page)):
            for _, term, linked in uses(text, terms):
                if term in terms and term not in first:
                    first[term] = (page.name, cell_number, linked)
    return terms, first


def test_glossary_has_the_words_the_issue_lists():
    assert set(glossary_terms()) >= {
        "tensor", "layer", "weight", "bias", "activation", "logits",
        "softmax", "loss", "gradient", "learning rate", "batch", "epoch",
        "optimizer", "accuracy"}


def test_first_use_of_each_term_links_to_the_glossary():
    terms, first = first_uses()
    unused = [term for term in terms if term not in first]
    assert not unused, f"glossary terms the book never uses: {unused}"
    unlinked = {term: place[:2] for term, place in first.items()
                if not place[2]}
    assert not unlinked, (
        "first use not linked with {term}`...` (page, markdown cell): "
        f"{unlinked}")


def test_chinese_glossary_maps_each_term_to_the_english_one():
    entries = zh_glossary()
    assert [lines[0] for lines in entries] == ZH_TERMS, (
        "book/zh/glossary.md: the entries' first term lines must be the "
        f"fixed Chinese terms, in order: {ZH_TERMS}")
    english = glossary_terms_by_entry()
    assert len(entries) == len(english)
    for lines, english_lines in zip(entries, english):
        assert english_lines[0].lower() in [t.lower() for t in lines], (
            f"the Chinese entry {lines[0]} does not name the English term "
            f"{english_lines[0]!r} on a term line: {lines}")


def glossary_terms_by_entry():
    return entry_terms((ROOT / "book" / "glossary.md").read_text())


def test_chinese_term_links_name_chinese_glossary_terms():
    term_lines = [term for lines in zh_glossary() for term in lines]
    unknown = {}
    for page in zh_pages() + [ZH_ROOT / "glossary"]:
        if not any(page.with_suffix(s).exists() for s in (".md", ".ipynb")):
            pytest.fail(f"book/zh/{page.name} is missing")
        found = unknown_term_links(prose(page), term_lines)
        if found:
            unknown[page.name] = found
    assert not unknown, (
        "{term} links to no entry of book/zh/glossary.md (link the Chinese "
        f"term, e.g. {{term}}`张量`): {unknown}")


def test_every_chinese_term_is_linked():
    texts = [text for page in zh_pages() if any(
        page.with_suffix(s).exists() for s in (".md", ".ipynb"))
        for text in prose(page)]
    linked = linked_terms(texts)
    unlinked = [lines[0] for lines in zh_glossary()
                if not {term.lower() for term in lines} & linked]
    assert not unlinked, (
        f"Chinese glossary terms that no Chinese page links: {unlinked}")


def test_the_chinese_checks_find_faults():
    page = "```{glossary}\n张量\ntensor\n  数组。\n\nlogits\n  分数。\n```\n"
    assert entry_terms(page) == [["张量", "tensor"], ["logits"]]
    texts = ["{term}`张量`、{term}`tensors <tensor>`、{term}`Logits`"
             " 和 {term}`梯度`"]
    assert unknown_term_links(texts, ["张量", "tensor", "logits"]) == [
        "{term}`梯度`"]
    assert linked_terms(texts) == {"张量", "tensor", "logits", "梯度"}


def test_the_checker_sees_a_plain_first_use():
    found = uses("A tensor, then a {term}`tensor`.", ["tensor"])
    assert [linked for _, _, linked in found] == [False, True]
    found = uses("`tensor` in code, then {term}`tensors <tensor>`.",
                 ["tensor"])
    assert [linked for _, _, linked in found] == [True]
    # A term with capitals (SGD) is found linked, whatever case the
    # link spells it in.
    found = uses("{term}`SGD`, then SGD, then {term}`sgd <SGD>`.", ["SGD"])
    assert found[0][1:] == ("SGD", True)
    assert [linked for _, _, linked in found] == [True, False, True]
