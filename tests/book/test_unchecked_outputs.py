"""Few outputs go unchecked, and each one's conclusions are checked.

nbval compares every stored output (`make notebooks`), on this machine and
with oneDNN off. A cell tagged `nbval-ignore-output` is the exception: its
output stays on the page, but another processor may print its last digit
differently. Chapter 12 has three such cells: the accuracies of its runs
with RMSprop move by up to about 0.001 between the two numeric back ends
(RMSprop magnifies rounding differences), and several of them lie that
close to a rounding boundary; the gains and the seed comparison printed
from them move with them.

An unchecked cell must not hide a result. So the rules here are:

- only the cells listed in UNCHECKED are unchecked, so that a new one is a
  decision, not an accident;
- one of the next three code cells is checked and states the unchecked
  cell's conclusions as claims with a margin, printed by
  `scratchnet.support.reporting.report_error`: a magnitude beside its
  tolerance ("..., within the tolerance 1e-02"; the sanitizer hides the
  magnitude's digits and keeps the verdict), and no claim "ABOVE the
  tolerance" or ending in "False".
"""

import nbformat
import pytest

from book_pages import chapters

IGNORE_TAG = "nbval-ignore-output"
IGNORE_COMMENT = "# NBVAL_IGNORE_OUTPUT"
CLAIM = ", within the tolerance "
FAILED_CLAIM = ", ABOVE the tolerance "
# Chapter file -> the first line of each cell whose output is unchecked.
UNCHECKED = {
    "12_accuracy_gap.ipynb": [
        "def describe(init, optimizer, shuffle):",
        "def gains(position, new_value):",
        'seeds = {0: {init: runs[init, "RMSprop", True] for init in',
    ],
}


def is_unchecked(cell):
    return (IGNORE_TAG in cell.metadata.get("tags", [])
            or IGNORE_COMMENT in cell.source)


def printed_text(cell):
    return "".join(output.get("text", "") for output in cell.outputs
                   if output.get("output_type") == "stream")


def unchecked_problems(nb):
    """What is wrong with the unchecked cells of one notebook, in words."""
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    problems = []
    for position, cell in enumerate(code):
        if not is_unchecked(cell):
            continue
        following = [c for c in code[position + 1:position + 4]
                     if not is_unchecked(c)]
        claims = [line for c in following
                  for line in printed_text(c).splitlines()]
        if not any(CLAIM in line for line in claims):
            problems.append(
                f"the unchecked cell starting {cell.source.splitlines()[0]!r}"
                " has no checked claim (a magnitude printed by report_error,"
                " '..., within the tolerance ...') in the next three code "
                "cells")
        false_claims = [line for line in claims
                        if FAILED_CLAIM in line or line.endswith("False")]
        if false_claims:
            problems.append(f"a claim after an unchecked cell is false: "
                            f"{false_claims}")
    return problems


def first_lines_of_unchecked(nb):
    return [cell.source.splitlines()[0] for cell in nb.cells
            if cell.cell_type == "code" and is_unchecked(cell)]


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_only_the_listed_cells_are_unchecked(path):
    nb = nbformat.read(path, as_version=4)
    assert first_lines_of_unchecked(nb) == UNCHECKED.get(path.name, []), (
        f"{path.name}: the cells whose output nbval does not compare "
        "changed. Make the output hold on any machine instead; if it "
        "cannot, list the cell in UNCHECKED and follow it with a checked "
        "cell of claims.")


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_unchecked_cells_are_followed_by_checked_claims(path):
    nb = nbformat.read(path, as_version=4)
    assert unchecked_problems(nb) == []


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for source, text, tags in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = tags
        cell.outputs = [nbformat.v4.new_output("stream", text=text)]
        nb.cells.append(cell)
    return nb


def test_the_checker_wants_a_claim_after_an_unchecked_cell():
    table = ("print(table)", "0.97\n", [IGNORE_TAG])
    assert unchecked_problems(notebook(table)) != []
    prose = ("print('more')", "it is larger\n", [])
    assert unchecked_problems(notebook(table, prose)) != []
    bare = ("print('larger:', True)", "larger: True\n", [])
    assert unchecked_problems(notebook(table, bare)) != []
    claim = ("report_error(...)",
             "seeds: change 1e-02, within the tolerance 2e-02\n", [])
    assert unchecked_problems(notebook(table, claim)) == []


def test_the_checker_refuses_a_failed_claim():
    table = ("print(table)", "0.97\n", [IGNORE_TAG])
    claims = ("report_error(...)",
              "seeds: change 1e-02, within the tolerance 2e-02\n"
              "gain: change 3e-02, ABOVE the tolerance 2e-02\n", [])
    problems = unchecked_problems(notebook(table, claims))
    assert problems and "ABOVE the tolerance" in problems[0]


def test_a_claim_after_another_unchecked_cell_counts():
    """Two unchecked cells in a row share the checked cell after them."""
    table = ("print(table)", "0.97\n", [IGNORE_TAG])
    claim = ("report_error(...)",
             "seeds: change 1e-02, within the tolerance 2e-02\n", [])
    assert unchecked_problems(notebook(table, table, claim)) == []


def test_the_ignore_comment_counts_as_unchecked():
    cell = nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nprint(1)")
    assert is_unchecked(cell)
