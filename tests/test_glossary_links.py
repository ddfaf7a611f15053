"""The glossary is linked where a reader first meets each word.

For every term of book/glossary.md, its first use in the book's prose (in
table-of-contents order, headings, code and math aside) must be a
{term}`...` link to the glossary entry.
"""

import re

import nbformat

from book_pages import ROOT, toc_pages

ROLE = re.compile(r"\{term\}`([^`<]*?)\s*(?:<([^>`]+)>)?`")
FENCE = re.compile(r"^(`{3,}|:{3,}).*?^\1\s*$", re.S | re.M)
INLINE_CODE = re.compile(r"``.*?``|`[^`]*`")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
HEADING = re.compile(r"^#.*$", re.M)


def glossary_terms():
    text = (ROOT / "book" / "glossary.md").read_text()
    block = text.split("```{glossary}")[1].split("\n```")[0]
    return [line.strip() for line in block.splitlines()
            if line.strip() and not line.startswith(" ")]


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
