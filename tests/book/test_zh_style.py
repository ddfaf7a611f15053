"""The Chinese edition's typography and terms, as book/zh/STYLE.md writes
them down: the rules a machine can check.

Each rule reads the Chinese prose (markdown cells of the chapters, the
Markdown pages) with code spans, math, directive lines and link targets
taken out, and lists what breaks it. Each rule is shown failing on a
made-up sentence first.
"""

import re

import nbformat
import pytest
from markdown_it import MarkdownIt

from book_pages import ZH_ROOT, toc_pages

CJK = "\u4e00-\u9fff"
FULL_WIDTH_PUNCTUATION = "，。：；！？、）》」』”"


def prose(markdown):
    """The text a reader reads: no fenced code, no directive options, no
    inline code, no math, no link targets."""
    lines, open_fences = [], []  # (backticks, is code) of each open fence
    for line in markdown.splitlines():
        fence = re.match(r"\s*(`{3,})(\{?)(.*)$", line)
        if fence:
            ticks, directive, rest = fence.groups()
            if (open_fences and not directive and not rest.strip()
                    and len(ticks) >= open_fences[-1][0]):
                open_fences.pop()  # a closing fence
            else:  # a directive (prose inside) or a code block
                open_fences.append((len(ticks), not directive))
            continue
        if any(code for _ticks, code in open_fences) or re.match(
                r"\s*:\w[\w-]*:", line) or re.match(r"^\(.*\)=$",
                                                    line.strip()):
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", "▢", text)
    # a role's text stays, its target goes: {doc}`第 4 章 <04_x>` -> 第 4 章
    text = re.sub(r"\{(?:doc|ref|term|numref)\}`([^`<]*?)\s*(?:<[^>]*>)?`",
                  lambda m: m.group(1) or "link", text)
    text = re.sub(r"`[^`\n]*`", "▢", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return text.replace("**", "")


def space_after_full_width(text):
    return re.findall(rf"[{FULL_WIDTH_PUNCTUATION}][ \u3000]+[^\s]", text)


def doubled_parentheses(text):
    return re.findall(r".{0,6}））", text)


def half_width_beside_chinese(text):
    return (re.findall(rf"[{CJK}][,;:!?]", text)
            + re.findall(rf"[,;:!?][{CJK}]", text)
            + re.findall(rf"[{CJK}]\.(?:\s|$)", text, flags=re.M))


def ascii_times(text):
    return re.findall(r"\d+\s*x\s*\d+", text)


def space_between_chinese(text):
    """Two Chinese characters with a space between them: what a link
    boundary leaves (「见 第 4 章」, 「密集层 可以」)."""
    return re.findall(rf"[{CJK}] +[{CJK}]", text)


FORBIDDEN = {
    "原始代码": "原文代码",
    "原始配方": "原文的配方",
    "原始的初始化": "原文的初始化",
    "原始文章": "原文",
    "不是一个数": "NaN（非数）",
    "编译过的一轮": "编译后的一轮",
    "就地": "原地",
    "去除步长": "把步长除以……",
    "列印": "打印",
    "五处不同": "五处差异",
    "不同之处": "差异",
    "公正": "公平、如实",
    "清晰的错误消息": "清楚的报错信息",
}


def forbidden_terms(text):
    found = [f"{bad} (use {good})" for bad, good in FORBIDDEN.items()
             if bad in text]
    found += [f"{m} (use NaN（非数）)" for m in
              re.findall(r"(?<!NaN（)非数", text)]
    return found


def english_in_formulas(markdown):
    """\\text{...} with English words inside math. A subscript's label,
    $n_\\text{out}$ or $z_{\\text{true}}$, is a name, as STYLE.md allows."""
    return re.findall(r"(?<!_)(?<!_\{)\\text\{[^}]*[A-Za-z]{3,}[^}]*\}",
                      markdown)


# （weight）, or （tensor，即一个数字数组）: the English, then maybe more
def emphasis_left_open(markdown):
    """Bold or italic markers that Markdown leaves as text: a closing
    ``**`` after full-width punctuation and before a letter does not
    close (「**学习目标。**学完本章」 shows its asterisks)."""
    text = re.sub(r"`{3,}.*?`{3,}", " ", markdown, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    rendered = MarkdownIt("commonmark").render(text)
    rendered = re.sub(r"<code>.*?</code>", " ", rendered, flags=re.S)
    rendered = re.sub(r"<[^>]+>", "", rendered)
    return re.findall(r".{0,8}(?<![*\\])\*{1,2}(?!\*).{0,8}", rendered)


GLOSS = re.compile(r"（([A-Za-z][A-Za-z \-']*?)\s*(?:，[^（）]*)?）")


def glosses(text):
    return [m.lower() for m in GLOSS.findall(text)]


RULES = [space_after_full_width, doubled_parentheses,
         half_width_beside_chinese, ascii_times, space_between_chinese,
         forbidden_terms]


def chinese_pages():
    pages = []
    for page in toc_pages(ZH_ROOT):
        for suffix in (".ipynb", ".md"):
            path = ZH_ROOT / (page + suffix)
            if path.is_file():
                pages.append(path)
    return pages


def markdown_units(path):
    """(where, markdown) for each markdown cell or the whole page."""
    if path.suffix == ".md":
        return [(path.name, path.read_text(encoding="utf-8"))]
    nb = nbformat.read(path, as_version=4)
    return [(f"{path.name} cell {i} ({cell.get('id')})", cell.source)
            for i, cell in enumerate(nb.cells)
            if cell.cell_type == "markdown"]


PAGES = chinese_pages()


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_typography_and_terms(path):
    problems = []
    for where, markdown in markdown_units(path):
        text = prose(markdown)
        for rule in RULES:
            problems += [f"{where}: {rule.__name__}: {found!r}"
                         for found in rule(text)]
        for rule in (english_in_formulas, emphasis_left_open):
            problems += [f"{where}: {rule.__name__}: {found!r}"
                         for found in rule(markdown)]
    assert not problems, "\n".join(problems)


def test_english_glosses_only_at_first_use():
    """An English gloss in parentheses, （weight）, once in the whole book
    (in reading order), and in the glossary."""
    seen, repeated = set(), []
    for path in PAGES:
        if path.stem == "glossary":
            continue
        for where, markdown in markdown_units(path):
            for gloss in glosses(prose(markdown)):
                if gloss in seen:
                    repeated.append(f"{where}: （{gloss}） again")
                seen.add(gloss)
    assert not repeated, "\n".join(repeated)


@pytest.mark.parametrize("rule, bad, good", [
    (space_after_full_width, "学习目标。 学完本章", "学习目标。学完本章"),
    (doubled_parentheses, "（偏置（bias））", "（偏置，即 bias）"),
    (half_width_beside_chinese, "损失,梯度", "损失，梯度"),
    (ascii_times, "从 28 x 28 到 784", "从 28 × 28 到 784"),
    (space_between_chinese, "见 第 4 章", "见第 4 章"),
    (forbidden_terms, "原始代码用 assert", "原文代码用 assert"),
    (forbidden_terms, "结果是非数", "结果是 NaN（非数）"),
])

def test_each_rule_fails_on_a_made_up_sentence(rule, bad, good):
    assert rule(prose(bad)), f"{rule.__name__} missed {bad!r}"
    assert not rule(prose(good)), f"{rule.__name__} flagged {good!r}"

@pytest.mark.parametrize("bad, good", [
    ("**学习目标。**学完本章", "**学习目标**。学完本章"),
    ("然后问：*做了什么？*第 2 章", "然后问：“做了什么？”第 2 章"),
])
def test_emphasis_rule_fails_on_a_made_up_sentence(bad, good):
    assert emphasis_left_open(bad), f"emphasis_left_open missed {bad!r}"
    assert not emphasis_left_open(good), f"flagged {good!r}"


def test_prose_drops_code_math_and_link_targets():
    text = prose("见 {doc}`第 4 章 <04_sequential_model>`，`x, y` 与 $a,b$。")
    assert "04_sequential_model" not in text and "x, y" not in text
    assert english_in_formulas(r"$\text{loss} = 1$")
    assert not english_in_formulas(r"$\text{损失} = n_\text{in}$")
    assert not english_in_formulas(r"$n_\text{out} + z_{\text{true}}$")
    assert glosses("权重（weight）和偏置（bias）") == ["weight", "bias"]
    assert glosses("张量（tensor，即数组）（Python 从 0 开始）") == ["tensor"]
    text = prose("```{note}\n注意。\n```\n后面的文字。\n```python\nx = 1\n```")
    assert "注意" in text and "后面的文字" in text and "x = 1" not in text
